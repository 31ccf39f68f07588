import Foundation
import Testing
import TrackerTestKit

/// Every failure of `tracker sync`: its exit code, one `error:` line, and a
/// database left exactly as it was.
@Suite("sync failures")
struct SyncFailureTests {
    static let key = "sk-test-SECRET-4f9a8b7c6d"

    /// A server and a database already holding the first OpenAI answer.
    static func prepared(_ label: String) throws -> (HTTPServer, Sandbox) {
        let server = try HTTPServer()
        let s = try Sandbox(label, now: "2025-01-15")
        try server.queue(.fixture("openai-models-1.json"))
        try s.ok(["sync", "openai", "--base-url", server.base], env: ["OPENAI_API_KEY": key])
        try server.reset()
        return (server, s)
    }

    static func sync(_ s: Sandbox, _ server: HTTPServer, env: [String: String] = ["OPENAI_API_KEY": key],
                     extra: [String] = []) throws -> CLIResult {
        try s.run(["sync", "openai", "--base-url", server.base] + extra, now: "2025-01-20", env: env)
    }

    static func expectNoSecret(_ r: CLIResult, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!r.stdout.contains(key) && !r.stderr.contains(key), "the API key was printed: \(r)", sourceLocation: sourceLocation)
        #expect(!r.stderr.contains("SECRET"), "part of the API key was printed: \(r)", sourceLocation: sourceLocation)
    }

    @Test("a missing API key variable: exit 78 naming the variable, no request, nothing changed",
          arguments: [("openai", "OPENAI_API_KEY"), ("anthropic", "ANTHROPIC_API_KEY"), ("gemini", "GEMINI_API_KEY")])
    func missingKey(provider: String, variable: String) throws {
        let (server, s) = try Self.prepared("nokey-\(provider)")
        defer { server.stop() }
        let before = try s.dump()
        // Set but empty counts as missing too.
        for env in [[String: String](), [variable: ""]] {
            let r = try s.run(["sync", provider, "--base-url", server.base], now: "2025-01-20", env: env)
            expectFailure(r, 78, variable)
        }
        #expect(try server.requests().isEmpty)
        #expect(try s.dump() == before)
    }

    @Test("401 and 403: exit 78, the key problem named, the key never printed, no retry, nothing changed",
          arguments: [401, 403])
    func refusedKey(status: Int) throws {
        let (server, s) = try Self.prepared("refused-\(status)")
        defer { server.stop() }
        let before = try s.dump()
        try server.queue(.status(status, #"{"error":{"message":"Incorrect API key provided: \#(Self.key). You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#,
                                 headers: ["Content-Type": "application/json"]))
        let r = try Self.sync(s, server)
        expectFailure(r, 78, "OPENAI_API_KEY", "HTTP \(status)")
        Self.expectNoSecret(r)
        #expect(try server.requests().count == 1, "a refused key is not retried")
        #expect(try s.dump() == before)
    }

    @Test("429 then 200: retried after Retry-After, succeeds")
    func rateLimitedThenOK() throws {
        let (server, s) = try Self.prepared("429-ok")
        defer { server.stop() }
        try server.queue(.status(429, #"{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}"#,
                                 headers: ["Retry-After": "1"]),
                         .fixture("openai-models-2.json"))
        let r = try Self.sync(s, server)
        #expect(r.status == 0, "\(r)")
        #expect(r.lines.contains("new snapshot openai/gpt-4o@2024-11-20 (released 2024-11-20)"), "\(r)")
        #expect(try server.requests().count == 2)
        #expect(r.seconds >= 0.9, "Retry-After: 1 was not honoured (\(r.seconds) s)")
    }

    @Test("429 four times, or 5xx four times: exit 75 after 4 attempts, nothing changed",
          arguments: [[429, 429, 429, 429], [500, 502, 503, 500]])
    func retriesExhausted(statuses: [Int]) throws {
        let (server, s) = try Self.prepared("exhausted-\(statuses[0])")
        defer { server.stop() }
        let before = try s.dump()
        try server.queue(statuses.map { .status($0, "upstream trouble", headers: $0 == 429 ? ["Retry-After": "0"] : [:]) })
        let r = try Self.sync(s, server)
        expectFailure(r, 75, "\(statuses[3])", "4 attempts")
        #expect(try server.requests().count == 4)
        #expect(try s.dump() == before)
    }

    @Test("a Retry-After beyond TRACKER_RETRY_AFTER_MAX: exit 75 at once")
    func retryAfterTooLong() throws {
        let (server, s) = try Self.prepared("retry-after-long")
        defer { server.stop() }
        let before = try s.dump()
        try server.queue(.status(429, "slow down", headers: ["Retry-After": "120"]))
        let r = try Self.sync(s, server)
        expectFailure(r, 75, "429")
        #expect(try server.requests().count == 1)
        #expect(r.seconds < 5)
        #expect(try s.dump() == before)
    }

    @Test("a server slower than TRACKER_HTTP_TIMEOUT: exit 75, nothing changed")
    func slowServer() throws {
        let (server, s) = try Self.prepared("slow")
        defer { server.stop() }
        let before = try s.dump()
        var slow = try HTTPServer.Answer.fixture("openai-models-2.json")
        slow.delay = 1.5
        try server.queue([slow, slow, slow, slow])
        let r = try Self.sync(s, server, env: ["OPENAI_API_KEY": Self.key, "TRACKER_HTTP_TIMEOUT": "0.3"])
        expectFailure(r, 75, "timed out")
        #expect(r.seconds < 4, "four 0.3 s attempts took \(r.seconds) s")
        #expect(try s.dump() == before)
    }

    @Test("malformed JSON: exit 65, nothing changed")
    func malformedJSON() throws {
        let (server, s) = try Self.prepared("malformed")
        defer { server.stop() }
        let before = try s.dump()
        try server.queue(.json(#"{"object":"list","data":[{"id":"gpt-4o-2024-11-20","created":1732060800"#))
        let r = try Self.sync(s, server)
        expectFailure(r, 65, "malformed JSON")
        #expect(try s.dump() == before)
    }

    @Test("valid JSON of the wrong shape: exit 65 naming the path, nothing changed")
    func wrongShape() throws {
        let (server, s) = try Self.prepared("shape")
        defer { server.stop() }
        let before = try s.dump()
        try server.queue(.json(#"{"object":"list","data":[{"id":"gpt-4o-2024-11-20","created":1732060800,"owned_by":"system"},{"id":42,"object":"model"}]}"#))
        let r = try Self.sync(s, server)
        expectFailure(r, 65, "data[1].id")
        #expect(try s.dump() == before)

        try server.queue(.json(#"{"object":"list","models":[]}"#))
        let r2 = try Self.sync(s, server)
        expectFailure(r2, 65, "data")
        #expect(try s.dump() == before)
    }

    @Test("another refusal (404) echoing the key: the key is never printed")
    func refusalBodyNeverLeaksKey() throws {
        let (server, s) = try Self.prepared("404-echo")
        defer { server.stop() }
        let before = try s.dump()
        try server.queue(.status(404, "no route for key \(Self.key)"))
        let r = try Self.sync(s, server)
        expectFailure(r, 69, "404")
        Self.expectNoSecret(r)
        #expect(try s.dump() == before)
    }

    @Test("--dry-run reports what would change and changes nothing")
    func dryRun() throws {
        let (server, s) = try Self.prepared("dry-run")
        defer { server.stop() }
        try s.ok(["add", "support-bot", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "100",
                  "--retrain-every", "never"])
        try s.ok(["base", "set", "gpt-4o-2024-08-06", "--shutdown", "2025-04-01"])
        let before = try s.dump()
        try server.queue(.fixture("openai-models-2.json"))
        let dry = try Self.sync(s, server, extra: ["--dry-run"])
        #expect(dry.status == 0, "\(dry)")
        for line in ["would: new snapshot openai/gpt-4o@2024-11-20 (released 2024-11-20)",
                     "would: openai/gpt-4@0613: shutdown moved from 2026-06-06 to 2026-09-30",
                     "would: now due: support-bot (base-superseded)",
                     "dry run: nothing was changed"] {
            #expect(dry.lines.contains(line), "missing \"\(line)\": \(dry)")
        }
        #expect(dry.lines.contains { $0.hasPrefix("would: openai/gpt-4o@2024-08-06: source says shutdown 2026-04-30") }, "\(dry)")
        #expect(try s.dump() == before, "--dry-run changed the database")

        // The real run reports the same changes, the conflict included.
        try server.queue(.fixture("openai-models-2.json"))
        let real = try Self.sync(s, server)
        #expect(real.status == 0, "\(real)")
        #expect(real.lines.contains("new snapshot openai/gpt-4o@2024-11-20 (released 2024-11-20)"), "\(real)")
        #expect(real.lines.contains { $0.hasPrefix("openai/gpt-4o@2024-08-06: source says shutdown 2026-04-30") }, "\(real)")
        #expect(real.lines.contains("now due: support-bot (base-superseded)"), "\(real)")
        #expect(try s.dump() != before)
    }
}
