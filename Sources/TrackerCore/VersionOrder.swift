/// The order of a family's versions, oldest first, and the day a snapshot id
/// names. One place decides "which snapshot is newer": supersession
/// (`DueRules.standings`), `base list` and the release day sync records.
///
/// Providers' own dates mislead: OpenAI's `created` for `gpt-4-0314` is
/// later than the one for `gpt-4-0613`, and `gpt-4o-2024-08-06` was
/// "created" on 2024-08-04. The id is what the provider promises, so it
/// comes first:
///
/// 1. the day in the id: `2024-08-06`, `20241022`, OpenAI's `MMDD` (`0613`),
///    Gemini's `MM-DD` (`preview-04-17`, `exp-1206`) and `MM-YYYY`
///    (`09-2025`, the 1st of that month), Mistral's `YYMM` (`2407`, the
///    1st of July 2024; provider `mistral` only);
/// 2. then a version number (`001` < `002`);
/// 3. then the release day (a provider's date, or the first-seen day);
/// 4. then the order the bases were first recorded in (row id).
///
/// A version without a day or a number in its id sorts before one with
/// them, and one without a release day after one with it (each criterion
/// one consistent way, so the order is total); the moving alias `@current`
/// sorts after every snapshot. A version with none of the three cannot be
/// placed: `DueRules` neither supersedes it nor lets it supersede.
///
/// A month and day without a year (`0613`, `04-17`) take the latest year
/// that puts that day at most 31 days after the version's release day
/// (providers date a snapshot a few days before or weeks after its id:
/// `gpt-4-0314` was "created" 2023-06-27, so 2023-03-14). A version without
/// a release day takes, from its family, the year that puts the day nearest
/// the family's latest release day (`gpt-4-preview@0125` beside `@1106`
/// released 2023-11-02 is 2024-01-25); with neither, its id gives no day
/// and it is ordered by the later criteria.
public enum VersionOrder {
    /// Where a version stands in its family; compare keys of one family only.
    public struct Key: Comparable, Sendable, Hashable {
        /// The moving alias `@current`: after every snapshot.
        public let isCurrent: Bool
        /// The day the id names (rule 1), year inferred when needed.
        public let idDay: Day?
        /// The plain number in the id (rule 2).
        public let number: Int?
        /// The release (or first-seen) day (rule 3).
        public let released: Day?
        /// The base's row id: the order bases were first recorded (rule 4).
        public let seen: Int64

        /// Whether the id or a release day places it at all (see the type).
        public var isPlaced: Bool { idDay != nil || number != nil || released != nil }

        /// Memberwise.
        public init(isCurrent: Bool, idDay: Day?, number: Int?, released: Day?, seen: Int64) {
            self.isCurrent = isCurrent
            self.idDay = idDay
            self.number = number
            self.released = released
            self.seen = seen
        }

        public static func < (a: Key, b: Key) -> Bool {
            if a.isCurrent != b.isCurrent { return !a.isCurrent }
            if let o = order(a.idDay, b.idDay) { return o }
            if let o = order(a.number, b.number) { return o }
            switch (a.released, b.released) {
            case let (x?, y?) where x != y: return x < y
            case (.some, nil): return true   // an unknown release day last
            case (nil, .some): return false
            default: break
            }
            return a.seen < b.seen
        }

        /// nil before a value; nil when equal.
        private static func order<T: Comparable>(_ x: T?, _ y: T?) -> Bool? {
            switch (x, y) {
            case let (x?, y?): return x == y ? nil : x < y
            case (nil, .some): return true
            case (.some, nil): return false
            case (nil, nil): return nil
            }
        }
    }

    /// How many days after the release day a yearless id day may fall.
    static let yearSlack = 31

    /// What a version text says about time, before any year is inferred.
    enum IDDate: Equatable {
        /// Year, month and day are all in the id.
        case full(Day)
        /// Month and day only (`0613`, `04-17`).
        case monthDay(month: Int, day: Int)
        /// Year and month only (`09-2025`, Mistral `2407`): the 1st.
        case month(Day)
    }

    /// Reads the date forms of rule 1 from a version text.
    static func idDate(provider: String, version: String) -> IDDate? {
        let v = Substring(version)
        func int(_ s: Substring) -> Int? { ModelIDs.allDigits(String(s)) ? Int(s) : nil }
        let parts = v.split(separator: "-", omittingEmptySubsequences: false)
        let n = parts.count
        // YYYY-MM-DD at the end (also `preview-2024-08-06`).
        if n >= 3, parts[n - 3].count == 4, parts[n - 2].count == 2, parts[n - 1].count == 2,
           let y = int(parts[n - 3]), let m = int(parts[n - 2]), let d = int(parts[n - 1]),
           let day = Day(year: y, month: m, day: d) {
            return .full(day)
        }
        // MM-DD or MM-YYYY at the end (`04-17`, `preview-04-17`, `09-2025`).
        if n >= 2, parts[n - 2].count == 2, let m = int(parts[n - 2]), (1...12).contains(m), let last = int(parts[n - 1]) {
            if parts[n - 1].count == 2, last >= 1, last <= Day.daysIn(month: m, year: 2000) {
                return .monthDay(month: m, day: last)
            }
            if parts[n - 1].count == 4, let day = Day(year: last, month: m, day: 1) { return .month(day) }
        }
        guard n == 1, let all = int(v) else { return nil }
        if v.count == 8, let day = Day(year: all / 10000, month: all / 100 % 100, day: all % 100) { return .full(day) }
        if v.count == 4 {
            if provider == "mistral" {
                let yy = all / 100, mm = all % 100
                if let day = Day(year: 2000 + yy, month: mm, day: 1) { return .month(day) }
                return nil
            }
            if ModelIDs.isMonthDay(version) { return .monthDay(month: all / 100, day: all % 100) }
        }
        return nil
    }

    /// The day a version's id names, the year inferred from `reference`
    /// (its release day) when the id has none; without one, from `family`
    /// (the family's latest release day), nearest to it.
    public static func idDay(provider: String, version: String, reference: Day?, family: Day? = nil,
                             anchor: Day? = nil) -> Day? {
        switch idDate(provider: provider, version: version) {
        case .full(let d)?, .month(let d)?: return d
        case .monthDay(let m, let d)?:
            // A family whose other ids carry their year (`09-2025`) dates a
            // yearless one (`04-17`) by them: a release day may be only the
            // day tracker first saw it (Gemini lists carry no dates).
            if let anchor {
                let y = anchor.parts.year
                return (y - 4...y + 4).compactMap { Day(year: $0, month: m, day: d) }
                    .min { abs($0.days(until: anchor)) < abs($1.days(until: anchor)) }
            }
            if let reference {
                let limit = reference.adding(days: yearSlack)
                var year = limit.parts.year
                while year > limit.parts.year - 5 {
                    // Feb 29 exists only in leap years; skip years without it.
                    if let day = Day(year: year, month: m, day: d), day <= limit { return day }
                    year -= 1
                }
                return nil
            }
            guard let family else { return nil }
            let y = family.parts.year
            return (y - 4...y + 4).compactMap { Day(year: $0, month: m, day: d) }
                .min { abs($0.days(until: family)) < abs($1.days(until: family)) }
        case nil: return nil
        }
    }

    /// The release day a provider list should record for `version`: the day
    /// in the id when it names a whole day (a yearless one completed from
    /// `listed`), else `listed` (the provider's `created`). A month-only id
    /// (`09-2025`, `2407`) does not name a release day.
    public static func releaseDay(provider: String, version: String, listed: Day?) -> Day? {
        switch idDate(provider: provider, version: version) {
        case .full(let d)?: return d
        case .monthDay?: return idDay(provider: provider, version: version, reference: listed) ?? listed
        case .month?, nil: return listed
        }
    }

    /// A plain version number (`001`, `002`, `1`), not a date.
    public static func number(provider: String, version: String) -> Int? {
        guard idDate(provider: provider, version: version) == nil, version.utf8.count <= 9,
              ModelIDs.allDigits(version) else { return nil }
        return Int(version)
    }

    /// The key of every base, family context taken from `bases` itself.
    public static func keys(_ bases: [BaseVersion]) -> [Int64: Key] {
        struct Family: Hashable { let provider: String; let family: String }
        var latest: [Family: Day] = [:]
        // The newest day an id of the family names with its year.
        var anchors: [Family: Day] = [:]
        for b in bases where b.ref.version != BaseRef.currentVersion {
            let f = Family(provider: b.ref.provider, family: b.ref.family)
            switch idDate(provider: b.ref.provider, version: b.ref.version) {
            case .full(let d)?, .month(let d)?: if anchors[f].map({ $0 < d }) ?? true { anchors[f] = d }
            default: break
            }
            guard let r = b.released else { continue }
            if let cur = latest[f], cur >= r { continue }
            latest[f] = r
        }
        var out: [Int64: Key] = [:]
        out.reserveCapacity(bases.count)
        for b in bases {
            let f = Family(provider: b.ref.provider, family: b.ref.family)
            out[b.id] = key(b, family: latest[f], anchor: anchors[f])
        }
        return out
    }

    /// One base's key; its release day, else `family` (its family's latest
    /// release day), dates a yearless id (see the type).
    public static func key(_ b: BaseVersion, family: Day?, anchor: Day? = nil) -> Key {
        let p = b.ref.provider, v = b.ref.version
        if v == BaseRef.currentVersion {
            return Key(isCurrent: true, idDay: nil, number: nil, released: b.released, seen: b.id)
        }
        return Key(isCurrent: false, idDay: idDay(provider: p, version: v, reference: b.released, family: family, anchor: anchor),
                   number: number(provider: p, version: v), released: b.released, seen: b.id)
    }
}
