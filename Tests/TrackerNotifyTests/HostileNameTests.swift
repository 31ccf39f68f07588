import Foundation
import Testing
import TrackerCore
import TrackerTestKit

/// Issue 12, defects 1 and 7, through the binary: a database holding names
/// that `add` now refuses (one grapheme of 1,201 bytes, one of 80 KB), as
/// an older tracker or another tool could have written them. `notify`,
/// `notify --dry-run` and `channel test` must end quickly, and what they
/// send must keep RFC 5322's line limit and Slack's documented limits.
@Suite(.serialized) struct HostileNameTests {
    static let d = Fixture.day
    /// The trigger of defect 1: `b` under 600 combining acute accents.
    static let spinner = "b" + String(repeating: "\u{0301}", count: 600)
    /// Defect 7: one grapheme of 80 KB.
    static let huge = "x" + String(repeating: "\u{0308}", count: 40_000)

    /// Runs tracker, killing it after `seconds` (the old code spins forever).
    static func run(_ s: Sandbox, _ args: [String], env: [String: String] = [:], seconds: Double = 60,
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
        let child = try s.start(args, now: d, env: env)
        let watchdog = DispatchWorkItem { if child.process.isRunning { child.kill() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: watchdog)
        let r = child.finish()
        watchdog.cancel()
        #expect(r.seconds < seconds, "tracker \(args.first ?? "") did not end within \(seconds) s: killed", sourceLocation: sourceLocation)
        return r
    }

    /// ft-dead (an overdue alert) renamed to `name` behind tracker's back,
    /// with an email, a Slack and a webhook channel.
    static func prepare(_ label: String, name: String, smtp: SMTPServer? = nil) throws -> Sandbox {
        let s = try Sandbox(label)
        try Fixture.build(s, only: ["ft-dead"])
        try s.ok(["channel", "add", "email", "mail", "--smtp", smtp?.url ?? "smtp://127.0.0.1:9", "--insecure-plaintext",
                  "--from", "tracker@example.com", "--to", "ops@example.com"], now: d)
        try s.ok(["channel", "add", "slack", "chat", "--url-env", "SLACK_URL"], now: d)
        try s.ok(["channel", "add", "webhook", "hook", "--url-env", "HOOK_URL"], now: d)
        _ = try s.query("UPDATE fine_tune SET name = '\(name)' WHERE name = 'ft-dead'")
        let bytes = TestBackend.isPostgres ? "octet_length(name)" : "length(CAST(name AS BLOB))"
        #expect(try s.query("SELECT \(bytes) FROM fine_tune") == ["\(name.utf8.count)"])
        return s
    }

    /// The payloads `notify --dry-run` printed, by channel kind.
    static func payloads(_ stdout: String) -> [String: String] {
        var out: [String: String] = [:]
        var kind: String?
        var lines: [Substring] = []
        func flush() { if let kind { out[kind] = lines.joined(separator: "\n") } }
        for line in stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("=== ") {
                flush()
                kind = line.split(separator: " ").dropFirst().first.map(String.init)
                lines = []
            } else {
                lines.append(line)
            }
        }
        flush()
        return out
    }

    /// Every limit of Slack's documentation, counted as scalars and as UTF-16.
    static func expectWithinSlackLimits(_ json: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let o = try jsonObject(json, "the Slack payload is not JSON")
        func fits(_ s: String, _ limit: Int) -> Bool { s.unicodeScalars.count <= limit && s.utf16.count <= limit }
        #expect(fits(o["text"] as? String ?? "", 40_000), sourceLocation: sourceLocation)
        let blocks = o["blocks"] as? [[String: Any]] ?? []
        #expect(!blocks.isEmpty && blocks.count <= 50, sourceLocation: sourceLocation)
        for b in blocks {
            let t = (b["text"] as? [String: Any])?["text"] as? String ?? ""
            let limit = b["type"] as? String == "header" ? 150 : 3000
            #expect(fits(t, limit), "\(b["type"] ?? "?") text of \(t.utf16.count) UTF-16 units", sourceLocation: sourceLocation)
        }
    }

    /// Lines of an RFC 5322 message: at most 998 octets before CRLF.
    static func expectShortLines(_ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = message.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
        let longest = lines.map { $0.last == 0x0D ? $0.count - 1 : $0.count }.max() ?? 0
        #expect(longest <= 998, "a line of \(longest) octets", sourceLocation: sourceLocation)
    }

    @Test(arguments: ["spinner", "huge"])
    func dryRunEndsAndKeepsEveryLimit(label: String) throws {
        let name = label == "spinner" ? Self.spinner : Self.huge
        let s = try Self.prepare("dry-\(label)", name: name)
        let r = try Self.run(s, ["notify", "--dry-run"])
        #expect(r.status == 0, "exit \(r.status): \(r.stderr)")
        let payloads = Self.payloads(r.stdout)
        #expect(Set(payloads.keys) == ["email", "slack", "webhook"], "\(payloads.keys)")
        Self.expectShortLines(payloads["email"] ?? "")
        #expect(Self.bytes(payloads["email"] ?? "", contain: String(name.unicodeScalars.prefix(2))), "the email shows the name")
        try Self.expectWithinSlackLimits(payloads["slack"] ?? "")
        // Receivers that are programs get the name whole.
        let hook = try jsonObject(payloads["webhook"] ?? "", "webhook payload")
        let entries = hook["entries"] as? [[String: Any]] ?? []
        #expect((entries.first?["fine_tune"] as? String)?.unicodeScalars.elementsEqual(name.unicodeScalars) == true)
    }

    /// The real run: the SMTP server gets a message that Python's email
    /// package reads without defects, and the name comes back whole.
    @Test func notifyDeliversTheEmail() throws {
        let s0 = try Sandbox("smtp-dir")
        let smtp = try SMTPServer(maildir: s0.path("mail"))
        defer { smtp.stop() }
        let s = try Self.prepare("send", name: Self.spinner, smtp: smtp)
        let r = try Self.run(s, ["notify", "--channel", "mail"])
        #expect(r.status == 0, "\(r)")
        let messages = try smtp.messages()
        try #require(messages.count == 1)
        Self.expectShortLines(messages[0].data)
        let parsed = try Self.pythonParse(messages[0].data, in: s)
        #expect(parsed["defects"] as? [String] == [], "\(parsed)")
        // The folded lines joined again (String's own search would compare whole characters).
        let body = String(decoding: (parsed["body"] as? String ?? "").utf8.filter { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
        #expect(Self.bytes(body, contain: Self.spinner), "the name must arrive whole")
    }

    /// `channel test` on a channel whose name is one huge grapheme: the
    /// subject is shortened, still valid RFC 2047, and the body lines fold.
    @Test func channelTestEnds() throws {
        let s0 = try Sandbox("smtp-dir")
        let smtp = try SMTPServer(maildir: s0.path("mail"))
        defer { smtp.stop() }
        let s = try Self.prepare("channel-test", name: "ft-x", smtp: smtp)
        _ = try s.query("UPDATE channel SET name = '\(Self.spinner)' WHERE name = 'mail'")
        let r = try Self.run(s, ["channel", "test", Self.spinner])
        #expect(r.status == 0, "\(r)")
        let messages = try smtp.messages()
        try #require(messages.count == 1)
        Self.expectShortLines(messages[0].data)
        let parsed = try Self.pythonParse(messages[0].data, in: s)
        #expect(parsed["defects"] as? [String] == [], "\(parsed)")
        let subject = parsed["subject"] as? String ?? ""
        #expect(subject.utf8.starts(with: "tracker: test message for channel b\u{0301}".utf8) && subject.hasSuffix("…")
                && subject.utf8.count <= 240, "\(subject.utf8.count) bytes")
        // The same through Slack's and the webhook's test messages.
        let server = try HTTPServer()
        defer { server.stop() }
        _ = try s.query("UPDATE channel SET name = '\(Self.huge)' WHERE name = 'chat'")
        let slack = try Self.run(s, ["channel", "test", Self.huge], env: ["SLACK_URL": server.base + "/services/T000/B000/x"])
        #expect(slack.status == 0, "\(slack.stderr)")
        let sent = try server.requests()
        try #require(sent.count == 1)
        #expect(sent[0].body.utf8.count < 3000, "Slack test message of \(sent[0].body.utf8.count) bytes")
    }

    /// Whether `text` holds `part` byte for byte (String.contains compares
    /// whole characters, and a cut grapheme is not one).
    static func bytes(_ text: String, contain part: String) -> Bool {
        let t = Array(text.utf8), p = Array(part.utf8)
        guard !p.isEmpty, t.count >= p.count else { return p.isEmpty }
        return (0...(t.count - p.count)).contains { t[$0..<$0 + p.count].elementsEqual(p) }
    }

    /// Python's email package, as a mail client would read the message.
    static func pythonParse(_ raw: String, in s: Sandbox) throws -> [String: Any] {
        let file = s.path("message.eml")
        try Data(raw.utf8).write(to: URL(fileURLWithPath: file))
        let script = """
            import email, email.policy, json, sys
            m = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)
            body = m.get_body().get_content()
            print(json.dumps({"subject": str(m["subject"]), "body": body,
                              "defects": [type(d).__name__ for d in list(m.defects) + list(m["subject"].defects)]}))
            """
        let r = try runProcess(try Repo.python(), ["-c", script, file], environment: s.environment([:]), directory: s.root)
        guard r.status == 0 else { throw SupportError("python could not parse the message: \(r)") }
        return try jsonObject(r.stdout, "python output")
    }
}
