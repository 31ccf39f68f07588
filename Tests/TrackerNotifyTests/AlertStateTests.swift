import Foundation
import Testing
import TrackerTestKit
import TrackerCore

/// `tracker alerts`, `ack`, `snooze`, `channel test` and `channel remove`.
@Suite struct AlertStateTests {
    static func row(_ table: String, _ id: String) -> String? {
        table.split(separator: "\n").map(String.init).first { $0.hasPrefix(id) }
    }

    @Test func alertsAckSnoozeLifecycle() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("alerts")
        s.env["HOOK_URL"] = "\(server.base)/hook"
        try Fixture.build(s)
        try s.ok(["channel", "add", "webhook", "hook", "--url-env", "HOOK_URL"], now: Fixture.day)
        let d = Fixture.day
        let deadID = Alert.id(forKey: Fixture.keys[0])
        let soonID = Alert.id(forKey: Fixture.keys[1])
        let evalID = Alert.id(forKey: Fixture.keys[3])

        // Before any delivery: pending.
        let pending = try s.ok(["alerts"], now: d)
        #expect(Self.row(pending.stdout, deadID)?.contains("hook: pending") == true, "\(pending)")
        #expect(try s.run(["notify"], now: d).status == 0)

        // Sent, and when the next repeat is due, in the table and in JSON.
        let table = try s.ok(["alerts"], now: d)
        for id in Fixture.ids {
            #expect(Self.row(table.stdout, id)?.contains("hook: sent \(d), next \(plus(d, 7))") == true, "\(table)")
        }
        let json = try s.ok(["alerts", "--format", "json"], now: d).json()
        let alerts = try #require(json["alerts"] as? [[String: Any]])
        #expect(Set(alerts.compactMap { $0["id"] as? String }) == Set(Fixture.ids))
        for a in alerts {
            let ch = (a["channels"] as? [[String: Any]]) ?? []
            #expect(ch.count == 1 && ch.first?["channel"] as? String == "hook")
            #expect(ch.first?["state"] as? String == "sent \(d), next \(plus(d, 7))", "\(a)")
            #expect(a["state"] as? String == "open")
        }

        // ack the shut-down one (by id), snooze the eval one for 10 days (by key).
        let ack = try s.ok(["ack", deadID], now: d)
        #expect(ack.stdout.contains(deadID))
        let snooze = try s.ok(["snooze", Fixture.keys[3], "10d"], now: d)
        #expect(snooze.stdout.contains(plus(d, 10)), "\(snooze)")
        let quiet = try s.ok(["alerts"], now: plus(d, 1))
        #expect(Self.row(quiet.stdout, evalID)?.contains("snoozed until \(plus(d, 10))") == true, "\(quiet)")
        #expect(Self.row(quiet.stdout, deadID)?.contains("acked") == true, "\(quiet)")
        let quietJSON = try s.ok(["alerts", "--format", "json"], now: plus(d, 1)).json()
        let ev = ((quietJSON["alerts"] as? [[String: Any]]) ?? []).first { $0["id"] as? String == evalID }
        #expect(ev?["state"] as? String == "snoozed" && ev?["state_until"] as? String == plus(d, 10), "\(String(describing: ev))")
        let ackedAlert = ((quietJSON["alerts"] as? [[String: Any]]) ?? []).first { $0["id"] as? String == deadID }
        #expect(ackedAlert?["state"] as? String == "acked" && ackedAlert?["state_until"] is NSNull, "\(String(describing: ackedAlert))")

        // A week later: repeats for the others, none for the acked or snoozed ones.
        try server.reset()
        #expect(try s.run(["notify"], now: plus(d, 7)).status == 0)
        var entries = try server.requests().flatMap { try webhookEntries($0.body) }
        #expect(Set(entries.map(\.id)) == Set(Fixture.ids).subtracting([deadID, evalID]), "\(entries)")
        #expect(entries.allSatisfy { $0.kind == "repeat" })

        // The snooze expires (day 10): the eval alert repeats again; the acked one still does not.
        try server.reset()
        #expect(try s.run(["notify"], now: plus(d, 10)).status == 0)
        entries = try server.requests().flatMap { try webhookEntries($0.body) }
        #expect(entries.map(\.id) == [evalID], "\(entries)")
        #expect(entries.first?.kind == "repeat")
        let after = try s.ok(["alerts"], now: plus(d, 10))
        #expect(Self.row(after.stdout, evalID)?.contains("snoozed") == false, "\(after)")

        // The acked alert still gets its resolution: retire ft-dead.
        try s.ok(["retire", "ft-dead", "--reason", "replaced"], now: plus(d, 11))
        try server.reset()
        #expect(try s.run(["notify"], now: plus(d, 11)).status == 0)
        entries = try server.requests().flatMap { try webhookEntries($0.body) }
        #expect(entries.contains { $0.id == deadID && $0.kind == "resolved" }, "resolution of an acked alert: \(entries)")
        #expect(!entries.contains { $0.id == soonID && $0.kind == "resolved" })
        let all = try s.ok(["alerts", "--all", "--format", "json"], now: plus(d, 11)).json()
        let dead = ((all["alerts"] as? [[String: Any]]) ?? []).first { $0["id"] as? String == deadID }
        #expect(dead?["state"] as? String == "resolved")
        #expect(((dead?["channels"] as? [[String: Any]])?.first?["state"] as? String) == "resolution sent", "\(String(describing: dead))")
    }

    @Test func channelTestAndRemove() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("channel-test")
        s.env["SLACK_URL"] = "\(server.base)/services/T/B/\(SlackNotifyTests.token)"
        try Fixture.build(s, only: ["ft-dead"])
        try s.ok(["channel", "add", "slack", "ops", "--url-env", "SLACK_URL"], now: Fixture.day)
        try s.ok(["channel", "add", "slack", "other", "--url-env", "SLACK_URL"], now: Fixture.day)
        let t = try s.run(["channel", "test", "ops"], now: Fixture.day)
        #expect(t.status == 0, "\(t)")
        #expect(t.stdout == "slack channel ops: delivered; the receiver answered 200 ok\n", "\(t)")
        let body = try #require(try server.requests().first).json()
        #expect((body["text"] as? String)?.contains("test message for channel ops") == true)
        let list = try s.ok(["channel", "list"], now: Fixture.day)
        #expect(list.stdout.contains("ok"), "\(list)")
        // Remove one; it disappears and receives nothing more.
        let rm = try s.run(["channel", "remove", "other"], now: Fixture.day)
        #expect(rm.status == 0 && rm.stdout.contains("removed channel other"), "\(rm)")
        let names = ((try s.ok(["channel", "list", "--format", "json"], now: Fixture.day).json()["channels"] as? [[String: Any]]) ?? [])
            .compactMap { $0["name"] as? String }
        #expect(names == ["ops"])
        try server.reset()
        #expect(try s.run(["notify"], now: Fixture.day).status == 0)
        #expect(try server.requests().count == 1, "only the remaining channel gets a digest")
        let again = try s.run(["channel", "remove", "other"], now: Fixture.day)
        #expect(again.status == 65, "\(again)")
        let missing = try s.run(["channel", "test", "nope"], now: Fixture.day)
        #expect(missing.status != 0 && missing.stderr.contains("nope"), "\(missing)")
    }
}
