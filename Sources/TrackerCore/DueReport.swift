/// One fine-tune in the due list: who, on what, and the verdict.
public struct DueItem: Sendable {
    public var name: String
    public var task: String?
    public var owner: String?
    public var generation: Int
    public var modelID: String?
    public var baseID: Int64
    public var trained: Day
    public var retrainEvery: RetrainPolicy
    public var verdict: DueVerdict

    public init(name: String, task: String?, owner: String?, generation: Int, modelID: String?, baseID: Int64,
                trained: Day, retrainEvery: RetrainPolicy, verdict: DueVerdict) {
        self.name = name
        self.task = task
        self.owner = owner
        self.generation = generation
        self.modelID = modelID
        self.baseID = baseID
        self.trained = trained
        self.retrainEvery = retrainEvery
        self.verdict = verdict
    }
}

/// One reason with the facts that explain it, ready to print.
public struct DueReason: Sendable, Equatable {
    public var code: ReasonCode
    /// The date that matters for this reason (shutdown, retrain-by,
    /// deprecation); nil for an undated deprecation or a supersession.
    public var date: Day?
    /// Days from now until `date` (negative once past).
    public var daysLeft: Int?
    /// The newer snapshot, for `base-superseded`.
    public var successor: BaseVersion?

    /// Human wording, e.g. "base shuts down 2025-03-31 (in 12 days)".
    public var text: String {
        switch code {
        case .baseShutDown:
            let ago = -(daysLeft ?? 0)
            return "base shut down \(date?.description ?? "?")" + (ago == 0 ? " (today)" : " (\(DueReason.days(ago)) ago)")
        case .baseShutdownSoon:
            return "base shuts down \(date?.description ?? "?") (in \(DueReason.days(daysLeft ?? 0)))"
        case .age:
            let left = daysLeft ?? 0
            return "retrain due \(date?.description ?? "?")" +
                (left < 0 ? " (\(DueReason.days(-left)) overdue)" : left == 0 ? " (today)" : " (in \(DueReason.days(left)))")
        case .baseDeprecated:
            if let d = date {
                let left = daysLeft ?? 0
                return left > 0 ? "base deprecated from \(d) (in \(DueReason.days(left)))" : "base deprecated \(d)"
            }
            return "base deprecated (date not announced)"
        case .baseSuperseded:
            return "superseded by \(successor?.ref.description ?? "a newer snapshot")"
        }
    }

    static func days(_ n: Int) -> String { n == 1 ? "1 day" : "\(n) days" }
}

extension DueVerdict {
    /// The reasons with their facts, most severe first.
    public func detailedReasons(now: Day, base: (Int64) -> BaseVersion?) -> [DueReason] {
        reasons(now: now).map { code in
            switch code {
            case .baseShutDown, .baseShutdownSoon:
                return DueReason(code: code, date: shutdown, daysLeft: shutdown.map { now.days(until: $0) })
            case .age:
                return DueReason(code: code, date: ageDue, daysLeft: ageDue.map { now.days(until: $0) })
            case .baseDeprecated:
                let d = deprecation?.day
                return DueReason(code: code, date: d, daysLeft: d.map { now.days(until: $0) })
            case .baseSuperseded:
                return DueReason(code: code, date: nil, daysLeft: nil, successor: supersededBy.flatMap(base))
            }
        }
    }
}

/// Computes the due list: every candidate judged, the due ones kept and
/// sorted by urgency, then deadline, then name.
public struct DueList {
    public let policy: DuePolicy
    public let standings: [Int64: BaseStanding]
    public private(set) var items: [DueItem] = []
    public private(set) var considered = 0

    public init(bases: [BaseVersion], policy: DuePolicy) {
        self.policy = policy
        self.standings = DueRules.standings(of: bases, now: policy.now)
    }

    /// Judges one fine-tune's current generation; keeps it when due.
    public mutating func consider(name: String, task: String?, owner: String?, generation: Int, modelID: String?,
                                  baseID: Int64, trained: Day, retrainEvery: RetrainPolicy) {
        considered += 1
        guard let standing = standings[baseID] else { return }
        let v = DueRules.verdict(base: standing, trained: trained, policy: retrainEvery, in: policy)
        guard v.isDue else { return }
        items.append(DueItem(name: name, task: task, owner: owner, generation: generation, modelID: modelID,
                             baseID: baseID, trained: trained, retrainEvery: retrainEvery, verdict: v))
    }

    /// Sorts the kept items: urgency, deadline, then name.
    public mutating func sort() {
        items.sort { a, b in
            if let p = DueRules.precedes(a.verdict, b.verdict) { return p }
            return a.name < b.name
        }
    }
}
