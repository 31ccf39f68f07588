/// An exact amount: integer minor units plus an ISO 4217 currency code.
/// Never floating point.
public struct Money: Hashable, Sendable, CustomStringConvertible {
    public let minorUnits: Int64
    public let currency: String

    public init(minorUnits: Int64, currency: String) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Digits after the decimal point for a currency (ISO 4217 exponent).
    public static func exponent(of currency: String) -> Int {
        switch currency {
        case "JPY", "KRW", "VND", "CLP", "ISK", "HUF", "UGX", "XAF", "XOF", "PYG", "RWF": return 0
        case "BHD", "KWD", "OMR", "JOD", "TND", "IQD", "LYD": return 3
        default: return 2
        }
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
    /// currency's minor unit; negative amounts are refused.
    public static func parse(_ input: String, defaultCurrency: String = "USD") throws(MoneyParseError) -> Money {
        var text = Substring(input.trimmingWhitespace())
        var currency: String?
        if let first = text.first, let code = symbols[first] {
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
            guard codeWord.count == 3, codeWord.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw MoneyParseError(message: "'\(input)' is not an amount; write it like 1200, 1,200.50, $1200 or 1200 USD")
            }
            let code = codeWord.uppercased()
            if let symbolCode = currency, symbolCode != code {
                throw MoneyParseError(message: "'\(input)' names two currencies; write one, e.g. 1200 \(code)")
            }
            currency = code
            number = numberWord
        } else if words.count != 1 {
            throw MoneyParseError(message: "'\(input)' is not an amount; write it like 1200, 1,200.50, $1200 or 1200 USD")
        }
        let code = currency ?? defaultCurrency
        let exp = exponent(of: code)
        if number.hasPrefix("-") {
            throw MoneyParseError(message: "amount '\(input)' is negative; a cost is 0 or more")
        }
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let wholeText = parts.first, !wholeText.isEmpty else {
            throw MoneyParseError(message: "'\(input)' is not an amount; write it like 1200, 1,200.50, $1200 or 1200 USD")
        }
        // Commas: groups of exactly three digits after the first group.
        let groups = wholeText.split(separator: ",", omittingEmptySubsequences: false)
        let groupsValid = groups.enumerated().allSatisfy { i, g in
            !g.isEmpty && g.allSatisfy { $0.isASCII && $0.isNumber } && (i == 0 ? g.count <= (groups.count > 1 ? 3 : 18) : g.count == 3)
        }
        guard groupsValid else {
            throw MoneyParseError(message: "'\(input)' is not an amount; write it like 1200, 1,200.50, $1200 or 1200 USD")
        }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.allSatisfy({ $0.isASCII && $0.isNumber }), parts.count == 1 || !fraction.isEmpty else {
            throw MoneyParseError(message: "'\(input)' is not an amount; write it like 1200, 1,200.50, $1200 or 1200 USD")
        }
        guard fraction.count <= exp else {
            throw MoneyParseError(message: "'\(input)' has more decimals than \(code) allows (\(exp)); round it to \(exp) decimal\(exp == 1 ? "" : "s")")
        }
        let digits = groups.joined() + fraction + String(repeating: "0", count: exp - fraction.count)
        guard digits.count <= 18, let minor = Int64(digits) else {
            throw MoneyParseError(message: "amount '\(input)' is too large")
        }
        return Money(minorUnits: minor, currency: code)
    }
}

extension String {
    func replacingOccurrences(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
