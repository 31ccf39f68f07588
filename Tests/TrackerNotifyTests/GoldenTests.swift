import Foundation
import Testing
import TrackerTestKit
import TrackerCore

/// What receivers see, pinned as reviewed files. Re-record with
/// TRACKER_RECORD_GOLDEN=1 and review the diff.
@Suite struct GoldenTests {
    static let day = Day(iso: "2026-11-29")!

    static func alert(_ name: String, gen: Int, reason: String, base: String, urgency: Urgency, owner: String?,
                      task: String?, date: String?, threshold: Int? = nil, text: String) -> Alert {
        let d = date.flatMap { Day(iso: $0) }
        return Alert(key: Alert.key(fineTune: name, generation: gen, reason: reason, base: base), fineTune: name,
                     owner: owner, task: task, generation: gen, reason: reason, base: base, urgency: urgency, date: d,
                     daysLeft: d.map { day.days(until: $0) }, threshold: threshold, text: text)
    }

    /// Every kind of entry; a name that would ping a Slack channel; non-ASCII
    /// owner text; four fine-tunes on one shutting-down base (one group).
    static let digest = Digest(channel: "ml-alerts", now: day, entries: [
        DigestEntry(kind: .new, alert: alert("<!channel> & co", gen: 1, reason: "base-shut-down",
                                             base: "anthropic/claude-3-5-sonnet@20241022", urgency: .overdue,
                                             owner: "Zoë Ærøskøbing <legal>", task: "contract-review", date: "2025-10-22",
                                             text: "base shut down 2025-10-22 (403 days ago)")),
        DigestEntry(kind: .new, alert: alert("invoice-extractor", gen: 3, reason: "eval-below-target",
                                             base: "openai/gpt-4o-mini@2024-07-18", urgency: .soon, owner: "finance-eng",
                                             task: nil, date: nil, text: "eval 30/50 (60%) is below the 80% target")),
        DigestEntry(kind: .threshold, alert: alert("support-triage", gen: 2, reason: "base-shutdown-soon",
                                                   base: "openai/gpt-4o@2024-08-06", urgency: .soon, owner: "platform-ml",
                                                   task: "support-triage", date: "2027-01-14", threshold: 60,
                                                   text: "base shuts down 2027-01-14 (in 46 days)")),
    ] + ["ft-10", "ft-2", "ft-1"].enumerated().map { i, name in
        // Grouped with support-triage: one line, names in natural order, owners apart.
        DigestEntry(kind: .threshold, alert: alert(name, gen: 1, reason: "base-shutdown-soon",
                                                   base: "openai/gpt-4o@2024-08-06", urgency: .soon,
                                                   owner: i == 0 ? "team-2" : "Platform-ML", task: nil, date: "2027-01-14",
                                                   threshold: 60, text: "base shuts down 2027-01-14 (in 46 days)"))
    } + [
        DigestEntry(kind: .repeat, alert: alert("support-triage", gen: 2, reason: "base-deprecated",
                                                base: "openai/gpt-4o@2024-08-06", urgency: .soon, owner: "platform-ml",
                                                task: "support-triage", date: "2026-10-14", text: "base deprecated 2026-10-14")),
        DigestEntry(kind: .resolved, alert: alert("summarizer", gen: 1, reason: "age", base: "openai/gpt-4o@2024-05-13",
                                                  urgency: .overdue, owner: nil, task: nil, date: "2026-03-15",
                                                  text: "retrain due 2026-03-15 (259 days overdue)")),
    ])

    static let emailDate = EmailMessage.Timestamp(unixSeconds: 1_796_290_200)  // 2026-12-03 09:30:00 UTC
    static let messageID = "5f0c1d2e3f405162738495a6b7c8d9e0@example.com"
    static let deliveryID = "5f0c1d2e3f405162738495a6b7c8d9e0"

    static var email: [UInt8] {
        EmailMessage.message(from: "tracker@example.com", to: ["ml-leads@example.com", "ops@example.org"],
                             subject: EmailMessage.subject(digest), body: EmailMessage.body(digest),
                             date: emailDate, messageID: messageID)
    }

    /// Compares `actual` with Golden/NAME, or (re)writes it when TRACKER_RECORD_GOLDEN=1.
    func check(_ name: String, _ actual: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = Repo.golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["TRACKER_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Repo.golden, withIntermediateDirectories: true)
            try Data(actual).write(to: url)
            Issue.record("recorded \(url.path); review the diff (git diff \(url.path)) and run again without TRACKER_RECORD_GOLDEN",
                         sourceLocation: sourceLocation)
            return
        }
        guard let expected = FileManager.default.contents(atPath: url.path) else {
            Issue.record("golden file \(url.path) is missing; record it with TRACKER_RECORD_GOLDEN=1 and review it",
                         sourceLocation: sourceLocation)
            return
        }
        #expect(Array(expected) == actual,
                "\(name) differs from the golden file.\n--- expected ---\n\(String(decoding: expected, as: UTF8.self))\n--- actual ---\n\(String(decoding: actual, as: UTF8.self))\nIf the change is intended, re-record with TRACKER_RECORD_GOLDEN=1 and review the diff.",
                sourceLocation: sourceLocation)
    }

    @Test func slackMessageMatchesGolden() throws {
        let json = SlackMessage.render(Self.digest)
        try check("slack.json", Array(json.utf8))
        // What Slack will check: valid JSON, blocks, fallback text, nothing that pings.
        let o = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let blocks = try #require(o["blocks"] as? [[String: Any]])
        #expect(blocks.first?["type"] as? String == "header")
        #expect(blocks.last?["type"] as? String == "context")
        #expect((o["text"] as? String)?.isEmpty == false)
        #expect(!json.contains("<!channel>"))
        #expect(json.contains("&lt;!channel&gt; &amp; co"))
        #expect(json.contains("Zoë Ærøskøbing &lt;legal&gt;"))
    }

    @Test func emailMatchesGolden() throws {
        let bytes = Self.email
        try check("email.txt", bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        // Every line ends in CRLF; no bare LF or CR.
        #expect(text.hasSuffix("\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        let head = String(text[..<text.range(of: "\r\n\r\n")!.lowerBound])
        #expect(head.contains("Date: Thu, 03 Dec 2026 09:30:00 +0000"))
        #expect(head.contains("Message-ID: <\(Self.messageID)>"))
        #expect(head.contains("Content-Type: text/plain; charset=UTF-8"))
        #expect(head.contains("MIME-Version: 1.0"))
        #expect(head.unicodeScalars.allSatisfy({ $0.isASCII }), "headers must be ASCII (RFC 2047 for anything else)")
        #expect(text.contains("<!channel> & co"), "email is plain text: no escaping")
    }

    @Test func webhookMatchesGolden() throws {
        let json = WebhookPayload.render(Self.digest, deliveryID: Self.deliveryID)
        try check("webhook.json", Array(json.utf8))
        let o = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(o["type"] as? String == "tracker.digest")
        #expect(o["id"] as? String == Self.deliveryID)
        #expect(o["channel"] as? String == "ml-alerts")
        #expect(o["now"] as? String == "2026-11-29")
        let entries = try #require(o["entries"] as? [[String: Any]])
        #expect(entries.map { $0["kind"] as? String } == ["new", "new", "threshold", "threshold", "threshold", "threshold", "repeat", "resolved"])
        // Each alert its own entry, in natural order within its group.
        #expect(entries[2...5].map { $0["fine_tune"] as? String } == ["ft-1", "ft-2", "ft-10", "support-triage"])
        let groups = try #require(o["groups"] as? [[String: Any]])
        #expect(groups.map { $0["count"] as? Int } == [1, 1, 4, 1, 1])
        #expect(groups[2]["ids"] as? [String] == entries[2...5].map { $0["id"] as? String ?? "" })
        #expect(groups[2]["text"] as? String == "openai/gpt-4o@2024-08-06 shuts down 2027-01-14 (in 46 days)")
        #expect(entries[0]["fine_tune"] as? String == "<!channel> & co")
        #expect(entries[0]["owner"] as? String == "Zoë Ærøskøbing <legal>")
        #expect(entries[2]["threshold"] as? Int == 60)
        #expect(entries[2]["days_left"] as? Int == 46)
        for e in entries {
            for field in ["kind", "id", "key", "fine_tune", "owner", "task", "generation", "reason", "base", "urgency",
                          "date", "days_left", "threshold", "text"] {
                #expect(e.keys.contains(field), "webhook entry lacks \(field)")
            }
        }
    }

    /// A non-ASCII subject (e.g. a channel name in `channel test`) is RFC 2047 encoded and decodes back.
    @Test func nonASCIISubjectIsEncodedWord() throws {
        let subject = "tracker: test message for channel Zoë-Ærø ✓ " + String(repeating: "ü", count: 40)
        let bytes = EmailMessage.message(from: "a@example.com", to: ["b@example.com"], subject: subject, body: "x\n",
                                         date: Self.emailDate, messageID: "1@example.com")
        let text = String(decoding: bytes, as: UTF8.self)
        let head = String(text[..<text.range(of: "\r\n\r\n")!.lowerBound])
        #expect(head.unicodeScalars.allSatisfy({ $0.isASCII }))
        let lines = head.components(separatedBy: "\r\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix("Subject: ") })
        var words: [String] = [String(lines[start].dropFirst("Subject: ".count))]
        var i = start + 1
        while i < lines.count, lines[i].hasPrefix(" ") { words.append(lines[i].trimmingCharacters(in: .whitespaces)); i += 1 }
        var decoded: [UInt8] = []
        for w in words {
            #expect(w.hasPrefix("=?UTF-8?B?") && w.hasSuffix("?="), "not an encoded word: \(w)")
            #expect(w.count <= 75, "encoded word longer than 75 characters: \(w)")
            let b64 = String(w.dropFirst(10).dropLast(2))
            decoded += try #require(Data(base64Encoded: b64)).map { $0 }
        }
        #expect(String(decoding: decoded, as: UTF8.self) == subject)
        // RFC 2047 section 2: a line holding encoded-words is at most 76 characters.
        for line in lines { #expect(line.utf8.count <= 76, "header line with encoded-words longer than 76 characters (RFC 2047 §2): \(line)") }
    }
}

/// Slack's documented limits hold for any digest size.
@Suite struct SlackLimitTests {
    @Test func fiveHundredAlertsStayWithinSlackLimits() throws {
        let day = Day(iso: "2026-11-29")!
        let kinds: [DigestEntry.Kind] = [.new, .threshold, .repeat, .resolved]
        let entries = (0..<500).map { i -> DigestEntry in
            let name = i == 0 ? "<!channel>" : "fine-tune-\(i)-" + String(repeating: "x", count: i % 60)
            let base = "openai/gpt-4o@2024-08-06"
            let reason = "base-shutdown-soon"
            let a = Alert(key: Alert.key(fineTune: name, generation: 1, reason: reason, base: base), fineTune: name,
                          owner: "owner <\(i)> & team", task: "t", generation: 1, reason: reason, base: base,
                          urgency: .critical, date: day.adding(days: 20), daysLeft: 20, threshold: 30,
                          text: "base shuts down \(day.adding(days: 20)) (in 20 days) " + String(repeating: "é", count: i % 40))
            return DigestEntry(kind: kinds[i / 125], alert: a)
        }
        let parts = SlackMessage.messages(Digest(channel: "ops", now: day, entries: entries))
        // Every entry is in exactly one message.
        let carried = parts.flatMap { $0.entries.map(\.alert.key) }
        #expect(carried.count == 500 && Set(carried).count == 500, "\(carried.count) entries carried")
        for part in parts {
            let o = try #require(try JSONSerialization.jsonObject(with: Data(part.json.utf8)) as? [String: Any], "not valid JSON")
            let blocks = try #require(o["blocks"] as? [[String: Any]])
            #expect(blocks.count <= 50, "\(blocks.count) blocks")
            let text = try #require(o["text"] as? String)
            #expect(text.count <= 40000, "text is \(text.count) characters")
            var sectionText = ""
            for b in blocks {
                switch b["type"] as? String {
                case "header":
                    let t = try #require((b["text"] as? [String: Any])?["text"] as? String)
                    #expect(t.count <= 150)
                case "section":
                    let t = try #require((b["text"] as? [String: Any])?["text"] as? String)
                    #expect(t.count <= 3000, "section of \(t.count) characters")
                    sectionText += t + "\n"
                case "context":
                    break
                default:
                    Issue.record("unexpected block \(b)")
                }
            }
            // The fallback and the blocks leave out the same names.
            #expect(moreCounts(text) == moreCounts(sectionText), "text \(moreCounts(text)) vs blocks \(moreCounts(sectionText))")
        }
        let json = parts.map(\.json).joined(separator: "\n")
        #expect(!json.contains("<!channel>"))
        #expect(json.contains("&lt;!channel&gt;"))
        #expect(!json.contains("<0>"), "owner text must be escaped")
    }
}

/// The N of every "… and N more" in a text, in order.
func moreCounts(_ text: String) -> [Int] {
    var out: [Int] = []
    var rest = Substring(text)
    while let r = rest.range(of: "… and ") {
        let digits = rest[r.upperBound...].prefix { $0.isNumber }
        if let n = Int(digits), rest[r.upperBound...].dropFirst(digits.count).hasPrefix(" more") { out.append(n) }
        rest = rest[r.upperBound...]
    }
    return out
}
