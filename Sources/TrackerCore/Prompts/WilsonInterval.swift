#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The 95% Wilson score interval of a success rate: honest for small samples
/// (8/10 is not 80/100) and never outside 0...1, unlike the normal
/// approximation.
public struct WilsonInterval: Sendable, Equatable {
    /// The z value of a two-sided 95% interval.
    public static let z = 1.96

    public let passed: Int
    public let total: Int
    /// The observed rate, passed / total.
    public let rate: Double
    /// The exact bounds, within 0...1.
    public let lower: Double
    public let upper: Double

    public init(_ e: EvalResult) {
        passed = e.passed
        total = e.total
        let n = Double(e.total), p = Double(e.passed) / n, z2 = Self.z * Self.z
        let denominator = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denominator
        let half = Self.z * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
        rate = p
        lower = e.passed == 0 ? 0 : max(0, center - half)
        upper = e.passed == e.total ? 1 : min(1, center + half)
    }

    /// A fraction as a whole percent, rounded half up.
    public static func percent(_ x: Double) -> Int { Int((x * 100 + 0.5).rounded(.down)) }

    public var ratePercent: Int { Self.percent(rate) }
    public var lowerPercent: Int { Self.percent(lower) }
    public var upperPercent: Int { Self.percent(upper) }

    /// `17/20 (85%, 95% CI 64-95%)`.
    public var description: String {
        "\(passed)/\(total) (\(ratePercent)%, 95% CI \(lowerPercent)-\(upperPercent)%)"
    }

    /// A fraction as a JSON number with at most 4 decimals: 0.85, 0.6396, 1.
    public static func decimal(_ x: Double) -> String {
        let scaled = Int((x * 10_000).rounded())
        var digits = String(scaled % 10_000)
        while digits.count < 4 { digits = "0" + digits }
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(scaled / 10_000)" + (digits.isEmpty ? "" : "." + digits)
    }

    /// The JSON fields: `passed`, `total`, `rate`, `ci95` ([lower, upper]).
    public var fields: [Field] {
        [Field("passed", .int(passed)), Field("total", .int(total)), Field("rate", .number(Self.decimal(rate))),
         Field("ci95", .numbers([Self.decimal(lower), Self.decimal(upper)]))]
    }

    /// A listing value: the object in JSON, the description in tables and CSV.
    public static func value(_ e: EvalResult?) -> Value {
        guard let e else { return .object(nil, flat: nil) }
        let w = WilsonInterval(e)
        return .object(w.fields, flat: w.description)
    }
}
