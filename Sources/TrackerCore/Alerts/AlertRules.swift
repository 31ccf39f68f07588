/// A fact someone must act on, computed from the due rules and the evals.
/// Its `key` is stable across runs, so deliveries can be tracked per alert.
public struct Alert: Sendable, Equatable {
    /// `NAME#GEN:REASON:BASE`, e.g. `support-triage#2:base-shutdown-soon:openai/gpt-4o@2024-08-06`.
    public var key: String
    public var fineTune: String
    public var owner: String?
    public var task: String?
    public var generation: Int
    /// A due reason code, or `eval-below-target`.
    public var reason: String
    /// The base version, as PROVIDER/FAMILY@VERSION.
    public var base: String
    public var urgency: Urgency
    /// The date that matters (shutdown, retrain-by, deprecation), if any.
    public var date: Day?
    public var daysLeft: Int?
    /// For `base-shutdown-soon`: the step crossed (90, 60, 30, 7 or 1 days).
    public var threshold: Int?
    /// One line for people.
    public var text: String
    /// For `budget-at-risk` and `budget-over`: the budget, as `SCOPE PERIOD`
    /// (`owner:team-a 2027-Q1`); `fineTune` and `base` are then empty and
    /// `generation` 0. Nil for a fine-tune's alert.
    public var budget: String?

    public init(key: String, fineTune: String, owner: String?, task: String?, generation: Int, reason: String,
                base: String, urgency: Urgency, date: Day?, daysLeft: Int?, threshold: Int?, text: String, budget: String? = nil) {
        self.budget = budget
        self.key = key
        self.fineTune = fineTune
        self.owner = owner
        self.task = task
        self.generation = generation
        self.reason = reason
        self.base = base
        self.urgency = urgency
        self.date = date
        self.daysLeft = daysLeft
        self.threshold = threshold
        self.text = text
    }

    /// What the alert is about, for people: `support-bot gen 2`, or
    /// `budget owner:team-a 2027-Q1`.
    public var subject: String {
        budget.map { "budget \($0)" } ?? "\(fineTune) gen \(generation)"
    }

    /// ` (openai/gpt-4o@2024-08-06)` for a fine-tune's alert; empty for a budget's.
    public var baseSuffix: String { budget == nil ? " (\(base))" : "" }

    /// A short stable id for typing (`tracker ack 3f9a2c1b`): the first 8 hex
    /// digits of the key's SHA-256.
    public var id: String { Alert.id(forKey: key) }

    public static func id(forKey key: String) -> String {
        String(SHA256.hex(SHA256.hash(Array(key.utf8))).prefix(8))
    }

    public static func key(fineTune: String, generation: Int, reason: String, base: String) -> String {
        "\(fineTune)#\(generation):\(reason):\(base)"
    }
}

/// One active fine-tune's current generation, as the alert rules need it.
public struct AlertSubject: Sendable {
    public var name: String
    public var task: String?
    public var owner: String?
    public var generation: Int
    public var baseID: Int64
    public var trained: Day
    public var retrainEvery: RetrainPolicy
    public var eval: EvalResult?

    public init(name: String, task: String?, owner: String?, generation: Int, baseID: Int64, trained: Day,
                retrainEvery: RetrainPolicy, eval: EvalResult?) {
        self.name = name
        self.task = task
        self.owner = owner
        self.generation = generation
        self.baseID = baseID
        self.trained = trained
        self.retrainEvery = retrainEvery
        self.eval = eval
    }
}

/// The alerts in force, and the keys hidden by inhibition (neither sent nor
/// resolved while the inhibiting alert stands).
public struct AlertSet: Sendable {
    public var active: [Alert] = []
    public var inhibited: Set<String> = []

    public init(active: [Alert] = [], inhibited: Set<String> = []) {
        self.active = active
        self.inhibited = inhibited
    }
}

/// Turns due verdicts and evals into alerts.
public enum AlertRules {
    /// Days before a shutdown at which a reminder is sent once each.
    public static let shutdownSteps = [90, 60, 30, 7, 1]

    /// The smallest step at or above `daysLeft` (46 days -> 60); nil beyond 90.
    public static func threshold(daysLeft: Int) -> Int? {
        shutdownSteps.filter { $0 >= daysLeft }.min()
    }

    /// Every alert for `subjects` as of `now`, with inhibition applied:
    /// `base-shut-down` hides `base-shutdown-soon`, and `base-deprecated`
    /// hides `base-superseded`, for the same fine-tune generation and base.
    public static func alerts(subjects: [AlertSubject], bases: [BaseVersion], now: Day,
                              taskFacts: [String: TaskFact] = [:]) -> AlertSet {
        let policy = DuePolicy(now: now, within: DuePolicy.defaultHorizon)
        let standings = DueRules.standings(of: bases, now: now)
        let byID = Dictionary(uniqueKeysWithValues: bases.map { ($0.id, $0) })
        var set = AlertSet()
        for s in subjects {
            guard let standing = standings[s.baseID], let base = byID[s.baseID] else { continue }
            let ref = base.ref.description
            func make(_ reason: String, _ urgency: Urgency, date: Day?, threshold: Int? = nil, text: String) -> Alert {
                Alert(key: Alert.key(fineTune: s.name, generation: s.generation, reason: reason, base: ref),
                      fineTune: s.name, owner: s.owner, task: s.task, generation: s.generation, reason: reason,
                      base: ref, urgency: urgency, date: date, daysLeft: date.map { now.days(until: $0) },
                      threshold: threshold, text: text)
            }
            let verdict = DueRules.verdict(base: standing, trained: s.trained, policy: s.retrainEvery, in: policy)
                .with(task: s.task.flatMap { taskFacts[NameKey.of($0)] }, eval: s.eval)
            let reasons = verdict.detailedReasons(now: now) { byID[$0] }
            let codes = Set(reasons.map(\.code))
            for r in reasons {
                let urgency: Urgency
                var threshold: Int?
                switch r.code {
                case .baseShutDown, .baseGone: urgency = .overdue
                case .baseShutdownSoon:
                    urgency = Urgency.forDaysLeft(r.daysLeft ?? 0)
                    threshold = AlertRules.threshold(daysLeft: r.daysLeft ?? 0)
                case .age: urgency = Urgency.forDaysLeft(r.daysLeft ?? 0)
                case .baseDeprecated: urgency = Urgency.forDeprecation(daysLeft: r.daysLeft)
                case .baseSuperseded, .promptMeetsTarget: urgency = .planned
                case .evalBelowTarget: urgency = .soon
                }
                let alert = make(r.code.rawValue, urgency, date: r.date, threshold: threshold, text: r.text)
                if r.code == .baseSuperseded && codes.contains(.baseDeprecated) {
                    set.inhibited.insert(alert.key)
                    continue
                }
                set.active.append(alert)
            }
            if codes.contains(.baseShutDown) {
                set.inhibited.insert(Alert.key(fineTune: s.name, generation: s.generation,
                                               reason: ReasonCode.baseShutdownSoon.rawValue, base: ref))
            }
        }
        return set
    }
}
