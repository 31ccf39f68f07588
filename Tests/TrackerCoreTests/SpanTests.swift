import Testing
@testable import TrackerCore

@Suite("Span and RetrainPolicy")
struct SpanTests {
    @Test("parses count and unit", arguments: [
        ("90d", 90, Span.Unit.day), ("12w", 12, .week), ("6m", 6, .month), ("1y", 1, .year),
        ("0d", 0, .day), ("10000d", 10_000, .day), ("7D", 7, .day), ("2Y", 2, .year), ("007d", 7, .day),
    ])
    func parses(text: String, count: Int, unit: Span.Unit) throws {
        let s = try #require(Span(text))
        #expect(s.count == count)
        #expect(s.unit == unit)
    }

    @Test("refuses malformed spans", arguments: [
        "", "d", "-1d", "1x", "1.5y", "1", "y1", " 1d", "1d ", "1 d", "+1d", "10001d", "99999d",
        "100000d", "9999999999999999999999y", "1dd", "1e3d", "\u{0661}d", "１d", "never",
    ])
    func refuses(text: String) {
        #expect(Span(text) == nil)
    }

    @Test("description is the canonical text")
    func description() {
        #expect(span("90D").description == "90d")
        #expect(span("12w").description == "12w")
        #expect(span("007m").description == "7m")
    }

    @Test("after(): days, weeks, calendar months and years")
    func after() {
        let start = day("2024-01-31")
        #expect(span("90d").after(start) == day("2024-04-30"))
        #expect(span("2w").after(start) == day("2024-02-14"))
        #expect(span("1m").after(start) == day("2024-02-29"))
        #expect(span("6m").after(start) == day("2024-07-31"))
        #expect(span("1y").after(day("2024-02-29")) == day("2025-02-28"))
        #expect(span("4y").after(day("2024-02-29")) == day("2028-02-29"))
        #expect(span("0d").after(start) == start)
    }

    @Test("retrain policy parses spans and never")
    func policyParses() {
        #expect(RetrainPolicy("never") == .never)
        #expect(RetrainPolicy("NEVER") == .never)
        #expect(RetrainPolicy("Never") == .never)
        #expect(RetrainPolicy("6m") == .every(Span(count: 6, unit: .month)))
        #expect(RetrainPolicy("1y") == .default)
        #expect(RetrainPolicy("90d")?.description == "90d")
        #expect(RetrainPolicy.never.description == "never")
        #expect(RetrainPolicy.default.description == "1y")
    }

    @Test("retrain policy refuses zero and malformed text", arguments: [
        "0d", "0y", "0m", "0w", "", "nevers", "-1y", "1.5y", "1x", "d",
    ])
    func policyRefuses(text: String) {
        #expect(RetrainPolicy(text) == nil)
    }

    @Test("retrain-by day")
    func policyDue() {
        #expect(RetrainPolicy.default.due(trained: day("2024-02-29")) == day("2025-02-28"))
        #expect(RetrainPolicy("6m")?.due(trained: day("2024-08-31")) == day("2025-02-28"))
        #expect(RetrainPolicy.never.due(trained: day("2024-01-01")) == nil)
    }
}
