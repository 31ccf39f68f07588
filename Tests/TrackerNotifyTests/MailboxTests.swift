import Foundation
import Testing
import TrackerTestKit
import TrackerCore

/// Issue 13, part 6: display names in --from/--to, and a STARTTLS refusal
/// that says what to do, through the binary and aiosmtpd.
@Suite struct MailboxTests {
    static let d = Fixture.day

    func seed(_ s: Sandbox) throws {
        try s.ok(["base", "add", "openai/gpt-4o@2024-05-13", "--released", "2024-05-13", "--shutdown", "2025-03-01"], now: Self.d)
        try s.ok(["add", "ft-a", "--base", "openai/gpt-4o@2024-05-13", "--trained", "2024-06-01", "--cost", "10",
                  "--retrain-every", "never"], now: Self.d)
    }

    @Test func displayNamesGoToHeadersAndBareAddressesToTheEnvelope() throws {
        let s = try Sandbox("mailbox")
        let smtp = try SMTPServer(maildir: s.path("mail"))
        defer { smtp.stop() }
        try seed(s)
        try s.ok(["channel", "add", "email", "mail", "--smtp", smtp.url, "--insecure-plaintext",
                  "--from", "Tracker Bot <t@example.com>", "--to", "\"Ops, Team\" <ops@example.com>",
                  "--to", "b@example.com", "--to", "Zoë Ops <zoe@example.com>"], now: Self.d)
        let r = try s.run(["notify"], now: Self.d)
        #expect(r.status == 0, "\(r)")
        let m = try #require(try smtp.messages().first)
        #expect(m.mailFrom == "t@example.com")
        #expect(m.rcptTos == ["ops@example.com", "b@example.com", "zoe@example.com"])
        #expect(m.header("From") == "Tracker Bot <t@example.com>")
        let to = try #require(m.header("To"))
        #expect(to.contains("\"Ops, Team\" <ops@example.com>"), "\(to)")
        #expect(to.contains("=?UTF-8?B?") && to.contains("<zoe@example.com>"), "\(to)")
        // Python's email package reads the names back.
        let py = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", """
            import sys, email, email.policy, email.utils
            m = email.message_from_string(sys.stdin.read() if False else open(sys.argv[1]).read(), policy=email.policy.default)
            print(m['From'].addresses[0].display_name)
            print('|'.join(a.display_name for a in m['To'].addresses))
            """, try writeTemp(s, m.data)], environment: ProcessInfo.processInfo.environment, directory: s.root)
        #expect(py.stdout == "Tracker Bot\nOps, Team||Zoë Ops\n", "\(py)")
    }

    func writeTemp(_ s: Sandbox, _ text: String) throws -> String {
        let p = s.path("message.eml")
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    @Test(arguments: ["Bot <not-an-address>", "<>", "Bot <a@example.com", "B<o>t <a@example.com>"])
    func aBrokenMailboxIsRefused(_ from: String) throws {
        let s = try Sandbox("mailbox-bad")
        let r = try s.run(["channel", "add", "email", "mail", "--smtp", "smtp://127.0.0.1:25", "--insecure-plaintext",
                           "--from", from, "--to", "a@example.com"], now: Self.d)
        #expect(r.status == 64, "\(r)")
        #expect(r.stderr.contains("is not an email address"), "\(r)")
    }

    @Test func aRefusedSTARTTLSSuggestsSMTPSOrPlaintext() throws {
        let s = try Sandbox("starttls")
        let smtp = try SMTPServer(maildir: s.path("mail"))
        defer { smtp.stop() }
        try seed(s)
        try s.ok(["channel", "add", "email", "mail", "--smtp", smtp.url, "--from", "t@example.com", "--to", "a@example.com"], now: Self.d)
        let r = try s.run(["channel", "test", "mail"], now: Self.d)
        #expect(r.status != 0, "\(r)")
        #expect(r.stderr.contains("does not offer STARTTLS"), "\(r)")
        #expect(r.stderr.contains("smtps://") && r.stderr.contains("--insecure-plaintext"), "\(r)")
        #expect(!r.stderr.contains("requireTLS"), "\(r)")
    }
}
