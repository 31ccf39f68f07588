import TrackerCore
import TrackerTransport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// GETs JSON from a provider API with retries: 429 and 5xx and timeouts back
/// off and retry, then fail with exit 75; 401/403 name the key problem (never
/// the key) and exit 78; other 4xx are refused answers (exit 69).
public struct Fetcher: Sendable {
    /// Human name of the service, e.g. "OpenAI".
    public var service: String
    /// The variable the key came from, for messages.
    public var keyVariable: String?
    public var headers: [(name: String, value: String)]
    /// Values that must never appear in a message (the API key itself).
    public var secrets: [String] = []
    public var attempts = 4
    public var baseMilliseconds = 1000
    public var maxRetryAfterSeconds = 30
    public var timeoutSeconds = 30.0
    /// Larger answers are refused: memory stays bounded.
    public var maxBytes = 64 * 1024 * 1024

    public init(service: String, keyVariable: String?, headers: [(name: String, value: String)]) {
        self.service = service
        self.keyVariable = keyVariable
        self.headers = headers
        if let v = getenv("TRACKER_RETRY_BASE_MS").flatMap({ Int(String(cString: $0)) }), v >= 0 { baseMilliseconds = v }
        if let v = getenv("TRACKER_RETRY_AFTER_MAX").flatMap({ Int(String(cString: $0)) }), v >= 0 { maxRetryAfterSeconds = v }
        if let v = getenv("TRACKER_HTTP_TIMEOUT").flatMap({ Double(String(cString: $0)) }), v > 0 { timeoutSeconds = v }
    }

    /// The body of a successful GET.
    public func get(_ url: String) throws(Failure) -> [UInt8] {
        let secrets = headers.map(\.value) + self.secrets
        var request = HTTPRequest(method: "GET", url: url, headers: headers + [(name: "Accept", value: "application/json"),
                                                                                 (name: "User-Agent", value: "tracker/0.1")],
                                  body: [], timeoutSeconds: timeoutSeconds)
        request.maxResponseBytes = maxBytes
        var last = ""
        for attempt in 0..<attempts {
            let backoff = baseMilliseconds << attempt
            let response: HTTPResponse
            do {
                response = try HTTPClient.send(request)
            } catch {
                let message = scrubbed(error.message, secrets)
                if error.kind == .unavailable { throw Failure(.unavailable, message) }
                if error.message.contains("larger than") || error.message.contains("too large") {
                    throw Failure(.data, "\(service) answered more than \(maxBytes / 1024 / 1024) MiB; refusing to read it")
                }
                // A certificate or URL problem fails the same way every time.
                if error.kind == .tls { throw Failure(.config, "\(message); check --base-url and the server's certificate") }
                if error.kind == .other { throw Failure(.unavailable, "\(message); check --base-url") }
                last = message
                if attempt + 1 < attempts { pause(backoff) }
                continue
            }
            switch response.status {
            case 200..<300:
                return response.body
            case 401, 403:
                let key = keyVariable.map { "the key in \($0)" } ?? "the credentials"
                throw Failure(.config, "\(service) refused \(key) (HTTP \(response.status)); check that it is set, current and allowed to list models")
            case 429:
                let wait = response.retryAfterSeconds ?? 1
                last = "\(service) answered 429 (rate limited, Retry-After \(wait)s)"
                if wait > maxRetryAfterSeconds { throw Failure(.temporary, "\(last); try again later") }
                if attempt + 1 < attempts { pause(wait * 1000) }
            case 500..<600:
                last = "\(service) answered \(response.status)"
                if attempt + 1 < attempts { pause(backoff) }
            default:
                let body = scrubbed(String(response.bodyText.prefix(200)), secrets)
                    .split(whereSeparator: \.isNewline).joined(separator: " ")
                throw Failure(.unavailable, "\(service) answered \(response.status) \(body); check --base-url")
            }
        }
        throw Failure(.temporary, "\(last) after \(attempts) attempts; try again later")
    }

    func scrubbed(_ message: String, _ secrets: [String]) -> String {
        var out = message
        for s in secrets where s.count >= 8 { out = out.replacing(s, with: "<redacted>") }
        return out
    }

    func pause(_ milliseconds: Int) {
        var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}

/// Percent-encodes a query value.
public func queryEscape(_ s: String) -> String {
    var out = ""
    for b in s.utf8 {
        if (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45 || b == 46 || b == 95 || b == 126 {
            out.append(Character(UnicodeScalar(b)))
        } else {
            let hex = String(b, radix: 16, uppercase: true)
            out += "%" + (hex.count == 1 ? "0" + hex : hex)
        }
    }
    return out
}
