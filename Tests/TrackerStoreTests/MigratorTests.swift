import Foundation
import Migrations
import Testing
import TrackerCore
@testable import TrackerStore

/// Schema steps: upgrading an older database, atomic migrations, and refusing
/// a database written by a newer tracker.
@Suite struct MigratorTests {
    static let v1 = Migration(version: 1, name: "notes", sql: """
        CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
        CREATE INDEX note_body ON note(body);
        """)
    static let v2 = Migration(version: 2, name: "note_authors", sql: """
        ALTER TABLE note ADD COLUMN author TEXT NOT NULL DEFAULT 'unknown';
        CREATE TABLE tag (note_id INTEGER NOT NULL REFERENCES note(id), label TEXT NOT NULL);
        """)
    /// Its first statement succeeds, its second is not SQL.
    static let brokenV2 = Migration(version: 2, name: "half_broken", sql: """
        CREATE TABLE half_done (id INTEGER PRIMARY KEY);
        CREATE TABLEX oops (;
        """)

    func versions(_ db: Database) throws -> [Int64] {
        let st = try db.prepare("SELECT version FROM schema_migration ORDER BY version")
        var out: [Int64] = []
        while try st.step() { out.append(st.int(0)) }
        return out
    }

    func tableExists(_ db: Database, _ name: String) throws -> Bool {
        try db.scalarInt("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?", [.text(name)]) == 1
    }

    // MARK: Upgrading

    @Test func migratingFromThePreviousSchemaKeepsData() throws {
        try withTemporaryDirectory { dir in
            let path = databasePath(in: dir)
            do {
                let db = try SQLiteDatabase(path: path, create: true)
                let applied = try Migrator(database: db, migrations: [Self.v1]).migrate(today: day1)
                #expect(applied.map(\.version) == [1])
                try db.run("INSERT INTO note (body) VALUES (?)", [.text("keep me")])
            }
            let db = try SQLiteDatabase(path: path, create: false)
            let migrator = Migrator(database: db, migrations: [Self.v1, Self.v2])
            #expect(try migrator.status().map(\.appliedOn) == ["2025-01-15", nil])

            let applied = try migrator.migrate(today: day2)

            #expect(applied.map(\.version) == [2])
            #expect(try versions(db) == [1, 2])
            #expect(try texts(db, "SELECT body || '/' || author FROM note") == ["keep me/unknown"])
            #expect(try tableExists(db, "tag"))
            #expect(try texts(db, "SELECT name || '@' || applied_at FROM schema_migration ORDER BY version")
                    == ["notes@2025-01-15", "note_authors@2025-03-01"])
            let status = try migrator.status()
            #expect(status.map(\.version) == [1, 2])
            #expect(status.map(\.name) == ["notes", "note_authors"])
            #expect(status.map(\.appliedOn) == ["2025-01-15", "2025-03-01"])
            // Running again changes nothing.
            #expect(try migrator.migrate(today: day3).isEmpty)
            #expect(try versions(db) == [1, 2])
        }
    }

    @Test func failingMigrationLeavesNeitherItsTablesNorItsBookkeepingRow() throws {
        try withTemporaryDirectory { dir in
            let db = try SQLiteDatabase(path: databasePath(in: dir), create: true)
            let failure = expectFailure {
                try Migrator(database: db, migrations: [Self.v1, Self.brokenV2]).migrate(today: day1)
            }
            #expect(failure != nil)
            #expect(failure?.message.contains("half_broken") == true, "\(failure?.message ?? "-")")

            // The good migration before it is kept; the broken one left nothing.
            #expect(try versions(db) == [1])
            #expect(try tableExists(db, "note"))
            #expect(try !tableExists(db, "half_done"))
            // The connection is usable and not stuck inside a transaction.
            try db.run("INSERT INTO note (body) VALUES ('after')")
            #expect(try db.scalarInt("SELECT count(*) FROM note") == 1)

            // Once fixed, the migration applies.
            #expect(try Migrator(database: db, migrations: [Self.v1, Self.v2]).migrate(today: day2).map(\.version) == [2])
            #expect(try versions(db) == [1, 2])
        }
    }

    @Test func failingBookkeepingRowRollsBackTheMigrationsTables() throws {
        try withTemporaryDirectory { dir in
            let db = try SQLiteDatabase(path: databasePath(in: dir), create: true)
            try Migrator(database: db, migrations: [Self.v1]).migrate(today: day1)
            // The SQL succeeds, but recording version 2 afterwards then conflicts.
            let sneaky = Migration(version: 2, name: "sneaky", sql: """
                CREATE TABLE t2 (x);
                INSERT INTO schema_migration (version, name, applied_at) VALUES (2, 'by hand', '2025-01-01');
                """)
            let failure = expectFailure { try Migrator(database: db, migrations: [Self.v1, sneaky]).migrate(today: day2) }
            #expect(failure != nil)
            #expect(try versions(db) == [1])
            #expect(try !tableExists(db, "t2"))
        }
    }

    @Test func failingFirstMigrationLeavesAnEmptySchema() throws {
        try withTemporaryDirectory { dir in
            let db = try SQLiteDatabase(path: databasePath(in: dir), create: true)
            let broken = Migration(version: 1, name: "broken", sql: "CREATE TABLE a (x); INSERT INTO nowhere VALUES (1);")
            let failure = expectFailure { try Migrator(database: db, migrations: [broken]).migrate(today: day1) }
            #expect(failure != nil)
            #expect(try !tableExists(db, "a"))
            #expect(try db.scalarInt("SELECT count(*) FROM sqlite_schema") == 0)
        }
    }

    // MARK: A database written by a newer tracker

    /// Builds a real tracker database that also records migration 999, in
    /// rollback-journal mode, and closes it.
    func makeNewerDatabase(at path: String) throws {
        let store = try SQLStore(path: path, mode: .write, today: day1)
        try store.write { () throws(Failure) in
            _ = try store.insertBase(makeBase("openai/gpt-4o@2024-08-06"), source: "manual", today: day1)
        }
        try store.database.run("INSERT INTO schema_migration (version, name, applied_at) VALUES (999, 'from_the_future', '2030-01-01')")
        #expect(try texts(store.database, "PRAGMA journal_mode = DELETE") == ["delete"])
    }

    @Test(arguments: [StoreOpenMode.write, .read, .inspect])
    func newerSchemaIsRefusedAndTheFileIsUntouched(mode: StoreOpenMode) throws {
        try withTemporaryDirectory { dir in
            let path = databasePath(in: dir)
            try makeNewerDatabase(at: path)
            let before = try #require(contents(path))
            #expect(headerJournalByte(path) == 1)
            #expect(!exists(path + "-wal"))

            let failure = expectFailure { _ = try SQLStore(path: path, mode: mode, today: day2) }

            #expect(failure?.kind == .data)
            #expect(failure?.message.contains("newer tracker") == true, "\(failure?.message ?? "-")")
            #expect(failure?.message.contains("999") == true)
            #expect(contents(path) == before, "the refused database was modified")
            // Journal mode stays rollback: no WAL switch, no WAL file left.
            #expect(headerJournalByte(path) == 1)
            #expect(!exists(path + "-wal"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["tracker.db"])
        }
    }

    @Test(arguments: [StoreOpenMode.write, .read, .inspect])
    func newerSchemaInWALModeIsRefusedAndNeitherFileChanges(mode: StoreOpenMode) throws {
        try withTemporaryDirectory { dir in
            let path = databasePath(in: dir)
            // The newer tracker is still running: its last commit sits in the WAL.
            let newer = try SQLStore(path: path, mode: .write, today: day1)
            try newer.write { () throws(Failure) in
                try newer.database.run("INSERT INTO schema_migration (version, name, applied_at) VALUES (999, 'from_the_future', '2030-01-01')")
            }
            let mainBefore = try #require(contents(path))
            let walBefore = try #require(contents(path + "-wal"))
            #expect(!walBefore.isEmpty)

            let failure = expectFailure { _ = try SQLStore(path: path, mode: mode, today: day2) }

            #expect(failure?.kind == .data)
            #expect(failure?.message.contains("newer tracker") == true, "\(failure?.message ?? "-")")
            #expect(contents(path) == mainBefore)
            #expect(contents(path + "-wal") == walBefore)
            #expect(try count(newer, "SELECT count(*) FROM schema_migration WHERE version = 999") == 1)
        }
    }

    @Test func migratorRefusesUnknownVersionAndAppliesNothing() throws {
        try withTemporaryDirectory { dir in
            let db = try SQLiteDatabase(path: databasePath(in: dir), create: true)
            try Migrator(database: db, migrations: [Self.v1]).migrate(today: day1)
            try db.run("INSERT INTO schema_migration (version, name, applied_at) VALUES (7, 'later', '2025-02-01')")
            let migrator = Migrator(database: db, migrations: [Self.v1, Self.v2])
            #expect(expectFailure { _ = try migrator.status() }?.kind == .data)
            let failure = expectFailure { try migrator.migrate(today: day2) }
            #expect(failure?.kind == .data)
            #expect(failure?.message.contains("newer tracker") == true)
            #expect(try versions(db) == [1, 7])
            #expect(try !tableExists(db, "tag"))
        }
    }
}
