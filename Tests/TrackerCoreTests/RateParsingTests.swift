import Testing
@testable import TrackerCore

@Suite("TokenRate.parse")
struct RateParsingTests {
    @Test("accepts the money forms with up to six decimals, as micros", arguments: [
        ("2.50", Int64(2_500_000), "USD"),
        ("$2.50", 2_500_000, "USD"),
        ("2.50 USD", 2_500_000, "USD"),
        ("USD 2.50", 2_500_000, "USD"),
        ("2.5 usd", 2_500_000, "USD"),
        ("1,200", 1_200_000_000, "USD"),
        ("1,200.000001", 1_200_000_001, "USD"),
        ("0.075", 75_000, "USD"),
        ("0.000125 USD", 125, "USD"),
        ("0.000001", 1, "USD"),
        ("0", 0, "USD"),
        ("15", 15_000_000, "USD"),
        ("€0.4", 400_000, "EUR"),
        ("£3", 3_000_000, "GBP"),
        ("¥0.5", 500_000, "JPY"),
        ("0.123456 JPY", 123_456, "JPY"),
        ("0.0001 BHD", 100, "BHD"),
        ("  3.75  ", 3_750_000, "USD"),
        ("9223372036854.775807", Int64.max, "USD"),
    ])
    func accepts(text: String, micros: Int64, currency: String) throws {
        let rate = try TokenRate.parse(text)
        #expect(rate == TokenRate(micros: micros, currency: currency))
    }

    @Test("uses the default currency when none is written")
    func defaultCurrency() throws {
        #expect(try TokenRate.parse("0.3", defaultCurrency: "EUR") == TokenRate(micros: 300_000, currency: "EUR"))
        #expect(try TokenRate.parse("0.3 USD", defaultCurrency: "EUR").currency == "USD")
    }

    @Test("refuses negative, too precise, unknown, malformed, empty and too large rates", arguments: [
        "-1", "-0.075", "$-2", "0.0000001", "1.1234567 USD", "10 XYZ", "2.50 XAU", "", "   ", "abc", "1,20",
        ".5", "1.", "1e3", "$2.50 EUR", "9223372036854.775808", "9999999999999999999", "USD", "2.50 US",
    ])
    func refuses(text: String) {
        #expect(throws: MoneyParseError.self) { try TokenRate.parse(text) }
    }

    @Test("messages name the limit or the fix")
    func messages() {
        #expect(throws: MoneyParseError(message: "'0.0000001' has 7 decimals; a token rate has at most 6 (millionths), e.g. 0.000125")) {
            try TokenRate.parse("0.0000001")
        }
        #expect(throws: MoneyParseError(message: "amount '-0.075' is negative; a cost is 0 or more")) {
            try TokenRate.parse("-0.075")
        }
        #expect(throws: MoneyParseError(message: "'10 XYZ': XYZ is not an ISO 4217 currency code; use one like USD, EUR or GBP")) {
            try TokenRate.parse("10 XYZ")
        }
        #expect(throws: MoneyParseError(message: "rate '9223372036854.775808' is too large")) {
            try TokenRate.parse("9223372036854.775808")
        }
        #expect(throws: MoneyParseError(message: "'' is not an amount; write it like 1200, 1,200.50, $1200 or 1200 USD")) {
            try TokenRate.parse("")
        }
    }

    @Test("parse and description round-trip")
    func roundTrip() throws {
        for text in ["2.50 USD", "0.075 USD", "0.000125 USD", "15.00 EUR", "3 JPY", "0.5 JPY", "0.250 BHD"] {
            #expect(try TokenRate.parse(text).description == text)
        }
    }
}
