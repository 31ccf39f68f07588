import Foundation
import Testing
import TrackerTestKit
@testable import TrackerTransport

/// A message with the lines SMTP transparency must protect: a lone dot,
/// lines starting with dots, and non-ASCII text.
private func sampleMessage(to: String = "ops@example.com") -> [UInt8] {
    let lines = [
        "From: Tracker <tracker@example.com>",
        "To: <\(to)>",
        "Subject: [tracker] 2 fine-tunes need attention",
        "Date: Mon, 01 Jun 2026 09:00:00 +0000",
        "Message-ID: <test-1@tracker.local>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        "support-bot gen 3: base gpt-4o-2024-08-06 shuts down in 30 days.",
        ".this line starts with a dot",
        "..and this one with two",
        ".",
        "Prices in € stay exact.",
        "-- ",
        "tracker",
    ]
    return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
}

@Suite("SMTPClient against aiosmtpd")
struct SMTPClientTests {
    @Test func plainDeliveryArrivesByteForByte() throws {
        let dir = try TempDir("smtp-plain")
        defer { dir.remove() }
        let maildir = dir.path("mail")
        let server = try TestServer("smtp_server.py", ["--maildir", maildir])
        defer { server.stop() }

        let message = sampleMessage()
        let reply = try SMTPClient.send(SMTPEnvelope(
            url: "smtp://127.0.0.1:\(server.port)",
            from: "tracker@example.com",
            recipients: ["ops@example.com", "ml@example.com"],
            message: message,
            requireTLS: false,
            timeoutSeconds: 10))
        #expect(reply.code == 250)

        let mails = try readMaildir(maildir)
        try #require(mails.count == 1)
        #expect(mails[0]["mail_from"] as? String == "tracker@example.com")
        #expect(mails[0]["rcpt_tos"] as? [String] == ["ops@example.com", "ml@example.com"])
        #expect(mails[0]["data"] as? String == String(decoding: message, as: UTF8.self))
        #expect(mails[0]["tls"] as? Bool == false)
    }

    @Test func requireTLSAgainstServerWithoutStartTLSFails() throws {
        let dir = try TempDir("smtp-notls")
        defer { dir.remove() }
        let maildir = dir.path("mail")
        let server = try TestServer("smtp_server.py", ["--maildir", maildir])
        defer { server.stop() }
        do {
            _ = try SMTPClient.send(SMTPEnvelope(
                url: "smtp://127.0.0.1:\(server.port)",
                from: "tracker@example.com", recipients: ["ops@example.com"],
                message: sampleMessage(), requireTLS: true, timeoutSeconds: 10))
            Issue.record("expected a TLS error")
        } catch {
            #expect(error.kind == .tls)
            #expect(error.message.contains("does not offer STARTTLS"), "\(error.message)")
        }
        #expect(try readMaildir(maildir).isEmpty)
    }

    @Test func startTLSWithPrivateCADelivers() throws {
        let dir = try TempDir("smtp-tls")
        defer { dir.remove() }
        let maildir = dir.path("mail")
        let (cert, key) = try makeSelfSignedCertificate(in: dir)
        let server = try TestServer("smtp_server.py", [
            "--maildir", maildir, "--tls-cert", cert, "--tls-key", key,
        ])
        defer { server.stop() }

        let message = sampleMessage()
        let reply = try SMTPClient.send(SMTPEnvelope(
            url: "smtp://127.0.0.1:\(server.port)",
            from: "tracker@example.com", recipients: ["ops@example.com"],
            message: message, requireTLS: true, caFile: cert, timeoutSeconds: 10))
        #expect(reply.code == 250)
        let mails = try readMaildir(maildir)
        try #require(mails.count == 1)
        #expect(mails[0]["tls"] as? Bool == true)
        #expect(mails[0]["data"] as? String == String(decoding: message, as: UTF8.self))
    }

    @Test func startTLSWithUntrustedCertificateFails() throws {
        let dir = try TempDir("smtp-untrusted")
        defer { dir.remove() }
        let maildir = dir.path("mail")
        let (cert, key) = try makeSelfSignedCertificate(in: dir)
        let server = try TestServer("smtp_server.py", [
            "--maildir", maildir, "--tls-cert", cert, "--tls-key", key,
        ])
        defer { server.stop() }
        do {
            // No caFile: the self-signed certificate is not trusted.
            _ = try SMTPClient.send(SMTPEnvelope(
                url: "smtp://127.0.0.1:\(server.port)",
                from: "tracker@example.com", recipients: ["ops@example.com"],
                message: sampleMessage(), requireTLS: true, timeoutSeconds: 10))
            Issue.record("expected a TLS error")
        } catch {
            #expect(error.kind == .tls)
        }
        #expect(try readMaildir(maildir).isEmpty)
    }

    @Test func authWithRightPasswordDelivers() throws {
        let dir = try TempDir("smtp-auth")
        defer { dir.remove() }
        let maildir = dir.path("mail")
        let server = try TestServer("smtp_server.py", [
            "--maildir", maildir, "--auth", "alice:s3cret-pw", "--allow-plain-auth",
        ])
        defer { server.stop() }
        let reply = try SMTPClient.send(SMTPEnvelope(
            url: "smtp://127.0.0.1:\(server.port)", username: "alice", password: "s3cret-pw",
            from: "tracker@example.com", recipients: ["ops@example.com"],
            message: sampleMessage(), requireTLS: false, timeoutSeconds: 10))
        #expect(reply.code == 250)
        let mails = try readMaildir(maildir)
        try #require(mails.count == 1)
        #expect(mails[0]["auth_login"] as? String == "alice")
    }

    @Test func authOverStartTLSDelivers() throws {
        let dir = try TempDir("smtp-auth-tls")
        defer { dir.remove() }
        let maildir = dir.path("mail")
        let (cert, key) = try makeSelfSignedCertificate(in: dir)
        let server = try TestServer("smtp_server.py", [
            "--maildir", maildir, "--auth", "bob:tls-only-pw", "--tls-cert", cert, "--tls-key", key,
        ])
        defer { server.stop() }
        let reply = try SMTPClient.send(SMTPEnvelope(
            url: "smtp://127.0.0.1:\(server.port)", username: "bob", password: "tls-only-pw",
            from: "tracker@example.com", recipients: ["ops@example.com"],
            message: sampleMessage(), requireTLS: true, caFile: cert, timeoutSeconds: 10))
        #expect(reply.code == 250)
        let mails = try readMaildir(maildir)
        try #require(mails.count == 1)
        #expect(mails[0]["auth_login"] as? String == "bob")
        #expect(mails[0]["tls"] as? Bool == true)
    }

    @Test func authWithWrongPasswordFails() throws {
        let dir = try TempDir("smtp-badauth")
        defer { dir.remove() }
        let maildir = dir.path("mail")
        let server = try TestServer("smtp_server.py", [
            "--maildir", maildir, "--auth", "alice:s3cret-pw", "--allow-plain-auth",
        ])
        defer { server.stop() }
        do {
            _ = try SMTPClient.send(SMTPEnvelope(
                url: "smtp://127.0.0.1:\(server.port)", username: "alice", password: "WRONG-pw-1234",
                from: "tracker@example.com", recipients: ["ops@example.com"],
                message: sampleMessage(), requireTLS: false, timeoutSeconds: 10))
            Issue.record("expected an auth error")
        } catch {
            #expect(error.kind == .auth)
            #expect(error.smtpCode == 535)
            #expect(!error.message.contains("WRONG-pw-1234"))
            #expect(!error.isTemporary)
        }
        #expect(try readMaildir(maildir).isEmpty)
    }

    @Test func missingCredentialsAreAnAuthError() throws {
        let dir = try TempDir("smtp-noauth")
        defer { dir.remove() }
        let maildir = dir.path("mail")
        let server = try TestServer("smtp_server.py", [
            "--maildir", maildir, "--auth", "alice:s3cret-pw", "--allow-plain-auth",
        ])
        defer { server.stop() }
        do {
            _ = try SMTPClient.send(SMTPEnvelope(
                url: "smtp://127.0.0.1:\(server.port)",
                from: "tracker@example.com", recipients: ["ops@example.com"],
                message: sampleMessage(), requireTLS: false, timeoutSeconds: 10))
            Issue.record("expected an auth error")
        } catch {
            #expect(error.kind == .auth)
            #expect(error.smtpCode == 530)
        }
    }

    @Test func rejectedRecipient() throws {
        let dir = try TempDir("smtp-reject")
        defer { dir.remove() }
        let maildir = dir.path("mail")
        let server = try TestServer("smtp_server.py", [
            "--maildir", maildir, "--reject-rcpt", "nobody@example.com",
        ])
        defer { server.stop() }
        do {
            _ = try SMTPClient.send(SMTPEnvelope(
                url: "smtp://127.0.0.1:\(server.port)",
                from: "tracker@example.com", recipients: ["nobody@example.com"],
                message: sampleMessage(to: "nobody@example.com"), requireTLS: false, timeoutSeconds: 10))
            Issue.record("expected a rejection")
        } catch {
            #expect(error.kind == .rejected)
            #expect(error.smtpCode == 550)
            #expect(error.message.contains("550"), "\(error.message)")
        }
        #expect(try readMaildir(maildir).isEmpty)
    }

    @Test func connectionRefused() throws {
        let port = try closedPort()
        do {
            _ = try SMTPClient.send(SMTPEnvelope(
                url: "smtp://127.0.0.1:\(port)", from: "a@example.com", recipients: ["b@example.com"],
                message: sampleMessage(), requireTLS: false, timeoutSeconds: 5))
            Issue.record("expected a connect error")
        } catch {
            #expect(error.kind == .connect)
            #expect(error.isTemporary)
        }
    }
}
