import Foundation
import Testing
import TrackerTestKit
@testable import TrackerTransport

/// Records the waits the retry loop asks for, and really waits them, so a
/// test can check both the schedule and the time it took.
final class PauseLog {
    var waits: [Int] = []
    var sleeps: Bool
    init(sleeps: Bool = true) { self.sleeps = sleeps }
    func pause(_ ms: Int) {
        waits.append(ms)
        if sleeps { sleepMilliseconds(ms) }
    }
}

/// A policy for tests: small backoff, short timeout.
func testPolicy(attempts: Int = 4, baseMilliseconds: Int = 50, maxRetryAfterSeconds: Int = 2,
                timeoutSeconds: Double = 5) -> RetryPolicy {
    RetryPolicy(attempts: attempts, baseMilliseconds: baseMilliseconds, maxRetryAfterSeconds: maxRetryAfterSeconds,
                timeoutSeconds: timeoutSeconds)
}

/// The client with retries (`HTTPClient.exchange`) against http_server.py.
@Suite("HTTPClient.exchange: retries, Retry-After, timeouts, redaction")
struct HTTPExchangeTests {
    static let secret = "sk-live-Q9x7SECRETv3Lw2"
    static let pathSecret = "T0001/B0002/hookSECRETpath42"

    @Test func serverErrorsAreRetriedWithDoublingBackoffUntilSuccess() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        try server.queue(#"[{"status": 503, "body": "busy"}, {"status": 500}, {"status": 200, "body": "{\"ok\": true}"}]"#)
        let log = PauseLog()
        let start = Date()
        let outcome = HTTPClient.exchange(HTTPRequest(method: "POST", url: server.base + "/hook", body: Array("x".utf8)),
                                          policy: testPolicy(baseMilliseconds: 100), pause: log.pause)
        let elapsed = Date().timeIntervalSince(start)
        guard case .success(let reply) = outcome else {
            Issue.record("expected success, got \(outcome)")
            return
        }
        #expect(reply.response.status == 200)
        #expect(reply.answer == #"{"ok": true}"#)
        #expect(try server.requests().count == 3)
        #expect(log.waits == [100, 200], "backoff doubles from the base")
        #expect(elapsed >= 0.3, "the backoff was not waited (\(elapsed) s)")
        // Every attempt sends the same request.
        #expect(Set(try server.requests().map(\.body)) == ["x"])
    }

    @Test func attemptsAreCountedAndNoWaitFollowsTheLast() throws {
        let server = try HTTPServer(["--default-status", "502", "--default-body", "bad gateway"])
        defer { server.stop() }
        let log = PauseLog(sleeps: false)
        let outcome = HTTPClient.exchange(HTTPRequest(url: server.base + "/v1/models"), policy: testPolicy(attempts: 3),
                                          pause: log.pause)
        guard case .retryLater(let problem, let reason) = outcome else {
            Issue.record("expected retryLater, got \(outcome)")
            return
        }
        #expect(reason == .attemptsExhausted(3))
        #expect(problem == .status(502, answer: "bad gateway", retryAfter: nil))
        #expect(problem.describe(server: "OpenAI") == "OpenAI answered 502 bad gateway")
        #expect(try server.requests().count == 3)
        #expect(log.waits == [50, 100])
    }

    @Test func retryAfterWithinTheBoundIsWaitedFor() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        try server.queue(#"[{"status": 429, "headers": {"Retry-After": "1"}, "body": "rate_limited"}, {"status": 200, "body": "ok"}]"#)
        let log = PauseLog()
        let start = Date()
        let outcome = HTTPClient.exchange(HTTPRequest(url: server.base + "/"), policy: testPolicy(), pause: log.pause)
        let elapsed = Date().timeIntervalSince(start)
        guard case .success = outcome else {
            Issue.record("expected success, got \(outcome)")
            return
        }
        #expect(log.waits == [1000], "Retry-After replaces the backoff")
        #expect(elapsed >= 1.0, "Retry-After: 1 was not honoured (\(elapsed) s)")
        #expect(try server.requests().count == 2)
    }

    @Test func retryAfterOn503IsHonouredToo() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        try server.queue(#"[{"status": 503, "headers": {"Retry-After": "0"}}, {"status": 200, "body": "ok"}]"#)
        let log = PauseLog(sleeps: false)
        let outcome = HTTPClient.exchange(HTTPRequest(url: server.base + "/"), policy: testPolicy(baseMilliseconds: 700),
                                          pause: log.pause)
        guard case .success = outcome else {
            Issue.record("expected success, got \(outcome)")
            return
        }
        #expect(log.waits == [0])
    }

    @Test("a Retry-After beyond the bound, too large to read, or a far date: left to a later run at once",
          arguments: ["120", "99999999999999999999999999", "Fri, 31 Dec 9999 23:59:59 GMT"])
    func retryAfterBeyondTheBound(value: String) throws {
        let server = try HTTPServer()
        defer { server.stop() }
        try server.queue(#"[{"status": 429, "headers": {"Retry-After": "\#(value)"}, "body": "slow down"}, {"status": 200}]"#)
        let log = PauseLog(sleeps: false)
        let start = Date()
        let outcome = HTTPClient.exchange(HTTPRequest(url: server.base + "/"), policy: testPolicy(maxRetryAfterSeconds: 2),
                                          pause: log.pause)
        guard case .retryLater(let problem, .waitTooLong(let wait)) = outcome else {
            Issue.record("expected retryLater(waitTooLong), got \(outcome)")
            return
        }
        #expect(Date().timeIntervalSince(start) < 2)
        #expect(log.waits.isEmpty, "no wait, no second attempt")
        #expect(try server.requests().count == 1)
        if value == "120" {
            #expect(wait == .seconds(120))
            #expect(problem.describe(server: "slack") == "slack answered 429 (rate limited, Retry-After 120s)")
        } else if value.hasPrefix("9") {
            #expect(wait == .unbounded, "an overflowing Retry-After must not read as a short wait")
        } else {
            guard case .seconds(let s) = wait else {
                Issue.record("a date should give seconds, got \(wait)")
                return
            }
            #expect(s > 100 * 365 * 86_400)
        }
    }

    @Test func retryAfterAsAnHTTPDateIsReadRelativeToNow() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        // 1994-11-06 08:49:37 UTC is 784111777.
        try server.queue(#"[{"status": 429, "headers": {"Retry-After": "Sun, 06 Nov 1994 08:49:37 GMT"}}, {"status": 200}]"#)
        let log = PauseLog(sleeps: false)
        let outcome = HTTPClient.exchange(HTTPRequest(url: server.base + "/"), policy: testPolicy(),
                                          now: { 784_111_777 - 2 }, pause: log.pause)
        guard case .success = outcome else {
            Issue.record("expected success, got \(outcome)")
            return
        }
        #expect(log.waits == [2000])
    }

    @Test func aMissingRetryAfterFallsBackToTheBackoff() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        try server.queue(#"[{"status": 429}, {"status": 429, "headers": {"Retry-After": "soon"}}, {"status": 200}]"#)
        let log = PauseLog(sleeps: false)
        let outcome = HTTPClient.exchange(HTTPRequest(url: server.base + "/"), policy: testPolicy(baseMilliseconds: 30),
                                          pause: log.pause)
        guard case .success = outcome else {
            Issue.record("expected success, got \(outcome)")
            return
        }
        #expect(log.waits == [30, 60])
    }

    @Test("a refusal is permanent and not retried", arguments: [400, 401, 403, 404, 302])
    func refusalsAreNotRetried(status: Int) throws {
        let server = try HTTPServer()
        defer { server.stop() }
        try server.queue(#"[{"status": \#(status), "body": "nope\nsecond line"}]"#)
        let log = PauseLog(sleeps: false)
        let outcome = HTTPClient.exchange(HTTPRequest(url: server.base + "/"), policy: testPolicy(), pause: log.pause)
        guard case .permanent(let problem) = outcome else {
            Issue.record("expected permanent, got \(outcome)")
            return
        }
        #expect(problem == .status(status, answer: "nope second line", retryAfter: nil))
        #expect(try server.requests().count == 1)
        #expect(log.waits.isEmpty)
    }

    @Test func eachAttemptTimesOutAfterThePolicysTimeout() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        try server.queue(#"[{"delay": 2, "body": "late"}, {"delay": 2, "body": "late"}]"#)
        let start = Date()
        // The request's own (long) timeout is replaced by the policy's.
        let outcome = HTTPClient.exchange(HTTPRequest(url: server.base + "/slow", timeoutSeconds: 60),
                                          policy: testPolicy(attempts: 2, baseMilliseconds: 10, timeoutSeconds: 0.3))
        let elapsed = Date().timeIntervalSince(start)
        guard case .retryLater(.transport(.timeout, let message), .attemptsExhausted(2)) = outcome else {
            Issue.record("expected two timeouts, got \(outcome)")
            return
        }
        #expect(message.contains("timed out"))
        #expect(elapsed >= 0.6 && elapsed < 1.8, "two 0.3 s attempts took \(elapsed) s")
        #expect(try server.requests().count == 2)
    }

    @Test func refusedConnectionsAreRetriedThenLeftForLater() throws {
        let port = try closedPort()
        let log = PauseLog(sleeps: false)
        let outcome = HTTPClient.exchange(HTTPRequest(url: "http://127.0.0.1:\(port)/services/\(Self.pathSecret)"),
                                          policy: testPolicy(attempts: 2), pause: log.pause)
        guard case .retryLater(.transport(.connect, let message), .attemptsExhausted(2)) = outcome else {
            Issue.record("expected connect failures, got \(outcome)")
            return
        }
        #expect(log.waits == [50])
        #expect(message.hasPrefix("GET http://127.0.0.1:\(port): could not connect"))
        #expect(!message.contains("SECRET") && !message.contains("services"), "\(message)")
    }

    @Test func anAnswerOverTheLimitIsPermanent() throws {
        let server = try HTTPServer(["--default-body", String(repeating: "x", count: 5000)])
        defer { server.stop() }
        let outcome = HTTPClient.exchange(HTTPRequest(url: server.base + "/big", maxResponseBytes: 1000), policy: testPolicy())
        guard case .permanent(.tooLarge(let limit, let message)) = outcome else {
            Issue.record("expected tooLarge, got \(outcome)")
            return
        }
        #expect(limit == 1000)
        #expect(message.contains("larger than 1000 bytes"))
        #expect(try server.requests().count == 1)
    }

    /// Defect 13a: when the status is the answer (a delivery), a body of any
    /// size is read up to the limit and the status decides.
    @Test func aLongBodyKeptAsAPrefixNeverFailsTheExchange() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        try server.queue(#"[{"status": 200, "body": "ok ", "size": 20000000}]"#)
        let request = HTTPRequest(method: "POST", url: server.base + "/hook", body: Array("{}".utf8),
                                  maxResponseBytes: 64 * 1024, longBody: .keepPrefix)
        let start = Date()
        guard case .success(let reply) = HTTPClient.exchange(request, policy: testPolicy()) else {
            Issue.record("a 200 with a 20 MB body must succeed")
            return
        }
        #expect(Date().timeIntervalSince(start) < 3, "stops reading after the prefix")
        #expect(reply.response.status == 200 && reply.response.bodyTruncated)
        #expect(reply.response.body.count == 64 * 1024)
        #expect(reply.answer.hasPrefix("ok ok ok") && reply.answer.hasSuffix("…"), "\(reply.answer)")
        #expect(try server.requests().count == 1)

        // A huge 503 is still a 503 (retried), and a huge 404 a refusal.
        try server.queue(#"[{"status": 503, "body": "busy ", "size": 20000000}, {"status": 200, "body": "ok"}]"#)
        guard case .success(let second) = HTTPClient.exchange(request, policy: testPolicy()) else {
            Issue.record("the 503 is retried")
            return
        }
        #expect(!second.response.bodyTruncated && second.answer == "ok")
        try server.queue(#"[{"status": 404, "body": "no ", "size": 20000000}]"#)
        guard case .permanent(.status(404, let answer, _)) = HTTPClient.exchange(request, policy: testPolicy()) else {
            Issue.record("the 404 is a refusal")
            return
        }
        #expect(answer.hasPrefix("no no"))
        #expect(try server.requests().count == 4)
    }

    @Test func aBadURLIsPermanent() {
        let outcome = HTTPClient.exchange(HTTPRequest(url: "ftp://example.com/\(Self.pathSecret)"), policy: testPolicy())
        guard case .permanent(.transport(.other, let message)) = outcome else {
            Issue.record("expected a permanent transport problem, got \(outcome)")
            return
        }
        #expect(!message.contains("SECRET"), "\(message)")
    }

    /// A server that quotes the request back: the API key from the header,
    /// the secret path, and an explicitly named secret must all be gone
    /// from every text of the outcome, in refusals and in exhausted retries.
    @Test func secretsEchoedInTheBodyOrURLNeverReachTheOutcome() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let echo = "you sent {method} {path} with {header:authorization} and {header:x-api-key}; token \(Self.secret)"
        let url = server.base + "/services/\(Self.pathSecret)?token=qsSECRETvalue"
        let request = HTTPRequest(method: "POST", url: url,
                                  headers: [(name: "Authorization", value: "Bearer \(Self.secret)"),
                                            (name: "x-api-key", value: "kSECRETk-2b9f")],
                                  body: Array("{}".utf8))
        func texts(_ outcome: HTTPOutcome) -> [String] {
            switch outcome {
            case .success(let reply): return [reply.answer]
            case .permanent(let p), .retryLater(let p, _):
                return [p.describe(server: "webhook"), String(describing: p), String(reflecting: p)]
            }
        }
        func expectClean(_ outcome: HTTPOutcome, sourceLocation: SourceLocation = #_sourceLocation) {
            for text in texts(outcome) {
                #expect(!text.contains("SECRET"), "leaked: \(text)", sourceLocation: sourceLocation)
                #expect(!text.contains("services/T0001"), "leaked the path: \(text)", sourceLocation: sourceLocation)
                #expect(text.contains("<redacted>") || text.contains("http://127.0.0.1"), "\(text)", sourceLocation: sourceLocation)
            }
        }

        // A refusal quoting everything.
        try server.queue(#"[{"status": 404, "echo": true, "body": "\#(echo)"}]"#)
        let refused = HTTPClient.exchange(request, policy: testPolicy(), secrets: [Self.secret])
        guard case .permanent(.status(404, let answer, _)) = refused else {
            Issue.record("expected a 404, got \(refused)")
            return
        }
        #expect(answer.hasPrefix("you sent POST "), "\(answer)")
        expectClean(refused)

        // The same from a server that keeps failing: the last answer is shown, redacted.
        try server.queue(#"[{"status": 500, "echo": true, "body": "\#(echo)"}, {"status": 500, "echo": true, "body": "\#(echo)"}]"#)
        let failing = HTTPClient.exchange(request, policy: testPolicy(attempts: 2, baseMilliseconds: 1))
        guard case .retryLater(.status(500, _, _), .attemptsExhausted(2)) = failing else {
            Issue.record("expected exhausted 500s, got \(failing)")
            return
        }
        expectClean(failing)

        // And a success quoting it.
        try server.queue(#"[{"status": 200, "echo": true, "body": "\#(echo)"}]"#)
        let ok = HTTPClient.exchange(request, policy: testPolicy())
        guard case .success = ok else {
            Issue.record("expected success, got \(ok)")
            return
        }
        expectClean(ok)
    }

    @Test func aSecretAcrossTheCutIsRedactedBeforeTheAnswerIsCut() {
        let redactor = Redactor(url: "https://hooks.example.com/x", secrets: [Self.secret])
        let body = String(repeating: "a", count: HTTPClient.answerLimit - 5) + Self.secret + " tail"
        let answer = HTTPClient.oneLineAnswer(Array(body.utf8), redactor: redactor)
        #expect(!answer.contains("sk-l"), "half a secret leaked: \(answer)")
        #expect(answer.count <= HTTPClient.answerLimit)
        #expect(HTTPClient.oneLineAnswer(Array("a\r\n\u{1B}[31mb\t c".utf8), redactor: redactor) == "a [31mb c")
    }
}

@Suite("RetryPolicy and Retry-After")
struct RetryPolicyTests {
    @Test func environmentKnobs() {
        let env = ["TRACKER_RETRY_BASE_MS": "20", "TRACKER_RETRY_AFTER_MAX": "2", "TRACKER_HTTP_TIMEOUT": "0.5"]
        let p = RetryPolicy(environment: { env[$0] })
        #expect(p == RetryPolicy(attempts: 4, baseMilliseconds: 20, maxRetryAfterSeconds: 2, timeoutSeconds: 0.5))
        let bad = ["TRACKER_RETRY_BASE_MS": "-1", "TRACKER_RETRY_AFTER_MAX": "lots", "TRACKER_HTTP_TIMEOUT": "0"]
        #expect(RetryPolicy(environment: { bad[$0] }) == RetryPolicy())
        #expect(RetryPolicy(environment: { _ in nil }) == RetryPolicy())
        #expect(RetryPolicy() == RetryPolicy(attempts: 4, baseMilliseconds: 1000, maxRetryAfterSeconds: 30, timeoutSeconds: 20))
    }

    @Test func backoffDoublesAndSaturates() {
        let p = RetryPolicy(baseMilliseconds: 1000)
        #expect((0..<4).map { p.backoffMilliseconds(afterAttempt: $0) } == [1000, 2000, 4000, 8000])
        #expect(p.backoffMilliseconds(afterAttempt: 62) == Int.max)
        #expect(p.backoffMilliseconds(afterAttempt: 200) == Int.max)
        #expect(RetryPolicy(baseMilliseconds: 0).backoffMilliseconds(afterAttempt: 200) == 0)
    }

    @Test func theLoopStopsOnSuccessPermanentOrLater() {
        let p = RetryPolicy(attempts: 5, baseMilliseconds: 10)
        var waits: [Int] = []
        var calls = 0
        let ok: RetryOutcome<Int, String> = p.run(pause: { waits.append($0) }) { n in
            calls += 1
            return n < 2 ? .temporary("t\(n)", waitMilliseconds: n == 1 ? 7 : nil) : .success(n)
        }
        guard case .success(2) = ok else { Issue.record("\(ok)"); return }
        #expect(calls == 3 && waits == [10, 7])

        let permanent: RetryOutcome<Int, String> = p.run(pause: { _ in Issue.record("no wait") }) { _ in .permanent("no") }
        guard case .permanent("no") = permanent else { Issue.record("\(permanent)"); return }

        let later: RetryOutcome<Int, String> = p.run(pause: { _ in Issue.record("no wait") }) { _ in .later("slow", .seconds(99)) }
        guard case .retryLater("slow", .waitTooLong(.seconds(99))) = later else { Issue.record("\(later)"); return }

        // Zero attempts still makes one.
        calls = 0
        let once: RetryOutcome<Int, String> = RetryPolicy(attempts: 0).run(pause: { _ in }) { _ in
            calls += 1
            return .temporary("t", waitMilliseconds: nil)
        }
        guard case .retryLater("t", .attemptsExhausted(1)) = once else { Issue.record("\(once)"); return }
        #expect(calls == 1)
    }

    @Test func parsingRetryAfter() {
        #expect(RetryAfter.parse("120") == .seconds(120))
        #expect(RetryAfter.parse("  7 ") == .seconds(7))
        #expect(RetryAfter.parse("0") == .seconds(0))
        #expect(RetryAfter.parse("99999999999999999999") == .unbounded)
        #expect(RetryAfter.parse("") == nil)
        #expect(RetryAfter.parse("-5") == nil)
        #expect(RetryAfter.parse("1.5") == nil)
        #expect(RetryAfter.parse("soon") == nil)
        let epoch = 784_111_777  // Sun, 06 Nov 1994 08:49:37 GMT
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", now: epoch - 30) == .seconds(30))
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", now: epoch + 30) == .seconds(0), "a past date: no wait")
        #expect(RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT", now: epoch) == nil, "obsolete forms fall back to the backoff")
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 25:49:37 GMT", now: epoch) == nil)
        #expect(parseIMFFixdate("Thu, 01 Jan 1970 00:00:00 GMT") == 0)
        #expect(parseIMFFixdate("Tue, 29 Feb 2000 12:00:00 GMT") == 951_825_600)
    }

    @Test func theBound() {
        let p = RetryPolicy(maxRetryAfterSeconds: 30)
        #expect(p.honours(.seconds(30)))
        #expect(!p.honours(.seconds(31)))
        #expect(!p.honours(.unbounded))
    }
}

@Suite("SMTPClient.deliver: the same retry loop")
struct SMTPDeliverTests {
    @Test func refusedConnectionsAreRetriedWithTheBackoff() throws {
        let port = try closedPort()
        var waits: [Int] = []
        let outcome = SMTPClient.deliver(
            SMTPEnvelope(url: "smtp://127.0.0.1:\(port)", username: "u", password: "pw-SECRET-77", from: "a@example.com",
                         recipients: ["b@example.com"], message: Array("Subject: x\r\n\r\nhi\r\n".utf8), requireTLS: false),
            policy: RetryPolicy(attempts: 3, baseMilliseconds: 40), pause: { waits.append($0) })
        guard case .retryLater(let error, .attemptsExhausted(3)) = outcome else {
            Issue.record("expected retryLater, got \(outcome)")
            return
        }
        #expect(error.kind == .connect)
        #expect(waits == [40, 80])
        #expect(!error.message.contains("SECRET"))
    }
}
