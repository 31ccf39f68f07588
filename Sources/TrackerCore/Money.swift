/// An exact amount: integer minor units plus an ISO 4217 currency code.
/// Never floating point.
public struct Money: Hashable, Sendable, CustomStringConvertible {
    public let minorUnits: Int64
    public let currency: String

    public init(minorUnits: Int64, currency: String) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Digits after the decimal point for a currency (ISO 4217 exponent);
    /// 2 for a code `Currency` does not know.
    public static func exponent(of currency: String) -> Int {
        Currency.exponent(currency) ?? 2
    }

    /// `1,200.50 USD`: grouped, with the currency's full precision.
    public var description: String { "\(Money.format(minorUnits, currency: currency)) \(currency)" }

    /// Formats minor units as a grouped decimal number without the code.
    public static func format(_ minor: Int64, currency: String) -> String {
        let exp = exponent(of: currency)
        var scale: Int64 = 1
        for _ in 0..<exp { scale *= 10 }
        let negative = minor < 0
        let magnitude = minor.magnitude
        let whole = magnitude / UInt64(scale), fraction = magnitude % UInt64(scale)
        var digits = Array(String(whole))
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + String(digits.suffix(3)) + grouped
            digits.removeLast(3)
        }
        grouped = String(digits) + grouped
        var out = negative ? "-" + grouped : grouped
        if exp > 0 {
            let f = String(fraction)
            out += "." + String(repeating: "0", count: exp - f.count) + f
        }
        return out
    }

    /// Decimal text of the amount without grouping, e.g. `1200.50`, for JSON/CSV.
    public var plainAmount: String {
        Money.format(minorUnits, currency: currency).replacingOccurrences(",", with: "")
    }
}

/// Why a money text was refused; the message names the fix.
public struct MoneyParseError: Error, Equatable, Sendable {
    public let message: String
}

extension Money {
    private static let symbols: [Character: String] = ["$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"]

    /// Accepts `1200`, `1,200.50`, `$1200`, `1200 USD`, `USD 1200`, `€12.5`.
    /// Commas group thousands only; the fraction may not be finer than the
    /// currency's minor unit; negative amounts and codes that are not
    /// ISO 4217 are refused.
    public static func parse(_ input: String, defaultCurrency: String = "USD") throws(MoneyParseError) -> Money {
        let amount = try AmountText(input, defaultCurrency: defaultCurrency)
        let exp = exponent(of: amount.currency)
        guard amount.fraction.count <= exp else {
            throw MoneyParseError(message: "'\(input)' has more decimals than \(amount.currency) allows (\(exp)); round it to \(exp) decimal\(exp == 1 ? "" : "s")")
        }
        guard let minor = amount.scaled(to: exp, maxDigits: 18) else {
            throw MoneyParseError(message: "amount '\(input)' is too large")
        }
        return Money(minorUnits: minor, currency: amount.currency)
    }
}

/// A written amount split into its parts, before it is scaled: the
/// currency (from a symbol, a code before or after the number, or the
/// default) and the decimal digits. Shared by `Money.parse` and
/// `TokenRate.parse`, which differ only in how many decimals they allow.
struct AmountText {
    /// An active ISO 4217 code, upper case.
    let currency: String
    /// The digits before the point, grouping commas removed; not empty.
    let whole: String
    /// The digits after the point; empty when there is no point.
    let fraction: String

    private static let symbols: [Character: String] = ["$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"]

    /// Splits `input`, refusing what is not a non-negative decimal amount
    /// with at most one currency, and codes that are not ISO 4217.
    init(_ input: String, defaultCurrency: String) throws(MoneyParseError) {
        let notAmount = MoneyParseError(message: "'\(input)' is not an amount; write it like 1200, 1,200.50, $1200 or 1200 USD")
        var text = Substring(input.trimmingWhitespace())
        var currency: String?
        if let first = text.first, let code = Self.symbols[first] {
            currency = code
            text = text.dropFirst().drop(while: { $0 == " " })
        }
        // A three-letter code before or after the number.
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        var number = Substring(text)
        if words.count == 2 {
            let (a, b) = (words[0], words[1])
            let codeWord: Substring, numberWord: Substring
            if a.allSatisfy({ $0.isLetter }) { (codeWord, numberWord) = (a, b) } else { (codeWord, numberWord) = (b, a) }
            guard codeWord.count == 3, codeWord.allSatisfy({ $0.isASCII && $0.isLetter }) else { throw notAmount }
            let code = codeWord.uppercased()
            if let symbolCode = currency, symbolCode != code {
                throw MoneyParseError(message: "'\(input)' names two currencies; write one, e.g. 1200 \(code)")
            }
            currency = code
            number = numberWord
        } else if words.count != 1 {
            throw notAmount
        }
        let code = currency ?? defaultCurrency
        if number.hasPrefix("-") {
            throw MoneyParseError(message: "amount '\(input)' is negative; a cost is 0 or more")
        }
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let wholeText = parts.first, !wholeText.isEmpty else { throw notAmount }
        // Commas: groups of exactly three digits after the first group.
        let groups = wholeText.split(separator: ",", omittingEmptySubsequences: false)
        let groupsValid = groups.enumerated().allSatisfy { i, g in
            !g.isEmpty && g.allSatisfy { $0.isASCII && $0.isNumber } && (i == 0 ? g.count <= (groups.count > 1 ? 3 : 18) : g.count == 3)
        }
        guard groupsValid else { throw notAmount }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.allSatisfy({ $0.isASCII && $0.isNumber }), parts.count == 1 || !fraction.isEmpty else { throw notAmount }
        guard Currency.isKnown(code) else {
            throw MoneyParseError(message: "'\(input)': \(code) is not an ISO 4217 currency code; use one like USD, EUR or GBP")
        }
        self.currency = code
        self.whole = groups.joined()
        self.fraction = String(fraction)
    }

    /// The amount in units of 10^-`decimals` of the major unit, or nil when
    /// it has more than `maxDigits` digits or does not fit an Int64. The
    /// fraction must have at most `decimals` digits.
    func scaled(to decimals: Int, maxDigits: Int) -> Int64? {
        precondition(fraction.count <= decimals)
        let digits = whole + fraction + String(repeating: "0", count: decimals - fraction.count)
        guard digits.count <= maxDigits else { return nil }
        return Int64(digits)
    }
}

extension String {
    func replacingOccurrences(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
