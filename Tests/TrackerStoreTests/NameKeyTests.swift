import Foundation
import Migrations
import Testing
import TrackerCore
@testable import TrackerStore

/// Names compared with full Unicode case folding through the name keys of
/// migration 005 (issue 12, defect 12), and what that migration does to a
/// real user's database whose names collide once folded.
@Suite struct NameKeyTests {
    static func addFineTune(_ store: any Store, _ name: String, owner: String? = nil, task: String? = nil) throws -> Int64 {
        try store.write { () throws(Failure) in
            var base = try store.base(BaseRef("openai/gpt-4o@2024-08-06")!)?.id ?? 0
            if base == 0 {
                base = try store.insertBase(makeBase("openai/gpt-4o@2024-08-06", released: "2024-08-06"), source: .manual, today: day1)
            }
            return try store.insertFineTune(name: name, task: task, owner: owner, retrainEvery: .default, volume: .unknown, retrainCost: nil,
                                            first: makeGeneration(base: base), today: day1)
        }
    }

    static func channel(_ name: String) -> Channel {
        var c = Channel(name: name, kind: .slack, route: Route(), createdOn: day1)
        c.urlEnv = "SLACK_URL"
        return c
    }

    @Test(arguments: StoreBackend.all) func fineTunesAreFoundAndKeptUniqueByTheirFoldedName(_ backend: StoreBackend) throws {
        try withTemporaryDirectory { dir in
            let store = try backend.open(dir, day1)
            let id = try Self.addFineTune(store, "Émile")
            for spelling in ["Émile", "émile", "ÉMILE", "E\u{0301}MILE", "e\u{0301}mile", " émile ", "émile\u{200B}"] {
                #expect(try store.fineTune(named: spelling)?.id == id, "'\(spelling)' must find Émile")
            }
            let straße = try Self.addFineTune(store, "Straße")
            #expect(try store.fineTune(named: "STRASSE")?.id == straße)
            #expect(try store.fineTune(named: "strasse")?.id == straße)
            #expect(try store.fineTune(named: "Emile") == nil, "accents are not folded away")
            for duplicate in ["émile", "ÉMILE", "e\u{0301}mile", "STRASSE"] {
                #expect(throws: Failure.self, "'\(duplicate)' must be refused as a duplicate") {
                    try Self.addFineTune(store, duplicate)
                }
            }
            #expect(try store.allFineTuneNames().sorted() == ["Straße", "Émile"])
            #expect(try count(store, "SELECT count(*) FROM fine_tune WHERE name_key IS NULL") == 0)
        }
    }

    @Test(arguments: StoreBackend.all) func channelsAreFoundAndKeptUniqueByTheirFoldedName(_ backend: StoreBackend) throws {
        try withTemporaryDirectory { dir in
            let store = try backend.open(dir, day1)
            let id = try store.write { () throws(Failure) in try store.insertChannel(Self.channel("Équipe-Ops")) }
            #expect(try store.channel(named: "ÉQUIPE-OPS")?.id == id)
            #expect(try store.channel(named: "équipe-ops")?.id == id)
            #expect(throws: Failure.self) {
                try store.write { () throws(Failure) in try store.insertChannel(Self.channel("équipe-ops")) }
            }
        }
    }

    @Test(arguments: StoreBackend.all) func ownerAndTaskFiltersFoldCase(_ backend: StoreBackend) throws {
        try withTemporaryDirectory { dir in
            let store = try backend.open(dir, day1)
            _ = try Self.addFineTune(store, "a", owner: "Zoë-ML", task: "Triage")
            _ = try Self.addFineTune(store, "b", owner: "platform", task: "summaries")
            let byOwner = try store.read { () throws(Failure) in try store.listFineTunes(FineTuneFilter(owner: "ZOË-ml")) }
            #expect(byOwner.map(\.name) == ["a"])
            let byTask = try store.read { () throws(Failure) in try store.listFineTunes(FineTuneFilter(task: "TRIAGE")) }
            #expect(byTask.map(\.name) == ["a"])
            var due = DueList(bases: try store.allBases(), policy: DuePolicy(now: day("2099-01-01"), within: Span(count: 90, unit: .day)))
            try store.read { () throws(Failure) in try store.collectDue(into: &due, owner: "ZOË-ML") }
            #expect(due.items.map(\.name) == ["a"])
        }
    }

    // SQLite only: upgrades a SQLite file built by hand before migration 005.
    /// A database written before migration 005 where names collided once
    /// folded: the migration keeps every row, the oldest keeps the key, the
    /// others stay reachable by their exact spelling, and an export of it
    /// imports back to the same export.
    @Test func migratingCollidingNamesKeepsEveryRowReachable() throws {
        try withTemporaryDirectory { dir in
            let path = databasePath(in: dir)
            do {
                let db = try SQLiteDatabase(path: path, create: true)
                try Migrator(database: db, migrations: Array(Migrations.all.prefix(4))).migrate(today: day1)
                try db.execute("""
                    INSERT INTO base_version (provider, family, version, model_id, created_on)
                        VALUES ('openai', 'gpt-4o', '2024-08-06', 'gpt-4o-2024-08-06', '2025-01-15');
                    INSERT INTO fine_tune (name, created_on) VALUES ('Émile', '2025-01-15'), ('émile', '2025-01-15'),
                        ('e\u{0301}mile', '2025-01-15'), ('Support-Triage', '2025-01-15'), ('Zoë  Bot', '2025-01-15');
                    INSERT INTO generation (fine_tune_id, number, base_id, trained_on, cost_minor, currency, recorded_on)
                        SELECT id, 1, 1, '2025-01-01', 100, 'USD', '2025-01-15' FROM fine_tune;
                    INSERT INTO channel (name, kind, url_env, created_on) VALUES ('Équipe', 'slack', 'A', '2025-01-15'),
                        ('équipe', 'slack', 'B', '2025-01-15');
                    """)
            }
            let store = try SQLStore(path: path, mode: .write, today: day2)
            #expect(store.migrationsAppliedAtOpen.map(\.version) == Migrations.all.map(\.version).filter { $0 >= 5 })
            #expect(try texts(store.database, "SELECT name || '=' || coalesce(name_key, 'NULL') FROM fine_tune ORDER BY id")
                    == ["Émile=émile", "émile=NULL", "e\u{0301}mile=NULL", "Support-Triage=support-triage", "Zoë  Bot=zoë bot"])
            #expect(try texts(store.database, "SELECT name || '=' || coalesce(name_key, 'NULL') FROM channel ORDER BY id")
                    == ["Équipe=équipe", "équipe=NULL"])
            // Every row is still reachable by its exact name; folded spellings find the oldest.
            for (spelling, id) in [("Émile", 1), ("émile", 2), ("e\u{0301}mile", 3), ("ZOË BOT", 5), ("ÉMILE", 1),
                                   ("support-triage", 4)] as [(String, Int64)] {
                #expect(try store.fineTune(named: spelling)?.id == id, "'\(spelling)'")
            }
            #expect(try store.channel(named: "équipe")?.urlEnv == "B")
            #expect(try store.channel(named: "ÉQUIPE")?.urlEnv == "A")
            // A new name that folds onto them is refused.
            #expect(throws: Failure.self) { try Self.addFineTune(store, "ÉMILE") }

            // Export, import into a new database, export again: identical.
            let first = CollectedText()
            try store.read { () throws(Failure) in try store.exportArchive(to: first.output) }
            first.output.flush()
            guard case .object(let root) = try JSONParser().parse(first.text) else { Issue.record("export is not an object"); return }
            let copy = try SQLStore(path: databasePath(in: dir, "copy.db"), mode: .write, today: day2)
            _ = try copy.write { () throws(Failure) in try copy.importArchive(root, file: "export.json") }
            let second = CollectedText()
            try copy.read { () throws(Failure) in try copy.exportArchive(to: second.output) }
            second.output.flush()
            #expect(first.text == second.text)
            #expect(try texts(copy.database, "SELECT name || '=' || coalesce(name_key, 'NULL') FROM fine_tune ORDER BY id")
                    == ["Émile=émile", "émile=NULL", "e\u{0301}mile=NULL", "Support-Triage=support-triage", "Zoë  Bot=zoë bot"])
        }
    }
}
