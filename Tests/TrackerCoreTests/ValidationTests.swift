import Testing
@testable import TrackerCore

@Suite("TextRule and EvalResult")
struct ValidationTests {
    @Test("a name is trimmed of surrounding spaces")
    func trimsName() {
        #expect(TextRule.name("  support-bot  ", field: "name") == .success("support-bot"))
        #expect(TextRule.name("support bot v2", field: "name") == .success("support bot v2"))
        #expect(TextRule.name("\u{00A0}ünïcödé 名前\u{3000}", field: "name") == .success("ünïcödé 名前"))
    }

    @Test("an empty or blank name is refused with a message naming the field", arguments: [
        "", " ", "     ", "\u{00A0}", "\u{3000} ",
    ])
    func refusesBlank(raw: String) {
        #expect(TextRule.name(raw, field: "owner")
                == .failure(FieldError(field: "owner", message: "owner is empty; give a non-blank owner")))
    }

    @Test("control characters are refused, also C1 and line separators", arguments: [
        ("bad\nname", "000A"), ("bad\tname", "0009"), ("bell\u{7}", "0007"), ("nel\u{85}x", "0085"),
        ("ls\u{2028}x", "2028"), ("ps\u{2029}x", "2029"), ("del\u{7F}", "007F"), ("cr\r", "000D"),
        ("nul\u{0}", "0000"), ("esc\u{1B}[31m", "001B"), ("\nleading", "000A"), ("trailing\n", "000A"),
        ("  padded\t", "0009"), ("csi\u{9B}", "009B"),
    ])
    func refusesControl(raw: String, hex: String) {
        let result = TextRule.name(raw, field: "name")
        #expect(result == .failure(FieldError(
            field: "name", message: "name contains a control character (U+\(hex)); use printable text")))
    }

    @Test("over-long names are refused; the limit itself is fine")
    func length() {
        let limit = String(repeating: "a", count: TextRule.maxNameLength)
        #expect(TextRule.name(limit, field: "name") == .success(limit))
        #expect(TextRule.name("  " + limit + "  ", field: "name") == .success(limit))
        let long = limit + "b"
        #expect(TextRule.name(long, field: "task")
                == .failure(FieldError(field: "task", message: "task is 201 characters long; use at most 200")))
        // Characters, not bytes: 200 multi-byte characters are fine.
        let wide = String(repeating: "é", count: 200)
        #expect(TextRule.name(wide, field: "name") == .success(wide))
    }

    @Test("free text follows the same rules with its own limit")
    func freeText() {
        #expect(TextRule.text("  retrained on new data ", field: "reason") == .success("retrained on new data"))
        #expect(TextRule.text("two\nlines", field: "reason") == .failure(FieldError(
            field: "reason", message: "reason contains a control character (U+000A); use printable text on one line")))
        #expect(TextRule.text("  ", field: "reason") == .failure(FieldError(
            field: "reason", message: "reason is empty; give some text or leave the option out")))
        #expect(TextRule.text("abcdef", field: "reason", maxLength: 5) == .failure(FieldError(
            field: "reason", message: "reason is 6 characters long; use at most 5")))
        let max = String(repeating: "x", count: 2000)
        #expect(TextRule.text(max, field: "reason") == .success(max))
        if case .success = TextRule.text(String(repeating: "x", count: 2001), field: "reason") {
            Issue.record("2001 characters should exceed the default limit")
        }
    }

    @Test("a field error is a usage failure")
    func fieldErrorFailure() {
        let e = FieldError(field: "name", message: "name is empty; give a non-blank name")
        #expect(e.failure == Failure(.usage, "name is empty; give a non-blank name"))
        #expect(e.failure.kind.rawValue == 64)
    }

    @Test("sha256 accepts 64 hex digits and lower-cases them")
    func sha256() {
        let hex = String(repeating: "ab", count: 32)
        #expect(TextRule.sha256(hex) == hex)
        #expect(TextRule.sha256(hex.uppercased()) == hex)
        #expect(TextRule.sha256(String(hex.dropLast())) == nil)
        #expect(TextRule.sha256(String(hex.dropLast()) + "g") == nil)
        #expect(TextRule.sha256("") == nil)
    }

    @Test("eval results parse passed/total", arguments: [
        ("46/50", 46, 50, 92), ("0/5", 0, 5, 0), ("50/50", 50, 50, 100), ("8/10", 8, 10, 80),
        ("2/3", 2, 3, 66), ("799/1000", 799, 1000, 79),
    ])
    func evalParses(text: String, passed: Int, total: Int, percent: Int) throws {
        let e = try #require(EvalResult(text))
        #expect(e.passed == passed)
        #expect(e.total == total)
        #expect(e.percent == percent)
        #expect(e.description == text)
    }

    @Test("eval results refuse impossible or malformed text", arguments: [
        "51/50", "0/0", "5/0", "a/b", "46", "46/", "/50", "46/50/1", "-1/5", "4.5/10", " 4/5", "4/5 ",
        "4 / 5", "+4/5", "", "/", "1234567890/1234567890", "\u{0664}/\u{0665}",
    ])
    func evalRefuses(text: String) {
        #expect(EvalResult(text) == nil)
    }

    @Test("eval results from numbers")
    func evalNumbers() {
        #expect(EvalResult(passed: 3, total: 4)?.percent == 75)
        #expect(EvalResult(passed: -1, total: 4) == nil)
        #expect(EvalResult(passed: 5, total: 4) == nil)
        #expect(EvalResult(passed: 0, total: 0) == nil)
    }
}
