import Foundation
import Testing
import TrackerTestKit
import TrackerCore

/// Retries, rate limits, configuration errors and timeouts, against http_server.py.
@Suite struct DeliveryTests {
    static let deadID = Alert.id(forKey: Fixture.keys[0])

    /// One alert (ft-dead), a Slack channel `ops`.
    static func setUp(_ server: HTTPServer) throws -> Sandbox {
        try SlackNotifyTests.setUp(server, only: ["ft-dead"])
    }

    func deliveries(_ s: Sandbox) throws -> Int { Int(try s.query("SELECT count(*) FROM delivery").first ?? "") ?? -1 }

    @Test func rateLimitedThenAcceptedInOneRun() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Self.setUp(server)
        try server.queue(#"[{"status": 429, "headers": {"Retry-After": "1"}, "body": "rate_limited"}, {"status": 200, "body": "ok"}]"#)
        let r = try s.run(["notify"], now: Fixture.day)
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.isEmpty && r.stderr.isEmpty, "\(r)")
        #expect(r.seconds >= 1.0, "Retry-After: 1 must be honoured (took \(r.seconds)s)")
        let reqs = try server.requests()
        #expect(reqs.count == 2)
        #expect(reqs.count == 2 && reqs[0].body == reqs[1].body, "the retry sends the same digest")
        #expect(try deliveries(s) == 1)
    }

    @Test func serverErrorsExitTemporaryAndNextRunDelivers() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Self.setUp(server)
        try server.queue(#"[{"status": 500, "body": "oops"}, {"status": 500}, {"status": 502}, {"status": 503}]"#)
        let r = try s.run(["notify"], now: Fixture.day)
        #expect(r.status == 75, "\(r)")
        #expect(r.stderr.contains("ops"), "stderr names the channel: \(r)")
        #expect(r.stdout.isEmpty)
        #expect(try server.requests().count == 4, "4 attempts within the run")
        #expect(try deliveries(s) == 0, "nothing recorded when nothing was accepted")
        let alerts = try s.ok(["alerts"], now: Fixture.day)
        #expect(alerts.stdout.contains("pending"), "\(alerts)")
        // The server recovers: the next run delivers everything.
        let again = try s.run(["notify"], now: Fixture.day)
        #expect(again.status == 0 && again.stdout.isEmpty && again.stderr.isEmpty, "\(again)")
        let reqs = try server.requests()
        #expect(reqs.count == 5)
        let lastIDs = slackIDs(reqs.last?.body ?? "")
        #expect(lastIDs.contains(Self.deadID))
        #expect(try deliveries(s) == 1)
        let list = try s.ok(["channel", "list", "--format", "json"], now: Fixture.day).json()
        let ch = (list["channels"] as? [[String: Any]])?.first
        #expect(ch?["state"] as? String == "ok", "\(list)")
    }

    @Test func longRetryAfterIsLeftToTheNextRun() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Self.setUp(server)
        try server.queue(#"[{"status": 429, "headers": {"Retry-After": "120"}, "body": "rate_limited"}]"#)
        let r = try s.run(["notify"], now: Fixture.day, env: ["TRACKER_RETRY_AFTER_MAX": "2"])
        #expect(r.status == 75, "\(r)")
        #expect(r.seconds < 5, "must not wait for Retry-After 120 (took \(r.seconds)s)")
        #expect(r.stderr.contains("429"), "\(r)")
        #expect(try server.requests().count == 1)
        #expect(try deliveries(s) == 0)
    }

    @Test(arguments: [(400, "invalid_payload"), (404, "channel_not_found"), (403, "invalid_token")])
    func clientErrorsAreConfigurationErrors(status: Int, answer: String) throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Self.setUp(server)
        try server.queue(#"[{"status": \#(status), "body": "\#(answer)"}]"#)
        let r = try s.run(["notify"], now: Fixture.day)
        #expect(r.status == 78, "\(r)")
        #expect(r.stderr.contains("'ops'") || r.stderr.contains(" ops"), "stderr names the channel: \(r)")
        #expect(r.stderr.contains(answer) && r.stderr.contains(String(status)), "stderr gives the answer: \(r)")
        #expect(!r.stderr.contains(SlackNotifyTests.token))
        #expect(try server.requests().count == 1, "a 4xx is not retried within the run")
        #expect(try deliveries(s) == 0)
        let table = try s.ok(["channel", "list"], now: Fixture.day)
        #expect(table.stdout.contains("failing") && table.stdout.contains(answer), "\(table)")
        let json = try s.ok(["channel", "list", "--format", "json"], now: Fixture.day).json()
        let ch = (json["channels"] as? [[String: Any]])?.first
        #expect(ch?["state"] as? String == "failing")
        #expect((ch?["state_detail"] as? String)?.contains(answer) == true)
        // Fixed on the receiver's side: the next run delivers the digest.
        let again = try s.run(["notify"], now: Fixture.day)
        #expect(again.status == 0, "\(again)")
        #expect(try deliveries(s) == 1)
    }

    @Test func slowServerTimesOutAndIsRetried() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Self.setUp(server)
        try server.queue(#"[{"delay": 3}, {"delay": 3}, {"delay": 3}, {"delay": 3}]"#)
        let r = try s.run(["notify"], now: Fixture.day, env: ["TRACKER_HTTP_TIMEOUT": "1"])
        #expect(r.status == 75, "\(r)")
        #expect(r.seconds < 9, "each attempt must time out after ~1s (took \(r.seconds)s)")
        #expect(try server.requests().count >= 2, "timeouts are retried within the run")
        #expect(try deliveries(s) == 0)
        #expect(r.stderr.contains("ops"), "\(r)")
    }

    @Test func failingSlackNeverCausesASecondEmail() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Self.setUp(server)
        let smtp = try SMTPServer(maildir: s.path("mail"))
        defer { smtp.stop() }
        try s.ok(["channel", "add", "email", "mail", "--smtp", smtp.url, "--insecure-plaintext",
                  "--from", "tracker@example.com", "--to", "a@example.com"], now: Fixture.day)
        try server.queue(#"[{"status": 500}, {"status": 500}, {"status": 500}, {"status": 500}]"#)
        let r = try s.run(["notify"], now: Fixture.day)
        #expect(r.status == 75, "\(r)")
        #expect(try smtp.messages().count == 1)
        // Next run: Slack is retried and succeeds; the email is not sent again.
        let again = try s.run(["notify"], now: Fixture.day)
        #expect(again.status == 0, "\(again)")
        #expect(try smtp.messages().count == 1, "the email must be sent once")
        let reqs = try server.requests()
        #expect(reqs.count == 5)
        let lastIDs = slackIDs(reqs.last?.body ?? "")
        #expect(lastIDs.contains(Self.deadID))
        // And a third run sends nothing anywhere.
        #expect(try s.run(["notify"], now: Fixture.day).status == 0)
        #expect(try server.requests().count == 5)
        #expect(try smtp.messages().count == 1)
    }
}
