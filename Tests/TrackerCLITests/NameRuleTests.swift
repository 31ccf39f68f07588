import Foundation
import Testing
import TrackerTestKit

/// Issue 12 through the binary: names bounded in bytes as well as
/// characters (defects 1 and 7), names that look empty or deceive, and
/// names compared with full Unicode case folding (defect 12).
@Suite struct NameRuleTests {
    static let base = "openai/gpt-4o@2024-08-06"

    static func sandbox() throws -> Sandbox {
        let s = try Sandbox()
        try s.ok("base", "add", base, "--released", "2024-08-06")
        return s
    }

    static func add(_ s: Sandbox, _ name: String, _ extra: [String] = []) throws -> CLIResult {
        try s.run(["add", name, "--base", base, "--trained", "2025-01-01", "--cost", "10"] + extra)
    }

    /// One grapheme of 1,201 bytes, the trigger of defect 1, and an 80 KB one (defect 7).
    @Test(arguments: [("b + 600 accents", "b" + String(repeating: "\u{0301}", count: 600), "bytes long"),
                      ("80 KB grapheme", "x" + String(repeating: "\u{0308}", count: 40_000), "bytes long"),
                      ("801 bytes", String(repeating: "é", count: 400) + "x", "bytes long"),
                      ("31 accents", "b" + String(repeating: "\u{0301}", count: 31), "combining marks")])
    func namesAreBoundedInBytes(label: String, name: String, message: String) throws {
        let s = try Self.sandbox()
        expectFailure(try Self.add(s, name), 64, "error: name ", message)
        expectFailure(try Self.add(s, "ok", ["--owner", name]), 64, "error: --owner ", message)
        expectFailure(try s.run(["channel", "add", "slack", name, "--url-env", "SLACK_URL"]), 64, "error: name ", message)
        #expect(try s.listedNames() == [], Comment(rawValue: label))
    }

    @Test func namesAtTheLimitsAreAccepted() throws {
        let s = try Self.sandbox()
        let longest = String(repeating: "𝕏", count: 200) // 200 characters, 800 bytes
        #expect(try Self.add(s, longest).status == 0)
        #expect(try Self.add(s, "a" + String(repeating: "\u{0301}", count: 30)).status == 0)
        #expect(try s.listedNames().contains(longest))
    }

    /// Names made only of invisible characters, or hiding one, are refused,
    /// whatever field they are for.
    @Test(arguments: ["\u{200E}", "\u{FEFF}", "\u{200D}", "\u{200C}", "\u{202E}", "\u{200B}", "\u{2066}", "\u{3164}",
                      "\u{2800}", "\u{200E}\u{200F}\u{202E}", "ad\u{202E}nim", "team\u{200B}", "x\u{034F}y", "\u{E0041}"])
    func invisibleAndBidiCharactersAreRefused(name: String) throws {
        let s = try Self.sandbox()
        let hex = name.unicodeScalars.map { String(format: "U+%04X", $0.value) }.joined(separator: " ")
        for (args, field) in [(["add", name, "--base", Self.base, "--trained", "2025-01-01", "--cost", "1"], "name"),
                              (["add", "x", "--base", Self.base, "--trained", "2025-01-01", "--cost", "1", "--owner", name], "--owner"),
                              (["add", "x", "--base", Self.base, "--trained", "2025-01-01", "--cost", "1", "--task", name], "--task"),
                              (["add", "x", "--base", Self.base, "--trained", "2025-01-01", "--cost", "1", "--model-id", name], "--model-id"),
                              (["channel", "add", "slack", name, "--url-env", "SLACK_URL"], "name"),
                              (["channel", "add", "slack", "ops", "--url-env", "SLACK_URL", "--owner", name], "--owner")] {
            let r = try s.run(args)
            #expect(r.status == 64, "\(hex) as \(field) must be refused: \(r)")
            #expect(r.stderr.hasPrefix("error: \(field) "), "\(hex): \(r)")
        }
        #expect(try s.listedNames() == [])
    }

    @Test func visibleUnicodeNamesAreAccepted() throws {
        let s = try Self.sandbox()
        for name in ["👩‍💻-bot", "❤️-support", "🇫🇷 triage", "עברית-bot", "日本語モデル", "Zoë", "a b"] {
            let r = try Self.add(s, name)
            #expect(r.status == 0, "\(name): \(r)")
        }
    }

    /// `Émile` and `émile` are one fine-tune, found by any spelling that
    /// folds the same; names are stored in NFC.
    @Test func fineTuneNamesFoldFullUnicodeCase() throws {
        let s = try Self.sandbox()
        try s.ok("add", "Émile", "--base", Self.base, "--trained", "2025-01-01", "--cost", "10")
        expectFailure(try Self.add(s, "émile"), 65, "fine-tune 'Émile' already exists")
        expectFailure(try Self.add(s, "E\u{0301}MILE"), 65, "fine-tune 'Émile' already exists")
        for spelling in ["ÉMILE", "émile", "e\u{0301}mile", "  émile "] {
            let shown = try s.showJSON(spelling)
            #expect(shown.string("name") == "Émile", "show \(spelling)")
        }
        try s.ok("retrain", "ÉMILE", "--base", Self.base, "--trained", "2025-01-10", "--cost", "5")
        try s.ok("add", "Stra\u{00DF}e", "--base", Self.base, "--trained", "2025-01-01", "--cost", "10")
        expectFailure(try Self.add(s, "STRASSE"), 65, "already exists")
        // Stored in NFC whatever was typed.
        try s.ok("add", "Zoe\u{0308}", "--base", Self.base, "--trained", "2025-01-01", "--cost", "10")
        let names = try s.listedNames()
        #expect(names.contains { $0.unicodeScalars.elementsEqual("Zo\u{00EB}".unicodeScalars) }, "\(names)")
        #expect(names.count == 3)
    }

    @Test func channelNamesAndRoutesFoldFullUnicodeCase() throws {
        let s = try Self.sandbox()
        try s.ok("channel", "add", "slack", "Équipe", "--url-env", "SLACK_URL", "--owner", "ZOË")
        expectFailure(try s.run(["channel", "add", "slack", "ÉQUIPE", "--url-env", "SLACK_URL"]), 65, "channel 'Équipe' already exists")
        // The channel's owner route matches the fine-tune's owner in any case.
        try s.ok("base", "add", "openai/old@1", "--released", "2023-01-01", "--shutdown", "2024-12-01")
        try s.ok("add", "ft", "--base", "openai/old@1", "--trained", "2024-01-01", "--cost", "1", "--owner", "zoë")
        let dry = try s.run(["notify", "--dry-run", "--channel", "équipe"], env: ["SLACK_URL": "http://127.0.0.1:9/x"])
        #expect(dry.status == 0, "\(dry)")
        #expect(dry.stdout.hasPrefix("=== slack channel Équipe: "), "\(dry)")
        let owned = try s.run(["list", "--owner", "ZOË", "--format", "json"])
        #expect(try owned.json().objects("fine_tunes").map { $0.string("name") } == ["ft"])
        try s.ok("channel", "remove", "ÉQUIPE")
    }
}
