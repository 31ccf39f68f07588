import Foundation
import Testing
import TrackerTestKit
import TrackerCore

/// Receivers that quote secrets back (issue 12, defect 5) and answer with
/// huge bodies (defect 13a), through the real binary against
/// http_server.py and smtp_server.py playing hostile.
@Suite struct HostileReceiverTests {
    static let slackToken = "XyZslackSECRET9tok"
    /// A webhook path whose secret holds reserved characters, percent-encoded in the URL.
    static let hookPathEncoded = "ab%2Bcd%2Fef%3DhookSECRET77"
    static let hookPathDecoded = "ab+cd/ef=hookSECRET77"
    static let user = "mailer"
    static let password = "smtpSECRETpw88"
    static let signing = "whsec_" + Data("signingSECRETkey1234".utf8).base64EncodedString()
    static let basicUser = "bob"
    static let basicPassword = "basicSECRETpw55"

    /// Every secret, in every encoding a receiver may quote it in.
    static var forbidden: [(name: String, text: String)] {
        var out: [(String, String)] = []
        let secrets: [(String, String)] = [
            ("slack token", slackToken), ("hook path", hookPathEncoded), ("decoded hook path", hookPathDecoded),
            ("password", password), ("signing secret", signing), ("basic password", basicPassword),
            ("AUTH PLAIN", "\0\(user)\0\(password)"), ("Basic credentials", "\(basicUser):\(basicPassword)"),
            ("slack path", "/services/T000ABCD/B000EFGH/\(slackToken)"), ("hook path", "/hook/\(hookPathEncoded)"),
        ]
        for (name, s) in secrets {
            let b64 = Data(s.utf8).base64EncodedString()
            let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
            let pct = s.addingPercentEncoding(withAllowedCharacters: unreserved)!
            var lower = ""
            var left = 0
            for c in pct {
                if c == "%" { left = 2; lower.append(c); continue }
                lower += left > 0 ? c.lowercased() : String(c)
                left = max(0, left - 1)
            }
            out += [(name, s), ("\(name) percent-encoded", pct), ("\(name) percent-encoded lower", lower),
                    ("\(name) base64", b64.replacingOccurrences(of: "=", with: "")),
                    ("\(name) JSON", s.replacingOccurrences(of: "/", with: "\\/"))]
        }
        // The distinctive cores, wherever they stand.
        for core in ["slackSECRET", "hookSECRET", "smtpSECRET", "signingSECRET", "basicSECRET",
                     Data("signingSECRETkey1234".utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")] {
            out.append(("core", core))
        }
        return out.filter { !$0.1.isEmpty }
    }

    static func expectClean(_ text: String, _ place: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for f in forbidden where text.contains(f.text) {
            Issue.record("\(f.name) (\(f.text)) in \(place):\n\(text.prefix(4000))", sourceLocation: sourceLocation)
        }
    }

    static func expectClean(_ data: Data, _ place: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for f in forbidden where data.range(of: Data(f.text.utf8)) != nil {
            Issue.record("\(f.name) (\(f.text)) in \(place)", sourceLocation: sourceLocation)
        }
    }

    /// Four channels (basic, hook, mail, ops: the order notify serves them)
    /// with every kind of secret; the SMTP server refuses the password and
    /// quotes the AUTH PLAIN base64, the password's base64 and the password.
    static func setUp(_ server: HTTPServer, _ s: Sandbox) throws -> SMTPServer {
        let smtp = try SMTPServer(maildir: s.path("mail"), [
            "--auth", "\(user):another-password", "--allow-plain-auth",
            "--auth-fail-reply", "535 5.7.8 credentials {plain} rejected ({password_b64}, {password})",
        ])
        s.env["SLACK_URL"] = "\(server.base)/services/T000ABCD/B000EFGH/\(slackToken)"
        s.env["SMTP_PW"] = password
        s.env["HOOK_KEY"] = signing
        try "\(server.base)/hook/\(hookPathEncoded)\n".write(toFile: s.path("hook-url"), atomically: true, encoding: .utf8)
        let basicURL = server.base.replacingOccurrences(of: "http://", with: "http://\(basicUser):\(basicPassword)@")
        try "\(basicURL)/basic/endpoint\n".write(toFile: s.path("basic-url"), atomically: true, encoding: .utf8)
        try Fixture.build(s, only: ["ft-dead"])
        let d = Fixture.day
        try s.ok(["channel", "add", "slack", "ops", "--url-env", "SLACK_URL"], now: d)
        try s.ok(["channel", "add", "webhook", "hook", "--url-file", s.path("hook-url"), "--secret-env", "HOOK_KEY"], now: d)
        try s.ok(["channel", "add", "webhook", "basic", "--url-file", s.path("basic-url")], now: d)
        try s.ok(["channel", "add", "email", "mail", "--smtp", smtp.url, "--insecure-plaintext", "--from", "t@example.com",
                  "--to", "a@example.com", "--user", user, "--password-env", "SMTP_PW"], now: d)
        return smtp
    }

    /// Each case seen (and their encodings), through `channel test`: the
    /// receiver's answer is shown with every secret hidden, and its words
    /// that are not secrets stay.
    @Test func echoedSecretsAreNeverShownOrStored() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("hostile")
        let smtp = try Self.setUp(server, s)
        defer { smtp.stop() }
        let d = Fixture.day
        var outputs: [(String, String)] = []

        let signingB64 = Data(Self.signing.utf8).base64EncodedString()
        let cases: [(channel: String, answer: String, status: Int32, shows: String)] = [
            ("ops", #"{"status": 400, "echo": true, "body": "invalid_token {segment:-1}"}"#, 78, "invalid_token <redacted>"),
            ("ops", #"{"status": 403, "echo": true, "body": "no_service for {tail:2}"}"#, 78, "no_service for <redacted>"),
            ("ops", #"{"status": 404, "echo": true, "body": "Cannot POST {path}"}"#, 78, "Cannot POST <redacted>"),
            ("ops", #"{"status": 404, "echo": true, "body": "Cannot POST {path|pct}"}"#, 78, "Cannot POST <redacted>"),
            ("ops", #"{"status": 404, "echo": true, "body": "Cannot POST {path|pctlower}"}"#, 78, "Cannot POST <redacted>"),
            ("ops", #"{"status": 404, "echo": true, "body": "no route {path|json} ({path|b64})"}"#, 78, "no route <redacted>"),
            ("ops", #"{"status": 200, "echo": true, "body": "ok token={segment:-1}"}"#, 0, "200 ok token=<redacted>"),
            ("hook", #"{"status": 404, "echo": true, "body": "Cannot POST {path}"}"#, 78, "Cannot POST <redacted>"),
            ("hook", #"{"status": 404, "echo": true, "body": "no hook {path|decoded}"}"#, 78, "no hook <redacted>"),
            ("hook", #"{"status": 401, "body": "signature mismatch: expected key \#(Self.signing) (\#(signingB64))"}"#, 78,
             "signature mismatch: expected key <redacted>"),
            ("hook", #"{"status": 200, "echo": true, "body": "ok {segment:-1}"}"#, 0, "200 ok <redacted>"),
            ("basic", #"{"status": 401, "echo": true, "body": "who is {header:authorization}?"}"#, 78, "who is Basic <redacted>?"),
        ]
        for c in cases {
            try server.queue("[\(c.answer)]")
            let r = try s.run(["channel", "test", c.channel], now: d)
            #expect(r.status == c.status, "\(c.answer): \(r)")
            #expect((r.stdout + r.stderr).contains(c.shows), "\(c.answer) should show '\(c.shows)': \(r)")
            outputs.append(("channel test \(c.channel) answered \(c.answer)", r.stdout + r.stderr))
            let list = try s.ok(["channel", "list", "--format", "json"], now: d)
            outputs.append(("channel list after \(c.answer)", list.stdout))
        }
        // The SMTP 535 quoting AUTH PLAIN, the password's base64 and the password.
        let mail = try s.run(["channel", "test", "mail"], now: d)
        #expect(mail.status == 78, "\(mail)")
        #expect(mail.stderr.contains("535 5.7.8 credentials <redacted> rejected (<redacted>, <redacted>)"), "\(mail)")
        outputs.append(("channel test mail", mail.stdout + mail.stderr))
        #expect(try smtp.messages().isEmpty)

        // notify: every channel refuses, quoting its secrets; stored as last_error.
        try server.queue("""
            [{"status": 401, "echo": true, "body": "who is {header:authorization}?"},
             {"status": 403, "echo": true, "body": "bad signature for {path|decoded}: \(Self.signing)"},
             {"status": 404, "echo": true, "body": "Cannot POST {path}"}]
            """)
        let failed = try s.run(["notify"], now: d)
        #expect(failed.status == 78, "\(failed)")
        outputs.append(("failed notify", failed.stdout + failed.stderr))
        let failing = try s.ok(["channel", "list", "--format", "json"], now: d)
        outputs.append(("channel list after the failed notify", failing.stdout))
        let channels = (try failing.json()["channels"] as? [[String: Any]]) ?? []
        #expect(channels.count == 4)
        for ch in channels {
            let error = ch["state_detail"] as? String ?? ""
            #expect(ch["state"] as? String == "failing" && error.contains("<redacted>"), "\(ch)")
        }
        outputs.append(("channel list", try s.ok(["channel", "list"], now: d).stdout))
        outputs.append(("export while failing", try s.ok(["export"], now: d).stdout))

        // notify --verbose: the HTTP channels accept, quoting their secrets in a 200.
        try server.queue(#"""
            [{"status": 200, "echo": true, "body": "ok {header:authorization}"},
             {"status": 200, "echo": true, "body": "ok {path|decoded} {path}"},
             {"status": 200, "echo": true, "body": "ok token={segment:-1} {path|b64}"}]
            """#)
        let verbose = try s.run(["notify", "--verbose"], now: d)
        #expect(verbose.status == 78, "mail still fails: \(verbose)")
        #expect(verbose.stdout.contains("ok token=<redacted>"), "\(verbose)")
        #expect(verbose.stdout.components(separatedBy: "delivered").count == 4, "three deliveries: \(verbose)")
        outputs.append(("notify --verbose", verbose.stdout + verbose.stderr))
        outputs.append(("export", try s.ok(["export"], now: d).stdout))
        outputs.append(("channel list at the end", try s.ok(["channel", "list", "--format", "json"], now: d).stdout))

        for (place, text) in outputs { Self.expectClean(text, place) }
        Self.expectClean(s.transcript, "the transcript")
        Self.expectClean(try s.dump(), "the database dump")
        if TestBackend.isSQLite { Self.expectClean(s.rawDatabaseBytes(), "the database files (with -wal and -shm)") }
        // The receivers did get the secrets (the test would prove nothing otherwise).
        let paths = try server.requests().map(\.path)
        #expect(paths.contains("/services/T000ABCD/B000EFGH/\(Self.slackToken)") && paths.contains("/hook/\(Self.hookPathEncoded)"))
    }

    /// A long answer is cut to 200 characters before it is shown or stored,
    /// and what is stored stays short whatever the receiver sends.
    @Test func receivedTextIsCapped() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("hostile-cap")
        let smtp = try Self.setUp(server, s)
        defer { smtp.stop() }
        let d = Fixture.day
        let words = String(repeating: "spam ", count: 2000)
        try server.queue(#"[{"status": 400, "echo": true, "body": "\#(words) {segment:-1}"}]"#)
        let r = try s.run(["channel", "test", "ops"], now: d)
        #expect(r.status == 78, "\(r)")
        let line = r.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(line.contains("spam spam") && line.contains("…"), "\(r)")
        #expect(line.count < 400, "the error line is \(line.count) characters: \(line)")
        let ch = ((try s.ok(["channel", "list", "--format", "json"], now: d).json()["channels"] as? [[String: Any]]) ?? [])
            .first { $0["name"] as? String == "ops" }
        let stored = ch?["state_detail"] as? String ?? ""
        #expect(!stored.isEmpty && stored.count < 400, "stored last_error is \(stored.count) characters")
        Self.expectClean(r.stdout + r.stderr + stored, "capped answer")
    }

    /// Defect 13a: a 200 with a 20 MB body is one delivery, not a failure
    /// that is sent again.
    @Test func aHugeAcceptedAnswerIsOneDelivery() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try SlackNotifyTests.setUp(server, only: ["ft-dead"])
        try server.queue(#"[{"status": 200, "body": "ok ", "size": 20000000}]"#)
        let first = try s.run(["notify"], now: Fixture.day)
        #expect(first.status == 0, "\(first)")
        #expect(first.stdout.isEmpty && first.stderr.isEmpty, "\(first)")
        #expect(try server.requests().count == 1)
        #expect(try s.query("SELECT count(*) FROM delivery") == ["1"])
        // Later runs have nothing to send: still one post.
        for _ in 0..<2 {
            let again = try s.run(["notify"], now: Fixture.day)
            #expect(again.status == 0 && again.stdout.isEmpty && again.stderr.isEmpty, "\(again)")
        }
        #expect(try server.requests().count == 1)
        // channel test shows the start of such an answer.
        try server.queue(#"[{"status": 200, "body": "ok ", "size": 20000000}]"#)
        let test = try s.run(["channel", "test", "ops"], now: Fixture.day)
        #expect(test.status == 0 && test.stdout.contains("200 ok ok ok") && test.stdout.contains("…"), "\(test)")
    }
}
