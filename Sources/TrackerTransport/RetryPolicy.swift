#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How hard one run tries a remote service: the same numbers for provider
/// lists, the catalog, Slack, webhooks and SMTP.
///
/// Defaults suit cron. Tests and unusual receivers change them through
/// `TRACKER_RETRY_BASE_MS` (first backoff, ms), `TRACKER_RETRY_AFTER_MAX`
/// (seconds) and `TRACKER_HTTP_TIMEOUT` (seconds), read once per process.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts per exchange within one run (at least 1).
    public var attempts: Int
    /// The first backoff; it doubles after each failed attempt.
    public var baseMilliseconds: Int
    /// The longest Retry-After waited for; a longer one (or one too large to
    /// read) leaves the exchange to a later run instead.
    public var maxRetryAfterSeconds: Int
    /// Time allowed for each attempt (connect, send, receive).
    public var timeoutSeconds: Double

    public static let defaultAttempts = 4
    public static let defaultBaseMilliseconds = 1000
    public static let defaultMaxRetryAfterSeconds = 30
    public static let defaultTimeoutSeconds = 20.0

    public init(attempts: Int = RetryPolicy.defaultAttempts,
                baseMilliseconds: Int = RetryPolicy.defaultBaseMilliseconds,
                maxRetryAfterSeconds: Int = RetryPolicy.defaultMaxRetryAfterSeconds,
                timeoutSeconds: Double = RetryPolicy.defaultTimeoutSeconds) {
        self.attempts = attempts
        self.baseMilliseconds = baseMilliseconds
        self.maxRetryAfterSeconds = maxRetryAfterSeconds
        self.timeoutSeconds = timeoutSeconds
    }

    /// The defaults with the environment knobs applied. Values that are not
    /// numbers, negative (or zero, for the timeout) are ignored.
    public init(environment lookup: (String) -> String?) {
        self.init()
        if let v = lookup("TRACKER_RETRY_BASE_MS").flatMap({ Int($0) }), v >= 0 { baseMilliseconds = v }
        if let v = lookup("TRACKER_RETRY_AFTER_MAX").flatMap({ Int($0) }), v >= 0 { maxRetryAfterSeconds = v }
        if let v = lookup("TRACKER_HTTP_TIMEOUT").flatMap({ Double($0) }), v.isFinite, v > 0 { timeoutSeconds = v }
    }

    /// The policy of this process, read from its environment once.
    public static let environment = RetryPolicy(environment: { name in getenv(name).map { String(cString: $0) } })

    /// The policy of this process (see `environment`).
    public static func fromEnvironment() -> RetryPolicy { environment }

    /// The wait after failed attempt `attempt` (0-based): base × 2^attempt,
    /// saturating instead of overflowing.
    public func backoffMilliseconds(afterAttempt attempt: Int) -> Int {
        let base = max(0, baseMilliseconds)
        guard attempt > 0 else { return base }
        guard attempt < Int.bitWidth - 1 else { return base == 0 ? 0 : Int.max }
        let (product, overflow) = base.multipliedReportingOverflow(by: 1 << attempt)
        return overflow ? Int.max : product
    }

    /// True when a server's Retry-After is worth waiting for in this run.
    public func honours(_ retryAfter: RetryAfter) -> Bool {
        switch retryAfter {
        case .seconds(let s): return s <= maxRetryAfterSeconds
        case .unbounded: return false
        }
    }

    /// The one retry loop: runs `attempt` (given its 0-based number) until it
    /// succeeds, fails for good, asks to be left to a later run, or the
    /// attempts are used up. Between temporary failures it waits the delay
    /// the attempt asked for, else the backoff; never after the last one.
    public func run<Success, Problem>(
        pause: (_ milliseconds: Int) -> Void = sleepMilliseconds,
        _ attempt: (_ number: Int) -> AttemptResult<Success, Problem>
    ) -> RetryOutcome<Success, Problem> {
        let attempts = max(1, self.attempts)
        var last: Problem?
        for number in 0..<attempts {
            switch attempt(number) {
            case .success(let value):
                return .success(value)
            case .permanent(let problem):
                return .permanent(problem)
            case .later(let problem, let retryAfter):
                return .retryLater(problem, .waitTooLong(retryAfter))
            case .temporary(let problem, let wait):
                last = problem
                if number + 1 < attempts {
                    pause(wait ?? backoffMilliseconds(afterAttempt: number))
                }
            }
        }
        // The loop ran at least once and every pass that did not return set `last`.
        return .retryLater(last!, .attemptsExhausted(attempts))
    }
}

/// What one attempt tells the retry loop.
public enum AttemptResult<Success, Problem> {
    /// Done.
    case success(Success)
    /// Retrying cannot help (a refused request, a bad URL or certificate).
    case permanent(Problem)
    /// Worth another attempt after `waitMilliseconds` (nil: the backoff).
    case temporary(Problem, waitMilliseconds: Int?)
    /// Temporary, but the server asked for a longer wait than this run
    /// grants: leave it to a later run without another attempt.
    case later(Problem, RetryAfter)
}

/// Why an exchange was left to a later run.
public enum RetryLaterReason: Sendable, Equatable {
    /// Every attempt failed temporarily.
    case attemptsExhausted(Int)
    /// The server asked to wait longer than `RetryPolicy.maxRetryAfterSeconds`.
    case waitTooLong(RetryAfter)
}

/// How an exchange with retries ended. Callers map it to their own
/// messages and exit codes.
public enum RetryOutcome<Success, Problem> {
    case success(Success)
    /// Will fail the same way until someone fixes something.
    case permanent(Problem)
    /// Temporary: a later run may succeed. `Problem` is the last failure.
    case retryLater(Problem, RetryLaterReason)
}

extension RetryOutcome: Sendable where Success: Sendable, Problem: Sendable {}
extension AttemptResult: Sendable where Success: Sendable, Problem: Sendable {}

/// Sleeps the calling thread, resuming after signals, for the retry loop.
public func sleepMilliseconds(_ milliseconds: Int) {
    guard milliseconds > 0 else { return }
    let ms = min(milliseconds, Int(Int32.max))
    var request = timespec(tv_sec: ms / 1000, tv_nsec: (ms % 1000) * 1_000_000)
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
}
