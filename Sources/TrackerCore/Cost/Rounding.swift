/// Exact cost arithmetic: amounts are kept as integers at a fine scale,
/// summed exactly in Int128, and rounded to the currency's minor unit once,
/// at the end, half away from zero (half up, as costs are not negative).
///
/// Two scales:
/// - micros: millionths of the major unit (a `TokenRate`'s scale);
/// - token-micros: tokens × a rate's micros. A rate is per 1M tokens, so
///   token-micros divided by 10^6 are micros: 1,000 tokens at 2.50 USD is
///   1_000 × 2_500_000 = 2_500_000_000 token-micros = 2_500 micros = 0.0025 USD.
///
/// Inference cost is `calls × (tokensIn × priceIn + tokensOut × priceOut)`
/// in token-micros, then `minorUnits(tokenMicros:currency:)` once.
public enum Rounding {
    /// An exact amount in micros as minor units of `currency` (its ISO 4217
    /// exponent; 2 when unknown), rounded half away from zero; nil when the
    /// result does not fit an Int64.
    public static func minorUnits(micros: Int128, currency: String) -> Int64? {
        divide(micros, by: pow10(6 - Money.exponent(of: currency)))
    }

    /// Token-micros (see above) as minor units of `currency`: divided by
    /// 10^6 × 10^(6 − exponent) with one rounding, half away from zero; nil
    /// when the result does not fit an Int64.
    public static func minorUnits(tokenMicros: Int128, currency: String) -> Int64? {
        divide(tokenMicros, by: pow10(6) * pow10(6 - Money.exponent(of: currency)))
    }

    /// `tokens × rate.micros`, exactly, in token-micros (in the rate's
    /// currency). Never overflows: both factors fit 64 bits.
    public static func cost(tokens: Int64, rate: TokenRate) -> Int128 {
        Int128(tokens) * Int128(rate.micros)
    }

    /// `calls × (tokensIn × rateIn + tokensOut × rateOut)` in token-micros,
    /// exactly; nil when it does not fit an Int128. The two rates must be
    /// in the same currency (the caller checks).
    public static func inference(calls: Int64, tokensIn: Int64, rateIn: TokenRate,
                                 tokensOut: Int64, rateOut: TokenRate) -> Int128? {
        let (perCall, o1) = cost(tokens: tokensIn, rate: rateIn).addingReportingOverflow(cost(tokens: tokensOut, rate: rateOut))
        let (total, o2) = perCall.multipliedReportingOverflow(by: Int128(calls))
        return o1 || o2 ? nil : total
    }

    static func pow10(_ n: Int) -> Int128 {
        var p: Int128 = 1
        for _ in 0..<max(0, n) { p *= 10 }
        return p
    }

    /// `n / d` rounded half away from zero; `d` > 0.
    static func divide(_ n: Int128, by d: Int128) -> Int64? {
        var q = n / d
        let r = n % d
        if r.magnitude * 2 >= d.magnitude { q += n < 0 ? -1 : 1 }
        return Int64(exactly: q)
    }
}
