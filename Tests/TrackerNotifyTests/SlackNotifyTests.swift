import Foundation
import Testing
import TrackerTestKit
import TrackerCore

/// `tracker notify` through the real binary, with http_server.py as Slack.
@Suite struct SlackNotifyTests {
    static let token = "SECRETTOKEN-slack-9f8e7d"

    /// A sandbox with the fixture and a Slack channel `ops` pointing at `server`.
    static func setUp(_ server: HTTPServer, only: Set<String>? = nil) throws -> Sandbox {
        let s = try Sandbox("slack")
        s.env["SLACK_URL"] = "\(server.base)/services/T000/B000/\(token)"
        try Fixture.build(s, only: only)
        try s.ok(["channel", "add", "slack", "ops", "--url-env", "SLACK_URL"], now: Fixture.day)
        return s
    }

    static func parse(_ r: HTTPServer.Request) throws -> (text: String, blocks: [[String: Any]], ids: [String]) {
        let o = try r.json()
        let text = try #require(o["text"] as? String)
        let blocks = try #require(o["blocks"] as? [[String: Any]])
        var ids: [String] = []
        for b in blocks where b["type"] as? String == "section" {
            ids += slackIDs(((b["text"] as? [String: Any])?["text"] as? String) ?? "")
        }
        return (text, blocks, ids)
    }

    @Test func digestLifecycle() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Self.setUp(server)
        let d = Fixture.day

        // First run: one POST with every alert, silent, exit 0.
        let first = try s.run(["notify"], now: d)
        #expect(first.status == 0, "\(first)")
        #expect(first.stdout.isEmpty && first.stderr.isEmpty, "notify must print nothing on success: \(first)")
        var reqs = try server.requests()
        try #require(reqs.count == 1, "expected one POST, got \(reqs.count)")
        #expect(reqs[0].method == "POST")
        #expect(reqs[0].path == "/services/T000/B000/\(Self.token)")
        #expect(reqs[0].headers["content-type"]?.hasPrefix("application/json") == true)
        let (text, blocks, ids) = try Self.parse(reqs[0])
        #expect(Set(ids) == Set(Fixture.ids), "ids \(ids) vs expected \(Fixture.ids)")
        #expect(ids.count == Fixture.ids.count, "each alert once: \(ids)")
        #expect(blocks.first?["type"] as? String == "header")
        #expect(text.contains("4 new"), "fallback text: \(text)")
        for id in Fixture.ids { #expect(text.contains(id), "fallback text lacks \(id)") }
        // Inhibition: deprecated+superseded base gives base-deprecated only.
        #expect(!reqs[0].body.contains("base-superseded") && !reqs[0].body.contains("superseded by"))
        #expect(!ids.contains(Alert.id(forKey: Fixture.supersededKey)))
        let alertsJSON = try s.ok(["alerts", "--all", "--format", "json"], now: d).json()
        let reasons = ((alertsJSON["alerts"] as? [[String: Any]]) ?? []).compactMap { $0["reason"] as? String }
        #expect(reasons.contains("base-deprecated") && !reasons.contains("base-superseded"), "\(reasons)")

        // Same day again: nothing.
        let second = try s.run(["notify"], now: d)
        #expect(second.status == 0 && second.stdout.isEmpty && second.stderr.isEmpty, "\(second)")
        #expect(try server.requests().count == 1, "a second run the same day must send nothing")

        // 7 days later: a digest of reminders (repeats) for every alert still open.
        let week = plus(d, 7)
        let third = try s.run(["notify"], now: week)
        #expect(third.status == 0 && third.stdout.isEmpty && third.stderr.isEmpty, "\(third)")
        reqs = try server.requests()
        try #require(reqs.count == 2)
        let (text3, _, ids3) = try Self.parse(reqs[1])
        #expect(Set(ids3) == Set(Fixture.ids), "\(ids3)")
        #expect(text3.contains("4 reminders"), "\(text3)")
        #expect(!text3.contains("new"), "\(text3)")

        // Crossing a shutdown step: ft-soon shuts down 2025-06-21; on 06-15 it is 6 days away -> step 7.
        let step = plus(d, 14)
        let soonID = Alert.id(forKey: Fixture.keys[1])
        #expect(try s.run(["notify"], now: step).status == 0)
        reqs = try server.requests()
        try #require(reqs.count == 3)
        let (text4, blocks4, ids4) = try Self.parse(reqs[2])
        #expect(ids4.filter { $0 == soonID }.count == 1)
        #expect(text4.contains("1 shutdown step"), "\(text4)")
        let stepSection = blocks4.compactMap { ($0["text"] as? [String: Any])?["text"] as? String }.first { $0.contains("Shutdown approaching") }
        #expect(stepSection?.contains(soonID) == true, "threshold entry missing: \(blocks4)")
        // ...and only once: the next day brings nothing for it.
        #expect(try s.run(["notify"], now: plus(step, 1)).status == 0)
        reqs = try server.requests()
        #expect(reqs.count == 3, "a crossed step is sent once")

        // Retrain ft-soon onto a current base: its alert resolves, and the resolution is sent.
        try s.ok(["retrain", "ft-soon", "--base", "openai/gpt-d@2025-01-01", "--trained", plus(step, 2), "--cost", "50"], now: plus(step, 2))
        #expect(try s.run(["notify"], now: plus(step, 2)).status == 0)
        reqs = try server.requests()
        try #require(reqs.count == 4)
        let (text5, blocks5, ids5) = try Self.parse(reqs[3])
        #expect(ids5 == [soonID], "only the resolution: \(ids5)")
        #expect(text5.contains("1 resolved"), "\(text5)")
        let resolved = blocks5.compactMap { ($0["text"] as? [String: Any])?["text"] as? String }.first { $0.contains("Resolved") }
        #expect(resolved?.contains("ft-soon") == true, "\(blocks5)")
        // The resolution is sent once.
        #expect(try s.run(["notify"], now: plus(step, 3)).status == 0)
        #expect(try server.requests().count == 4)
    }

    @Test func dryRunPrintsPayloadAndChangesNothing() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Self.setUp(server)
        let before = try s.dump()
        let dry = try s.run(["notify", "--dry-run"], now: Fixture.day)
        #expect(dry.status == 0, "\(dry)")
        #expect(try server.requests().isEmpty, "a dry run must send nothing")
        #expect(try s.dump() == before, "a dry run must leave the database unchanged")
        var lines = dry.stdout.components(separatedBy: "\n")
        #expect(lines.first == "=== slack channel ops: 4 new ===", "\(dry.stdout)")
        lines.removeFirst()
        // The rest of stdout is the payload, plus a newline only if it lacked one.
        let printed = lines.joined(separator: "\n")
        // The real run sends exactly the printed payload.
        #expect(try s.run(["notify"], now: Fixture.day).status == 0)
        let reqs = try server.requests()
        try #require(reqs.count == 1)
        #expect(reqs[0].body == printed || reqs[0].body + "\n" == printed,
                "dry-run payload differs from what was sent:\n\(printed)\n---\n\(reqs[0].body)")
        // After delivery, a dry run has nothing to print for the day.
        let after = try s.run(["notify", "--dry-run"], now: Fixture.day)
        #expect(after.status == 0 && after.stdout.contains("nothing to send"), "\(after)")
    }
}

extension SlackNotifyTests {
    /// When the shutdown day comes, base-shut-down is new and the base-shutdown-soon
    /// it hides is neither repeated nor reported resolved.
    @Test func shutdownDayInhibitsShutdownSoon() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("inhibit")
        s.env["HOOK_URL"] = "\(server.base)/hook"
        try Fixture.build(s, only: ["ft-soon"])
        try s.ok(["channel", "add", "webhook", "hook", "--url-env", "HOOK_URL"], now: Fixture.day)
        #expect(try s.run(["notify"], now: Fixture.day).status == 0)
        try server.reset()
        let shutdownDay = "2025-06-21"
        #expect(try s.run(["notify"], now: shutdownDay).status == 0)
        let entries = try server.requests().flatMap { try webhookEntries($0.body) }
        let shutDownID = Alert.id(forKey: "ft-soon#1:base-shut-down:openai/gpt-b@2024-01-01")
        #expect(entries.map(\.id) == [shutDownID], "\(entries)")
        #expect(entries.first?.kind == "new")
        #expect(!entries.contains { $0.id == Alert.id(forKey: Fixture.keys[1]) }, "the hidden alert is neither repeated nor resolved")
    }
}
