import Testing
@testable import TrackerCore

@Suite("Rounding")
struct RoundingTests {
    let usd = { (m: Int64) in TokenRate(micros: m, currency: "USD") }

    @Test("inference cost is summed exactly and rounded once")
    func inferenceExact() throws {
        // Per call: 500 × 3.75 + 200 × 15 = 1,875,000,000 + 3,000,000,000 token-micros.
        let total = try #require(Rounding.inference(calls: 1_000_000, tokensIn: 500, rateIn: usd(3_750_000),
                                                    tokensOut: 200, rateOut: usd(15_000_000)))
        #expect(total == 4_875_000_000_000_000)
        // ÷ 10^6 (per 1M tokens) ÷ 10^4 (micros → cents) = 487,500 cents = 4,875.00 USD.
        #expect(Rounding.minorUnits(tokenMicros: total, currency: "USD") == 487_500)
        #expect(Money(minorUnits: 487_500, currency: "USD").description == "4,875.00 USD")
    }

    @Test("token costs in USD", arguments: [
        // 1 token at 0.075 per 1M = 0.000000075 USD → 0.00.
        (Int64(1), Int64(75_000), Int64(0)),
        // 20,000,000 tokens at 0.075 per 1M = 1.50 USD.
        (20_000_000, 75_000, 150),
        // 2,000 tokens at 2.50 per 1M = 0.005 USD: a half cent rounds up.
        (2_000, 2_500_000, 1),
        // 1,999 tokens at 2.50 per 1M = 0.0049975 USD → 0.00.
        (1_999, 2_500_000, 0),
        // 6,000 tokens at 2.50 per 1M = 0.015 USD → 0.02.
        (6_000, 2_500_000, 2),
        // 1,000,000 tokens at 0.000125 per 1M = 0.000125 USD → 0.00.
        (1_000_000, 125, 0),
        (0, 15_000_000, 0),
    ])
    func usdCosts(tokens: Int64, micros: Int64, cents: Int64) {
        let tm = Rounding.cost(tokens: tokens, rate: usd(micros))
        #expect(tm == Int128(tokens) * Int128(micros))
        #expect(Rounding.minorUnits(tokenMicros: tm, currency: "USD") == cents)
    }

    @Test("JPY has no minor unit: rounds to whole yen")
    func yen() {
        // 1,000,000 tokens at 150.5 JPY per 1M = 150.5 JPY → 151.
        let half = Rounding.cost(tokens: 1_000_000, rate: TokenRate(micros: 150_500_000, currency: "JPY"))
        #expect(Rounding.minorUnits(tokenMicros: half, currency: "JPY") == 151)
        // 999,999 tokens at 150.5 per 1M = 150.4998495 JPY → 150.
        let below = Rounding.cost(tokens: 999_999, rate: TokenRate(micros: 150_500_000, currency: "JPY"))
        #expect(Rounding.minorUnits(tokenMicros: below, currency: "JPY") == 150)
        #expect(Rounding.minorUnits(micros: 499_999, currency: "JPY") == 0)
        #expect(Rounding.minorUnits(micros: 500_000, currency: "JPY") == 1)
        #expect(Rounding.minorUnits(micros: 2_000_000, currency: "JPY") == 2)
    }

    @Test("BHD has three decimals: rounds to whole fils")
    func bahrain() {
        // 10,000,000 tokens at 0.3775 BHD per 1M = 3.775 BHD = 3,775 fils, exactly.
        let exact = Rounding.cost(tokens: 10_000_000, rate: TokenRate(micros: 377_500, currency: "BHD"))
        #expect(Rounding.minorUnits(tokenMicros: exact, currency: "BHD") == 3_775)
        // 1,000,000 tokens at 0.0125 BHD per 1M = 0.0125 BHD = 12.5 fils → 13.
        let half = Rounding.cost(tokens: 1_000_000, rate: TokenRate(micros: 12_500, currency: "BHD"))
        #expect(Rounding.minorUnits(tokenMicros: half, currency: "BHD") == 13)
        #expect(Rounding.minorUnits(micros: 1_499, currency: "BHD") == 1)
        #expect(Rounding.minorUnits(micros: 1_500, currency: "BHD") == 2)
    }

    @Test("micros to minor units, half away from zero")
    func micros() {
        #expect(Rounding.minorUnits(micros: 0, currency: "USD") == 0)
        #expect(Rounding.minorUnits(micros: 4_999, currency: "USD") == 0)
        #expect(Rounding.minorUnits(micros: 5_000, currency: "USD") == 1)
        #expect(Rounding.minorUnits(micros: 1_234_567, currency: "USD") == 123)
        #expect(Rounding.minorUnits(micros: 1_235_000, currency: "USD") == 124)
        #expect(Rounding.minorUnits(micros: -5_000, currency: "USD") == -1)
        #expect(Rounding.minorUnits(micros: -4_999, currency: "USD") == 0)
        #expect(Rounding.minorUnits(micros: 12_345_650, currency: "CLF") == 123_457)
        #expect(Rounding.minorUnits(micros: 12_345_649, currency: "CLF") == 123_456)
    }

    @Test("results that do not fit 64 bits are nil, never wrapped")
    func overflow() {
        let max = Int128(Int64.max)
        #expect(Rounding.minorUnits(micros: max * 10_000, currency: "USD") == Int64.max)
        #expect(Rounding.minorUnits(micros: max * 10_000 + 5_000, currency: "USD") == nil)
        #expect(Rounding.minorUnits(tokenMicros: max * 10_000_000_000, currency: "USD") == Int64.max)
        #expect(Rounding.minorUnits(tokenMicros: Int128.max, currency: "USD") == nil)
        // Int64.max tokens at the largest rate still fits Int128 ...
        let big = Rounding.cost(tokens: .max, rate: usd(.max))
        #expect(big == max * max)
        // ... but Int64.max calls of it does not.
        #expect(Rounding.inference(calls: .max, tokensIn: .max, rateIn: usd(.max), tokensOut: .max, rateOut: usd(.max)) == nil)
        #expect(Rounding.inference(calls: 2, tokensIn: 1, rateIn: usd(1), tokensOut: 1, rateOut: usd(2)) == 6)
    }
}
