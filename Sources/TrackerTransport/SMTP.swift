import CurlShim

/// One message for one SMTP server.
public struct SMTPEnvelope: Sendable {
    /// `smtp://host:port` (STARTTLS per `requireTLS`) or `smtps://host:port`
    /// (implicit TLS). A path, if any, is used by libcurl as the EHLO name.
    public var url: String
    public var username: String?
    public var password: String?
    /// Envelope sender (MAIL FROM), e.g. `alerts@example.com`.
    public var from: String
    /// Envelope recipients (RCPT TO).
    public var recipients: [String]
    /// The full RFC 5322 message (headers, blank line, body) with CRLF line
    /// endings. Do not dot-stuff it: libcurl does.
    public var message: [UInt8]
    /// For smtp:// URLs: true = STARTTLS is required (fail with `.tls` when the
    /// server does not offer it); false = plain SMTP, no STARTTLS attempted.
    public var requireTLS: Bool
    /// PEM file of CA certificates to trust (a private CA).
    public var caFile: String?
    /// Total time allowed for the whole session.
    public var timeoutSeconds: Double

    public init(
        url: String,
        username: String? = nil,
        password: String? = nil,
        from: String,
        recipients: [String],
        message: [UInt8],
        requireTLS: Bool = true,
        caFile: String? = nil,
        timeoutSeconds: Double = 60
    ) {
        self.url = url
        self.username = username
        self.password = password
        self.from = from
        self.recipients = recipients
        self.message = message
        self.requireTLS = requireTLS
        self.caFile = caFile
        self.timeoutSeconds = timeoutSeconds
    }
}

public struct SMTPReply: Sendable {
    /// The last SMTP reply code (250 after an accepted message).
    public var code: Int

    public init(code: Int) { self.code = code }
}

/// How an SMTP delivery with retries ended; the error's message is redacted.
public typealias SMTPOutcome = RetryOutcome<SMTPReply, TransportError>

public enum SMTPClient {
    /// Sends the message under `policy`, synchronously on the calling
    /// thread: timeouts, refused connections, cut-off or odd replies and 4xx
    /// replies are retried with the policy's backoff; a refused STARTTLS or
    /// certificate, failed AUTH or 5xx reply is permanent. Each attempt gets
    /// `policy.timeoutSeconds` (the envelope's own timeout is replaced).
    public static func deliver(
        _ envelope: SMTPEnvelope,
        policy: RetryPolicy,
        pause: (_ milliseconds: Int) -> Void = sleepMilliseconds
    ) -> SMTPOutcome {
        var envelope = envelope
        envelope.timeoutSeconds = policy.timeoutSeconds
        return policy.run(pause: pause) { _ in
            do throws(TransportError) {
                return .success(try send(envelope))
            } catch {
                return judge(error)
            }
        }
    }

    /// Which SMTP failures are worth another attempt.
    static func judge(_ error: TransportError) -> AttemptResult<SMTPReply, TransportError> {
        switch error.kind {
        case .timeout, .connect, .protocolError, .other:
            return .temporary(error, waitMilliseconds: nil)
        case .rejected where (error.smtpCode ?? 500) < 500:
            return .temporary(error, waitMilliseconds: nil)
        case .tls, .auth, .rejected, .unavailable:
            return .permanent(error)
        }
    }

    /// One attempt, synchronously on the calling thread. Safe to call from
    /// several threads at once (one libcurl handle per call).
    static func send(_ envelope: SMTPEnvelope) throws(TransportError) -> SMTPReply {
        let prefix = "SMTP \(redactedOrigin(envelope.url, schemes: ["smtp", "smtps"]))"
        let redactor = Redactor(url: envelope.url, username: envelope.username, password: envelope.password)

        guard let parts = URLParts(envelope.url), parts.scheme == "smtp" || parts.scheme == "smtps", parts.hasPlausibleHost else {
            throw TransportError(kind: .other, message: "\(prefix): not a valid smtp:// or smtps:// URL")
        }
        guard isSingleLine(envelope.url), !envelope.url.contains(" ") else {
            throw TransportError(kind: .other, message: "\(prefix): the URL contains spaces or control characters")
        }
        guard !envelope.recipients.isEmpty else {
            throw TransportError(kind: .other, message: "\(prefix): no recipients")
        }
        for address in [envelope.from] + envelope.recipients {
            guard isSingleLine(address), !address.contains(" ") || address.hasPrefix("<") else {
                throw TransportError(kind: .other, message: "\(prefix): invalid address \(redactor.scrub(String(address.prefix(80)), limit: 80))")
            }
        }
        if let username = envelope.username, !isSingleLine(username) {
            throw TransportError(kind: .other, message: "\(prefix): the username contains control characters")
        }
        if let password = envelope.password, password.utf8.contains(0) {
            throw TransportError(kind: .other, message: "\(prefix): the password contains a NUL byte")
        }

        let arena = CStringArena()
        let recipients: [UnsafePointer<CChar>?] = envelope.recipients.map { arena.copy($0) }
        let timeoutMs = milliseconds(envelope.timeoutSeconds)
        let connectSeconds = envelope.timeoutSeconds > 0 ? min(envelope.timeoutSeconds, 15) : 15

        var result = cshim_result()
        withExtendedLifetime(arena) {
            recipients.withUnsafeBufferPointer { rcptBuffer in
                envelope.message.withUnsafeBufferPointer { messageBuffer in
                    var c = cshim_smtp_request()
                    c.url = arena.copy(envelope.url)
                    c.username = arena.copyOptional(envelope.username)
                    c.password = arena.copyOptional(envelope.password)
                    c.mail_from = arena.copy(envelope.from)
                    c.recipients = rcptBuffer.baseAddress
                    c.recipient_count = rcptBuffer.count
                    c.message = messageBuffer.baseAddress
                    c.message_len = messageBuffer.count
                    c.require_tls = envelope.requireTLS ? 1 : 0
                    c.ca_file = arena.copyOptional(envelope.caFile)
                    c.timeout_ms = timeoutMs
                    c.connect_timeout_ms = milliseconds(connectSeconds)
                    cshim_smtp_send(&c, &result)
                }
            }
        }
        let outcome = ShimOutcome(&result)
        if outcome.kind == CSHIM_OK {
            return SMTPReply(code: outcome.responseCode)
        }

        // The reply code matters only when the server said no.
        let replyKinds: Set<Int32> = [CSHIM_AUTH, CSHIM_REJECTED, CSHIM_PROTOCOL]
        let code = outcome.responseCode >= 400 && replyKinds.contains(outcome.kind) ? outcome.responseCode : nil
        let detail = outcome.errorText.map { redactor.scrub($0) }
        // The server's own words: its last 4xx/5xx reply, when it carries the code.
        var serverWords: String?
        if let text = outcome.serverText, let code, text.hasPrefix(String(code)) {
            serverWords = redactor.scrub(text)
        }
        let summary: String
        switch outcome.kind {
        case CSHIM_UNAVAILABLE:
            throw TransportError(kind: .unavailable, message: detail ?? "libcurl is not installed (Debian: apt install libcurl4)")
        case CSHIM_TIMEOUT:
            summary = "timed out (limit \(formatSeconds(envelope.timeoutSeconds)) s)"
        case CSHIM_CONNECT:
            summary = "could not connect"
        case CSHIM_TLS:
            if outcome.curlCode == 64 {  // CURLE_USE_SSL_FAILED
                summary = "the server does not offer STARTTLS, and tracker does not send mail unencrypted; use an smtps:// URL if the server speaks TLS from the start (port 465), or add the channel with --insecure-plaintext for a relay on a trusted network"
            } else {
                summary = "TLS failed"
            }
        case CSHIM_AUTH:
            summary = envelope.username == nil
                ? "the server requires authentication"
                : "authentication failed (check the username and password)"
        case CSHIM_REJECTED:
            summary = "the server rejected the message"
        case CSHIM_PROTOCOL:
            summary = "unexpected server reply"
        default:
            summary = "sending failed"
        }
        var message = "\(prefix): \(summary)"
        if let serverWords {
            message += ": \(serverWords)"
        } else if let code, outcome.kind == CSHIM_AUTH || outcome.kind == CSHIM_REJECTED {
            message += ": reply \(code)"
        }
        if let detail, outcome.kind != CSHIM_TLS || outcome.curlCode != 64 {
            message += " (\(detail))"
        }
        throw TransportError(kind: outcome.transportKind, message: message, smtpCode: code)
    }
}
