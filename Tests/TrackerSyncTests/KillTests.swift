import Foundation
import Testing
import TrackerTestKit

/// SIGKILL at any moment of `sync` or `import` leaves the database as it
/// was before the command or as it is after a complete run: never half.
/// Bounded: ten kills each, spread over a little more than one run.
@Suite(.serialized) struct KillTests {
    /// An export document with `bases` bases (openai/NAME-i@2024-01-01) and
    /// `fineTunes` fine-tunes on the first of them: set-up in one process.
    static func exportDocument(name: String, bases: Int, fineTunes: Int) -> String {
        var b: [String] = [], f: [String] = []
        for i in 0..<bases {
            b.append(#"{"provider": "openai", "family": "\#(name)-\#(i)", "version": "2024-01-01", "model_id": "\#(name)-\#(i)-2024-01-01", "released": "2024-01-01", "released_source": "manual", "deprecated_undated": 0, "created_on": "2024-01-01", "history": []}"#)
        }
        for i in 0..<fineTunes {
            f.append(#"{"name": "ft-\#(i)", "retrain_every": "1y", "created_on": "2024-06-01", "generations": [{"number": 1, "trained_on": "2024-06-01", "cost_minor": 1000, "currency": "USD", "recorded_on": "2024-06-01", "base": "openai/\#(name)-\#(i % max(bases, 1))@2024-01-01"}]}"#)
        }
        return #"{"format": "tracker-export", "version": 2, "schema": 4, "bases": ["# + b.joined(separator: ",") + #"], "fine_tunes": ["#
            + f.joined(separator: ",") + #"], "channels": [], "alerts": [], "catalog": []}"#
    }

    /// A catalog with `n` chat models of one provider, each with a shutdown
    /// date, so the merge touches many bases in one transaction.
    static func bigCatalog(_ n: Int) -> String {
        var parts: [String] = []
        for i in 0..<n {
            let day = String(format: "2027-%02d-%02d", 1 + i % 12, 1 + i % 28)
            parts.append(#""gpt-kill-\#(i)-2024-01-01": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "deprecation_date": "\#(day)"}"#)
        }
        return "{" + parts.joined(separator: ",\n") + "}"
    }

    @Test func killedSyncLeavesBeforeOrAfter() throws {
        let s = try Sandbox("kill-sync", now: "2025-01-15")
        let n = 1500
        let seed = s.path("seed.json")
        try Data(Self.exportDocument(name: "gpt-kill", bases: n / 2, fineTunes: 50).utf8).write(to: URL(fileURLWithPath: seed))
        try s.ok(["import", seed])
        let catalog = s.path("catalog.json")
        try Data(Self.bigCatalog(n).utf8).write(to: URL(fileURLWithPath: catalog))
        // A new database in the seeded state: a copy of the file, or on
        // PostgreSQL a fresh schema the seed is imported into.
        func seeded(_ name: String) throws -> String {
            let db = try TestBackend.freshDatabase(file: s.path("\(name).db"))
            if TestBackend.isPostgres { try s.ok(["import", seed], db: db) } else { try FileManager.default.copyItem(atPath: s.db, toPath: db) }
            return db
        }
        // The two acceptable states, and how long a whole run takes.
        let template = try seeded("template")
        let before = try s.dump()
        #expect(try s.dump(template) == before)
        let full = try s.run(["sync", "catalog", catalog], db: template)
        #expect(full.status == 0, "\(full)")
        let after = try s.dump(template)
        let afterExport = try s.export(template)
        #expect(before != after)
        var befores = 0, afters = 0
        // Spread the kills over a run's duration.
        for trial in 0..<10 {
            let db = try seeded("t\(trial)")
            let child = try Child(Binary.tracker, ["sync", "catalog", catalog, "--db", db, "--now", s.now],
                                  environment: s.environment([:]), directory: s.root)
            usleep(useconds_t(full.seconds * 1_000_000 * Double(trial) / 8))
            child.kill()
            _ = child.finish()
            let state = try s.dump(db)
            if state == before { befores += 1 } else if state == after { afters += 1 }
            #expect(state == before || state == after, "kill \(trial) left a half-synced database")
            // And the next run completes the work.
            #expect(try s.run(["sync", "catalog", catalog], db: db).status == 0)
            if TestBackend.isPostgres {
                // The killed transaction advanced sequences (PostgreSQL never
                // rolls them back), so row ids differ: compare what tracker keeps.
                #expect(try s.export(db) == afterExport)
            } else {
                #expect(try s.dump(db) == after)
            }
        }
        print("KILLED SYNC: 10 kills: \(befores) left it as before, \(afters) as after, 0 half")
    }

    @Test func killedImportLeavesNothingOrEverything() throws {
        let s = try Sandbox("kill-import", now: "2025-01-15")
        let seed = s.path("seed.json")
        try Data(Self.exportDocument(name: "gpt-imp", bases: 600, fineTunes: 900).utf8).write(to: URL(fileURLWithPath: seed))
        try s.ok(["import", seed])
        let exported = try s.export()
        let file = s.path("backup.json")
        try Data(exported.utf8).write(to: URL(fileURLWithPath: file))
        let full = try s.run(["import", file], db: try TestBackend.freshDatabase(file: s.path("full.db")))
        #expect(full.status == 0, "\(full)")
        var nothing = 0, everything = 0
        for trial in 0..<10 {
            let db = try TestBackend.freshDatabase(file: s.path("imp\(trial).db"))
            let child = try Child(Binary.tracker, ["import", file, "--db", db, "--now", s.now],
                                  environment: s.environment([:]), directory: s.root)
            usleep(useconds_t(full.seconds * 1_000_000 * Double(trial) / 8))
            child.kill()
            _ = child.finish()
            let now = try s.run(["export"], db: db)
            if now.status == 0 && now.stdout == exported {
                everything += 1
                continue
            }
            // Killed before its transaction committed: no file, an empty
            // file, or an empty database; importing again works.
            if now.status == 0 {
                let doc = try JSONSerialization.jsonObject(with: Data(now.stdout.utf8)) as? [String: Any]
                #expect((doc?["bases"] as? [Any])?.isEmpty == true, "kill \(trial) left a half import")
            } else {
                #expect(now.status == 66, "kill \(trial): \(now)")
            }
            nothing += 1
            #expect(try s.run(["import", file], db: db).status == 0)
            #expect(try s.export(db) == exported)
        }
        print("KILLED IMPORT: 10 kills: \(nothing) left nothing, \(everything) everything, 0 half")
    }
}
