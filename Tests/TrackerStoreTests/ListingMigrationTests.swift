import Foundation
import Migrations
import Testing
import TrackerCore
@testable import TrackerStore

/// Migration 006 on a database written before it: history kept, bases whose
/// release day came from a provider list count as listed by it.
@Suite struct ListingMigrationTests {
    // SQLite only: upgrades a SQLite file built by hand at migration 005 and reads sqlite_schema.
    @Test func upgradingKeepsHistoryAndMarksProviderListedBases() throws {
        try withTemporaryDirectory { dir in
            let path = databasePath(in: dir)
            do {
                let db = try SQLiteDatabase(path: path, create: true)
                _ = try Migrator(database: db, migrations: Migrations.all.filter { $0.version <= 5 }).migrate(today: day1)
                try db.run("""
                    INSERT INTO base_version (id, provider, family, version, model_id, released, created_on, released_source,
                                              shutdown, shutdown_source)
                    VALUES (1, 'openai', 'gpt-4', '0613', 'gpt-4-0613', '2023-06-13', '2025-01-15', 'openai', '2025-06-06', 'litellm'),
                           (2, 'openai', 'gpt-4o', '2024-08-06', 'gpt-4o-2024-08-06', '2024-08-06', '2025-01-15', 'manual', NULL, NULL)
                    """, [])
                try db.run("""
                    INSERT INTO base_date_change (base_id, field, value, undated, source, recorded_on, applied)
                    VALUES (1, 'released', '2023-06-13', 0, 'openai', '2025-01-15', 1),
                           (1, 'shutdown', '2025-07-01', 0, 'litellm', '2025-01-16', 0)
                    """, [])
            }
            let db = try SQLiteDatabase(path: path, create: false)
            let applied = try Migrator(database: db, migrations: Migrations.all).migrate(today: day2)
            #expect(applied.map(\.version).contains(6))
            #expect(try texts(db, "SELECT id || ':' || coalesce(listed_by, '-') || ':' || coalesce(gone_on, '-') FROM base_version ORDER BY id")
                    == ["1:openai:-", "2:-:-"])
            #expect(try texts(db, "SELECT id || ' ' || field || ' ' || value || ' ' || source || ' ' || applied FROM base_date_change ORDER BY id")
                    == ["1 released 2023-06-13 openai 1", "2 shutdown 2025-07-01 litellm 0"])
            // The new history events fit; other fields are still refused.
            try db.run("""
                INSERT INTO base_date_change (base_id, field, value, source, recorded_on) VALUES (1, 'listing', 'gone', 'openai', '2025-03-01'),
                    (1, 'dispute', '2025-06-06', 'openai', '2025-07-01')
                """, [])
            #expect(throws: Failure.self) {
                try db.run("INSERT INTO base_date_change (base_id, field, value, source, recorded_on) VALUES (1, 'bogus', 'x', 'y', 'z')", [])
            }
            #expect(try texts(db, "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'base_date_change'")
                    == ["base_date_change_base"])
            // Deleting a base still removes its history (the foreign key kept its cascade).
            try db.run("PRAGMA foreign_keys = ON", [])
            try db.run("DELETE FROM base_version WHERE id = 1", [])
            #expect(try texts(db, "SELECT count(*) FROM base_date_change") == ["0"])
        }
    }
}
