import Foundation
import Testing
import TrackerCore
import TrackerTestKit

/// Issue 13, parts 2 and 3, through the real binary: grouped digests when a
/// whole base goes, every alert in one run, alerts that reach no channel,
/// next-send dates under ack and snooze, bad `whsec_` secrets, and routing
/// by owner whatever its case.
@Suite struct GroupedDigestTests {
    static let d = "2026-11-29"

    /// Everything said in a Slack body: fallback text and section texts.
    static func texts(_ r: HTTPServer.Request) throws -> (text: String, sections: String) {
        let o = try r.json()
        let blocks = (o["blocks"] as? [[String: Any]]) ?? []
        let sections = blocks.filter { $0["type"] as? String == "section" }
            .map { ($0["text"] as? [String: Any])?["text"] as? String ?? "" }.joined(separator: "\n")
        return (o["text"] as? String ?? "", sections)
    }

    @Test func aWholeBaseShuttingDownIsToldInOneRun() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("grouped")
        s.env["SLACK_URL"] = "\(server.base)/services/T/B/grouped"
        s.env["TRACKER_SLACK_PACING_MS"] = "400"
        let base = "openai/gpt-4o@2024-08-06"
        try s.ok(["base", "add", base, "--released", "2024-08-06", "--shutdown", "2027-01-14"], now: Self.d)
        // 150 fine-tunes on one base, three owners; each trained on its own
        // day with a 1-year policy, so each also has its own "retrain due"
        // line: 151 groups, more than one message holds.
        for i in 1...150 {
            try s.ok(["add", "ft-\(i)", "--base", base, "--trained", plus("2025-06-01", i), "--cost", "10",
                      "--owner", "team-\(i % 3 + 1)", "--retrain-every", "1y"], now: Self.d)
        }
        try s.ok(["channel", "add", "slack", "ops", "--url-env", "SLACK_URL"], now: Self.d)

        let run = try s.run(["notify"], now: Self.d)
        #expect(run.status == 0 && run.stdout.isEmpty && run.stderr.isEmpty, "\(run)")
        let reqs = try server.requests()
        try #require(reqs.count >= 2, "expected the digest split over several messages, got \(reqs.count)")
        // Paced: about one message per TRACKER_SLACK_PACING_MS.
        #expect(run.seconds >= 0.4 * Double(reqs.count - 1) * 0.9, "\(reqs.count) messages in \(run.seconds) s")

        var all = ""
        var shutdownLines: [String] = []
        for r in reqs {
            let (text, sections) = try Self.texts(r)
            all += text + "\n"
            // The fallback and the blocks agree on what they leave out.
            #expect(moreCounts(text) == moreCounts(sections), "text \(moreCounts(text)) vs blocks \(moreCounts(sections))")
            shutdownLines += text.split(separator: "\n").map(String.init).filter { $0.contains("shuts down 2027-01-14") }
            let o = try r.json()
            #expect(((o["blocks"] as? [[String: Any]]) ?? []).count <= 50)
            #expect(text.count <= 40_000)
        }
        // One line for the whole base: the count, owners, names in natural order.
        try #require(shutdownLines.count == 1, "\(shutdownLines)")
        let line = shutdownLines[0]
        #expect(line.hasPrefix("[soon] \(base) shuts down 2027-01-14 (in 46 days): 150 fine-tunes — team-1: ft-3, ft-6, ft-9, ft-12,"), "\(line)")
        #expect(line.contains("; team-2: ft-1, ft-4, ft-7, ft-10,"), "\(line)")
        #expect(line.contains("ft-96, ft-99, ft-102, ft-105,"), "natural order: \(line)")
        // Every alert was delivered in this one run: a second run sends nothing.
        let alerts = try s.ok(["alerts", "--format", "json"], now: Self.d).json()
        let list = (alerts["alerts"] as? [[String: Any]]) ?? []
        #expect(list.count == 300, "\(list.count) alerts")
        let pending = list.filter { a in ((a["channels"] as? [[String: Any]]) ?? []).contains { ($0["state"] as? String)?.hasPrefix("pending") == true } }
        #expect(pending.isEmpty, "\(pending.count) alerts still pending after one run")
        let again = try s.run(["notify"], now: Self.d)
        #expect(again.status == 0 && again.stdout.isEmpty && again.stderr.isEmpty, "\(again)")
        #expect(try server.requests().count == reqs.count, "the second run must send nothing")
    }

    @Test func aFailureHalfWayLeavesOnlyTheRestForTheNextRun() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("halfway")
        s.env["SLACK_URL"] = "\(server.base)/services/T/B/halfway"
        s.env["TRACKER_SLACK_PACING_MS"] = "0"
        let base = "openai/gpt-4o@2024-08-06"
        try s.ok(["base", "add", base, "--released", "2024-08-06"], now: Self.d)
        for i in 1...101 {
            try s.ok(["add", "ft-\(i)", "--base", base, "--trained", plus("2025-06-01", i), "--cost", "10",
                      "--owner", "team", "--retrain-every", "1y"], now: Self.d)
        }
        try s.ok(["channel", "add", "slack", "ops", "--url-env", "SLACK_URL"], now: Self.d)
        // The first message is accepted, the second refused.
        try server.queue(#"[{"status": 200, "body": "ok"}, {"status": 400, "body": "invalid_blocks"}]"#)
        let first = try s.run(["notify"], now: Self.d)
        #expect(first.status == 78, "\(first)")
        #expect(first.stderr.contains("of 101 alerts delivered; the next run sends the other"), "\(first)")
        let sent = try server.requests()
        try #require(sent.count == 2)
        let firstKeys = Set(try Self.texts(sent[0]).text.split(separator: "\n").dropFirst().map(String.init))
        // The next run sends only what was refused.
        let second = try s.run(["notify"], now: Self.d)
        #expect(second.status == 0, "\(second)")
        let all = try server.requests()
        try #require(all.count == 3)
        let resent = Set(try Self.texts(all[2]).text.split(separator: "\n").dropFirst().map(String.init))
        #expect(resent.isDisjoint(with: firstKeys), "an accepted message was sent again")
        let refused = try Self.texts(sent[1]).text.split(separator: "\n").dropFirst()
        #expect(try Self.texts(all[2]).text.split(separator: "\n").dropFirst() == refused, "the refused lines go out unchanged")
    }

    @Test func alertsThatReachNoChannelExit78() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("unrouted")
        try Fixture.build(s)
        // No channel at all.
        let none = try s.run(["notify"], now: Fixture.day)
        #expect(none.status == 78, "\(none)")
        #expect(none.stderr == "error: 4 open alerts reached no channel (no channel is configured); add one with 'tracker channel add slack NAME --url-env VAR'\n", "\(none)")
        // A channel for Platform-ML takes platform-ml's alerts (names match
        // whatever their case); the other two owners' reach none.
        s.env["SLACK_URL"] = "\(server.base)/services/T/B/owner"
        let add = try s.run(["channel", "add", "slack", "ml", "--url-env", "SLACK_URL", "--owner", "Platform-ML"], now: Fixture.day)
        #expect(add.status == 0 && add.stderr.isEmpty, "\(add)")
        let some = try s.run(["notify"], now: Fixture.day)
        #expect(some.status == 78, "\(some)")
        #expect(some.stderr == "error: 2 open alerts reached no channel (no channel takes owners finance-eng, legal-ai); add one with 'tracker channel add ...' or route one with --owner\n", "\(some)")
        let reqs = try server.requests()
        try #require(reqs.count == 1, "the routed alerts are delivered first")
        let text = try Self.texts(reqs[0]).text
        #expect(text.contains(Alert.id(forKey: Fixture.keys[0])) && text.contains(Alert.id(forKey: Fixture.keys[1])), "\(text)")
        #expect(!text.contains(Alert.id(forKey: Fixture.keys[2])), "\(text)")
        // Acknowledged alerts need no channel; once all are, exit 0.
        for key in Fixture.keys[2...3] { try s.ok(["ack", key], now: Fixture.day) }
        let quiet = try s.run(["notify"], now: Fixture.day)
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet)")
    }

    @Test func anUnknownOwnerIsWarnedAbout() throws {
        let s = try Sandbox("owner-warning")
        try Fixture.build(s)
        s.env["SLACK_URL"] = "http://127.0.0.1:9/x"
        let typo = try s.run(["channel", "add", "slack", "ml", "--url-env", "SLACK_URL", "--owner", "platfrom-ml"], now: Fixture.day)
        #expect(typo.status == 0, "\(typo)")
        #expect(typo.stderr.contains("no fine-tune has owner 'platfrom-ml' (known owners: finance-eng, legal-ai, platform-ml)"), "\(typo)")
        let right = try s.run(["channel", "add", "slack", "ml2", "--url-env", "SLACK_URL", "--owner", "PLATFORM-ml"], now: Fixture.day)
        #expect(right.status == 0 && right.stderr.isEmpty, "\(right)")
        // Every --owner filter matches as names do, whatever the case.
        for args in [["list", "--owner", "PLATFORM-ML"], ["due", "--owner", "PLATFORM-ML"]] {
            let r = try s.ok(args, now: Fixture.day)
            #expect(r.stdout.contains("ft-dead") && r.stdout.contains("ft-soon") && !r.stdout.contains("ft-eval"), "\(args): \(r)")
        }
    }

    @Test func nextSendAccountsForAckAndSnooze() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("next")
        s.env["SLACK_URL"] = "\(server.base)/services/T/B/next"
        try Fixture.build(s)
        try s.ok(["channel", "add", "slack", "ops", "--url-env", "SLACK_URL"], now: Fixture.day)
        let d = Fixture.day
        #expect(try s.run(["notify"], now: d).status == 0)
        let ids = Fixture.ids
        try s.ok(["ack", ids[0], "--until", plus(d, 14)], now: d)
        try s.ok(["snooze", ids[1], "10d"], now: d)
        try s.ok(["ack", ids[2]], now: d)
        let json = try s.ok(["alerts", "--format", "json"], now: plus(d, 1)).json()
        func state(_ id: String) -> String? {
            let a = ((json["alerts"] as? [[String: Any]]) ?? []).first { $0["id"] as? String == id }
            return ((a?["channels"] as? [[String: Any]])?.first?["state"]) as? String
        }
        #expect(state(ids[0]) == "sent \(d), next \(plus(d, 14)) (acked)")
        #expect(state(ids[1]) == "sent \(d), next \(plus(d, 10)) (snoozed)")
        #expect(state(ids[2]) == "sent \(d), acked (no repeats)")
        #expect(state(ids[3]) == "sent \(d), next \(plus(d, 7))")
        // And notify agrees: on day 10 only the snoozed one and the plain one repeat.
        try server.reset()
        #expect(try s.run(["notify"], now: plus(d, 10)).status == 0)
        let body = try Self.texts(try #require(try server.requests().first)).text
        #expect(body.contains(ids[1]) && body.contains(ids[3]) && !body.contains(ids[0]) && !body.contains(ids[2]), "\(body)")
    }

    @Test func aWhsecSecretThatIsNotBase64IsRefused() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("whsec")
        let secret = "whsec_this-is-not*base64!"
        s.env["HOOK_URL"] = "\(server.base)/hook"
        s.env["HOOK_SECRET"] = secret
        let add = try s.run(["channel", "add", "webhook", "hook", "--url-env", "HOOK_URL", "--secret-env", "HOOK_SECRET"], now: Self.d)
        #expect(add.status == 78, "\(add)")
        #expect(add.stderr.contains("$HOOK_SECRET starts with 'whsec_' but the rest is not valid base64"), "\(add)")
        #expect(!add.stderr.contains(secret) && !add.stdout.contains(secret))
        // Added while the secret is not set; `channel test` checks it once it is.
        let added = try s.run(["channel", "add", "webhook", "hook", "--url-env", "HOOK_URL", "--secret-env", "HOOK_SECRET"],
                              now: Self.d, env: ["HOOK_SECRET": ""])
        #expect(added.status == 0, "\(added)")
        let test = try s.run(["channel", "test", "hook"], now: Self.d)
        #expect(test.status == 78, "\(test)")
        #expect(test.stderr.contains("not valid base64") && !test.stderr.contains(secret), "\(test)")
        #expect(try server.requests().isEmpty, "nothing may be sent with a broken secret")
        // A valid one works.
        let good = try s.run(["channel", "test", "hook"], now: Self.d, env: ["HOOK_SECRET": "whsec_" + Data("k3y".utf8).base64EncodedString()])
        #expect(good.status == 0, "\(good)")
    }
}
