/// The prices that apply to one base: each inference price set on the base
/// (by hand) wins; the catalog fills any that are unset; the training price
/// is the base's own. Each keeps its source.
public struct EffectivePrices: Sendable, Equatable {
    public var rates: [PriceKind: StoredPrice]
    public var train: TrainPrice?

    public init(rates: [PriceKind: StoredPrice] = [:], train: TrainPrice? = nil) {
        self.rates = rates
        self.train = train
    }

    public subscript(kind: PriceKind) -> StoredPrice? { rates[kind] }

    /// Set prices first, then the catalog's for the kinds still unset.
    public static func merge(set: [PriceKind: StoredPrice], catalog: BasePrices, train: TrainPrice?) -> EffectivePrices {
        var rates = set
        // The catalog's prices are in USD: they fill gaps only of a base
        // whose set prices are in USD too, so one base never mixes currencies.
        let currencies = Set(set.values.map(\.rate.currency) + (train.map { [$0.perMillion.currency] } ?? []))
        if !currencies.isEmpty && currencies != ["USD"] { return EffectivePrices(rates: rates, train: train) }
        let fromCatalog: [(PriceKind, TokenPrice?)] = [(.input, catalog.input), (.output, catalog.output),
                                                       (.fineTunedInput, catalog.fineTunedInput),
                                                       (.fineTunedOutput, catalog.fineTunedOutput)]
        for (kind, price) in fromCatalog where rates[kind] == nil {
            if let p = price {
                rates[kind] = StoredPrice(rate: TokenRate(micros: p.microUSD, currency: "USD"), source: p.source, readOn: p.readOn)
            }
        }
        return EffectivePrices(rates: rates, train: train)
    }

    /// The JSON object of one price: `{"amount": "2.50", "currency": "USD", "source": "manual", "read_on": "..."}`, or null.
    public static func fields(_ p: StoredPrice?) -> [Field]? {
        guard let p else { return nil }
        return [Field("amount", .text(p.rate.amount)), Field("currency", .text(p.rate.currency)),
                Field("source", .text(p.source)), Field("read_on", .day(p.readOn))]
    }

    /// `2.50 USD (manual)`, or nil.
    public static func flat(_ p: StoredPrice?) -> String? {
        p.map { "\($0.rate) (\($0.source))" }
    }
}
