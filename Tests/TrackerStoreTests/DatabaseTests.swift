import Foundation
import Migrations
import Testing
import TrackerCore
@testable import TrackerStore

/// Opening databases: a fresh one, reopening one, and files that must be
/// refused. Tests about a SQLite file's bytes, mode or journal stay SQLite only.
@Suite struct DatabaseTests {
    // MARK: A fresh database

    // SQLite only: the file and its folders on disk.
    @Test func writeModeCreatesFileAndMissingFolders() throws {
        try withTemporaryDirectory { dir in
            let folder = dir.appendingPathComponent("a/b/c", isDirectory: true).path
            let path = folder + "/tracker.db"
            #expect(!exists(dir.appendingPathComponent("a").path))

            let store = try SQLStore(path: path, mode: .write, today: day1)

            #expect(exists(path))
            #expect(store.location == path)
            // The folders tracker made are private to the user too.
            #expect(permissions(dir.appendingPathComponent("a").path) == 0o700)
            #expect(permissions(folder) == 0o700)
        }
    }

    // SQLite only: a file path whose folder cannot be made.
    @Test func folderThatCannotBeMadeIsCantCreate() throws {
        try withTemporaryDirectory { dir in
            let blocker = dir.appendingPathComponent("blocker").path
            try Data("a file, not a folder".utf8).write(to: URL(fileURLWithPath: blocker))
            let path = blocker + "/sub/tracker.db"
            let failure = expectFailure { _ = try SQLStore(path: path, mode: .write, today: day1) }
            #expect(failure?.kind == .cantCreate)
            #expect(failure?.message.contains(blocker) == true, "\(failure?.message ?? "-")")
            #expect(contents(blocker) == Data("a file, not a folder".utf8))
        }
    }

    // SQLite only: file permissions of the database and its WAL.
    @Test func freshDatabaseIsPrivateToItsOwner() throws {
        try withTemporaryDirectory { dir in
            let path = databasePath(in: dir)
            let store = try SQLStore(path: path, mode: .write, today: day1)
            // Write something so SQLite creates its side files too.
            try store.write { () throws(Failure) in
                _ = try store.insertBase(makeBase("openai/gpt-4o@2024-08-06"), source: "manual", today: day1)
            }
            #expect(permissions(path) == 0o600)
            // The WAL holds the same data as the database: it must not be wider.
            if exists(path + "-wal") { #expect(permissions(path + "-wal") == 0o600) }
            if exists(path + "-shm") { #expect(permissions(path + "-shm") == 0o600) }
        }
    }

    // SQLite only: WAL and foreign keys are SQLite connection pragmas (PostgreSQL always enforces keys).
    @Test func freshDatabaseUsesWALAndForeignKeys() throws {
        try withTemporaryDirectory { dir in
            let path = databasePath(in: dir)
            let store = try SQLStore(path: path, mode: .write, today: day1)
            #expect(try texts(store.database, "PRAGMA journal_mode") == ["wal"])
            #expect(try count(store, "PRAGMA foreign_keys") == 1)
            #expect(headerJournalByte(path) == 2)

            // Foreign keys are really enforced: a generation on a missing base is refused.
            let failure = expectFailure {
                try store.write { () throws(Failure) in
                    _ = try store.insertFineTune(name: "orphan", task: nil, owner: nil, retrainEvery: .default, volume: .unknown, retrainCost: nil,
                                                 first: makeGeneration(base: 4242), today: day1)
                }
            }
            #expect(failure?.kind == .data)
            #expect(try count(store, "SELECT count(*) FROM fine_tune") == 0)
        }
    }

    @Test(arguments: StoreBackend.all) func freshDatabaseRecordsEachMigrationOnce(_ backend: StoreBackend) throws {
        try withTemporaryDirectory { dir in
            let store = try #require(try backend.open(dir, day1) as? SQLStore)
            let st = try store.database.prepare("SELECT version, name, applied_at FROM schema_migration ORDER BY version")
            var rows: [(Int64, String, String)] = []
            while try st.step() { rows.append((st.int(0), st.text(1), st.text(2))) }

            #expect(rows.map(\.0) == Migrations.all.map { Int64($0.version) })
            #expect(rows.map(\.1) == Migrations.all.map(\.name))
            #expect(rows.allSatisfy { $0.2 == "2025-01-15" })
            #expect(!Migrations.all.isEmpty)
            // The schema of the first migration is there.
            for table in ["base_version", "base_date_change", "fine_tune", "generation"] {
                #expect(try tableExists(store.database, table), "missing table \(table)")
            }
        }
    }

    // SQLite only: a missing file and its folder are not created.
    @Test func readModeOnMissingFileIsNoInputAndCreatesNothing() throws {
        try withTemporaryDirectory { dir in
            let folder = dir.appendingPathComponent("nested", isDirectory: true).path
            let path = folder + "/tracker.db"
            for mode in [StoreOpenMode.read, .inspect] {
                let failure = expectFailure("mode \(mode)") { _ = try SQLStore(path: path, mode: mode, today: day1) }
                #expect(failure?.kind == .noInput)
                #expect(failure?.message.contains(path) == true)
            }
            #expect(!exists(path))
            #expect(!exists(folder))
            let left = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            #expect(left.isEmpty)
        }
    }

    // MARK: Reopening

    @Test(arguments: StoreBackend.all) func reopenedDatabaseKeepsDataAndDoesNotMigrateAgain(_ backend: StoreBackend) throws {
        try withTemporaryDirectory { dir in
            let path = try backend.newLocation(dir)
            do {
                let store = try backend.open(at: path, .write, day1)
                try store.write { () throws(Failure) in
                    let baseID = try store.insertBase(makeBase("openai/gpt-4o@2024-08-06", released: "2024-08-06"),
                                                      source: "manual", today: day1)
                    _ = try store.insertFineTune(name: "support-bot", task: "support", owner: "ana", retrainEvery: .default, volume: .unknown, retrainCost: nil,
                                                 first: makeGeneration(base: baseID), today: day1)
                }
            }
            for mode in [StoreOpenMode.write, .read, .inspect] {
                let store = try backend.open(at: path, mode, day3)
                let ft = try store.fineTune(named: "support-bot")
                #expect(ft?.owner == "ana")
                #expect(ft?.createdOn == day1)
                #expect(try store.base(BaseRef("openai/gpt-4o@2024-08-06")!)?.released == day("2024-08-06"))
                #expect(try count(store, "SELECT count(*) FROM schema_migration") == Int64(Migrations.all.count))
                // Still recorded as applied on the first day, not re-applied today.
                #expect(try texts(store.database, "SELECT DISTINCT applied_at FROM schema_migration") == ["2025-01-15"])
                #expect(try Migrator(database: store.database).migrate(today: day3).isEmpty)
                let status = try Migrator(database: store.database).status()
                #expect(status.allSatisfy { $0.appliedOn == "2025-01-15" })
            }
        }
    }

    // MARK: Files that are not databases

    // SQLite only: a file that is not a SQLite database.
    @Test(arguments: [
        Data("this is my shopping list\nmilk\neggs\n".utf8),
        Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }),
    ])
    func fileThatIsNotADatabaseIsRefusedUntouched(original: Data) throws {
        try withTemporaryDirectory { dir in
            let path = databasePath(in: dir, "notes.db")
            try original.write(to: URL(fileURLWithPath: path))
            for mode in [StoreOpenMode.write, .read, .inspect] {
                let failure = expectFailure("mode \(mode)") { _ = try SQLStore(path: path, mode: mode, today: day1) }
                #expect(failure?.kind == .data, "mode \(mode): \(failure?.message ?? "-")")
                #expect(failure?.message.contains(path) == true)
                #expect(failure?.message.contains("not a") == true, "\(failure?.message ?? "-")")
                #expect(contents(path) == original, "mode \(mode) changed the file")
            }
            // No journal or WAL was left beside it.
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["notes.db"])
        }
    }

    // MARK: Inspecting

    // SQLite only: compares the file's bytes and journal mode before and after.
    @Test func inspectModeChangesNothingAndReportsPendingMigrations() throws {
        try withTemporaryDirectory { dir in
            let path = databasePath(in: dir)
            do {
                // An empty database in rollback-journal mode, as an old tool might leave it.
                let db = try SQLiteDatabase(path: path, create: true)
                try db.run("CREATE TABLE scratch (x)")
                try db.run("DROP TABLE scratch")
            }
            let before = try #require(contents(path))
            do {
                let store = try SQLStore(path: path, mode: .inspect, today: day1)
                let status = try Migrator(database: store.database).status()
                #expect(status.count == Migrations.all.count)
                #expect(status.allSatisfy { $0.appliedOn == nil })
            }
            #expect(contents(path) == before)
            #expect(headerJournalByte(path) == 1)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["tracker.db"])
        }
    }

    // SQLite only: another program's SQLite file, compared byte for byte.
    @Test func anotherProgramsDatabaseIsRefusedUntouched() throws {
        try withTemporaryDirectory { dir in
            let path = databasePath(in: dir)
            do {
                let db = try SQLiteDatabase(path: path, create: true)
                try db.run("CREATE TABLE contacts (name TEXT)")
                try db.run("INSERT INTO contacts VALUES ('ada')")
            }
            let before = try #require(contents(path))
            for mode in [StoreOpenMode.write, .read, .inspect] {
                let failure = expectFailure("mode \(mode)") { _ = try SQLStore(path: path, mode: mode, today: day1) }
                #expect(failure?.kind == .data)
                #expect(failure?.message.contains("another program") == true, "\(failure?.message ?? "-")")
            }
            #expect(contents(path) == before)
        }
    }

    // MARK: Error messages

    @Test(arguments: StoreBackend.all) func failuresNeverCarryBoundValues(_ backend: StoreBackend) throws {
        try withTemporaryDirectory { dir in
            let store = try #require(try backend.open(dir, day1) as? SQLStore)
            let secret = "sk-live-0123456789SECRET"
            // A constraint failure (a fine-tune name may not be empty).
            let constraint = expectFailure {
                try store.database.run("INSERT INTO fine_tune (name, created_on) VALUES (?, ?)", [.text(""), .text(secret)])
            }
            #expect(constraint?.kind == .data)
            // An error with the SQL text in the message.
            let software = expectFailure {
                try store.database.run("SELECT no_such_function(?)", [.text(secret)])
            }
            #expect(software?.message.contains("no_such_function") == true)
            for failure in [constraint, software] {
                #expect(failure?.message.contains(secret) == false, "\(failure?.message ?? "-")")
            }
        }
    }

    // MARK: Binding text

    /// Text is bound with its byte length: a NUL must not end it early (it
    /// once stored `gpt-4o` for `gpt-4o\0evil`), and empty text is not NULL.
    // SQLite only: raw sqlite3 binding (BLOB casts, NUL inside text, which PostgreSQL text cannot hold).
    @Test func textIsBoundWhole() throws {
        try withTemporaryDirectory { dir in
            let store = try SQLStore(path: databasePath(in: dir), mode: .write, today: day1)
            #expect(try count(store, "SELECT length(CAST(? AS BLOB))", [.text("gpt-4o\u{0}evil")]) == 11)
            #expect(try count(store, "SELECT instr(CAST(? AS BLOB), x'00')", [.text("gpt-4o\u{0}evil")]) == 7)
            #expect(try count(store, "SELECT ? IS NULL", [.text("")]) == 0)
            #expect(try count(store, "SELECT length(?)", [.text("")]) == 0)
            #expect(try count(store, "SELECT length(CAST(? AS BLOB))", [.text("é\u{1F600}")]) == 6)
        }
    }
}
