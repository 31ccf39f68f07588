import Foundation
import Testing
@testable import TrackerCore

@Suite("ExactDecimal")
struct ExactDecimalTests {
    @Test("per-token prices to micro-units per million tokens", arguments: [
        ("2.5e-06", 2_500_000), ("1e-05", 10_000_000), ("3.75e-07", 375_000), ("0.0000025", 2_500_000),
        ("0", 0), ("0.0", 0), ("-0", 0), ("-0.0e5", 0), ("1.5e-07", 150_000), ("6e-07", 600_000),
        ("1.25e-06", 1_250_000), ("2E-8", 20_000), ("1e-12", 1), ("4e-13", 0), ("5e-13", 1), ("1.5e-12", 2),
        ("1.49999e-12", 1), ("3.625e-09", 3_625), ("1", 1_000_000_000_000), ("0.000015", 15_000_000),
        ("1e+0", 1_000_000_000_000), ("1E-18", 0), ("1e-999999999999", 0), ("0e999999999999", 0),
    ] as [(String, Int64)])
    func prices(literal: String, expected: Int64) {
        #expect(ExactDecimal.scaled(literal, byPowerOf10: 12) == expected)
    }

    @Test("other powers, rounding half up")
    func powers() {
        #expect(ExactDecimal.scaled("12.345", byPowerOf10: 2) == 1235)
        #expect(ExactDecimal.scaled("12.344", byPowerOf10: 2) == 1234)
        #expect(ExactDecimal.scaled("0.5", byPowerOf10: 0) == 1)
        #expect(ExactDecimal.scaled("0.49", byPowerOf10: 0) == 0)
        #expect(ExactDecimal.scaled("2.5", byPowerOf10: 0) == 3)
        #expect(ExactDecimal.scaled("1234", byPowerOf10: -2) == 12)
        #expect(ExactDecimal.scaled("1250", byPowerOf10: -2) == 13)
        #expect(ExactDecimal.scaled("9223372036854775807", byPowerOf10: 0) == Int64.max)
        #expect(ExactDecimal.scaled("92233720368547758.07", byPowerOf10: 2) == Int64.max)
        #expect(ExactDecimal.scaled("9223372036854775807.4", byPowerOf10: 0) == Int64.max)
    }

    @Test("nil on overflow, negatives and non-numbers", arguments: [
        "9223372036854775808", "9223372036854775807.5", "1e19", "1e400", "99999999999999999999",
        "-1", "-2.5e-06", "", "-", "abc", "1.", ".5", "+1", "01", "1e", "1e+", "NaN", "Infinity", " 1", "1 ", "0x10", "1,5",
    ])
    func refusals(literal: String) {
        #expect(ExactDecimal.scaled(literal, byPowerOf10: literal == "1e19" ? 0 : 12) == nil)
    }

    @Test("huge powers never trap")
    func hugePowers() {
        #expect(ExactDecimal.scaled("1", byPowerOf10: Int.max) == nil)
        #expect(ExactDecimal.scaled("1", byPowerOf10: Int.min) == 0)
        #expect(ExactDecimal.scaled("0", byPowerOf10: Int.max) == 0)
        #expect(ExactDecimal.scaled("1e999999999999999999999", byPowerOf10: 0) == nil)
    }

    @Test("agrees with Foundation's Decimal on random literals")
    func agreesWithDecimal() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<5_000 {
            var digits = String(rng.below(9) + 1)
            for _ in 0..<rng.below(14) { digits += String(rng.below(10)) }
            let point = rng.below(digits.count + 1)
            var literal = point == digits.count ? digits : String(digits.prefix(point).isEmpty ? "0" : digits.prefix(point)) + "." + digits.dropFirst(point)
            if rng.below(2) == 0 { literal += "e\(rng.below(30) - 20)" }
            let p = rng.below(16)
            guard let d = Decimal(string: literal, locale: Locale(identifier: "en_US_POSIX")) else { continue }
            var scaled = d * pow(Decimal(10), p)
            var rounded = Decimal()
            NSDecimalRound(&rounded, &scaled, 0, .plain)
            let ours = ExactDecimal.scaled(literal, byPowerOf10: p)
            if rounded > Decimal(Int64.max) {
                #expect(ours == nil, "\(literal) x 10^\(p)")
            } else {
                #expect(ours.map { Decimal($0) } == rounded, "\(literal) x 10^\(p)")
            }
        }
    }
}
