/// Why a retrain is expected on a day.
public enum RetrainDriver: Hashable, Sendable {
    /// The base's announced shutdown.
    case shutdown(BaseRef, Day)
    /// The base left its provider's list.
    case gone(BaseRef)
    /// The base is deprecated (on a day, or undated: now).
    case deprecated(BaseRef, Day?)
    /// A newer snapshot of the family is out.
    case superseded(BaseRef)
    /// The family's next snapshot is expected then, from its cadence.
    case snapshot(Cadence.Family, Day, everyDays: Int)
    /// The fine-tune's retrain policy falls due.
    case policy(RetrainPolicy)

    /// `shutdown`, `gone`, `deprecated`, `superseded`, `next-snapshot`, `policy`.
    public var code: String {
        switch self {
        case .shutdown: return "shutdown"
        case .gone: return "gone"
        case .deprecated: return "deprecated"
        case .superseded: return "superseded"
        case .snapshot: return "next-snapshot"
        case .policy: return "policy"
        }
    }

    /// For people: `shutdown of openai/gpt-4o@2024-08-06 on 2027-06-29`.
    public var text: String {
        switch self {
        case .shutdown(let ref, let day): return "shutdown of \(ref) on \(day)"
        case .gone(let ref): return "\(ref) gone from its provider's list"
        case .deprecated(let ref, let day): return "\(ref) deprecated" + (day.map { " on \($0)" } ?? "")
        case .superseded(let by): return "superseded by \(by)"
        case .snapshot(let family, let day, let every): return "next \(family) snapshot expected ~\(day) (every ~\(every) days)"
        case .policy(let p): return "retrain policy \(p)"
        }
    }

    /// Ties on one day: the hardest fact first.
    var rank: Int {
        switch self {
        case .shutdown: return 0
        case .gone: return 1
        case .deprecated: return 2
        case .superseded: return 3
        case .policy: return 4
        case .snapshot: return 5
        }
    }
}

/// One expected retrain of one fine-tune.
public struct RetrainEvent: Sendable, Equatable {
    public var fineTune: String
    public var owner: String?
    public var task: String?
    /// The family of the base it runs on now.
    public var family: Cadence.Family
    public var day: Day
    public var cost: Money
    public var driver: RetrainDriver
    /// Already due (what `tracker due` lists): counted as "planned" in a
    /// budget; later retrains are "forecast".
    public var planned: Bool

    public init(fineTune: String, owner: String?, task: String?, family: Cadence.Family, day: Day, cost: Money,
                driver: RetrainDriver, planned: Bool) {
        self.fineTune = fineTune
        self.owner = owner
        self.task = task
        self.family = family
        self.day = day
        self.cost = cost
        self.driver = driver
        self.planned = planned
    }
}

/// The maintenance trap in numbers: every active fine-tune's expected
/// retrains from `now` on, each at its estimated retrain cost.
///
/// The first retrain comes at the earliest of: the base's shutdown, the
/// day it left its provider's list, its deprecation, a newer snapshot that
/// is already out, the family's next expected snapshot (from `Cadence`),
/// and the retrain policy; a date already past means now. It is "planned"
/// when it is already due (within `DuePolicy.defaultHorizon`, as `tracker
/// due` shows it) and not just an expected snapshot. After a retrain the
/// fine-tune is on the newest snapshot known, and the next one comes at the
/// earliest of that snapshot's shutdown, the family's next expected
/// snapshot and the policy. A family with one known snapshot has no
/// cadence: only dates and the policy drive it.
public struct ForecastModel: Sendable {
    public let now: Day
    public let subjects: [CostSubject]
    public let estimates: [String: RetrainEstimate]
    private let bases: [Int64: BaseVersion]
    private let standings: [Int64: BaseStanding]
    private let cadences: [Cadence.Family: Cadence]
    private let newest: [Cadence.Family: Int64]

    /// At most this many retrains per fine-tune are forecast (a 1-day
    /// policy over a long horizon stays bounded).
    public static let maximumEventsPerFineTune = 5_000

    public init(subjects: [CostSubject], bases: [BaseVersion], trainPrices: [Int64: TrainPrice], now: Day) {
        self.now = now
        self.subjects = subjects
        let byID = Dictionary(bases.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.bases = byID
        let standings = DueRules.standings(of: bases, now: now)
        self.standings = standings
        self.cadences = Cadence.observe(bases, now: now)
        var newest: [Cadence.Family: Int64] = [:]
        for b in bases {
            if let s = standings[b.id]?.supersededBy, let sb = byID[s] { newest[Cadence.Family(sb.ref)] = sb.id }
        }
        self.newest = newest
        var estimates: [String: RetrainEstimate] = [:]
        for s in subjects {
            guard let base = byID[s.baseID] else { continue }
            let successor = (standings[base.id]?.supersededBy ?? base.successorID).flatMap { byID[$0] }
            estimates[s.name] = RetrainEstimate.of(s, base: base, successor: successor, trainPrices: trainPrices)
        }
        self.estimates = estimates
    }

    /// The cadence of a family, if observed.
    public func cadence(of family: Cadence.Family) -> Cadence? { cadences[family] }

    /// Every expected retrain from `now` through `end` (inclusive), by
    /// fine-tune (in `subjects` order), then day.
    public func events(through end: Day) -> [RetrainEvent] {
        var out: [RetrainEvent] = []
        for s in subjects { out += events(of: s, through: end) }
        return out
    }

    /// One fine-tune's expected retrains from `now` through `end`, at most `limit`.
    public func events(of s: CostSubject, through end: Day, limit: Int = maximumEventsPerFineTune) -> [RetrainEvent] {
        guard let base = bases[s.baseID], let estimate = estimates[s.name], end >= now else { return [] }
        let family = Cadence.Family(base.ref)
        let cadence = cadences[family]
        var out: [RetrainEvent] = []
        func add(_ day: Day, _ driver: RetrainDriver, planned: Bool) {
            out.append(RetrainEvent(fineTune: s.name, owner: s.owner, task: s.task, family: family, day: day,
                                    cost: estimate.cost, driver: driver, planned: planned))
        }
        // The first retrain, from what is known about the base today.
        var candidates: [(Day, RetrainDriver)] = []
        if let d = base.shutdown { candidates.append((d, .shutdown(base.ref, d))) }
        if let g = base.goneOn { candidates.append((g, .gone(base.ref))) }
        // As for `tracker due`, a deprecation is the deadline only when no
        // shutdown day is known.
        if base.shutdown == nil {
            switch base.deprecation {
            case .none: break
            case .undated: candidates.append((now, .deprecated(base.ref, nil)))
            case .on(let d): candidates.append((d, .deprecated(base.ref, d)))
            }
        }
        let standing = standings[base.id]
        if let by = standing?.supersededBy, let b = bases[by] {
            candidates.append((b.released ?? now, .superseded(b.ref)))
        } else if let c = cadence {
            let next = c.nextSnapshot(after: now.adding(days: -1))
            candidates.append((next, .snapshot(family, next, everyDays: c.intervalDays)))
        }
        if let d = s.retrainEvery.due(trained: s.trained) { candidates.append((d, .policy(s.retrainEvery))) }
        // A date already past means now: clamp before choosing, so a passed
        // shutdown outranks an earlier passed deprecation on the same "now".
        guard let first = ForecastModel.earliest(candidates.map { (max($0.0, now), $0.1) }) else { return [] }
        var day = first.0
        guard day <= end else { return [] }
        // Planned: the fine-tune is due now, as `tracker due` lists it.
        var planned = false
        if let standing {
            planned = DueRules.verdict(base: standing, trained: s.trained, policy: s.retrainEvery, in: DuePolicy(now: now)).needsRetrain
        }
        if case .snapshot = first.1 { planned = false }
        add(day, first.1, planned: planned)
        // Later retrains run on the snapshot the first one moved to: the
        // newest known after a policy retrain (perhaps the same base), the
        // superseding or recorded successor after the base's own end, and
        // an unknown one after an expected snapshot. Never the ending base.
        var onto: BaseVersion?
        switch first.1 {
        case .policy: onto = bases[newest[family] ?? base.id]
        case .superseded, .shutdown, .gone, .deprecated:
            onto = (standing?.supersededBy ?? base.successorID).flatMap { $0 == base.id ? nil : bases[$0] }
        case .snapshot: onto = nil
        }
        while out.count < min(limit, ForecastModel.maximumEventsPerFineTune) {
            var next: [(Day, RetrainDriver)] = []
            if let nb = onto, let sd = nb.shutdown { next.append((sd, .shutdown(nb.ref, sd))) }
            if let c = cadence {
                let d = c.nextSnapshot(after: day)
                next.append((d, .snapshot(family, d, everyDays: c.intervalDays)))
            }
            if let d = s.retrainEvery.due(trained: day), d > day { next.append((d, .policy(s.retrainEvery))) }
            // Every candidate is after `day`, so each turn moves forward.
            guard let e = ForecastModel.earliest(next.filter { $0.0 > day }), e.0 <= end else { break }
            day = e.0
            switch e.1 {
            case .snapshot, .shutdown: onto = nil
            default: break
            }
            add(day, e.1, planned: false)
        }
        return out
    }

    static func earliest(_ c: [(Day, RetrainDriver)]) -> (Day, RetrainDriver)? {
        c.min { a, b in a.0 != b.0 ? a.0 < b.0 : a.1.rank < b.1.rank }
    }
}
