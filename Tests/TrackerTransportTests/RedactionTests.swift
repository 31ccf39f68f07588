import Foundation
import Testing
import TrackerTestKit
@testable import TrackerTransport

/// Secrets that must never appear in any error's message or description.
private let pathSecret = "XyZsecretHookToken123"
private let querySecret = "qsSecretValue987"
private let password = "hunter2-Passw0rd"
private let username = "smtp-user-77"

private func assertClean(_ error: TransportError, _ extra: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) {
    let texts = [error.message, error.description, String(describing: error), "\(error)", String(reflecting: error.message)]
    let forbidden = [pathSecret, querySecret, password, "\(username):\(password)", "/services/T0001/B0002", "token="] + extra
    for text in texts {
        for secret in forbidden {
            #expect(!text.contains(secret), "leaked \(secret) in: \(text)", sourceLocation: sourceLocation)
        }
    }
}

@Suite("Secrets never appear in errors")
struct RedactionTests {
    @Test func httpErrorsDoNotLeakThePathQueryOrCredentials() throws {
        let port = try closedPort()
        let secretPath = "/services/T0001/B0002/\(pathSecret)?token=\(querySecret)"

        // Connection refused, with credentials in the URL.
        do {
            _ = try HTTPClient.send(HTTPRequest(
                method: "POST", url: "http://\(username):\(password)@127.0.0.1:\(port)\(secretPath)", body: [1], timeoutSeconds: 5))
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .connect)
            #expect(error.message.contains("http://127.0.0.1:\(port)"))
            assertClean(error, [username])
        }

        // Timeout against a slow server.
        let server = try TestServer("http_server.py")
        defer { server.stop() }
        try queueResponses(port: server.port, #"[{"status":200,"body":"late","delay":3}]"#)
        do {
            _ = try HTTPClient.send(HTTPRequest(url: "http://127.0.0.1:\(server.port)\(secretPath)", timeoutSeconds: 0.5))
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .timeout)
            assertClean(error)
        }

        // Host that cannot be resolved (curl quotes the host in its message).
        do {
            _ = try HTTPClient.send(HTTPRequest(url: "https://nonexistent.invalid\(secretPath)", timeoutSeconds: 5))
            Issue.record("expected an error")
        } catch {
            assertClean(error)
        }

        // Malformed URLs (curl's URL parser complains about them).
        for bad in [
            "http://127.0.0.1:99999\(secretPath)",
            "http://[::1\(secretPath)",
            "http://\(pathSecret) \(querySecret)",
            "hxxp://\(pathSecret)/\(querySecret)",
            "not a url \(pathSecret) \(password)",
        ] {
            do {
                _ = try HTTPClient.send(HTTPRequest(url: bad, timeoutSeconds: 2))
                Issue.record("expected an error for a malformed URL")
            } catch {
                assertClean(error)
            }
        }
    }

    @Test func smtpErrorsDoNotLeakThePassword() throws {
        let dir = try TempDir("redact-smtp")
        defer { dir.remove() }
        let maildir = dir.path("mail")
        let server = try TestServer("smtp_server.py", [
            "--maildir", maildir, "--auth", "\(username):right-one", "--allow-plain-auth",
        ])
        defer { server.stop() }
        let message = Array("Subject: x\r\n\r\nbody\r\n".utf8)
        for url in ["smtp://127.0.0.1:\(server.port)", "smtp://\(username):\(password)@127.0.0.1:\(server.port)/\(pathSecret)"] {
            do {
                _ = try SMTPClient.send(SMTPEnvelope(
                    url: url, username: username, password: password,
                    from: "a@example.com", recipients: ["b@example.com"],
                    message: message, requireTLS: false, timeoutSeconds: 10))
                Issue.record("expected an auth error")
            } catch {
                #expect(error.kind == .auth)
                assertClean(error)
            }
        }
        // Without STARTTLS offered, requireTLS fails before AUTH.
        do {
            _ = try SMTPClient.send(SMTPEnvelope(
                url: "smtp://127.0.0.1:\(server.port)", username: username, password: password,
                from: "a@example.com", recipients: ["b@example.com"],
                message: message, requireTLS: true, timeoutSeconds: 10))
            Issue.record("expected a TLS error")
        } catch {
            #expect(error.kind == .tls)
            assertClean(error)
        }
    }

    @Test func redactorRemovesEveryFormOfTheURL() {
        let url = "https://user:\(password)@hooks.slack.com/services/T0001/B0002/\(pathSecret)?token=\(querySecret)"
        let redactor = Redactor(url: url, username: "user", password: password)
        let samples = [
            "Could not resolve host: hooks.slack.com",
            "Failed to connect to \(url)",
            "bad path /services/T0001/B0002/\(pathSecret)?token=\(querySecret)",
            "only the tail \(pathSecret) and \(querySecret)",
            "encoded %2Fservices%2FT0001 \(pathSecret.replacingOccurrences(of: "X", with: "%58"))",
            "password \(password) and user:\(password)",
        ]
        for sample in samples {
            let clean = redactor.redact(sample)
            for secret in [pathSecret, querySecret, password, "/services/T0001"] {
                #expect(!clean.contains(secret), "\(clean)")
            }
        }
        #expect(redactor.redact("Failed to connect to \(url)") == "Failed to connect to https://hooks.slack.com")
        #expect(redactor.redact("Could not resolve host: hooks.slack.com") == "Could not resolve host: hooks.slack.com")
        #expect(redactedOrigin(url) == "https://hooks.slack.com")
        #expect(redactedOrigin("smtp://127.0.0.1:2525") == "smtp://127.0.0.1:2525")
    }
}
