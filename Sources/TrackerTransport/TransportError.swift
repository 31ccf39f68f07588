/// A failed HTTP or SMTP exchange.
///
/// `message` is safe to print and log: it never contains a URL's path or
/// query (Slack webhook URLs carry their secret there), a username:password
/// pair or a password. URLs appear only as `scheme://host[:port]`.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable, CustomStringConvertible {
        /// libcurl could not be loaded.
        case unavailable
        /// The connect or total timeout expired.
        case timeout
        /// Could not resolve the host or connect to it.
        case connect
        /// TLS failed (handshake, certificate), or STARTTLS was required but
        /// the server does not offer it.
        case tls
        /// The server refused the credentials (SMTP 535, 530, 534, 538, 454).
        case auth
        /// The SMTP server answered 4xx/5xx (other than authentication);
        /// `smtpCode` holds the code.
        case rejected
        /// The server's answer was malformed, cut short or too large.
        case protocolError
        /// Anything else (bad URL, bad argument, out of memory, ...).
        case other

        public var description: String {
            switch self {
            case .unavailable: return "unavailable"
            case .timeout: return "timeout"
            case .connect: return "connect"
            case .tls: return "tls"
            case .auth: return "auth"
            case .rejected: return "rejected"
            case .protocolError: return "protocol"
            case .other: return "other"
            }
        }
    }

    public var kind: Kind
    public var message: String
    /// The last SMTP reply code when the failure came from an SMTP server.
    public var smtpCode: Int?
    /// The response-size limit, when the answer was larger (kind `.protocolError`):
    /// the same request will fail the same way, so it is not retried.
    var responseTooLarge: Int?

    public init(kind: Kind, message: String, smtpCode: Int? = nil) {
        self.kind = kind
        self.message = message
        self.smtpCode = smtpCode
    }

    /// True for failures that may succeed if retried later (timeouts,
    /// connection failures, SMTP 4xx). A coarse hint for tests: what is
    /// retried is decided by `HTTPClient.exchange` and `SMTPClient.deliver`.
    var isTemporary: Bool {
        switch kind {
        case .timeout, .connect: return true
        case .rejected, .auth: return (smtpCode.map { $0 >= 400 && $0 < 500 }) ?? false
        case .unavailable, .tls, .protocolError, .other: return false
        }
    }

    public var description: String { message }
}
