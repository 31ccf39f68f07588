import Testing
@testable import TrackerCore

@Suite("Money")
struct MoneyTests {
    @Test("accepts the documented shapes", arguments: [
        ("1200", Int64(120_000), "USD"),
        ("1,200.50", 120_050, "USD"),
        ("$1200", 120_000, "USD"),
        ("$ 1200", 120_000, "USD"),
        ("1200 USD", 120_000, "USD"),
        ("USD 1200", 120_000, "USD"),
        ("1200 usd", 120_000, "USD"),
        ("$1,200.50 USD", 120_050, "USD"),
        ("€12.5", 1_250, "EUR"),
        ("£0.99", 99, "GBP"),
        ("¥1200", 1_200, "JPY"),
        ("1200 JPY", 1_200, "JPY"),
        ("12.345 KWD", 12_345, "KWD"),
        ("12.3 KWD", 12_300, "KWD"),
        ("0", 0, "USD"),
        ("0.05", 5, "USD"),
        ("  1200  ", 120_000, "USD"),
        ("1,234,567.89", 123_456_789, "USD"),
        ("9999999999999999.99", 999_999_999_999_999_999, "USD"),
        ("1.2345 CLF", 12_345, "CLF"),
        ("CLF 0.0001", 1, "CLF"),
        ("12.3456 UYW", 123_456, "UYW"),
        ("1.5 BHD", 1_500, "BHD"),
        ("1200 ISK", 1_200, "ISK"),
        ("10 chf", 1_000, "CHF"),
    ])
    func accepts(text: String, minor: Int64, currency: String) throws {
        let m = try Money.parse(text)
        #expect(m.minorUnits == minor)
        #expect(m.currency == currency)
    }

    @Test("uses the default currency when none is written")
    func defaultCurrency() throws {
        #expect(try Money.parse("1200", defaultCurrency: "EUR") == Money(minorUnits: 120_000, currency: "EUR"))
        #expect(try Money.parse("1200", defaultCurrency: "JPY") == Money(minorUnits: 1_200, currency: "JPY"))
        #expect(try Money.parse("1200 USD", defaultCurrency: "EUR").currency == "USD")
    }

    @Test("refuses malformed, negative, too precise and too large amounts", arguments: [
        "1,20", "12,00.5", "1,2000", ",200", "1,,200", "-5", "$-5", "-$5", "- 5", "1.234", "1200 US", "1200 USDX",
        "abc", "", "   ", "$1200 EUR", "USD 1200 EUR", "12 00", "1200.", ".5", "1.2.3", "1200USD",
        "1200.5 JPY", "12.3456 KWD", "1e3", "0x10",
        "99999999999999999.00", "100000000000000000", "1234567890123456789", "9,999,999,999,999,999,999",
        "99999999999999999999999999999", "١٢٠٠", "$", "USD", "€", "1200 €", "USD EUR", "1200 12", "1200 U5D",
        "10 XYZ", "XYZ 10", "10 xyz", "10 XAU", "10 XTS", "10 XXX", "10 XDR", "10 HRK", "1.23456 CLF", "1.5 ISK",
    ])
    func refuses(text: String) {
        #expect(throws: MoneyParseError.self) { try Money.parse(text) }
    }

    @Test("error messages name the fix")
    func messages() {
        #expect(throws: MoneyParseError(message: "amount '-5' is negative; a cost is 0 or more")) {
            try Money.parse("-5")
        }
        #expect(throws: MoneyParseError(message: "'1.234' has more decimals than USD allows (2); round it to 2 decimals")) {
            try Money.parse("1.234")
        }
        #expect(throws: MoneyParseError(message: "'$1200 EUR' names two currencies; write one, e.g. 1200 EUR")) {
            try Money.parse("$1200 EUR")
        }
        #expect(throws: MoneyParseError(message: "'abc' is not an amount; write it like 1200, 1,200.50, $1200 or 1200 USD")) {
            try Money.parse("abc")
        }
        #expect(throws: MoneyParseError(message: "'10 XYZ': XYZ is not an ISO 4217 currency code; use one like USD, EUR or GBP")) {
            try Money.parse("10 XYZ")
        }
        #expect(throws: MoneyParseError(message: "'xau 10': XAU is not an ISO 4217 currency code; use one like USD, EUR or GBP")) {
            try Money.parse("xau 10")
        }
        #expect(throws: MoneyParseError(message: "'1.23456 CLF' has more decimals than CLF allows (4); round it to 4 decimals")) {
            try Money.parse("1.23456 CLF")
        }
        #expect(throws: MoneyParseError(message: "amount '-5 EUR' is negative; a cost is 0 or more")) {
            try Money.parse("-5 EUR")
        }
        #expect(throws: MoneyParseError(message: "amount '99999999999999999.00' is too large")) {
            try Money.parse("99999999999999999.00")
        }
    }

    @Test("description groups thousands and keeps full precision", arguments: [
        (Int64(120_050), "USD", "1,200.50 USD"),
        (120_000, "USD", "1,200.00 USD"),
        (5, "USD", "0.05 USD"),
        (0, "USD", "0.00 USD"),
        (99, "USD", "0.99 USD"),
        (100_000, "USD", "1,000.00 USD"),
        (99_999, "USD", "999.99 USD"),
        (123_456_789_012, "USD", "1,234,567,890.12 USD"),
        (1_200, "JPY", "1,200 JPY"),
        (999, "JPY", "999 JPY"),
        (1_000_000, "JPY", "1,000,000 JPY"),
        (12_345, "KWD", "12.345 KWD"),
        (5, "KWD", "0.005 KWD"),
        (1_250, "EUR", "12.50 EUR"),
        (-120_050, "USD", "-1,200.50 USD"),
        (Int64.max, "USD", "92,233,720,368,547,758.07 USD"),
    ])
    func description(minor: Int64, currency: String, expected: String) {
        #expect(Money(minorUnits: minor, currency: currency).description == expected)
    }

    @Test("plainAmount is the ungrouped decimal")
    func plainAmount() {
        #expect(Money(minorUnits: 120_050, currency: "USD").plainAmount == "1200.50")
        #expect(Money(minorUnits: 123_456_789, currency: "USD").plainAmount == "1234567.89")
        #expect(Money(minorUnits: 1_200_000, currency: "JPY").plainAmount == "1200000")
        #expect(Money(minorUnits: 5, currency: "KWD").plainAmount == "0.005")
        #expect(Money(minorUnits: 0, currency: "EUR").plainAmount == "0.00")
    }

    @Test("parse and description round-trip")
    func roundTrip() throws {
        for text in ["1,200.50 USD", "0.05 USD", "1,234,567 JPY", "12.345 KWD", "999.00 EUR"] {
            #expect(try Money.parse(text).description == text)
        }
    }

    @Test("currency exponents")
    func exponents() {
        #expect(Money.exponent(of: "USD") == 2)
        #expect(Money.exponent(of: "EUR") == 2)
        #expect(Money.exponent(of: "JPY") == 0)
        #expect(Money.exponent(of: "KRW") == 0)
        #expect(Money.exponent(of: "KWD") == 3)
        #expect(Money.exponent(of: "CLF") == 4)
        #expect(Money.exponent(of: "XYZ") == 2)
    }

    @Test("an unknown default currency is refused too")
    func unknownDefault() {
        #expect(throws: MoneyParseError(message: "'10': XYZ is not an ISO 4217 currency code; use one like USD, EUR or GBP")) {
            try Money.parse("10", defaultCurrency: "XYZ")
        }
    }
}
