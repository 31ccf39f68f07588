/// A sum of money too large for 64-bit minor units.
public struct TotalOverflow: Error, Equatable, Sendable {
    /// The currency whose total overflowed.
    public let currency: String
}

extension Money {
    /// Adds amounts up per currency, in the order each currency first
    /// appears (so "1,500.25 USD + 50.00 EUR" reads in recorded order).
    /// Exact: a total that does not fit is an error, never a wrapped number.
    public static func totals(_ amounts: some Sequence<Money>) throws(TotalOverflow) -> [Money] {
        var totals: [(currency: String, minor: Int64)] = []
        for m in amounts {
            if let i = totals.firstIndex(where: { $0.currency == m.currency }) {
                let (sum, overflow) = totals[i].minor.addingReportingOverflow(m.minorUnits)
                guard !overflow else { throw TotalOverflow(currency: m.currency) }
                totals[i].minor = sum
            } else {
                totals.append((m.currency, m.minorUnits))
            }
        }
        return totals.map { Money(minorUnits: $0.minor, currency: $0.currency) }
    }

    /// Totals as people read them: `3,090.00 USD + 50.00 EUR`, or `0` for none.
    public static func describe(totals: [Money]) -> String {
        totals.isEmpty ? "0" : totals.map(\.description).joined(separator: " + ")
    }
}
