import TrackerCore

/// A fine-tune as stored: its stable name and the facts about its lineage.
public struct FineTune: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var task: String?
    public var owner: String?
    public var retrainEvery: RetrainPolicy
    public var createdOn: Day
    public var retiredOn: Day?
    public var retireReason: String?
}

/// The facts of one training run, before it is stored.
public struct NewGeneration: Sendable {
    public var modelID: String?
    public var baseID: Int64
    public var trained: Day
    public var cost: Money
    public var tokens: Int64?
    public var examples: Int64?
    public var datasetRef: String?
    public var datasetSHA256: String?
    public var eval: EvalResult?
    /// The provider job it was imported from, if any (idempotent imports).
    public var jobID: String?

    public init(modelID: String?, baseID: Int64, trained: Day, cost: Money, tokens: Int64?, examples: Int64?,
                datasetRef: String?, datasetSHA256: String?, eval: EvalResult?, jobID: String? = nil) {
        self.modelID = modelID
        self.baseID = baseID
        self.trained = trained
        self.cost = cost
        self.tokens = tokens
        self.examples = examples
        self.datasetRef = datasetRef
        self.datasetSHA256 = datasetSHA256
        self.eval = eval
        self.jobID = jobID
    }
}

/// One stored generation of a fine-tune.
public struct Generation: Sendable {
    public var id: Int64
    public var number: Int
    public var facts: NewGeneration
    public var recordedOn: Day
}

/// A recorded change of a base's lifecycle fact.
public struct DateChange: Sendable, Equatable {
    public enum Field: String, Sendable { case released, deprecated, shutdown, successor }
    public var field: Field
    /// The new value (a day, or a base ref for `successor`); nil = cleared.
    public var value: String?
    public var undated: Bool
    public var source: String
    public var recordedOn: String
    /// False for a provider's date that differs from a manual one: recorded
    /// and reported, not applied.
    public var applied: Bool = true
}

/// One row of `tracker list`.
public struct FineTuneRow: Sendable {
    public var name: String
    public var task: String?
    public var owner: String?
    public var generation: Int
    public var modelID: String?
    public var base: BaseRef
    public var trained: Day
    public var retrainEvery: RetrainPolicy
    public var retiredOn: Day?
}

/// What `tracker due` needs of each active fine-tune's current generation.
public struct DueCandidate: Sendable {
    public var name: String
    public var task: String?
    public var owner: String?
    public var generation: Int
    public var modelID: String?
    public var baseID: Int64
    public var trained: Day
    public var retrainEvery: RetrainPolicy
}

/// Filters shared by listings.
public struct FineTuneFilter: Sendable {
    public var owner: String?
    public var task: String?
    public var family: String?
    public var includeRetired: Bool

    public init(owner: String? = nil, task: String? = nil, family: String? = nil, includeRetired: Bool = false) {
        self.owner = owner
        self.task = task
        self.family = family
        self.includeRetired = includeRetired
    }
}
