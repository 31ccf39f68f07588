/// Exact decimal arithmetic on number literals, without floating point.
///
/// Catalog prices are written per token as JSON numbers (`2.5e-06`); tracker
/// keeps money as integers, so a price is scaled by a power of ten straight
/// from its decimal digits. Going through `Double` would turn 3.75e-07 x 10^12
/// into 374999.99999999994 on a bad day; this never does.
public enum ExactDecimal {
    /// The literal times 10^p as an integer, e.g. with p = 12 (micro-units per
    /// million tokens): `2.5e-06` -> 2500000, `1e-05` -> 10000000,
    /// `3.75e-07` -> 375000, `0` -> 0.
    ///
    /// Accepts the JSON number grammar (`-? int frac? exp?`). Digits left
    /// beyond the units place are rounded half up (`0.5` -> 1, `0.49` -> 0).
    /// Returns nil when the text is not a JSON number, when the value is
    /// negative (a negative zero such as `-0.0` is zero), or when the result
    /// does not fit `Int64`.
    public static func scaled(_ literal: String, byPowerOf10 p: Int) -> Int64? {
        var bytes = Array(literal.utf8)
        var k = 0
        var negative = false
        if k < bytes.count, bytes[k] == UInt8(ascii: "-") { negative = true; k += 1 }
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

        // Significant digits (integer then fraction) and how many were fraction.
        var digits: [UInt8] = []
        let intStart = k
        while k < bytes.count, isDigit(bytes[k]) { digits.append(bytes[k] - 0x30); k += 1 }
        let intCount = k - intStart
        guard intCount > 0, !(intCount > 1 && bytes[intStart] == 0x30) else { return nil }
        var fractionCount = 0
        if k < bytes.count, bytes[k] == UInt8(ascii: ".") {
            k += 1
            let s = k
            while k < bytes.count, isDigit(bytes[k]) { digits.append(bytes[k] - 0x30); k += 1 }
            fractionCount = k - s
            guard fractionCount > 0 else { return nil }
        }
        // Exponent, saturated at 10^17 either way (so the sums below cannot
        // overflow); a value that far out is 0 or too large whatever p is.
        let limit = 100_000_000_000_000_000
        var exponent = 0
        if k < bytes.count, bytes[k] == UInt8(ascii: "e") || bytes[k] == UInt8(ascii: "E") {
            k += 1
            var expNegative = false
            if k < bytes.count, bytes[k] == UInt8(ascii: "+") || bytes[k] == UInt8(ascii: "-") {
                expNegative = bytes[k] == UInt8(ascii: "-")
                k += 1
            }
            let s = k
            while k < bytes.count, isDigit(bytes[k]) {
                exponent = min(limit, exponent * 10 + Int(bytes[k] - 0x30))
                k += 1
            }
            guard k > s else { return nil }
            if expNegative { exponent = -exponent }
        }
        guard k == bytes.count else { return nil }
        bytes = []

        // Drop leading zeros; zero is zero whatever its sign or exponent.
        guard let firstNonZero = digits.firstIndex(where: { $0 != 0 }) else { return 0 }
        if negative { return nil }
        digits.removeFirst(firstNonZero)

        // value = digits x 10^shift
        let clampedP = max(-limit, min(limit, p))
        let shift = exponent - fractionCount + clampedP
        if shift >= 0 {
            // Every digit is kept; zeros are appended. 19 digits is Int64's most.
            guard digits.count + shift <= 19 else { return nil }
            var value: Int64 = 0
            for d in digits {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(d))
                if o1 || o2 { return nil }
                value = a
            }
            for _ in 0..<shift {
                let (m, overflow) = value.multipliedReportingOverflow(by: 10)
                if overflow { return nil }
                value = m
            }
            return value
        }
        // Some digits fall below the units place: keep the rest, round half up.
        let dropped = -shift
        if dropped > digits.count {
            return 0 // below 0.1 after scaling: rounds to 0
        }
        let keptCount = digits.count - dropped
        guard keptCount <= 19 else { return nil }
        var value: Int64 = 0
        for d in digits[0..<keptCount] {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(d))
            if o1 || o2 { return nil }
            value = a
        }
        if digits[keptCount] >= 5 {
            let (a, o) = value.addingReportingOverflow(1)
            if o { return nil }
            value = a
        }
        return value
    }
}
