/// An exact price per million tokens: an integer number of millionths of
/// the currency's major unit (`2.50 USD` per 1M tokens is 2_500_000), so
/// sub-cent prices such as 0.075 USD are kept exactly. The catalog's
/// micro-USD prices are this scale in USD.
public struct TokenRate: Hashable, Sendable, CustomStringConvertible {
    /// Millionths of the major unit, per 1M tokens.
    public let micros: Int64
    public let currency: String

    public init(micros: Int64, currency: String) {
        self.micros = micros
        self.currency = currency
    }

    /// `2.50`, `0.075`: at least the currency's decimals, every non-zero digit kept.
    public var amount: String {
        let whole = micros / 1_000_000
        var fraction = String(micros % 1_000_000)
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        let keep = Money.exponent(of: currency)
        while fraction.count > keep, fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? "\(whole)" : "\(whole).\(fraction)"
    }

    /// `2.50 USD`.
    public var description: String { "\(amount) \(currency)" }
}

/// The four inference prices a base can have, as `tracker base set` names
/// them. The raw values are the stored and JSON names.
public enum PriceKind: String, CaseIterable, Sendable, Hashable {
    case input = "price_in"
    case output = "price_out"
    case fineTunedInput = "ft_price_in"
    case fineTunedOutput = "ft_price_out"

    /// The command-line option: `--price-in`.
    public var option: String { "--" + rawValue.replacingOccurrences("_", with: "-") }

    /// For people: `input`, `fine-tuned output`.
    public var label: String {
        switch self {
        case .input: return "input"
        case .output: return "output"
        case .fineTunedInput: return "fine-tuned input"
        case .fineTunedOutput: return "fine-tuned output"
        }
    }
}

/// A price set on a base (by hand, or by an importer), with its source and
/// the day it was recorded.
public struct StoredPrice: Sendable, Equatable {
    public var rate: TokenRate
    /// `manual`, or the source it was read from.
    public var source: String
    public var readOn: Day?

    public init(rate: TokenRate, source: String, readOn: Day?) {
        self.rate = rate
        self.source = source
        self.readOn = readOn
    }
}

/// How much a fine-tune is used: calls per month, and input and output
/// tokens per call. Each is optional (unknown).
public struct Volume: Sendable, Equatable, Hashable {
    public var callsPerMonth: Int64?
    public var tokensIn: Int64?
    public var tokensOut: Int64?

    public init(callsPerMonth: Int64? = nil, tokensIn: Int64? = nil, tokensOut: Int64? = nil) {
        self.callsPerMonth = callsPerMonth
        self.tokensIn = tokensIn
        self.tokensOut = tokensOut
    }

    public static let unknown = Volume()
}

/// One recorded change of a fine-tune's settings (`tracker set`), oldest
/// first in `tracker show`. Values are their text forms; nil = unset.
public struct FineTuneChange: Sendable, Equatable {
    /// The stored field names: owner, task, retrain_every, calls_per_month,
    /// tokens_in, tokens_out, retrain_cost, name (`set --rename`) and
    /// retired (`reopen`: old is the retirement day, new nil).
    public enum Field: String, Sendable, CaseIterable {
        case owner, task, name, retired
        case retrainEvery = "retrain_every"
        case callsPerMonth = "calls_per_month"
        case tokensIn = "tokens_in"
        case tokensOut = "tokens_out"
        case retrainCost = "retrain_cost"

        /// For people: `retrain policy`, `calls per month`.
        public var label: String {
            self == .retrainEvery ? "retrain policy" : rawValue.replacingOccurrences("_", with: " ")
        }
    }
    public var field: Field
    public var old: String?
    public var new: String?
    public var recordedOn: Day

    public init(field: Field, old: String?, new: String?, recordedOn: Day) {
        self.field = field
        self.old = old
        self.new = new
        self.recordedOn = recordedOn
    }
}

/// What a budget covers: everything, one owner's fine-tunes, or one task's.
public enum BudgetScope: Hashable, Sendable, CustomStringConvertible {
    case all
    case owner(String)
    case task(String)

    /// `all`, `owner:NAME`, `task:NAME`.
    public var description: String {
        switch self {
        case .all: return "all"
        case .owner(let n): return "owner:\(n)"
        case .task(let n): return "task:\(n)"
        }
    }

    /// `all`, `owner`, `task`: the stored kind.
    public var kind: String {
        switch self {
        case .all: return "all"
        case .owner: return "owner"
        case .task: return "task"
        }
    }

    /// The owner or task name; nil for `all`.
    public var name: String? {
        switch self {
        case .all: return nil
        case .owner(let n), .task(let n): return n
        }
    }

    /// Whether a fine-tune with this owner and task is covered. Names
    /// compare by `NameKey` (case-insensitive, as names are everywhere).
    public func covers(owner: String?, task: String?) -> Bool {
        switch self {
        case .all: return true
        case .owner(let n): return owner.map { NameKey.same($0, n) } ?? false
        case .task(let n): return task.map { NameKey.same($0, n) } ?? false
        }
    }
}

/// A calendar period: a year, a quarter or a month, in UTC days.
public enum BudgetPeriod: Hashable, Sendable, CustomStringConvertible, Comparable {
    case year(Int)
    case quarter(Int, Int)
    case month(Int, Int)

    /// `2027`, `2027-Q1`, `2027-03`.
    public var description: String {
        func four(_ y: Int) -> String { let s = String(y); return String(repeating: "0", count: max(0, 4 - s.count)) + s }
        switch self {
        case .year(let y): return four(y)
        case .quarter(let y, let q): return "\(four(y))-Q\(q)"
        case .month(let y, let m): return "\(four(y))-\(m < 10 ? "0" : "")\(m)"
        }
    }

    /// The first day.
    public var start: Day {
        switch self {
        case .year(let y): return Day(year: y, month: 1, day: 1)!
        case .quarter(let y, let q): return Day(year: y, month: 3 * (q - 1) + 1, day: 1)!
        case .month(let y, let m): return Day(year: y, month: m, day: 1)!
        }
    }

    /// The last day (inclusive).
    public var end: Day {
        let (y, lastMonth): (Int, Int)
        switch self {
        case .year(let year): (y, lastMonth) = (year, 12)
        case .quarter(let year, let q): (y, lastMonth) = (year, 3 * q)
        case .month(let year, let m): (y, lastMonth) = (year, m)
        }
        return Day(year: y, month: lastMonth, day: Day.daysIn(month: lastMonth, year: y))!
    }

    public func contains(_ d: Day) -> Bool { d >= start && d <= end }

    /// By start day, then the shorter period first.
    public static func < (a: BudgetPeriod, b: BudgetPeriod) -> Bool {
        if a.start != b.start { return a.start < b.start }
        return a.end < b.end
    }
}

/// A stored budget: an amount for a scope and a period.
public struct Budget: Sendable, Equatable {
    public var id: Int64
    public var scope: BudgetScope
    public var period: BudgetPeriod
    public var amount: Money
    public var createdOn: Day

    public init(id: Int64, scope: BudgetScope, period: BudgetPeriod, amount: Money, createdOn: Day) {
        self.id = id
        self.scope = scope
        self.period = period
        self.amount = amount
        self.createdOn = createdOn
    }
}

/// One generation's training cost, for "spent in the period".
public struct Spend: Sendable, Equatable {
    public var fineTune: String
    public var owner: String?
    public var task: String?
    public var generation: Int
    public var trained: Day
    public var cost: Money

    public init(fineTune: String, owner: String?, task: String?, generation: Int, trained: Day, cost: Money) {
        self.fineTune = fineTune
        self.owner = owner
        self.task = task
        self.generation = generation
        self.trained = trained
        self.cost = cost
    }
}

/// An active fine-tune's current generation with what the cost model needs.
public struct CostSubject: Sendable, Equatable {
    public var name: String
    public var owner: String?
    public var task: String?
    public var retrainEvery: RetrainPolicy
    public var volume: Volume
    /// The explicit `--retrain-cost`, if set.
    public var retrainCost: Money?
    /// The current generation.
    public var generation: Int
    public var baseID: Int64
    public var trained: Day
    public var trainedTokens: Int64?
    public var lastCost: Money

    public init(name: String, owner: String?, task: String?, retrainEvery: RetrainPolicy, volume: Volume,
                retrainCost: Money?, generation: Int, baseID: Int64, trained: Day, trainedTokens: Int64?, lastCost: Money) {
        self.name = name
        self.owner = owner
        self.task = task
        self.retrainEvery = retrainEvery
        self.volume = volume
        self.retrainCost = retrainCost
        self.generation = generation
        self.baseID = baseID
        self.trained = trained
        self.trainedTokens = trainedTokens
        self.lastCost = lastCost
    }
}

extension CostSubject {
    /// A fine-tune and its current generation.
    public init(_ ft: FineTune, current g: Generation) {
        self.init(name: ft.name, owner: ft.owner, task: ft.task, retrainEvery: ft.retrainEvery, volume: ft.volume,
                  retrainCost: ft.retrainCost, generation: g.number, baseID: g.facts.baseID, trained: g.facts.trained,
                  trainedTokens: g.facts.tokens, lastCost: g.facts.cost)
    }
}

/// One recorded correction of a generation (`tracker generation set`).
/// Values are their text forms; nil = unset.
public struct GenerationChange: Sendable, Equatable {
    /// The stored field names.
    public enum Field: String, Sendable, CaseIterable {
        case cost, trained
        case modelID = "model_id"
        case examples, tokens, dataset

        /// For people: `cost`, `model id`.
        public var label: String { rawValue.replacingOccurrences("_", with: " ") }
    }
    public var generation: Int
    public var field: Field
    public var old: String?
    public var new: String?
    public var recordedOn: Day

    public init(generation: Int, field: Field, old: String?, new: String?, recordedOn: Day) {
        self.generation = generation
        self.field = field
        self.old = old
        self.new = new
        self.recordedOn = recordedOn
    }
}
