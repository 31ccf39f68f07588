
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
    /// Expected use (`--calls-per-month`, `--tokens-in`, `--tokens-out`).
    public var volume: Volume
    /// The explicit estimated cost of one retrain (`--retrain-cost`).
    public var retrainCost: Money?

    public init(id: Int64, name: String, task: String?, owner: String?, retrainEvery: RetrainPolicy, createdOn: Day, retiredOn: Day?, retireReason: String?,
                volume: Volume = .unknown, retrainCost: Money? = nil) {
        self.volume = volume
        self.retrainCost = retrainCost
        self.id = id
        self.name = name
        self.task = task
        self.owner = owner
        self.retrainEvery = retrainEvery
        self.createdOn = createdOn
        self.retiredOn = retiredOn
        self.retireReason = retireReason
    }
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

    public init(id: Int64, number: Int, facts: NewGeneration, recordedOn: Day) {
        self.id = id
        self.number = number
        self.facts = facts
        self.recordedOn = recordedOn
    }
}

/// A recorded change of a base's lifecycle fact.
public struct DateChange: Sendable, Equatable {
    /// `listing`: the base left (`gone`) or came back to (`back`) its
    /// provider's list. `dispute`: a less trusted shutdown date (the value)
    /// was disputed by the provider list named as source, or, with source
    /// `ended`, the dispute ended.
    public enum Field: String, Sendable { case released, deprecated, shutdown, successor, listing, dispute }
    public var field: Field
    /// The new value (a day, or a base ref for `successor`); nil = cleared.
    public var value: String?
    public var undated: Bool
    public var source: String
    public var recordedOn: String
    /// False for a provider's date that differs from a manual one: recorded
    /// and reported, not applied.
    public var applied: Bool = true

    public init(field: Field, value: String?, undated: Bool, source: String, recordedOn: String, applied: Bool = true) {
        self.field = field
        self.value = value
        self.undated = undated
        self.source = source
        self.recordedOn = recordedOn
        self.applied = applied
    }
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

    public init(name: String, task: String?, owner: String?, generation: Int, modelID: String?, base: BaseRef, trained: Day, retrainEvery: RetrainPolicy, retiredOn: Day?) {
        self.name = name
        self.task = task
        self.owner = owner
        self.generation = generation
        self.modelID = modelID
        self.base = base
        self.trained = trained
        self.retrainEvery = retrainEvery
        self.retiredOn = retiredOn
    }
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

/// A schema migration, applied or pending.
public struct MigrationStatus: Sendable, Equatable {
    public let version: Int
    public let name: String
    /// ISO day it was applied; nil when pending.
    public let appliedOn: String?

    public init(version: Int, name: String, appliedOn: String?) {
        self.version = version
        self.name = name
        self.appliedOn = appliedOn
    }
}
