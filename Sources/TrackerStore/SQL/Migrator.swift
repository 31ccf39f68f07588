import Migrations
import TrackerCore

/// Applies the embedded migrations in order, each in one IMMEDIATE
/// transaction together with its bookkeeping row, and refuses a database
/// that knows migrations this binary does not.
struct Migrator {
    let database: Database
    let migrations: [Migration]

    init(database: Database, migrations: [Migration] = Migrations.all) {
        self.database = database
        self.migrations = migrations
    }

    static let bookkeeping = """
        CREATE TABLE IF NOT EXISTS schema_migration (
            version    INTEGER PRIMARY KEY,
            name       TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )
        """

    /// Counts the tables of the tracker's schema whose name matches `condition`.
    static func tableCount(_ dialect: SQLDialect, only condition: String) -> String {
        switch dialect {
        case .sqlite:
            return "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name \(condition)"
        case .postgres:
            // The schema unqualified names resolve to (search_path).
            return "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name \(condition)"
        }
    }

    /// Versions recorded in the database, with their names and days.
    func applied() throws(Failure) -> [(version: Int, name: String, appliedAt: String)] {
        let exists = try database.scalarInt(Migrator.tableCount(database.dialect, only: "= 'schema_migration'")) ?? 0
        guard exists > 0 else { return [] }
        let st = try database.prepare("SELECT version, name, applied_at FROM schema_migration ORDER BY version")
        var out: [(Int, String, String)] = []
        while try st.step() { out.append((Int(st.int(0)), st.text(1), st.text(2))) }
        return out
    }

    /// Applied and pending migrations. Changes nothing.
    func status() throws(Failure) -> [MigrationStatus] {
        let done = try database.readTransaction { () throws(Failure) in
            let done = try applied()
            try refuseNewer(done)
            return done
        }
        let byVersion = Dictionary(done.map { ($0.version, $0.appliedAt) }, uniquingKeysWith: { a, _ in a })
        return migrations.map { MigrationStatus(version: $0.version, name: $0.name, appliedOn: byVersion[$0.version]) }
    }

    func refuseNewer(_ done: [(version: Int, name: String, appliedAt: String)]) throws(Failure) {
        if done.isEmpty {
            // Tables but no bookkeeping: another program's database.
            let tables = try database.scalarInt(Migrator.tableCount(database.dialect, only: "<> 'schema_migration'")) ?? 0
            if tables > 0 {
                switch database.dialect {
                case .sqlite:
                    throw Failure(.data, "\(database.label) is a SQLite database of another program, not a tracker database; pass --db with a tracker database or a new path")
                case .postgres:
                    throw Failure(.data, "\(database.label) already holds tables of another program in its schema, and no tracker schema; give tracker a database of its own (CREATE DATABASE tracker) or a schema of its own (options=-csearch_path=tracker)")
                }
            }
        }
        let known = Set(migrations.map(\.version))
        if let unknown = done.first(where: { !known.contains($0.version) }) {
            let newest = migrations.last?.version ?? 0
            throw Failure(.data, "database \(database.label) was written by a newer tracker (schema migration \(unknown.version) '\(unknown.name)'; this tracker knows up to \(newest)); upgrade tracker to use it")
        }
    }

    /// Applies every pending migration; returns the ones applied.
    @discardableResult
    func migrate(today: Day) throws(Failure) -> [Migration] {
        let done = try applied()
        try refuseNewer(done)
        return try migrate(today: today, applied: done)
    }

    /// The same, with the applied versions the caller already read and
    /// checked: saves reading them twice on every start-up.
    @discardableResult
    func migrate(today: Day, applied done: [(version: Int, name: String, appliedAt: String)]) throws(Failure) -> [Migration] {
        let doneVersions = Set(done.map(\.version))
        let pending = migrations.filter { !doneVersions.contains($0.version) }
        guard !pending.isEmpty else { return [] }
        var applied: [Migration] = []
        for migration in pending {
            try database.schemaTransaction { () throws(Failure) in
                try database.execute(Migrator.bookkeeping)
                // Another process may have applied it while we waited for the lock.
                let already = try database.scalarInt(
                    "SELECT count(*) FROM schema_migration WHERE version = ?", [.int(Int64(migration.version))]) ?? 0
                guard already == 0 else { return }
                try refuseNewer(try self.applied())
                do throws(Failure) {
                    try database.execute(database.dialect == .postgres ? migration.postgresSQL : migration.sql)
                } catch {
                    throw Failure(.software, "migration \(migration.version) '\(migration.name)' failed: \(error.message)")
                }
                try database.run("INSERT INTO schema_migration (version, name, applied_at) VALUES (?, ?, ?)",
                                 [.int(Int64(migration.version)), .text(migration.name), .day(today)])
                applied.append(migration)
            }
        }
        return applied
    }
}
