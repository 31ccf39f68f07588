import TrackerCore
import TrackerTransport

/// GETs JSON from a provider API through the transport's one HTTP client,
/// and words its outcome for sync: 429, 5xx and timeouts are retried by the
/// client, then fail with exit 75; 401/403 name the key problem (never the
/// key) and exit 78; other refusals exit 69; an answer over `maxBytes` exits 65.
public struct Fetcher: Sendable {
    /// Human name of the service, e.g. "OpenAI".
    public var service: String
    /// The variable the key came from, for messages.
    public var keyVariable: String?
    public var headers: [(name: String, value: String)]
    /// Values that must never appear in a message (the API key itself).
    public var secrets: [String] = []
    /// Attempts, backoff, Retry-After bound and timeout.
    public var policy: RetryPolicy = .fromEnvironment()
    /// Larger answers are refused: memory stays bounded.
    public var maxBytes = 64 * 1024 * 1024

    public init(service: String, keyVariable: String?, headers: [(name: String, value: String)]) {
        self.service = service
        self.keyVariable = keyVariable
        self.headers = headers
    }

    /// The body of a successful GET.
    public func get(_ url: String) throws(Failure) -> [UInt8] {
        let request = HTTPRequest(method: "GET", url: url,
                                  headers: headers + [(name: "Accept", value: "application/json"),
                                                      (name: "User-Agent", value: "tracker/0.1")],
                                  maxResponseBytes: maxBytes)
        // Header values are secrets too (they carry the key), whatever their name.
        let secrets = self.secrets + headers.map(\.value).filter { $0.utf8.count >= 8 }
        switch HTTPClient.exchange(request, policy: policy, secrets: secrets) {
        case .success(let reply):
            return reply.response.body
        case .permanent(let problem):
            throw refusal(problem)
        case .retryLater(let problem, .attemptsExhausted(let attempts)):
            throw Failure(.temporary, "\(problem.describe(server: service)) after \(attempts) attempts; try again later")
        case .retryLater(let problem, .waitTooLong):
            throw Failure(.temporary, "\(problem.describe(server: service)); waiting longer than \(policy.maxRetryAfterSeconds)s is left to a later run; try again later")
        }
    }

    /// The failure for an answer that retrying will not change.
    func refusal(_ problem: HTTPProblem) -> Failure {
        switch problem {
        case .tooLarge:
            return Failure(.data, "\(service) answered more than \(maxBytes / 1024 / 1024) MiB; refusing to read it")
        case .transport(.tls, let message):
            // A certificate problem fails the same way every time.
            return Failure(.config, "\(message); check --base-url and the server's certificate")
        case .transport(.unavailable, let message):
            return Failure(.unavailable, message)
        case .transport(_, let message):
            return Failure(.unavailable, "\(message); check --base-url")
        case .status(let status, _, _) where status == 401 || status == 403:
            let key = keyVariable.map { "the key in \($0)" } ?? "the credentials"
            return Failure(.config, "\(service) refused \(key) (HTTP \(status)); check that it is set, current and allowed to list models")
        case .status:
            return Failure(.unavailable, "\(problem.describe(server: service)); check --base-url")
        }
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
