import Testing
@testable import TrackerCore

@Suite("ICalendar")
struct ICalendarTests {
    /// The physical lines of folded bytes, CRLF removed.
    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var current: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 13, i + 1 < bytes.count, bytes[i + 1] == 10 {
                out.append(current); current = []; i += 2
            } else {
                current.append(bytes[i]); i += 1
            }
        }
        #expect(current.isEmpty, "the last line is not CRLF-terminated")
        return out
    }

    /// Unfolding (RFC 5545 §3.1): remove each CRLF followed by one space.
    static func unfold(_ bytes: [UInt8]) -> String {
        let ls = lines(bytes)
        var out: [UInt8] = ls.first ?? []
        for l in ls.dropFirst() {
            #expect(l.first == 32, "a continuation line without its leading space")
            out += l.dropFirst()
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func check(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let folded = ICalendar.fold(line)
        for l in lines(folded) {
            #expect(l.count <= 75, "\(l.count) octets", sourceLocation: sourceLocation)
            #expect(String(validating: l, as: UTF8.self) != nil, "a UTF-8 sequence split across lines",
                    sourceLocation: sourceLocation)
        }
        #expect(unfold(folded) == line, sourceLocation: sourceLocation)
    }

    @Test func shortLinesAreNotFolded() {
        #expect(ICalendar.fold("VERSION:2.0") == Array("VERSION:2.0\r\n".utf8))
        let exactly75 = "SUMMARY:" + String(repeating: "a", count: 67)
        #expect(ICalendar.fold(exactly75) == Array((exactly75 + "\r\n").utf8))
    }

    @Test func foldsAt75OctetsThen74AfterTheSpace() {
        let line = "DESCRIPTION:" + String(repeating: "x", count: 200)
        let ls = Self.lines(ICalendar.fold(line))
        #expect(ls.map(\.count) == [75, 75, 64]) // 212 octets = 75 + 74 + 63, each continuation after its space
        Self.check(line)
    }

    @Test("multi-byte characters at the fold boundary move whole", arguments: [
        "é", "日", "🚀", "👩‍👩‍👧", "e\u{301}",
    ])
    func multiByteAtTheBoundary(character: String) {
        // Shift the character across the 75th octet one byte at a time.
        for pad in 60...80 {
            let line = String(repeating: "a", count: pad) + String(repeating: character, count: 40)
            Self.check(line)
        }
        // A 2-byte character whose first byte is octet 75: it goes to the next line.
        let ls = Self.lines(ICalendar.fold(String(repeating: "a", count: 74) + "é" + "b"))
        #expect(ls.map(\.count) == [74, 4])
    }

    @Test func onlyMultiByteTextAdvances() {
        Self.check(String(repeating: "🚀", count: 1000))
        Self.check(String(repeating: "中", count: 1000))
        Self.check("")
    }

    @Test func escapesTextValues() {
        #expect(ICalendar.escapeText(#"a\b;c,d"#) == #"a\\b\;c\,d"#)
        #expect(ICalendar.escapeText("one\ntwo\r\nthree\rfour") == #"one\ntwo\nthree\nfour"#)
        #expect(ICalendar.escapeText("x\u{2028}y") == #"x\ny"#)
        #expect(ICalendar.escapeText("no\u{0}bell\u{7}tab\tdel\u{7F}c1\u{85}") == "nobelltabdelc1")
        #expect(ICalendar.escapeText("日本語 🚀: colon \"quote\"") == "日本語 🚀: colon \"quote\"")
    }

    @Test func hostileTextCannotInjectAProperty() {
        let hostile = "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\nUID:evil\u{0B}\u{0C}"
        let escaped = ICalendar.escapeText(hostile)
        #expect(!escaped.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        let out = CollectedText()
        ICalendar.write([ICalendar.Event(uid: "u@tracker", day: Day(iso: "2025-03-01")!, summary: hostile,
                                         description: hostile, alarmDaysBefore: [7], sortName: hostile)],
                        stamp: Day(iso: "2025-01-15")!, to: out.output)
        let text = out.text
        #expect(text.components(separatedBy: "\r\n").filter { $0 == "BEGIN:VEVENT" }.count == 1)
        #expect(!text.contains("\r\nUID:evil"))
    }

    @Test func uidsDependOnKindAndPartsOnly() {
        let a = ICalendar.uid(kind: "eol", ["support-triage", "openai/gpt-4o@2024-08-06"])
        #expect(a.wholeMatch(of: /eol-[0-9a-f]{16}@tracker/) != nil)
        #expect(a == ICalendar.uid(kind: "eol", ["support-triage", "openai/gpt-4o@2024-08-06"]))
        #expect(a != ICalendar.uid(kind: "eol", ["support-triage", "openai/gpt-4o@2024-11-20"]))
        #expect(ICalendar.uid(kind: "x", ["a", "bc"]) != ICalendar.uid(kind: "x", ["ab", "c"]))
        #expect(ICalendar.uid(kind: "retrain", ["a"]).hasPrefix("retrain-"))
    }

    @Test func datesAndSorting() {
        #expect(ICalendar.date(Day(iso: "2025-03-01")!) == "20250301")
        #expect(ICalendar.date(Day(iso: "0099-12-31")!) == "00991231")
        func ev(_ d: String, _ n: String, _ u: String) -> ICalendar.Event {
            ICalendar.Event(uid: u, day: Day(iso: d)!, summary: n, description: "", alarmDaysBefore: [], sortName: n)
        }
        let sorted = ICalendar.sorted([ev("2025-02-01", "b", "2"), ev("2025-01-01", "z", "1"),
                                       ev("2025-02-01", "a", "4"), ev("2025-02-01", "a", "3")])
        #expect(sorted.map(\.uid) == ["1", "3", "4", "2"])
    }
}
