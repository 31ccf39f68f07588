/// What a base's training costs per million trained tokens, exact, with
/// where the price came from and the day it was recorded.
public struct TrainPrice: Sendable, Equatable {
    public let perMillion: Money
    public let source: String
    public let readOn: Day?

    /// Memberwise.
    public init(perMillion: Money, source: String, readOn: Day?) {
        self.perMillion = perMillion
        self.source = source
        self.readOn = readOn
    }

    /// The cost of `tokens` trained tokens at `perMillion`, exact: minor
    /// units = tokens x rate / 10^6, rounded half up; nil when it overflows.
    public static func cost(tokens: Int64, at perMillion: Money) -> Money? {
        let (product, overflow) = tokens.multipliedReportingOverflow(by: perMillion.minorUnits)
        let (rounded, overflow2) = product.addingReportingOverflow(500_000)
        guard !overflow, !overflow2, tokens >= 0 else { return nil }
        return Money(minorUnits: rounded / 1_000_000, currency: perMillion.currency)
    }

    /// `{"amount": "25.00", "minor_units": 2500, "currency": "USD", "source": "manual", "read_on": "..."}`.
    public var fields: [Field] {
        Field.money(perMillion) + [Field("source", .text(source)), Field("read_on", .day(readOn))]
    }
}

/// A generation found by its provider fine-tuned model id.
public struct RecordedGeneration: Sendable, Equatable {
    /// The generation's row id.
    public let id: Int64
    public let fineTune: String
    public let number: Int
    /// The provider job it came from, when known.
    public let jobID: String?

    /// Memberwise.
    public init(id: Int64, fineTune: String, number: Int, jobID: String?) {
        self.id = id
        self.fineTune = fineTune
        self.number = number
        self.jobID = jobID
    }
}
