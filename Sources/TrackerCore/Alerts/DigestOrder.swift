/// The order of a digest's entries, for every receiver: by kind (new, then
/// shutdown steps, then reminders, then resolutions), then most urgent
/// first, then earliest date (undated last), then base, then fine-tune
/// name in natural order (`ft-2` before `ft-10`), then alert key.
///
/// `Digest` keeps its entries in this order, so Slack's grouped blocks, the
/// email's sections, the webhook's list and "the first N shown" all agree.
public enum DigestOrder {
    /// The kinds in the order their sections appear.
    public static let kinds: [DigestEntry.Kind] = [.new, .threshold, .repeat, .resolved]

    /// The position of `kind`'s section.
    public static func rank(_ kind: DigestEntry.Kind) -> Int {
        switch kind {
        case .new: return 0
        case .threshold: return 1
        case .repeat: return 2
        case .resolved: return 3
        }
    }

    /// True when `a` goes before `b`.
    public static func precedes(_ a: DigestEntry, _ b: DigestEntry) -> Bool {
        if a.kind != b.kind { return rank(a.kind) < rank(b.kind) }
        if a.alert.urgency != b.alert.urgency { return a.alert.urgency > b.alert.urgency }
        switch (a.alert.date, b.alert.date) {
        case let (x?, y?) where x != y: return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        default: break
        }
        if a.alert.base != b.alert.base { return NaturalOrder.less(a.alert.base, b.alert.base) }
        if a.alert.fineTune != b.alert.fineTune { return NaturalOrder.less(a.alert.fineTune, b.alert.fineTune) }
        return a.alert.key < b.alert.key
    }

    /// `entries` in digest order.
    public static func sorted(_ entries: [DigestEntry]) -> [DigestEntry] {
        entries.sorted(by: precedes)
    }
}
