/// Why a fine-tune's current generation needs retraining. The raw values are
/// the codes used in JSON output and alert keys; keep them stable.
public enum ReasonCode: String, Sendable, CaseIterable, Codable {
    case baseSuperseded = "base-superseded"
    case baseDeprecated = "base-deprecated"
    case baseShutdownSoon = "base-shutdown-soon"
    case baseShutDown = "base-shut-down"
    /// A complete read of the provider's own list no longer had the base.
    case baseGone = "base-gone"
    case age = "age"
    /// The current generation's latest eval is below its task's target.
    case evalBelowTarget = "eval-below-target"
    /// A prompt revision of the fine-tune's task meets the task's target:
    /// retire the fine-tune rather than retrain it.
    case promptMeetsTarget = "prompt-meets-target"
}

/// A prompt revision that meets its task's target.
public struct PromptHit: Sendable, Equatable, Hashable {
    public var task: String
    public var revision: Int
    public var eval: EvalResult

    public init(task: String, revision: Int, eval: EvalResult) {
        self.task = task
        self.revision = revision
        self.eval = eval
    }
}

/// What a task adds to its fine-tunes' due verdicts: its target, and its
/// best prompt revision when that meets the target.
public struct TaskFact: Sendable, Equatable, Hashable {
    public var target: Int
    public var prompt: PromptHit?

    public init(target: Int, prompt: PromptHit?) {
        self.target = target
        self.prompt = prompt
    }

    /// The target of a fine-tune without a task (the common rule: 8 of 10).
    public static let defaultTarget = 80
}

/// The due question's parameters: today and how far ahead to look.
public struct DuePolicy: Sendable {
    public let now: Day
    /// Last day inside the horizon (`now` + `--within`).
    public let horizonEnd: Day
    /// How far ahead tracker looks unless told otherwise: `tracker due`
    /// without `--within`, the alerts `tracker notify` sends, and the due
    /// check after `tracker sync`.
    public static let defaultHorizon = Span(count: 90, unit: .day)

    public init(now: Day, within: Span = DuePolicy.defaultHorizon) {
        self.now = now
        self.horizonEnd = within.after(now)
    }
}

/// What one base means for every fine-tune trained on it, as of `now`.
/// Computed once per base so judging 100k fine-tunes is a table lookup.
public struct BaseStanding: Sendable {
    /// The newest snapshot of the same family released after this one (or the
    /// recorded successor), as of now.
    public let supersededBy: Int64?
    public let deprecation: Deprecation
    public let shutdown: Day?
    /// The day the base was seen gone from its provider's list.
    public var goneOn: Day? = nil
}

/// The verdict for one fine-tune's current generation.
public struct DueVerdict: Sendable, Equatable {
    /// Newest snapshot that supersedes the base, when `base-superseded` applies.
    public var supersededBy: Int64?
    /// Set when `base-deprecated` applies (`.undated` or `.on(day)`).
    public var deprecation: Deprecation?
    /// Set when `base-shutdown-soon` or `base-shut-down` applies.
    public var shutdown: Day?
    /// Set when `base-gone` applies: the day the base left its provider's list.
    public var gone: Day?
    /// Set when `age` applies: the day the retrain policy falls due.
    public var ageDue: Day?
    /// Set when `eval-below-target` applies: the latest eval and the target.
    public var evalBelow: EvalResult?
    public var evalTarget: Int?
    /// Set when `prompt-meets-target` applies.
    public var promptAtTarget: PromptHit?
    public var urgency: Urgency = .planned
    /// The earliest hard date (shutdown, retrain-by), else the deprecation day.
    public var deadline: Day?

    public var isDue: Bool {
        supersededBy != nil || deprecation != nil || shutdown != nil || ageDue != nil || gone != nil || evalBelow != nil
            || promptAtTarget != nil
    }

    /// Whether the base or the policy calls for a retrain (the task's
    /// reasons call for a better model or for retiring, not a retrain).
    public var needsRetrain: Bool { supersededBy != nil || deprecation != nil || shutdown != nil || ageDue != nil || gone != nil }

    /// This verdict with what the fine-tune's task adds: its current
    /// generation's latest `eval` against the task's target (80% without a
    /// task), and a prompt revision that meets the target. An eval below
    /// the target is `soon`; a prompt at target changes no urgency.
    public func with(task fact: TaskFact?, eval: EvalResult?) -> DueVerdict {
        var v = self
        let target = fact?.target ?? TaskFact.defaultTarget
        if let eval, !eval.meets(percent: target) {
            v.evalBelow = eval
            v.evalTarget = target
            if v.urgency < .soon { v.urgency = .soon }
        }
        v.promptAtTarget = fact?.prompt
        return v
    }

    /// The reasons in a fixed order (most severe first).
    public func reasons(now: Day) -> [ReasonCode] {
        var out: [ReasonCode] = []
        if let s = shutdown, s <= now { out.append(.baseShutDown) }
        if gone != nil { out.append(.baseGone) }
        if let s = shutdown, s > now { out.append(.baseShutdownSoon) }
        if ageDue != nil { out.append(.age) }
        if deprecation != nil { out.append(.baseDeprecated) }
        if supersededBy != nil { out.append(.baseSuperseded) }
        if evalBelow != nil { out.append(.evalBelowTarget) }
        if promptAtTarget != nil { out.append(.promptMeetsTarget) }
        return out
    }
}

/// The retraining rules: which generations are due, why, and how urgently.
public enum DueRules {
    /// Judges every base once. A snapshot is superseded by the newest
    /// version of the same provider and family in `VersionOrder` (the day
    /// in the id, then its number, then the release day, then first seen)
    /// that is released on or before `now` and orders after it, or by a
    /// recorded successor once that is released; the newest one is named.
    /// A version its id and dates cannot place (`Key.isPlaced`) takes part
    /// only through a recorded successor.
    public static func standings(of bases: [BaseVersion], now: Day) -> [Int64: BaseStanding] {
        struct FamilyKey: Hashable { let provider: String; let family: String }
        let keys = VersionOrder.keys(bases)
        var newest: [FamilyKey: (id: Int64, key: VersionOrder.Key)] = [:]
        for b in bases {
            // A moving alias (`@current`) is not a newer snapshot of anything.
            guard let r = b.released, r <= now, b.ref.version != BaseRef.currentVersion,
                  let k = keys[b.id], k.isPlaced else { continue }
            let family = FamilyKey(provider: b.ref.provider, family: b.ref.family)
            if let cur = newest[family], !(cur.key < k) { continue }
            newest[family] = (b.id, k)
        }
        let releasedByID = Dictionary(bases.map { ($0.id, $0.released) }, uniquingKeysWith: { a, _ in a })
        var out: [Int64: BaseStanding] = [:]
        out.reserveCapacity(bases.count)
        for b in bases {
            var by: Int64?
            // A moving alias (`@current`) always points at the newest model:
            // only a recorded successor supersedes it.
            if b.ref.version != BaseRef.currentVersion, let k = keys[b.id], k.isPlaced,
               let top = newest[FamilyKey(provider: b.ref.provider, family: b.ref.family)],
               top.id != b.id, k < top.key {
                by = top.id
            }
            // A recorded successor counts once it is released (or its release is unknown).
            if by == nil, let s = b.successorID, s != b.id,
               (releasedByID[s] ?? nil).map({ $0 <= now }) ?? true { by = s }
            out[b.id] = BaseStanding(supersededBy: by, deprecation: b.deprecation, shutdown: b.shutdown, goneOn: b.goneOn)
        }
        return out
    }

    /// Judges one generation trained on `trained` on a base with `base`
    /// standing, under retrain `policy`.
    public static func verdict(base: BaseStanding, trained: Day, policy: RetrainPolicy, in p: DuePolicy) -> DueVerdict {
        var v = DueVerdict()
        var urgency = Urgency.planned
        // The deadline is the earliest hard date (shutdown, retrain-by); a
        // deprecation day only counts when there is no hard date.
        var deadline: Day?
        var softDeadline: Day?
        func consider(_ day: Day, _ u: Urgency, hard: Bool = true) {
            if u > urgency { urgency = u }
            if hard {
                if deadline == nil || day < deadline! { deadline = day }
            } else if softDeadline == nil || day < softDeadline! {
                softDeadline = day
            }
        }
        if let s = base.shutdown, s <= p.horizonEnd {
            v.shutdown = s
            consider(s, Urgency.forDaysLeft(p.now.days(until: s)))
        }
        // Gone from the provider's list: it can no longer be trained on and
        // is likely no longer served, so it is overdue from that day.
        if let g = base.goneOn, g <= p.now {
            v.gone = g
            consider(g, .overdue)
        }
        if let due = policy.due(trained: trained), due <= p.horizonEnd {
            v.ageDue = due
            consider(due, Urgency.forDaysLeft(p.now.days(until: due)))
        }
        switch base.deprecation {
        case .none: break
        case .undated:
            v.deprecation = .undated
        case .on(let d):
            if d <= p.horizonEnd {
                v.deprecation = base.deprecation
                consider(d, Urgency.forDeprecation(daysLeft: p.now.days(until: d)), hard: false)
            }
        }
        if let by = base.supersededBy { v.supersededBy = by }
        v.urgency = urgency
        v.deadline = deadline ?? softDeadline
        return v
    }

    /// Sort order for the due list: most urgent first, then earliest
    /// deadline (none last); ties keep their given order.
    public static func precedes(_ a: DueVerdict, _ b: DueVerdict) -> Bool? {
        if a.urgency != b.urgency { return a.urgency > b.urgency }
        switch (a.deadline, b.deadline) {
        case let (x?, y?) where x != y: return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        default: return nil
        }
    }
}
