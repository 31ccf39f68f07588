import Foundation
import Testing
import TrackerTestKit
import TrackerCore

extension Sandbox {
    /// Copies another sandbox's database (with any WAL) into this one; on
    /// PostgreSQL through `tracker export` and `tracker import` (which keep
    /// every row: BackendMoveTests).
    func copyDatabase(from other: Sandbox) throws {
        if TestBackend.isPostgres {
            let export = try runProcess(Binary.tracker, ["export", "--db", other.db, "--out", path("copy.json"), "--now", Fixture.day],
                                        environment: environment([:]), directory: root)
            guard export.status == 0 else { throw SupportError("export failed: \(export)") }
            let imported = try runProcess(Binary.tracker, ["import", path("copy.json"), "--db", db, "--now", Fixture.day],
                                          environment: environment([:]), directory: root)
            guard imported.status == 0 else { throw SupportError("import failed: \(imported)") }
            return
        }
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: other.db + suffix) {
            try FileManager.default.copyItem(atPath: other.db + suffix, toPath: db + suffix)
        }
    }
}

/// Overlapping and killed `tracker notify` runs on one database.
/// Serialized: each trial measures timing, and the figures are reported.
@Suite(.serialized) struct ConcurrencyTests {
    @Test func simultaneousRunsSendEachAlertOnce() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let template = try Sandbox("conc-template")
        try Fixture.build(template)
        try template.ok(["channel", "add", "webhook", "hook", "--url-env", "HOOK_URL"], now: Fixture.day)
        let trials = 10, processes = 5
        var duplicates = 0, lost = 0, extraDigests = 0
        for trial in 1...trials {
            try server.reset()
            let s = try Sandbox("conc-\(trial)")
            s.env["HOOK_URL"] = "\(server.base)/hook"
            try s.copyDatabase(from: template)
            let children = try (0..<processes).map { _ in try s.start(["notify"], now: Fixture.day) }
            let results = children.map { $0.finish() }
            for r in results {
                #expect(r.status == 0 && r.stdout.isEmpty && r.stderr.isEmpty, "trial \(trial): \(r)")
            }
            let reqs = try server.requests()
            extraDigests += max(0, reqs.count - 1)
            var seen: [String: Int] = [:]
            for r in reqs { for e in try webhookEntries(r.body) { seen[e.id, default: 0] += 1 } }
            for id in Fixture.ids {
                let n = seen[id] ?? 0
                if n == 0 { lost += 1 }
                duplicates += max(0, n - 1)
            }
            #expect(Set(seen.keys) == Set(Fixture.ids), "trial \(trial): \(seen)")
            #expect(try s.query("SELECT count(*) FROM delivery") == ["\(Fixture.ids.count)"], "trial \(trial)")
        }
        print("CONCURRENCY: \(trials) trials x \(processes) simultaneous notify runs: duplicates \(duplicates), alerts lost \(lost), extra digests \(extraDigests)")
        #expect(duplicates == 0)
        #expect(lost == 0)
        #expect(extraDigests == 0)
    }

    @Test func killedRunLosesNothing() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let template = try Sandbox("kill-template")
        try Fixture.build(template)
        for n in 1...3 {
            try template.ok(["channel", "add", "webhook", "hook\(n)", "--url-env", "HOOK\(n)_URL"], now: Fixture.day)
        }
        let trials = 6
        var lost = 0, duplicates = 0, duplicateDigests = 0, sameIDRetries = 0, killedAfter: [Int] = []
        var rng = SystemRandomNumberGenerator()
        for trial in 1...trials {
            try server.reset()
            let s = try Sandbox("kill-\(trial)")
            for n in 1...3 { s.env["HOOK\(n)_URL"] = "\(server.base)/h\(n)" }
            try s.copyDatabase(from: template)
            try server.queue(#"[{"delay": 1}, {"delay": 1}, {"delay": 1}]"#)
            // Kill once request k has arrived (k-1 deliveries recorded, k in flight), after a random pause < 0.8 s.
            let k = trial % 2 == 0 ? 3 : 2
            let child = try s.start(["notify"], now: Fixture.day)
            let deadline = Date().addingTimeInterval(10)
            while try server.requests().count < k, Date() < deadline { usleep(20_000) }
            usleep(UInt32.random(in: 0...800_000, using: &rng))
            child.kill()
            let killed = child.finish()
            #expect(child.process.terminationReason == .uncaughtSignal, "trial \(trial): \(killed)")
            let recordedBefore = Int(try s.query("SELECT count(DISTINCT message_id) FROM delivery").first ?? "") ?? -1
            killedAfter.append(recordedBefore)
            #expect(recordedBefore >= 1 && recordedBefore < 3, "trial \(trial): killed after \(recordedBefore) recorded digests")
            var received = try server.requests()
            let firstRunPaths = received.map(\.path)
            let firstRunIDs = Set(received.compactMap { $0.headers["webhook-id"] })
            try server.reset()
            // The next run (fast server) delivers whatever was not recorded.
            let again = try s.run(["notify"], now: Fixture.day)
            #expect(again.status == 0, "trial \(trial): \(again)")
            let secondRun = try server.requests()
            received += secondRun
            // A digest the killed run had sent (the receiver got it) but not recorded goes out again.
            duplicateDigests += secondRun.filter { firstRunPaths.contains($0.path) }.count
            sameIDRetries += secondRun.filter { firstRunIDs.contains($0.headers["webhook-id"] ?? "") }.count
            var count: [String: Int] = [:]
            for r in received { for e in try webhookEntries(r.body) { count["\(e.channel) \(e.id)", default: 0] += 1 } }
            let recorded = Set(try s.query("""
                SELECT c.name || ' ' || a.short_id FROM delivery d JOIN channel c ON c.id = d.channel_id
                JOIN alert a ON a.id = d.alert_id
                """))
            for n in 1...3 {
                for id in Fixture.ids {
                    let pair = "hook\(n) \(id)"
                    let got = count[pair] ?? 0
                    if got == 0 || !recorded.contains(pair) { lost += 1 }
                    duplicates += max(0, got - 1)
                }
            }
            // A third run has nothing left to send.
            try server.reset()
            #expect(try s.run(["notify"], now: Fixture.day).status == 0)
            #expect(try server.requests().isEmpty, "trial \(trial): everything was recorded")
        }
        print("KILL: \(trials) trials (SIGKILL after \(killedAfter) recorded digests of 3): alerts lost \(lost), "
              + "duplicate entries \(duplicates) in \(duplicateDigests) re-sent digests (each the request in flight at the kill), "
              + "re-sent with the same webhook-id: \(sameIDRetries)")
        #expect(lost == 0)
    }
}
