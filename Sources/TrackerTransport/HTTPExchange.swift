#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A 2xx answer.
public struct HTTPReply: Sendable {
    public var response: HTTPResponse
    /// The start of the body on one line, secrets redacted: safe to print.
    public var answer: String

    public init(response: HTTPResponse, answer: String) {
        self.response = response
        self.answer = answer
    }
}

/// Why an exchange did not succeed. Every text in it went through the
/// redactor: it is safe to print, store and log.
public enum HTTPProblem: Sendable, Equatable {
    /// The server answered with a status other than 2xx. `answer` is the
    /// start of its body on one line; `retryAfter` its Retry-After, if read.
    case status(Int, answer: String, retryAfter: RetryAfter?)
    /// No usable answer: a timeout, a refused connection, TLS, a bad URL,
    /// libcurl missing. `message` starts with `METHOD scheme://host[:port]`.
    case transport(TransportError.Kind, message: String)
    /// The answer was larger than the request's `maxResponseBytes` and the
    /// request refuses long bodies (`HTTPRequest.LongBody.refuse`).
    case tooLarge(limit: Int, message: String)

    /// The HTTP status, when the server answered.
    public var status: Int? {
        if case .status(let status, _, _) = self { return status }
        return nil
    }

    /// One phrase for people, naming the other side as `server`, e.g.
    /// `slack answered 500 oops`, `OpenAI answered 429 (rate limited,
    /// Retry-After 5s)`, or the transport message.
    public func describe(server: String) -> String {
        switch self {
        case .status(429, _, let retryAfter):
            let wait = retryAfter.map { ", Retry-After \($0)" } ?? ""
            return "\(server) answered 429 (rate limited\(wait))"
        case .status(let status, let answer, _):
            return answer.isEmpty ? "\(server) answered \(status)" : "\(server) answered \(status) \(answer)"
        case .transport(_, let message), .tooLarge(_, let message):
            return message
        }
    }
}

/// How an HTTP exchange ended: `.success` (2xx), `.permanent` (the same
/// request will fail the same way: 3xx/4xx other than 429, a bad URL or
/// certificate, an answer too large for a request that refuses long
/// bodies) or `.retryLater` (429, 5xx, timeouts, refused connections after
/// every attempt, or a Retry-After beyond the policy's bound).
public typealias HTTPOutcome = RetryOutcome<HTTPReply, HTTPProblem>

extension HTTPClient {
    /// Characters of a body kept in `answer`s.
    public static let answerLimit = Redactor.receivedTextLimit

    /// Runs `request` under `policy`: 429, 5xx, timeouts, refused
    /// connections and cut-off answers are retried with exponential backoff;
    /// a Retry-After (on 429 and 503) is waited for when within
    /// `policy.maxRetryAfterSeconds`, and otherwise ends the exchange at
    /// once as `.retryLater`. Each attempt gets `policy.timeoutSeconds`
    /// (the request's own timeout is replaced).
    ///
    /// Every text in the outcome went through `Redactor.scrub`: the URL's
    /// path, query and credentials, the values of credential headers
    /// (Authorization, API keys, tokens, signatures), and `secrets` are
    /// hidden in all their encodings, and a body's start is cut to
    /// `answerLimit` characters.
    ///
    /// `now` (Unix seconds, for Retry-After dates) and `pause` (the wait
    /// between attempts) are there for tests.
    public static func exchange(
        _ request: HTTPRequest,
        policy: RetryPolicy,
        secrets: [String] = [],
        now: () -> Int = { Int(time(nil)) },
        pause: (_ milliseconds: Int) -> Void = sleepMilliseconds
    ) -> HTTPOutcome {
        var request = request
        request.timeoutSeconds = policy.timeoutSeconds
        let redactor = Redactor(url: request.url, secrets: secrets + credentialHeaderValues(request.headers))
        return policy.run(pause: pause) { _ in
            let response: HTTPResponse
            do throws(TransportError) {
                response = try send(request, redactor: redactor)
            } catch {
                return judge(error)
            }
            return judge(response, policy: policy, redactor: redactor, now: now())
        }
    }

    /// Transport failures: timeouts, refused connections and cut-off answers
    /// may pass; a bad URL, a certificate, a missing libcurl or an answer
    /// over the limit will not.
    static func judge(_ error: TransportError) -> AttemptResult<HTTPReply, HTTPProblem> {
        if let limit = error.responseTooLarge {
            return .permanent(.tooLarge(limit: limit, message: error.message))
        }
        let problem = HTTPProblem.transport(error.kind, message: error.message)
        switch error.kind {
        case .timeout, .connect, .protocolError: return .temporary(problem, waitMilliseconds: nil)
        case .unavailable, .tls, .auth, .rejected, .other: return .permanent(problem)
        }
    }

    /// Answers: 2xx succeeds; 429 and 5xx are temporary (honouring a bounded
    /// Retry-After on 429 and 503); anything else is permanent.
    static func judge(_ response: HTTPResponse, policy: RetryPolicy, redactor: Redactor,
                      now: Int) -> AttemptResult<HTTPReply, HTTPProblem> {
        let answer = oneLineAnswer(response.body, redactor: redactor)
        switch response.status {
        case 200..<300:
            return .success(HTTPReply(response: response, answer: answer))
        case 429, 500..<600:
            let retryAfter = response.status == 429 || response.status == 503 ? response.retryAfter(now: now) : nil
            let problem = HTTPProblem.status(response.status, answer: answer, retryAfter: retryAfter)
            guard let retryAfter else { return .temporary(problem, waitMilliseconds: nil) }
            guard policy.honours(retryAfter), case .seconds(let seconds) = retryAfter else {
                return .later(problem, retryAfter)
            }
            let (ms, overflow) = seconds.multipliedReportingOverflow(by: 1000)
            return .temporary(problem, waitMilliseconds: overflow ? Int.max : ms)
        default:
            return .permanent(.status(response.status, answer: answer, retryAfter: nil))
        }
    }

    /// The start of a body on one line, scrubbed by `Redactor.scrub` (so a
    /// secret across the cut cannot leak half of itself).
    static func oneLineAnswer(_ body: [UInt8], redactor: Redactor) -> String {
        // One byte past the search window tells the scrubber the body goes on.
        redactor.scrub(String(decoding: body.prefix(Redactor.window + 1), as: UTF8.self), limit: answerLimit)
    }
}
