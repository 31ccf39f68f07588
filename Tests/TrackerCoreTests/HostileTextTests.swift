import Foundation
import Testing
@testable import TrackerCore

/// Text that breaks naive folding: each is valid UTF-8, and most are one
/// grapheme far longer than any budget (issue 12, defects 1 and 7).
enum HostileText {
    /// One 100 KB grapheme: a letter under 50,000 combining acute accents.
    static let hugeGrapheme = "b" + String(repeating: "\u{0301}", count: 50_000)
    /// 10,000 combining marks of different kinds on one letter.
    static let combiningMarks = "a" + String((0..<10_000).map { i -> Character in
        Character(Unicode.Scalar([0x0300, 0x0308, 0x0327, 0x20DD, 0x0489][i % 5])!)
    })
    /// One grapheme of 10,001 emoji joined by ZWJ.
    static let zwjChain = String(repeating: "👨\u{200D}", count: 10_000) + "👨"
    /// Families with skin tones, flags, keycaps: many long graphemes in a row.
    static let emojiRun = String(repeating: "👩🏽‍❤️‍💋‍👨🏿🏳️‍🌈🇫🇷1️⃣", count: 2_000)
    /// 20,000 regional indicators (pairs are flags; a run is slow to walk backwards).
    static let regionalIndicators = String(repeating: "🇫", count: 20_000)
    /// Valid UTF-8 that looks broken: NUL, noncharacters, the replacement
    /// character, a BOM, private use, the last scalar, a lone mark first.
    static let oddButValid = "\u{0301}\u{0}\u{FFFF}\u{FFFE}\u{FFFD}\u{FEFF}\u{E000}\u{10FFFF}\u{7F}\u{85}"
        + String(repeating: "\u{10FFFF}\u{0301}\u{FFFD}\u{0}", count: 5_000)
    /// Hangul jamo: one grapheme of 30,000 leading consonants and 30,000 vowels.
    static let jamo = String(repeating: "\u{1100}", count: 30_000) + String(repeating: "\u{1161}", count: 30_000)
    /// Characters Slack escapes, so escaping grows the text fivefold.
    static let ampersands = String(repeating: "&<>", count: 20_000)

    static let byLabel: [String: String] = [
        "100 KB grapheme": hugeGrapheme, "10,000 combining marks": combiningMarks, "ZWJ chain": zwjChain,
        "emoji run": emojiRun, "regional indicators": regionalIndicators, "odd but valid": oddButValid,
        "jamo": jamo, "ampersands": ampersands,
    ]
    /// The test arguments: labels only, so a failure does not print 100 KB.
    static let labels = byLabel.keys.sorted()

    static func text(_ label: String) -> String { byLabel[label]! }
    /// The text inside a line, as a name sits in one.
    static func inContext(_ label: String) -> String { "x " + text(label) + " y" }
}

/// Runs `body` and records an issue when it took longer than `seconds`
/// (debug builds on a busy machine: the bounds are loose; the point is
/// that it ends).
func withinSeconds<T>(_ seconds: Double, _ label: String, sourceLocation: SourceLocation = #_sourceLocation,
                      _ body: () throws -> T) rethrows -> T {
    let start = Date()
    let value = try body()
    let took = Date().timeIntervalSince(start)
    #expect(took < seconds, "\(label) took \(took) s", sourceLocation: sourceLocation)
    return value
}

@Suite("every folding and truncation loop advances on hostile text", .timeLimit(.minutes(2)))
struct HostileTextTests {
    @Test(arguments: HostileText.labels)
    func piecesCoverTheTextWithinTheBudget(label: String) {
        let text = HostileText.inContext(label)
        for budget in [0, 1, 4, 5, 39, 990] {
            let pieces = withinSeconds(10, "\(label) budget \(budget)") { TextBounds.pieces(text, maxUTF8: budget) }
            #expect(pieces.joined() == text, "\(label): pieces do not join back")
            #expect(pieces.allSatisfy { !$0.isEmpty && $0.utf8.count <= max(budget, TextBounds.minimumBudget) },
                    "\(label): a piece is empty or over \(budget) bytes")
        }
    }

    @Test func piecesPreferGraphemeBoundaries() {
        // "é" (e + U+0301) never splits while whole graphemes fit.
        let text = String(repeating: "e\u{0301}", count: 10)
        #expect(TextBounds.pieces(text, maxUTF8: 7).allSatisfy { $0.unicodeScalars.first == "e" })
        // A grapheme over the budget starts a piece of its own.
        #expect(TextBounds.pieces("ab" + HostileText.hugeGrapheme, maxUTF8: 990).first == "ab")
    }

    @Test(arguments: HostileText.labels)
    func prefixAndTruncatedStayWithinTheBudget(label: String) {
        let text = HostileText.inContext(label)
        for budget in [1, 4, 39, 150, 3000] {
            let p = withinSeconds(10, label) { TextBounds.prefix(text, maxUTF8: budget) }
            #expect(!p.isEmpty && p.utf8.count <= max(budget, 4) && text.unicodeScalars.starts(with: p.unicodeScalars), "\(label)")
            let t = withinSeconds(10, label) { TextBounds.truncated(text, maxUTF8: budget) }
            #expect(t.utf8.count <= max(budget, 4), "\(label): truncated to \(t.utf8.count) bytes, budget \(budget)")
        }
        // A prefix fills its budget, cutting into a long grapheme rather than dropping it.
        #expect(TextBounds.prefix("ab" + HostileText.hugeGrapheme, maxUTF8: 100).utf8.count >= 99)
        #expect(TextBounds.truncated("short", maxUTF8: 10) == "short")
        #expect(TextBounds.truncated("abcdefghij", maxUTF8: 8) == "abcde…")
    }

    @Test(arguments: HostileText.labels)
    func encodedWordsStayWithinRFC2047(label: String) {
        let text = HostileText.text(label)
        // ASCII is not encoded (and the subject is shortened before it is).
        if text.unicodeScalars.allSatisfy(\.isASCII) {
            #expect(EmailMessage.encodeHeaderText(text) == text)
            return
        }
        let encoded = withinSeconds(20, label) { EmailMessage.encodeHeaderText("subject " + text) }
        var decoded: [UInt8] = []
        for (i, line) in encoded.components(separatedBy: "\r\n").enumerated() {
            let word = i == 0 ? line : String(line.dropFirst())
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?=") && word.utf8.count <= 75,
                    "\(label): not an encoded word of at most 75 characters: \(word.prefix(100))")
            decoded += Data(base64Encoded: String(word.dropFirst(10).dropLast(2))).map(Array.init) ?? []
        }
        // Control characters become spaces in headers; everything else survives.
        #expect(String(decoding: decoded, as: UTF8.self) == EmailMessage.headerSafe("subject " + text), "\(label)")
    }

    @Test(arguments: HostileText.labels)
    func emailLinesStayWithin998Octets(label: String) {
        let text = HostileText.text(label)
        let bytes = withinSeconds(20, label) {
            EmailMessage.message(from: "a@example.com", to: ["b@example.com"], subject: "channel " + text,
                                 body: "line " + text + "\nnext\n", date: .init(unixSeconds: 0), messageID: "1@example.com")
        }
        let message = String(decoding: bytes, as: UTF8.self)
        let lines = message.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 999 }, "\(label): a line over 998 octets and CR")
        let body = message.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
            .drop { !$0.isEmpty && $0 != [0x0D] }.dropFirst()
        // The body is the text again once the inserted line breaks are taken out.
        let joined = body.map { String(decoding: $0.dropLast(), as: UTF8.self) }.joined()
        #expect(joined.utf8.elementsEqual(("line " + text + "next").utf8), "\(label): the body changed")
        // The subject is shortened, still encoded words.
        let head = String(message[..<message.range(of: "\r\n\r\n")!.lowerBound])
        #expect(head.unicodeScalars.allSatisfy(\.isASCII) || text == HostileText.ampersands)
        #expect(head.utf8.count < 2000, "\(label): \(head.utf8.count) bytes of headers")
    }

    static func digest(name: String, text: String = "base shuts down 2025-03-01", owner: String? = "owner", count: Int = 3) -> Digest {
        let kinds: [DigestEntry.Kind] = [.new, .threshold, .repeat, .resolved]
        let entries = (0..<count).map { i -> DigestEntry in
            let ft = "\(i)-\(name)"
            let base = "openai/gpt-4o@2024-08-06"
            let a = Alert(key: Alert.key(fineTune: ft, generation: 1, reason: "base-shut-down", base: base), fineTune: ft,
                          owner: owner, task: nil, generation: 1, reason: "base-shut-down", base: base, urgency: .overdue,
                          date: Day(iso: "2025-03-01"), daysLeft: -10, threshold: nil, text: text)
            return DigestEntry(kind: kinds[i % kinds.count], alert: a)
        }
        return Digest(channel: "ops", now: Day(iso: "2025-03-11")!, entries: entries)
    }

    /// Slack's documented limits, counted every way Slack might count.
    static func expectWithinSlackLimits(_ json: String, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let o = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], sourceLocation: sourceLocation)
        func fits(_ s: String, _ limit: Int) -> Bool { s.unicodeScalars.count <= limit && s.utf16.count <= limit }
        let text = try #require(o["text"] as? String, sourceLocation: sourceLocation)
        #expect(fits(text, 40_000), "\(label): fallback text of \(text.utf16.count)", sourceLocation: sourceLocation)
        let blocks = try #require(o["blocks"] as? [[String: Any]], sourceLocation: sourceLocation)
        #expect(blocks.count <= 50, "\(label): \(blocks.count) blocks", sourceLocation: sourceLocation)
        for b in blocks {
            let t = (b["text"] as? [String: Any])?["text"] as? String ?? ""
            switch b["type"] as? String {
            case "header": #expect(fits(t, 150), "\(label): header of \(t.utf16.count)", sourceLocation: sourceLocation)
            case "section": #expect(fits(t, 3000), "\(label): section of \(t.utf16.count)", sourceLocation: sourceLocation)
            case "context":
                for e in (b["elements"] as? [[String: Any]]) ?? [] {
                    #expect(fits(e["text"] as? String ?? "", 3000), sourceLocation: sourceLocation)
                }
            default: Issue.record("unexpected block \(b)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test(arguments: HostileText.labels)
    func slackMessagesStayWithinSlackLimits(label: String) throws {
        let text = HostileText.text(label)
        for digest in [Self.digest(name: text), Self.digest(name: "ft", text: text, owner: text),
                       Self.digest(name: text, text: text, owner: text, count: 120)] {
            let parts = withinSeconds(30, label) { SlackMessage.messages(digest) }
            for part in parts { try Self.expectWithinSlackLimits(part.json, label) }
            #expect(parts.reduce(0) { $0 + $1.entries.count } == digest.entries.count)
        }
        let test = withinSeconds(10, label) { SlackMessage.test(channel: text, now: Day(iso: "2025-03-11")!) }
        #expect(test.utf8.count < 3000, "\(label): channel test message of \(test.utf8.count) bytes")
    }

    @Test func slackMessagesCarryEveryEntryAndAgreeOnWhatIsLeftOut() throws {
        // Names of ~400 bytes: a group line lists a few and says how many more.
        let name = String(repeating: "n", count: 400)
        let digest = Self.digest(name: name, text: String(repeating: "t", count: 1000), owner: String(repeating: "o", count: 200), count: 120)
        let parts = SlackMessage.messages(digest)
        #expect(parts.reduce(0) { $0 + $1.entries.count } == 120, "every entry goes out in this run")
        func more(_ text: String) -> [Int] {
            text.components(separatedBy: "… and ").dropFirst().compactMap { piece in
                let digits = piece.prefix { $0.isNumber }
                return piece.dropFirst(digits.count).hasPrefix(" more") ? Int(digits) : nil
            }
        }
        for part in parts {
            try Self.expectWithinSlackLimits(part.json, "long lines")
            let o = try #require(try JSONSerialization.jsonObject(with: Data(part.json.utf8)) as? [String: Any])
            let blocks = try #require(o["blocks"] as? [[String: Any]])
            let sections = blocks.filter { $0["type"] as? String == "section" }
                .map { ($0["text"] as? [String: Any])?["text"] as? String ?? "" }.joined(separator: "\n")
            let text = try #require(o["text"] as? String)
            #expect(!more(text).isEmpty)
            #expect(more(text) == more(sections), "fallback says \(more(text)) more, blocks \(more(sections))")
        }
    }

    @Test func slackEscapingIsNeverCutInHalf() {
        for budget in 4...40 {
            let e = SlackMessage.escape(HostileText.ampersands, maxUTF8: budget)
            #expect(e.utf8.count <= budget)
            let body = e.hasSuffix("…") ? String(e.dropLast()) : e
            #expect(body.replacingOccurrences(of: "&amp;", with: "").replacingOccurrences(of: "&lt;", with: "")
                .replacingOccurrences(of: "&gt;", with: "").isEmpty, "a cut entity in \(e)")
        }
        #expect(SlackMessage.escape("<!channel> & co", maxUTF8: 100) == "&lt;!channel&gt; &amp; co")
    }

    @Test(arguments: HostileText.labels)
    func webhookAndFallbackTerminate(label: String) {
        let text = HostileText.text(label)
        let digest = Self.digest(name: text, text: text, owner: text)
        let json = withinSeconds(20, label) { WebhookPayload.render(digest, deliveryID: "id") }
        #expect(json.contains("\"fine_tune\""))
        let fallback = withinSeconds(20, label) { SlackMessage.fallbackText(digest) }
        #expect(fallback.utf8.count <= 40_000)
    }

    @Test(arguments: HostileText.labels)
    func namesAndKeysTerminate(label: String) {
        let text = HostileText.text(label)
        let result = withinSeconds(10, label) { TextRule.name(text, field: "name") }
        guard case .failure = result else {
            Issue.record("\(label): accepted as a name")
            return
        }
        let key = withinSeconds(10, label) { () -> String in NameKey.of(text) }
        #expect(!key.isEmpty, "\(label)")
    }
}
