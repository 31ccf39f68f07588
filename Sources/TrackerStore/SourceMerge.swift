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
                // Dates that contradict each other are left out and reported:
                // first each date that comes before the release, then (both
                // after it) the deprecation that comes after the shutdown,
                // which is kept as the harder deadline.
                var refused: [(DateChange.Field, Day, String)] = []
                if let p = LifecycleOrder.problem(b) {
                    if let r = b.released, let s = b.shutdown, s < r {
                        b.shutdown = nil
                        refused.append((.shutdown, s, p))
                    }
                    if let p = LifecycleOrder.problem(b), let r = b.released, let d = b.deprecation.day, d < r {
                        b.deprecation = .none
                        refused.append((.deprecated, d, p))
                    }
                    if let p = LifecycleOrder.problem(b), let d = b.deprecation.day {
                        b.deprecation = .none
                        refused.append((.deprecated, d, p))
                    }
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
                // A disputed date said again by a source no more trusted than
                // its own stays disputed (it was reported once already).
                if field == .shutdown, let d = current.disputedShutdown, d.day == reported,
                   source.trust <= d.source.trust { continue }
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
                // Another shutdown date applied ends a dispute: it is a new claim.
                if field == .shutdown, let d = current.disputedShutdown {
                    try endDispute(base: current.id, d, restore: false, today: today)
                    candidate.disputedShutdown = nil
                }
                current = candidate
                changes.append(SyncChange(kind: fills ? .newDate : .movedDate, base: f.ref, baseID: current.id, field: field,
                                          old: kept, new: reported))
            }
        }
        return changes
    }

    /// Ends a dispute, recording it in the history; with `restore`, the
    /// disputed date becomes the shutdown date again (confirmed).
    public func endDispute(base: Int64, _ d: DisputedDate, restore: Bool, today: Day) throws(Failure) {
        try clearDispute(base: base)
        try recordEvent(base: base, .dispute, value: d.day.description, source: "ended", today: today)
        if restore { try setDate(base: base, .shutdown, d.day, source: d.source, today: today) }
    }

    /// What a complete, successful read of `source`'s list (every page, no
    /// error) says about the bases of `provider`: a base it listed before
    /// and no longer lists is gone (`base-gone`); a gone base listed again
    /// is back; a less trusted shutdown date already past while the list
    /// still serves the model is disputed, not applied. A gone base's
    /// disputed date is confirmed and applied. Only call this with a
    /// complete read: an error or a partial read never counts. An empty list
    /// (a key without access, a restarted server) is not read as every
    /// model gone.
    public func mergeListing(modelIDs listed: Set<String>, provider: String, source: DateSource,
                             today: Day) throws(Failure) -> [SyncChange] {
        var changes: [SyncChange] = []
        for b in try allBases().sorted(by: { $0.id < $1.id }) where b.ref.provider == provider {
            if listed.contains(b.modelID) {
                if b.goneOn != nil {
                    try recordEvent(base: b.id, .listing, value: "back", source: source.name, today: today)
                    changes.append(SyncChange(kind: .back, base: b.ref, baseID: b.id, field: .listing, old: b.goneOn, new: today))
                }
                if b.goneOn != nil || b.listedBy != source { try setListing(base: b.id, listedBy: source, goneOn: nil) }
                guard let s = b.shutdown, s < today, b.disputedShutdown == nil,
                      let shutdownSource = try dateSources(base: b.id)[.shutdown], shutdownSource.trust < source.trust
                else { continue }
                let d = DisputedDate(day: s, source: shutdownSource, disputedBy: source, since: today)
                try disputeShutdown(base: b.id, d)
                try recordEvent(base: b.id, .dispute, value: s.description, source: source.name, today: today)
                changes.append(SyncChange(kind: .disputed, base: b.ref, baseID: b.id, field: .shutdown, old: s, new: today,
                                          keptSource: shutdownSource))
            } else if b.listedBy == source, b.goneOn == nil, !listed.isEmpty {
                try setListing(base: b.id, listedBy: source, goneOn: today)
                try recordEvent(base: b.id, .listing, value: "gone", source: source.name, today: today)
                changes.append(SyncChange(kind: .gone, base: b.ref, baseID: b.id, field: .listing, old: nil, new: today))
                if let d = b.disputedShutdown {
                    // Confirmed, unless another date took its place or it
                    // would now break the lifecycle order.
                    var confirmed = b
                    confirmed.shutdown = d.day
                    let restore = b.shutdown == nil && LifecycleOrder.problem(confirmed) == nil
                    try endDispute(base: b.id, d, restore: restore, today: today)
                    if restore {
                        changes.append(SyncChange(kind: .disputeEnded, base: b.ref, baseID: b.id, field: .shutdown,
                                                  old: nil, new: d.day, keptSource: d.source))
                    }
                }
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
