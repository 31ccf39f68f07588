import Testing
@testable import TrackerCore

/// Edge cases found in review: huge counts, far-future dates, aliases,
/// secrets pasted where a variable name belongs.
@Suite("Review fixes")
struct ReviewFixTests {
    @Test func evalPercentNeverTrapsOnHugeCounts() throws {
        let e = try #require(EvalResult(passed: 100_000_000_000_000_000, total: 100_000_000_000_000_000))
        #expect(e.percent == 100)
        #expect(e.meets(percent: 80))
        let low = try #require(EvalResult(passed: Int.max / 2, total: Int.max))
        #expect(low.percent == 49)
        #expect(!low.meets(percent: 80))
        #expect(try #require(EvalResult(passed: 4, total: 5)).meets(percent: 80))
        #expect(!(try #require(EvalResult(passed: 79, total: 100)).meets(percent: 80)))
    }

    @Test func dateArithmeticStopsAt9999() {
        let late = day("9999-06-01")
        #expect(Span(count: 1, unit: .year).after(late) == Day.max)
        #expect(Span(count: 10_000, unit: .year).after(day("2026-01-01")) == Day.max)
        #expect(Span(count: 10_000, unit: .day).after(late) == Day.max)
        #expect(Day.max.description == "9999-12-31")
        var bytes: [UInt8] = []
        Day.max.appendISO(to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "9999-12-31")
    }

    @Test func anAliasIsNeverSupersededByDateNorSupersedesSnapshots() {
        let alias = base(1, "openai/gpt-4o@current", released: "2024-05-13")
        let old = base(2, "openai/gpt-4o@2024-05-13", released: "2024-05-13")
        let new = base(3, "openai/gpt-4o@2024-08-06", released: "2024-08-06")
        let late = base(4, "google/gemini-2.0-flash@current", released: "2026-11-29")
        let snap = base(5, "google/gemini-2.0-flash@001", released: "2025-02-05")
        let s = DueRules.standings(of: [alias, old, new, late, snap], now: day("2026-11-29"))
        #expect(s[1]?.supersededBy == nil)
        #expect(s[2]?.supersededBy == 3)
        #expect(s[5]?.supersededBy == nil)
    }

    @Test func pastedSecretsAreNotVariableNames() {
        #expect(ChannelRules.isVariableName("SLACK_WEBHOOK_URL"))
        #expect(ChannelRules.isVariableName("_X1"))
        #expect(!ChannelRules.isVariableName("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        #expect(!ChannelRules.isVariableName("xoxb_123456"))
        #expect(!ChannelRules.isVariableName(String(repeating: "A", count: 65)))
        #expect(!ChannelRules.isVariableName("https://hooks.slack.com/services/T/B/X"))
        #expect(!ChannelRules.isVariableName("1ABC"))
        #expect(ChannelRules.smtpURLProblem("smtp://mail.example.com:587") == nil)
        #expect(ChannelRules.smtpURLProblem("smtp://u:pw@mail.example.com:587")?.contains("credentials") == true)
        #expect(ChannelRules.smtpURLProblem("http://mail.example.com") != nil)
    }
}
