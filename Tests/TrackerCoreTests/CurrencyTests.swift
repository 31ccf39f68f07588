import Testing
@testable import TrackerCore

@Suite("Currency (ISO 4217)")
struct CurrencyTests {
    @Test("exponents of active codes", arguments: [
        ("USD", 2), ("EUR", 2), ("GBP", 2), ("CHF", 2), ("HUF", 2), ("INR", 2),
        ("JPY", 0), ("KRW", 0), ("ISK", 0), ("VND", 0), ("CLP", 0), ("XAF", 0), ("XOF", 0), ("XPF", 0),
        ("UGX", 0), ("PYG", 0), ("UYI", 0), ("VUV", 0),
        ("BHD", 3), ("KWD", 3), ("OMR", 3), ("JOD", 3), ("TND", 3), ("IQD", 3), ("LYD", 3),
        ("CLF", 4), ("UYW", 4),
        ("XCG", 2), ("ZWG", 2), ("SLE", 2), ("VES", 2), ("VED", 2), ("STN", 2), ("MRU", 2),
    ])
    func exponents(code: String, exponent: Int) {
        #expect(Currency.exponent(code) == exponent)
        #expect(Currency.isKnown(code))
        #expect(Money.exponent(of: code) == exponent)
    }

    @Test("metals, funds without a minor unit, testing and withdrawn codes are unknown", arguments: [
        "XAU", "XAG", "XPT", "XPD", "XTS", "XXX", "XDR", "XSU", "XUA", "XBA", "XBB", "XBC", "XBD",
        "HRK", "CUC", "MRO", "STD", "VEF", "BYR", "ZWL", "LTL", "EEK", "DEM",
        "XYZ", "ABC", "usd", "", "US", "USDX",
    ])
    func unknown(code: String) {
        #expect(Currency.exponent(code) == nil)
        #expect(!Currency.isKnown(code))
        #expect(Money.exponent(of: code) == 2)
    }

    @Test("the list is three upper-case letters each, exponents 0 to 4")
    func shape() {
        #expect(Currency.codes.count > 150)
        for code in Currency.codes {
            #expect(code.count == 3 && code.allSatisfy { $0.isASCII && $0.isUppercase }, "\(code)")
            #expect((0...4).contains(Currency.exponent(code) ?? -1), "\(code)")
        }
    }
}
