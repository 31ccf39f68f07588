extension TokenRate {
    /// Most decimals a rate may have: it is stored in millionths of the
    /// major unit, whatever the currency's own minor unit.
    public static let maxDecimals = 6

    /// Parses a price per 1M tokens in the forms `Money.parse` accepts
    /// (`2.50`, `$2.50`, `2.50 USD`, `USD 2.50`, `1,200`, `€0.4`), with up
    /// to six decimals in any currency (`0.075`, `0.000125 USD`), exactly,
    /// as micros. Refuses negative rates, more than six decimals, codes
    /// that are not ISO 4217, and rates that do not fit.
    public static func parse(_ text: String, defaultCurrency: String = "USD") throws(MoneyParseError) -> TokenRate {
        let amount = try AmountText(text, defaultCurrency: defaultCurrency)
        guard amount.fraction.count <= maxDecimals else {
            throw MoneyParseError(message: "'\(text)' has \(amount.fraction.count) decimals; a token rate has at most \(maxDecimals) (millionths), e.g. 0.000125")
        }
        guard let micros = amount.scaled(to: maxDecimals, maxDigits: 19) else {
            throw MoneyParseError(message: "rate '\(text)' is too large")
        }
        return TokenRate(micros: micros, currency: amount.currency)
    }
}
