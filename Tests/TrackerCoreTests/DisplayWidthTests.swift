import Testing
@testable import TrackerCore

@Suite("DisplayWidth")
struct DisplayWidthTests {
    @Test("ASCII is one column a character", arguments: ["", "a", "support-triage", "openai/gpt-4o@2024-08-06"])
    func ascii(text: String) {
        #expect(DisplayWidth.of(text) == text.count)
    }

    @Test("CJK, kana, Hangul and fullwidth forms are two columns", arguments: [
        ("名前", 4), ("日本語のモデル", 14), ("한국어", 6), ("ＡＢＣ", 6), ("表a", 3), ("𠀋", 2),
    ])
    func wide(text: String, width: Int) {
        #expect(DisplayWidth.of(text) == width)
    }

    @Test("emoji are two columns, sequences included", arguments: [
        ("😀", 2),                       // emoji presentation
        ("👩‍👩‍👧", 2),                  // ZWJ sequence: one glyph
        ("👍🏽", 2),                      // skin tone modifier
        ("🇩🇪", 2),                      // flag (regional indicator pair)
        ("❤️", 2),                       // text-default emoji + VS16
        ("1️⃣", 2),                      // keycap
        ("a😀b", 4),
    ])
    func emoji(text: String, width: Int) {
        #expect(DisplayWidth.of(text) == width)
    }

    @Test("accents align whether composed or combining", arguments: [
        ("café", 4), ("cafe\u{301}", 4), ("zoë", 3), ("zoe\u{308}", 3), ("n\u{303}\u{301}", 1), ("Ångström", 8),
    ])
    func accents(text: String, width: Int) {
        #expect(DisplayWidth.of(text) == width)
    }

    @Test("zero-width characters take no column", arguments: [
        ("a\u{200B}b", 2),  // zero-width space
        ("a\u{200C}b", 2),  // zero-width non-joiner
        ("a\u{200D}b", 2),  // zero-width joiner
        ("a\u{200E}b\u{200F}", 2), // direction marks
        ("\u{FE0F}", 0),    // a lone variation selector
        ("\u{301}", 0),     // a lone combining mark
        ("a\u{FEFF}", 1),   // byte order mark
    ])
    func zeroWidth(text: String, width: Int) {
        #expect(DisplayWidth.of(text) == width)
    }

    @Test("mixed text adds up")
    func mixed() {
        #expect(DisplayWidth.of("Zoë 名前 😀 cafe\u{301}!") == 3 + 1 + 4 + 1 + 2 + 1 + 4 + 1)
    }
}

@Suite("ControlEscape")
struct ControlEscapeTests {
    @Test("control characters become visible escapes", arguments: [
        ("line\nbreak", #"line\nbreak"#),
        ("cr\rlf", #"cr\rlf"#),
        ("tab\there", #"tab\there"#),
        ("esc\u{1B}[2J", #"esc\u{1b}[2J"#),
        ("bell\u{7}", #"bell\u{7}"#),
        ("nul\u{0}", #"nul\u{0}"#),
        ("del\u{7F}", #"del\u{7f}"#),
        ("c1\u{85}\u{9B}", #"c1\u{85}\u{9b}"#),
        ("ls\u{2028}ps\u{2029}", #"ls\u{2028}ps\u{2029}"#),
        ("rlo\u{202E}txt.exe", #"rlo\u{202e}txt.exe"#),
        ("lre\u{202A}pdf\u{202C}", #"lre\u{202a}pdf\u{202c}"#),
        ("isolate\u{2066}x\u{2069}", #"isolate\u{2066}x\u{2069}"#),
        ("marks\u{200E}\u{200F}", #"marks\u{200e}\u{200f}"#),
    ])
    func escapes(text: String, expected: String) {
        #expect(ControlEscape.needsEscaping(text))
        #expect(ControlEscape.escape(text) == expected)
        #expect(!ControlEscape.escape(text).unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) })
    }

    @Test("everything else is left alone", arguments: ["plain", "", "naïve 名前 😀", #"C:\path\n"#, "\u{A0}nbsp", "\u{2027}", "\u{2030}", "\u{2065}", "\u{200D}"])
    func untouched(text: String) {
        #expect(!ControlEscape.needsEscaping(text))
        #expect(ControlEscape.escape(text) == text)
    }
}
