import Foundation
import Testing
import TrackerTestKit
import TrackerCore

/// Email channels against aiosmtpd (smtp_server.py).
@Suite struct EmailTests {
    static let d = Fixture.day

    static func addMail(_ s: Sandbox, _ smtp: SMTPServer, name: String = "mail", extra: [String] = [],
                        plaintext: Bool = true) throws {
        try s.ok(["channel", "add", "email", name, "--smtp", smtp.url] + (plaintext ? ["--insecure-plaintext"] : [])
                 + ["--from", "tracker@example.com", "--to", "a@example.com", "--to", "b@example.com"] + extra, now: d)
    }

    /// A fine-tune whose key line is long enough to be wrapped so that a
    /// continuation line starts with ".": the transport must dot-stuff it.
    @Test func deliversOneWellFormedMessage() throws {
        let s = try Sandbox("email")
        let smtp = try SMTPServer(maildir: s.path("mail"))
        defer { smtp.stop() }
        let family = String(repeating: "a", count: 200)
        let version = String(repeating: ".", count: 200)
        let ref = "openai/\(family)@\(version)"
        let name = "dotted-" + String(repeating: "n", count: 143)
        let owner = "Zoë <ops@example.com> Bcc: evil@example.com; Subject: pwned"
        try s.ok(["base", "add", ref, "--released", "2023-01-01", "--shutdown", "2025-03-01"], now: Self.d)
        try s.ok(["add", name, "--base", ref, "--trained", "2024-01-01", "--cost", "10", "--owner", owner,
                  "--retrain-every", "never"], now: Self.d)
        // CR/LF can never reach a header: names with them are refused.
        let evil = try s.run(["add", "evil\r\nBcc: evil@example.com", "--base", ref, "--trained", "2024-01-01", "--cost", "1"], now: Self.d)
        #expect(evil.status == 64, "a name with CR/LF must be refused: \(evil)")
        let evilOwner = try s.run(["add", "evil2", "--base", ref, "--trained", "2024-01-01", "--cost", "1",
                                   "--owner", "x\nBcc: evil@example.com"], now: Self.d)
        #expect(evilOwner.status == 64, "an owner with LF must be refused: \(evilOwner)")
        try Self.addMail(s, smtp)

        let key = "\(name)#1:base-shut-down:\(ref)"
        let id = Alert.id(forKey: key)
        let keyLine = "    base \(ref) | id \(id) | key \(key)"
        try #require(keyLine.utf8.count > 998, "the key line must be long enough to wrap")
        let cut = keyLine.index(keyLine.startIndex, offsetBy: 990)
        try #require(keyLine[cut] == ".", "fixture arithmetic: the wrapped part must start with '.'")

        let r = try s.run(["notify"], now: Self.d)
        #expect(r.status == 0 && r.stdout.isEmpty && r.stderr.isEmpty, "\(r)")
        let msgs = try smtp.messages()
        try #require(msgs.count == 1, "one message for the digest")
        let m = msgs[0]
        #expect(m.mailFrom == "tracker@example.com")
        #expect(m.rcptTos == ["a@example.com", "b@example.com"], "exactly the configured recipients: \(m.rcptTos)")
        // CRLF everywhere.
        #expect(m.data.contains("\r\n"))
        #expect(!m.data.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "bare LF in the message")
        // Headers.
        let names = Set(m.headers.map(\.name))
        #expect(names == ["date", "message-id", "from", "to", "subject", "mime-version", "content-type",
                          "auto-submitted"], "unexpected header set: \(names)")
        let date = try #require(m.header("Date"))
        #expect(date.range(of: #"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$"#,
                                options: .regularExpression) != nil, "Date: \(date)")
        #expect(m.header("Message-ID")?.range(of: #"^<[0-9a-f]{32}@example\.com>$"#, options: .regularExpression) != nil,
                "\(m.header("Message-ID") ?? "-")")
        #expect(m.header("From") == "tracker@example.com")
        #expect(m.header("To") == "a@example.com, b@example.com")
        #expect(m.header("Subject") == "tracker: 1 new (\(Self.d))")
        #expect(m.header("MIME-Version") == "1.0")
        // multipart/alternative: the plain text, then the same digest as HTML.
        let contentType = try #require(m.header("Content-Type"))
        #expect(contentType.hasPrefix("multipart/alternative; boundary=\"=_tracker_"), "\(contentType)")
        let boundary = String(contentType.split(separator: "\"")[1])
        let parts = m.parts.body.components(separatedBy: "--" + boundary)
        #expect(parts.count == 4, "preamble, text, html, closing: \(parts.count)")
        #expect(parts.last?.hasPrefix("--") == true)
        if parts.count == 4 {
            #expect(parts[1].hasPrefix("\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"))
            #expect(parts[2].hasPrefix("\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n<!DOCTYPE html>"))
            #expect(parts[2].contains("<h2>New (1)</h2>") && parts[2].contains(id))
            #expect(!parts[2].contains("<script"))
        }
        #expect(m.parts.headers.unicodeScalars.allSatisfy({ $0.isASCII }))
        // The owner text stays in the body.
        #expect(m.parts.body.contains("— \(owner): "))
        #expect(!m.parts.headers.contains("evil@example.com") && !m.parts.headers.contains("pwned"))
        // The line that starts with "." arrives intact (transparency, RFC 5321 4.5.2).
        let wrapped = String(keyLine[cut...])
        #expect(m.data.contains("\r\n" + String(keyLine[..<cut]) + "\r\n" + wrapped + "\r\n"),
                "the wrapped key line did not arrive intact; body:\n\(m.parts.body)")
        #expect(m.parts.body.contains(id))

        // Nothing more the same day.
        #expect(try s.run(["notify"], now: Self.d).status == 0)
        #expect(try smtp.messages().count == 1)
    }

    @Test func channelTestWithNonASCIINameUsesEncodedSubject() throws {
        let s = try Sandbox("email-test")
        let smtp = try SMTPServer(maildir: s.path("mail"))
        defer { smtp.stop() }
        try Self.addMail(s, smtp, name: "équipe-ü")
        let r = try s.run(["channel", "test", "équipe-ü"], now: Self.d)
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.contains("delivered") && r.stdout.contains("250"), "prints the receiver's answer: \(r)")
        let msgs = try smtp.messages()
        try #require(msgs.count == 1)
        let subject = try #require(msgs[0].header("Subject"))
        #expect(subject.hasPrefix("=?UTF-8?B?"), "non-ASCII subject must be RFC 2047 encoded: \(subject)")
        let decoded = subject.components(separatedBy: " ").map { w -> String in
            let b64 = String(w.dropFirst(10).dropLast(2))
            return String(decoding: Data(base64Encoded: b64) ?? Data(), as: UTF8.self)
        }.joined()
        #expect(decoded == "tracker: test message for channel équipe-ü")
        #expect(msgs[0].parts.headers.unicodeScalars.allSatisfy({ $0.isASCII }))
        #expect(msgs[0].parts.body.contains("équipe-ü"))
    }

    @Test func smtpWithoutStartTLSIsRefused() throws {
        let s = try Sandbox("email-tls")
        let smtp = try SMTPServer(maildir: s.path("mail"))
        defer { smtp.stop() }
        try Fixture.build(s, only: ["ft-dead"])
        try Self.addMail(s, smtp, plaintext: false)
        let r = try s.run(["notify"], now: Self.d)
        #expect(r.status == 78, "\(r)")
        #expect(r.stderr.contains("STARTTLS"), "the error names STARTTLS: \(r)")
        #expect(r.stderr.contains("mail"), "\(r)")
        #expect(try smtp.messages().isEmpty)
        #expect(try s.query("SELECT count(*) FROM delivery") == ["0"])
    }

    @Test func authRightAndWrongPassword() throws {
        let s = try Sandbox("email-auth")
        let password = "pw-Secret-4711"
        let smtp = try SMTPServer(maildir: s.path("mail"), ["--auth", "u:\(password)", "--allow-plain-auth"])
        defer { smtp.stop() }
        try Fixture.build(s, only: ["ft-dead"])
        try Self.addMail(s, smtp, extra: ["--user", "u", "--password-env", "SMTP_PW"])
        // Wrong password: configuration error, nothing received, the password never shown or stored.
        let wrong = "pw-Wrong-0815"
        let bad = try s.run(["notify"], now: Self.d, env: ["SMTP_PW": wrong])
        #expect(bad.status == 78, "\(bad)")
        #expect(bad.stderr.contains("mail"), "\(bad)")
        #expect(try smtp.messages().isEmpty)
        let list = try s.ok(["channel", "list"], now: Self.d)
        let listJSON = try s.ok(["channel", "list", "--format", "json"], now: Self.d)
        #expect(list.stdout.contains("failing"), "\(list)")
        for text in [bad.stdout, bad.stderr, list.stdout, listJSON.stdout, try s.dump()] {
            #expect(!text.contains(wrong) && !text.contains(password))
        }
        if TestBackend.isSQLite { // the file's raw bytes; the dump above is every row on both backends
            #expect(!s.rawDatabaseBytes().contains(wrong) && !s.rawDatabaseBytes().contains(password))
        }
        // Right password: delivered, authenticated as u.
        let good = try s.run(["notify"], now: Self.d, env: ["SMTP_PW": password])
        #expect(good.status == 0 && good.stdout.isEmpty && good.stderr.isEmpty, "\(good)")
        let msgs = try smtp.messages()
        #expect(msgs.count == 1)
        #expect(msgs.first?.authLogin == "u")
        #expect(!s.transcript.contains(password) && !s.transcript.contains(wrong))
    }

    @Test func startTLSWithPrivateCA() throws {
        let s = try Sandbox("email-starttls")
        let (cert, key) = try makeSelfSignedCertificate(in: s)
        let smtp = try SMTPServer(maildir: s.path("mail"), ["--tls-cert", cert, "--tls-key", key, "--auth", "u:tls-pw-123"])
        defer { smtp.stop() }
        try Fixture.build(s, only: ["ft-dead"])
        try Self.addMail(s, smtp, extra: ["--ca-file", cert, "--user", "u", "--password-env", "SMTP_PW"], plaintext: false)
        let r = try s.run(["notify"], now: Self.d, env: ["SMTP_PW": "tls-pw-123"])
        #expect(r.status == 0, "\(r)")
        let msgs = try smtp.messages()
        #expect(msgs.count == 1)
        #expect(msgs.first?.tls == true, "STARTTLS must have been used")
        #expect(msgs.first?.authLogin == "u")
    }
}

/// A self-signed certificate for 127.0.0.1: (cert, key).
func makeSelfSignedCertificate(in s: Sandbox) throws -> (String, String) {
    let cert = s.path("cert.pem"), key = s.path("key.pem")
    try makeSelfSignedCertificate(cert: cert, key: key)
    return (cert, key)
}

extension EmailTests {
    /// A permanent 5xx from the SMTP server (a rejected recipient) is a configuration error.
    @Test func rejectedRecipientIsConfigurationError() throws {
        let s = try Sandbox("email-reject")
        let smtp = try SMTPServer(maildir: s.path("mail"), ["--reject-rcpt", "b@example.com"])
        defer { smtp.stop() }
        try Fixture.build(s, only: ["ft-dead"])
        try Self.addMail(s, smtp)
        let r = try s.run(["notify"], now: Self.d)
        #expect(r.status == 78, "\(r)")
        #expect(r.stderr.contains("mail") && r.stderr.contains("550"), "\(r)")
        #expect(try smtp.messages().isEmpty)
        #expect(try s.query("SELECT count(*) FROM delivery") == ["0"])
    }
}
