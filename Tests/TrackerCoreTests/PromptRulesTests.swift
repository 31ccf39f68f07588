import Testing
@testable import TrackerCore

/// The Wilson interval against known values, the unified diff against
/// hand-made cases, the prompt text rules and eval subjects.
@Suite struct PromptRulesTests {
    func wilson(_ p: Int, _ n: Int) -> WilsonInterval { WilsonInterval(EvalResult(passed: p, total: n)!) }

    @Test func wilsonMatchesKnownValues() {
        for (p, n, lower, upper) in [(8, 10, 0.4902, 0.9433), (17, 20, 0.6396, 0.9476), (0, 10, 0.0, 0.2775),
                                     (10, 10, 0.7225, 1.0)] {
            let w = wilson(p, n)
            #expect(abs(w.lower - lower) < 0.00005, "\(p)/\(n) lower \(w.lower)")
            #expect(abs(w.upper - upper) < 0.00005, "\(p)/\(n) upper \(w.upper)")
        }
        #expect(wilson(17, 20).description == "17/20 (85%, 95% CI 64-95%)")
        #expect(wilson(8, 10).description == "8/10 (80%, 95% CI 49-94%)")
        #expect(wilson(0, 10).description == "0/10 (0%, 95% CI 0-28%)")
        #expect(wilson(10, 10).description == "10/10 (100%, 95% CI 72-100%)")
        // Sample size matters: 80/100 is much tighter than 8/10.
        #expect(wilson(80, 100).upper - wilson(80, 100).lower < wilson(8, 10).upper - wilson(8, 10).lower)
        #expect(wilson(0, 10).lower == 0 && wilson(10, 10).upper == 1)
    }

    @Test func wilsonJSONHasFourDecimals() {
        #expect(WilsonInterval.decimal(wilson(17, 20).lower) == "0.6396")
        #expect(WilsonInterval.decimal(wilson(17, 20).upper) == "0.9476")
        #expect(WilsonInterval.decimal(0.85) == "0.85")
        #expect(WilsonInterval.decimal(1) == "1")
        #expect(WilsonInterval.decimal(0) == "0")
        #expect(WilsonInterval.decimal(0.05) == "0.05")
        #expect(WilsonInterval.percent(0.645) == 65)
        #expect(WilsonInterval.percent(0.6449) == 64)
    }

    func diff(_ a: String, _ b: String) -> String {
        UnifiedDiff.render(old: a, new: b, oldHeader: "a", newHeader: "b")
    }

    @Test func diffOfHandMadeCases() {
        #expect(diff("x\ny\n", "x\ny\n") == "")
        #expect(diff("a\nb\nc\n", "a\nB\nc\n") == "--- a\n+++ b\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n")
        #expect(diff("a\n", "a\nb\n") == "--- a\n+++ b\n@@ -1 +1,2 @@\n a\n+b\n")
        #expect(diff("", "a\n") == "--- a\n+++ b\n@@ -0,0 +1 @@\n+a\n")
        #expect(diff("a\nb\n", "") == "--- a\n+++ b\n@@ -1,2 +0,0 @@\n-a\n-b\n")
        #expect(diff("a\nb", "a\nb\n") == "--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n")
        #expect(diff("a\nb", "a\nc") == "--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n")
        // Removed lines come before added ones within a change.
        #expect(diff("1\n2\n3\n", "1\nx\ny\n3\n") == "--- a\n+++ b\n@@ -1,3 +1,4 @@\n 1\n-2\n+x\n+y\n 3\n")
        // Two changes far apart are two hunks with 3 lines of context each.
        let lines = (1...20).map { "l\($0)\n" }
        var changed = lines
        changed[1] = "X\n"
        changed[17] = "Y\n"
        let d = diff(lines.joined(), changed.joined())
        #expect(d.components(separatedBy: "\n@@ ").count == 2 + 0 || d.contains("@@ -1,5 +1,5 @@") && d.contains("@@ -15,6 +15,6 @@"), "\(d)")
    }

    @Test func diffIsFastAndMinimalOnLargeInputs() {
        let a = (0..<10_000).map { "line \($0)\n" }
        var b = a
        for i in stride(from: 50, to: 10_000, by: 500) { b[i] = "changed \(i)\n" }
        b.insert("inserted\n", at: 7_000)
        b.remove(at: 3_000)
        let d = diff(a.joined(), b.joined())
        let removed = d.split(separator: "\n").filter { $0.hasPrefix("-") && !$0.hasPrefix("---") }.count
        let added = d.split(separator: "\n").filter { $0.hasPrefix("+") && !$0.hasPrefix("+++") }.count
        #expect(removed == 21 && added == 21, "\(removed) removed, \(added) added")
        // Wholly different texts terminate too (the worst case of Myers).
        let c = (0..<2_000).map { "other \($0)\n" }
        let all = diff(a.prefix(2_000).joined(), c.joined())
        #expect(all.split(separator: "\n").count == 2 + 1 + 4_000)
    }

    @Test func promptTextRules() {
        func problem(_ bytes: [UInt8]) -> String? {
            if case .failure(let f) = PromptText.check(bytes, source: "p.txt") { return f.message }
            return nil
        }
        #expect(problem(Array("hello\n\tworld\r\n".utf8)) == nil)
        #expect(problem(Array("a\nb\u{07}c".utf8))?.contains("U+0007 at line 2, column 2") == true)
        #expect(problem([0x61, 0x00])?.contains("a NUL character (U+0000) at line 1, column 2") == true)
        #expect(problem([0x61, 0xFF])?.contains("not valid UTF-8 (byte 1") == true)
        #expect(problem(Array(" \n\t ".utf8))?.contains("is empty") == true)
        #expect(problem([UInt8](repeating: 0x61, count: PromptText.maxBytes + 1))?.contains("1 MiB") == true)
        #expect(problem([UInt8](repeating: 0x61, count: PromptText.maxBytes)) == nil)
        #expect(PromptText.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func evalSubjects() {
        #expect(EvalSubject.parse("support-triage@r3") == .prompt(task: "support-triage", revision: 3))
        #expect(EvalSubject.parse("bot@g2") == .generation(fineTune: "bot", number: 2))
        #expect(EvalSubject.parse("bot") == .generation(fineTune: "bot", number: nil))
        for bad in ["bot@", "@r1", "bot@r0", "bot@x1", "bot@r-1", "bot@r1x", "bot@g"] {
            #expect(EvalSubject.parse(bad) == nil, "\(bad)")
        }
    }
}
