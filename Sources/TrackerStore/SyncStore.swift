import TrackerCore

/// One snapshot as a source (provider API, catalog) reports it.
public struct SourceFacts: Sendable, Equatable {
    public var ref: BaseRef
    public var modelID: String
    public var released: Day?
    public var deprecated: Day?
    public var shutdown: Day?

    public init(ref: BaseRef, modelID: String, released: Day?, deprecated: Day?, shutdown: Day?) {
        self.ref = ref
        self.modelID = modelID
        self.released = released
        self.deprecated = deprecated
        self.shutdown = shutdown
    }
}

/// What a sync changed, for the report.
public struct SyncChange: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A snapshot not seen before.
        case newSnapshot = "new-snapshot"
        /// A date that was unknown is now known.
        case newDate = "new-date"
        /// A date from an earlier sync moved.
        case movedDate = "moved-date"
        /// The source disagrees with a date from a more trusted source (a date
        /// entered by hand, or a provider's own list over the catalog); kept.
        case conflict = "conflict"
    }
    public var kind: Kind
    public var base: BaseRef
    public var baseID: Int64
    public var field: DateChange.Field?
    public var old: Day?
    public var new: Day?
    /// For a conflict: where the kept date came from.
    public var keptSource: String?

    public var text: String {
        switch kind {
        case .newSnapshot:
            return "new snapshot \(base)" + (new.map { " (released \($0))" } ?? "")
        case .newDate:
            return "\(base): \(field?.rawValue ?? "date") \(new?.description ?? "?")"
        case .movedDate:
            return "\(base): \(field?.rawValue ?? "date") moved from \(old?.description ?? "?") to \(new?.description ?? "?")"
        case .conflict:
            let kept = keptSource == "manual" ? "was entered by hand; kept it (change it with 'tracker base set')"
                : "came from \(keptSource ?? "another source"); kept it"
            return "\(base): source says \(field?.rawValue ?? "date") \(new?.description ?? "?") but \(old?.description ?? "none") \(kept)"
        }
    }
}

extension Store {
    /// Merges what a source reports into the base versions, keeping every
    /// date's source and the day it was read. A new snapshot without a
    /// release date gets `today` (first seen). A date entered by hand is never
    /// overwritten: a differing source date is recorded (not applied) and
    /// reported once. Idempotent: the same facts again change nothing.
    public func mergeSourceFacts(_ facts: [SourceFacts], source: String, today: Day,
                                 createMissing: Bool = true) throws(Failure) -> [SyncChange] {
        var changes: [SyncChange] = []
        for f in facts {
            guard let existing = try base(f.ref) else {
                guard createMissing else { continue }
                let b = BaseVersion(id: 0, ref: f.ref, modelID: f.modelID, released: f.released ?? today,
                                    deprecation: f.deprecated.map { .on($0) } ?? .none, shutdown: f.shutdown,
                                    successorID: nil)
                let id = try insertBase(b, source: source, today: today)
                changes.append(SyncChange(kind: .newSnapshot, base: f.ref, baseID: id, field: nil, old: nil, new: b.released))
                continue
            }
            let sources = try dateSources(base: existing.id)
            // An unknown release day is filled in (unless cleared by hand);
            // a known one never moves.
            if existing.released == nil, let released = f.released, (sources[.released] ?? nil) != "manual" {
                try setDate(existing.id, .released, released, source: source, today: today)
                changes.append(SyncChange(kind: .newDate, base: f.ref, baseID: existing.id, field: .released, old: nil, new: released))
            }
            for (field, current, reported) in [(DateChange.Field.deprecated, existing.deprecation.day, f.deprecated),
                                               (.shutdown, existing.shutdown, f.shutdown)] {
                guard let reported, reported != current else { continue }
                let keptSource = sources[field] ?? nil
                // An unknown date (or a deprecation known only as undated) is
                // filled in, unless someone cleared it by hand.
                let undated = field == .deprecated && existing.deprecation == .undated
                if current == nil && (undated || keptSource != "manual") {
                    try setDate(existing.id, field, reported, source: source, today: today)
                    changes.append(SyncChange(kind: .newDate, base: f.ref, baseID: existing.id, field: field, old: nil, new: reported))
                } else if Store.trust(keptSource) > Store.trust(source) {
                    if try lastUnapplied(base: existing.id, field: field, source: source) == reported.description { continue }
                    try recordChange(base: existing.id, field, value: reported.description, undated: false, source: source,
                                     today: today, applied: false)
                    changes.append(SyncChange(kind: .conflict, base: f.ref, baseID: existing.id, field: field, old: current,
                                              new: reported, keptSource: keptSource))
                } else {
                    try setDate(existing.id, field, reported, source: source, today: today)
                    changes.append(SyncChange(kind: .movedDate, base: f.ref, baseID: existing.id, field: field, old: current, new: reported))
                }
            }
        }
        return changes
    }

    /// How much a date's source is trusted: a date entered by hand beats a
    /// provider's own list, which beats a third-party catalog. A less
    /// trusted source never overwrites a date; it is recorded, not applied.
    static func trust(_ source: String?) -> Int {
        switch source {
        case "manual"?: return 3
        case "litellm"?: return 1
        case nil: return 0
        default: return 2 // a provider's own API (openai, anthropic, gemini, ollama, import)
        }
    }

    /// The source of each lifecycle date of a base.
    func dateSources(base: Int64) throws(Failure) -> [DateChange.Field: String?] {
        let st = try database.prepare("SELECT released_source, deprecated_source, shutdown_source FROM base_version WHERE id = ?")
        try st.bind([.int(base)])
        var out: [DateChange.Field: String?] = [:]
        if try st.step() {
            out[.released] = st.optionalText(0)
            out[.deprecated] = st.optionalText(1)
            out[.shutdown] = st.optionalText(2)
        }
        return out
    }

    func lastUnapplied(base: Int64, field: DateChange.Field, source: String) throws(Failure) -> String? {
        let st = try database.prepare("""
            SELECT value FROM base_date_change WHERE base_id = ? AND field = ? AND source = ? AND applied = 0
            ORDER BY id DESC LIMIT 1
            """)
        try st.bind([.int(base), .text(field.rawValue), .text(source)])
        return try st.step() ? st.optionalText(0) : nil
    }

    func setDate(_ base: Int64, _ field: DateChange.Field, _ day: Day, source: String, today: Day) throws(Failure) {
        switch field {
        case .deprecated:
            try database.run("UPDATE base_version SET deprecated = ?, deprecated_undated = 0, deprecated_source = ? WHERE id = ?",
                             [.day(day), .text(source), .int(base)])
        case .shutdown:
            try database.run("UPDATE base_version SET shutdown = ?, shutdown_source = ? WHERE id = ?",
                             [.day(day), .text(source), .int(base)])
        case .released:
            try database.run("UPDATE base_version SET released = ?, released_source = ? WHERE id = ?",
                             [.day(day), .text(source), .int(base)])
        case .successor:
            return
        }
        try recordChange(base: base, field, value: day.description, undated: false, source: source, today: today)
    }

    /// Active fine-tunes that are due within `within` as of `now`: name to
    /// reason codes. Used to tell what a sync made due.
    public func dueReasons(now: Day, within: Span) throws(Failure) -> [String: Set<ReasonCode>] {
        var list = DueList(bases: try allBases(), policy: DuePolicy(now: now, within: within))
        try collectDue(into: &list, owner: nil)
        var out: [String: Set<ReasonCode>] = [:]
        for item in list.items { out[item.name] = Set(item.verdict.reasons(now: now)) }
        return out
    }
}
