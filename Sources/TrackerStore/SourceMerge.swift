import TrackerCore

extension Store {
    /// Merges what a source reports into the base versions, keeping every
    /// date's source and the day it was read. A new snapshot without a
    /// release date gets `today` (first seen). Trust order decides: a less
    /// trusted source never overwrites a date (its differing date is
    /// recorded, not applied, and reported once), and neither does a date
    /// that would break the lifecycle order. Idempotent: the same facts
    /// again change nothing.
    public func mergeSourceFacts(_ facts: [SourceFacts], source: DateSource, today: Day,
                                 createMissing: Bool = true) throws(Failure) -> [SyncChange] {
        var changes: [SyncChange] = []
        for f in facts {
            guard var current = try base(f.ref) else {
                guard createMissing else { continue }
                var b = BaseVersion(id: 0, ref: f.ref, modelID: f.modelID, released: f.released ?? today,
                                    deprecation: f.deprecated.map { .on($0) } ?? .none, shutdown: f.shutdown,
                                    successorID: nil)
                // Dates that contradict each other are left out and reported.
                var refused: [(DateChange.Field, Day, String)] = []
                if let s = b.shutdown, let p = LifecycleOrder.problem(b) {
                    b.shutdown = nil
                    refused.append((.shutdown, s, p))
                }
                if let d = b.deprecation.day, let p = LifecycleOrder.problem(b) {
                    b.deprecation = .none
                    refused.append((.deprecated, d, p))
                }
                let id = try insertBase(b, source: source, today: today)
                changes.append(SyncChange(kind: .newSnapshot, base: f.ref, baseID: id, field: nil, old: nil, new: b.released))
                for (field, day, problem) in refused {
                    try recordUnappliedDate(base: id, field, day, source: source, today: today)
                    changes.append(SyncChange(kind: .outOfOrder, base: f.ref, baseID: id, field: field, old: nil, new: day,
                                              problem: problem))
                }
                continue
            }
            let sources = try dateSources(base: current.id)
            // An unknown release day is filled in (unless cleared by hand);
            // a known one never moves.
            if current.released == nil, let released = f.released, sources[.released]?.isManual != true {
                var candidate = current
                candidate.released = released
                if let problem = LifecycleOrder.problem(candidate) {
                    if try reportOnce(current, .released, released, source: source, today: today) {
                        changes.append(SyncChange(kind: .outOfOrder, base: f.ref, baseID: current.id, field: .released,
                                                  old: nil, new: released, problem: problem))
                    }
                } else {
                    try setDate(base: current.id, .released, released, source: source, today: today)
                    current = candidate
                    changes.append(SyncChange(kind: .newDate, base: f.ref, baseID: current.id, field: .released, old: nil, new: released))
                }
            }
            for field in [DateChange.Field.deprecated, .shutdown] {
                let kept = field == .deprecated ? current.deprecation.day : current.shutdown
                guard let reported = field == .deprecated ? f.deprecated : f.shutdown, reported != kept else { continue }
                let keptSource = sources[field]
                // An unknown date (or a deprecation known only as undated) is
                // filled in, unless someone cleared it by hand.
                let undated = field == .deprecated && current.deprecation == .undated
                let fills = kept == nil && (undated || keptSource?.isManual != true)
                if !fills, let keptSource, keptSource.trust > source.trust {
                    if try reportOnce(current, field, reported, source: source, today: today) {
                        changes.append(SyncChange(kind: .conflict, base: f.ref, baseID: current.id, field: field, old: kept,
                                                  new: reported, keptSource: keptSource))
                    }
                    continue
                }
                var candidate = current
                if field == .deprecated { candidate.deprecation = .on(reported) } else { candidate.shutdown = reported }
                if let problem = LifecycleOrder.problem(candidate) {
                    if try reportOnce(current, field, reported, source: source, today: today) {
                        changes.append(SyncChange(kind: .outOfOrder, base: f.ref, baseID: current.id, field: field, old: kept,
                                                  new: reported, problem: problem))
                    }
                    continue
                }
                try setDate(base: current.id, field, reported, source: source, today: today)
                current = candidate
                changes.append(SyncChange(kind: fills ? .newDate : .movedDate, base: f.ref, baseID: current.id, field: field,
                                          old: kept, new: reported))
            }
        }
        return changes
    }

    /// Records a date that is not applied, unless the same source already
    /// reported the same date last time; true when it is news.
    private func reportOnce(_ b: BaseVersion, _ field: DateChange.Field, _ day: Day, source: DateSource,
                            today: Day) throws(Failure) -> Bool {
        if try lastUnappliedDate(base: b.id, field, source: source) == day.description { return false }
        try recordUnappliedDate(base: b.id, field, day, source: source, today: today)
        return true
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

    /// Catalog shutdown dates for base versions already recorded, matched by
    /// provider and model id.
    public func catalogFacts(_ entries: [CatalogEntry]) throws(Failure) -> [SourceFacts] {
        var byModel: [String: [BaseVersion]] = [:]
        for b in try allBases() { byModel[b.modelID, default: []].append(b) }
        var out: [SourceFacts] = []
        for e in entries where e.fineTunedBase == nil {
            guard let shutdown = e.shutdown, let bases = byModel[e.modelID] else { continue }
            for b in bases where b.ref.provider == e.provider {
                out.append(SourceFacts(ref: b.ref, modelID: b.modelID, released: nil, deprecated: nil, shutdown: shutdown))
            }
        }
        return out
    }
}
