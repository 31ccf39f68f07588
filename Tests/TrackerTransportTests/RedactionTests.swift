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

    /// A hostile server whose 535 quotes the AUTH PLAIN base64 (which
    /// decodes to the password), the password's base64 and the password.
    @Test func smtpRepliesQuotingTheCredentialsAreScrubbed() throws {
        let dir = try TempDir("redact-smtp-echo")
        defer { dir.remove() }
        let server = try TestServer("smtp_server.py", [
            "--maildir", dir.path("mail"), "--auth", "\(username):right-one", "--allow-plain-auth",
            "--auth-fail-reply", "535 5.7.8 credentials {plain} rejected ({password_b64}, {password})",
        ])
        defer { server.stop() }
        let plain = Data("\0\(username)\0\(password)".utf8).base64EncodedString()
        let alone = Data(password.utf8).base64EncodedString()
        do {
            _ = try SMTPClient.send(SMTPEnvelope(
                url: "smtp://127.0.0.1:\(server.port)", username: username, password: password,
                from: "a@example.com", recipients: ["b@example.com"],
                message: Array("Subject: x\r\n\r\nbody\r\n".utf8), requireTLS: false, timeoutSeconds: 10))
            Issue.record("expected an auth error")
        } catch {
            #expect(error.kind == .auth && error.smtpCode == 535)
            #expect(error.message.contains("535 5.7.8 credentials <redacted> rejected (<redacted>, <redacted>)"), "\(error)")
            assertClean(error, [plain, String(plain.prefix(12)), alone, String(alone.prefix(12))])
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
            for secret in [pathSecret, querySecret, password, "/services/T0001/B0002/"] {
                #expect(!clean.contains(secret), "\(clean)")
            }
        }
        #expect(redactor.redact("Failed to connect to \(url)") == "Failed to connect to https://hooks.slack.com")
        #expect(redactor.redact("Could not resolve host: hooks.slack.com") == "Could not resolve host: hooks.slack.com")
        #expect(redactedOrigin(url) == "https://hooks.slack.com")
        #expect(redactedOrigin("smtp://127.0.0.1:2525") == "smtp://127.0.0.1:2525")
    }
}

/// Independent encoders (Foundation), to check the scrubber against.
private enum Encode {
    static func base64(_ s: String) -> String { Data(s.utf8).base64EncodedString() }
    static func base64URL(_ s: String) -> String {
        base64(s).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
    /// encodeURIComponent-style, upper-case hex.
    static func percent(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn:
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"))!
    }
    static func percentLower(_ s: String) -> String { lowerHex(percent(s)) }
    /// Every byte as %XX.
    static func percentAll(_ s: String) -> String { s.utf8.map { String(format: "%%%02X", $0) }.joined() }
    /// Every byte as %XX, alternating upper- and lower-case hex.
    static func percentMixed(_ s: String) -> String {
        s.utf8.enumerated().map { String(format: $0.offset % 2 == 0 ? "%%%02X" : "%%%02x", $0.element) }.joined()
    }
    static func lowerHex(_ s: String) -> String {
        var out = ""
        var left = 0
        for c in s {
            if c == "%" { left = 2; out.append(c); continue }
            out += left > 0 ? c.lowercased() : String(c)
            left = max(0, left - 1)
        }
        return out
    }
    static func json(_ s: String) -> String { s.replacingOccurrences(of: "/", with: "\\/") }

    /// Every form of `s` the scrubber must hide, by name.
    static func all(_ s: String) -> [(name: String, text: String)] {
        [("raw", s), ("percent upper", percent(s)), ("percent lower", percentLower(s)), ("percent every byte", percentAll(s)),
         ("percent mixed case", percentMixed(s)), ("percent twice", percent(percent(s))),
         ("base64", base64(s)), ("base64 unpadded", base64(s).replacingOccurrences(of: "=", with: "")),
         ("base64url", base64URL(s)), ("json slashes", json(s))]
    }
}

@Suite("Redactor.scrub: every secret in every encoding, on one capped line")
struct ScrubTests {
    static let token = "XyZsecretHook+Tok/en=42"          // a Slack-like token with reserved characters
    static let query = "qsSecret~Value987"
    static let user = "mailer"
    static let password = "p@ss wörd:Secret7"
    static let signing = "whsec_c2VjcmV0U2lnbmluZ0tleTEyMzQ1Ng=="
    static var url: String {
        "https://hooks.example.com/services/T0001ABC/B0002DEF/\(Encode.percent(token))?sig=\(Encode.percent(query))"
    }
    static var redactor: Redactor { Redactor(url: url, username: user, password: password, secrets: [signing]) }

    /// Each secret as a receiver may hold it.
    static var secrets: [(name: String, text: String)] {
        [("token", token), ("query value", query), ("password", password), ("signing secret", signing),
         ("AUTH PLAIN", "\0\(user)\0\(password)"), ("AUTH PLAIN with authzid", "\(user)\0\(user)\0\(password)"),
         ("Basic credentials", "\(user):\(password)"),
         ("path", "/services/T0001ABC/B0002DEF/\(Encode.percent(token))"), ("decoded path", "/services/T0001ABC/B0002DEF/\(token)"),
         ("team and hook", "B0002DEF/\(token)")]
    }

    @Test func everyEncodingOfEverySecretIsHidden() {
        let redactor = Self.redactor
        for secret in Self.secrets {
            for form in Encode.all(secret.text) {
                for sample in ["invalid_token \(form.text)", "\(form.text)", "x=\(form.text)&y", "ok token=\(form.text).",
                               "{\"error\":\"\(form.text)\"}"] {
                    let clean = redactor.scrub(sample)
                    #expect(!clean.contains(form.text), "\(secret.name) as \(form.name) leaked: \(clean)")
                    for (other, text) in [("token", Self.token), ("password", Self.password), ("signing", Self.signing),
                                          ("query", Self.query)] {
                        #expect(!clean.contains(text), "\(other) leaked from \(secret.name) as \(form.name): \(clean)")
                    }
                    #expect(clean.contains(Redactor.mask), "\(secret.name) as \(form.name): \(clean)")
                }
            }
        }
    }

    @Test("the cases seen: Slack, Express, an echoed 200, an SMTP 535", arguments: [
        "invalid_token TOKEN", "no_service for B0002DEF/TOKEN", "Cannot POST /services/T0001ABC/B0002DEF/TOKEN",
        "ok token=TOKEN", "Cannot POST %2Fservices%2FT0001ABC%2FB0002DEF%2FTOKEN",
    ])
    func theCasesSeen(_ template: String) {
        for form in [Self.token, Encode.percent(Self.token), Encode.percentLower(Self.token)] {
            let clean = Self.redactor.scrub(template.replacingOccurrences(of: "TOKEN", with: form))
            #expect(!clean.contains(form) && !clean.contains("XyZsecret") && !clean.contains("XyZ%"), "\(clean)")
            #expect(clean.contains(Redactor.mask), "\(clean)")
        }
    }

    @Test func smtpRepliesRepeatingTheCredentials() {
        let redactor = Redactor(url: "smtp://127.0.0.1:2525", username: Self.user, password: Self.password)
        let plain = Encode.base64("\0\(Self.user)\0\(Self.password)")
        for reply in ["535 5.7.8 Authentication credentials invalid: \(plain)", "535 5.7.8 bad AUTH PLAIN \(plain)",
                      "535 bad password \(Encode.base64(Self.password))", "535 \(Self.password) is wrong",
                      "535 5.7.8 \(Encode.base64URL("\0\(Self.user)\0\(Self.password)"))"] {
            let clean = redactor.scrub(reply)
            #expect(clean.hasPrefix("535"), "\(clean)")
            #expect(!clean.contains(plain.prefix(16)) && !clean.contains(Encode.base64(Self.password).prefix(12))
                    && !clean.contains(Self.password), "\(clean)")
        }
    }

    @Test func commonWordsAndShortPiecesStay() {
        let redactor = Redactor(url: "https://hooks.example.com/services/hooks/incoming-webhook/T01/\(Self.token)")
        let clean = redactor.scrub("Cannot POST /services/hooks/incoming-webhook/T01/\(Self.token)x: no services here")
        #expect(clean.contains("no services here"), "\(clean)")
        #expect(!clean.contains("XyZsecret"), "\(clean)")
        #expect(isSecretLike("T0001ABC") && isSecretLike("1234567") && isSecretLike(String(repeating: "q", count: 24)))
        #expect(!isSecretLike("services") && !isSecretLike("hooks") && !isSecretLike("incoming-webhook") && !isSecretLike("T01"))
        // A short password is hidden where it stands alone, not inside words.
        let short = Redactor(url: "smtp://127.0.0.1:25", username: "u", password: "abc")
        #expect(short.scrub("535 password abc rejected for abcdef") == "535 password <redacted> rejected for abcdef")
        // So is a short password of punctuation alone.
        let punctuation = Redactor(url: "smtp://127.0.0.1:25", username: "u", password: "#$%&!*")
        #expect(punctuation.scrub("535 bad password #$%&!* for u") == "535 bad password <redacted> for u")
    }

    @Test func oneLineAndCapped() {
        let redactor = Self.redactor
        let long = String(repeating: "word ", count: 100)
        let clean = redactor.scrub(long)
        #expect(clean.unicodeScalars.count == Redactor.receivedTextLimit && clean.hasSuffix("…"), "\(clean)")
        #expect(redactor.scrub("a\r\nb\u{1B}[31m\tc\u{202E}d\u{2028}e\u{85}f") == "a b [31m c d e f")
        #expect(redactor.scrub("   ") == "")
        // A grapheme of 600 combining marks is cut by scalars, not kept whole.
        let bomb = "b" + String(repeating: "\u{301}", count: 600)
        #expect(redactor.scrub(bomb).unicodeScalars.count == Redactor.receivedTextLimit)
        // Hidden before cut: a secret across the cut leaks no half.
        let across = String(repeating: "a", count: Redactor.receivedTextLimit - 5) + Self.signing
        #expect(!redactor.scrub(across).contains("whsec"), "\(redactor.scrub(across))")
    }

    @Test func aSecretAcrossTheSearchWindowLeaksNoHalf() {
        let redactor = Self.redactor
        for offset in [1, 5, Self.signing.utf8.count - 1] {
            let text = String(repeating: "y", count: Redactor.window - offset) + Self.signing + "tail"
            let clean = redactor.scrub(text, limit: Redactor.window * 2)
            #expect(!clean.contains("whsec"), "offset \(offset)")
            #expect(clean.utf8.count <= Redactor.window)
        }
    }
}
