/// A digest for one channel: the entries and when it was made.
public struct Digest: Sendable {
    public var channel: String
    public var now: Day
    /// In `DigestOrder`, whatever order they were given in.
    public private(set) var entries: [DigestEntry]

    public init(channel: String, now: Day, entries: [DigestEntry]) {
        self.channel = channel
        self.now = now
        self.entries = DigestOrder.sorted(entries)
    }

    public func count(_ kind: DigestEntry.Kind) -> Int { entries.filter { $0.kind == kind }.count }

    /// "2 new, 1 reminder, 1 resolved".
    public var summary: String {
        var parts: [String] = []
        let n = count(.new), t = count(.threshold), r = count(.repeat), d = count(.resolved)
        if n > 0 { parts.append("\(n) new") }
        if t > 0 { parts.append("\(t) shutdown step\(t == 1 ? "" : "s")") }
        if r > 0 { parts.append("\(r) reminder\(r == 1 ? "" : "s")") }
        if d > 0 { parts.append("\(d) resolved") }
        return parts.isEmpty ? "nothing new" : parts.joined(separator: ", ")
    }

    public static func heading(_ kind: DigestEntry.Kind) -> String {
        switch kind {
        case .new: return "New"
        case .threshold: return "Shutdown approaching"
        case .repeat: return "Reminders"
        case .resolved: return "Resolved"
        }
    }

    /// Entries grouped by kind, in digest order.
    public var groups: [(kind: DigestEntry.Kind, entries: [DigestEntry])] {
        DigestOrder.kinds.compactMap { kind in
            let e = entries.filter { $0.kind == kind }
            return e.isEmpty ? nil : (kind, e)
        }
    }

    /// One plain line per entry: urgency, fine-tune, what happened, base, id.
    public static func line(_ e: DigestEntry) -> String {
        let a = e.alert
        let who = a.owner.map { ", owner \($0)" } ?? ""
        if e.kind == .resolved {
            return "resolved: \(a.subject)\(who): no longer \(a.reason)\(a.baseSuffix) [id \(a.id)]"
        }
        return "[\(a.urgency.name)] \(a.subject)\(who): \(a.text)\(a.baseSuffix) [id \(a.id)]"
    }
}
