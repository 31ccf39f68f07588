import Foundation
import Testing
import TrackerTestKit
import TrackerCore

/// `tracker notify` runs that name one database file by different paths
/// (absolute, relative, a symlink, a symlinked folder) still take one lock:
/// each digest is posted once. A hard link is refused: SQLite names its WAL
/// after the path, so two names for one file would corrupt it.
@Suite(.serialized, .enabled(if: TestBackend.isSQLite, "spells one database file by several paths"))
struct PathSpellingTests {
    @Test func notifyThroughDifferentPathsSendsEachDigestOnce() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let template = try Sandbox("spell-template")
        try Fixture.build(template)
        try template.ok(["channel", "add", "webhook", "hook", "--url-env", "HOOK_URL"], now: Fixture.day)
        let trials = 6
        var posts = 0
        for trial in 1...trials {
            try server.reset()
            let s = try Sandbox("spell-\(trial)")
            s.env["HOOK_URL"] = "\(server.base)/hook"
            try s.copyDatabase(from: template)
            let fm = FileManager.default
            try fm.createSymbolicLink(atPath: s.path("link.db"), withDestinationPath: s.db)
            try fm.createSymbolicLink(atPath: s.path("alias"), withDestinationPath: s.root.path)
            let spellings = [s.db, "tracker.db", "./tracker.db", s.path("link.db"), "link.db",
                             s.path("alias") + "/tracker.db"]
            let children = try spellings.map { db in
                try Child(Binary.tracker, ["notify", "--db", db, "--now", Fixture.day], environment: s.environment([:]),
                          directory: s.root)
            }
            for (db, r) in zip(spellings, children.map { $0.finish() }) {
                #expect(r.status == 0 && r.stdout.isEmpty && r.stderr.isEmpty, "trial \(trial), --db \(db): \(r)")
            }
            let reqs = try server.requests()
            posts += reqs.count
            var seen: [String: Int] = [:]
            for r in reqs { for e in try webhookEntries(r.body) { seen[e.id, default: 0] += 1 } }
            #expect(reqs.count == 1, "trial \(trial): \(reqs.count) digests posted")
            #expect(Set(seen.keys) == Set(Fixture.ids) && seen.values.allSatisfy { $0 == 1 }, "trial \(trial): \(seen)")
        }
        print("PATH SPELLINGS: \(trials) trials x 6 spellings: \(posts) digests posted (one per trial expected)")
    }

    @Test func aHardLinkedDatabaseIsRefusedAndNothingIsSent() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("hardlink")
        try Fixture.build(s)
        try s.ok(["channel", "add", "webhook", "hook", "--url-env", "HOOK_URL"], now: Fixture.day)
        s.env["HOOK_URL"] = "\(server.base)/hook"
        try FileManager.default.linkItem(atPath: s.db, toPath: s.path("hard.db"))
        let before = s.rawDatabaseBytes()
        for db in [s.db, s.path("hard.db")] {
            let r = try Child(Binary.tracker, ["notify", "--db", db, "--now", Fixture.day], environment: s.environment([:]),
                              directory: s.root).finish()
            #expect(r.status == 78, "\(r)")
            #expect(r.stderr.hasPrefix("error: database \(db) has 2 hard links") && r.stdout.isEmpty, "\(r)")
        }
        #expect(try server.requests().isEmpty)
        #expect(s.rawDatabaseBytes() == before)
    }
}
