import Foundation

/// The database the end-to-end suites run the built binary against:
/// SQLite files (the default) or, with TRACKER_TEST_BACKEND=postgres, a fresh
/// schema in the throwaway PostgreSQL server (scripts/with-postgres.sh).
///
/// A test that checks something only a database FILE has (permissions,
/// -wal/-shm files, sqlite3 dumps, the default path, the file lock...) says so
/// with `.enabled(if: TestBackend.isSQLite, "checks a database file")`.
public enum TestBackend {
    /// TRACKER_TEST_BACKEND: unset or "sqlite", or "postgres".
    public static let name: String = {
        let v = ProcessInfo.processInfo.environment["TRACKER_TEST_BACKEND"] ?? ""
        switch v.lowercased() {
        case "", "sqlite": return "sqlite"
        case "postgres", "postgresql", "pg": return "postgres"
        default:
            fatalError("TRACKER_TEST_BACKEND=\(v): expected 'sqlite' or 'postgres'")
        }
    }()

    public static var isPostgres: Bool { name == "postgres" }
    public static var isSQLite: Bool { !isPostgres }

    /// A new, empty database for a sandbox: `file` on SQLite, else the URI
    /// of a new schema in the PostgreSQL test server.
    public static func freshDatabase(file: String) throws -> String {
        isPostgres ? try PostgresTestServer.freshDatabase().uri : file
    }

    /// Variables a child tracker needs to reach the database: PGPASSWORD on
    /// PostgreSQL (the URIs carry no password), nothing on SQLite.
    public static var childEnvironment: [String: String] {
        guard isPostgres, let pw = ProcessInfo.processInfo.environment["PGPASSWORD"] else { return [:] }
        return ["PGPASSWORD": pw]
    }
}

extension TestBackend {
    /// Runs one SQL statement on a PostgreSQL database with psql (unaligned,
    /// tuples only: rows as lines, fields split by |, as the sqlite3 tool prints).
    public static func psql(_ statement: String, uri: String, directory: URL) throws -> CLIResult {
        var env = ProcessInfo.processInfo.environment
        for (k, v) in childEnvironment { env[k] = v }
        return try runProcess(PostgresTestServer.psql(), ["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", uri, "-c", statement],
                              environment: env, directory: directory)
    }
}

extension TestBackend {
    /// Every row of every table in the database's schema, table by table,
    /// rows sorted: PostgreSQL's counterpart of `sqlite3 .dump` for proving a
    /// refused command changed nothing. Sequences are left out: PostgreSQL
    /// does not roll back a sequence a failed transaction advanced.
    public static func rowDump(uri: String, directory: URL) throws -> String {
        let list = try psql("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                            + "AND table_type = 'BASE TABLE' ORDER BY table_name", uri: uri, directory: directory)
        guard list.status == 0 else { throw SupportError("psql could not list the tables: \(list)") }
        let tables = list.stdout.split(separator: "\n").map(String.init)
        guard !tables.isEmpty else { return "<no tables>" }
        var args = ["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", uri]
        for t in tables {
            args += ["-c", "SELECT '== \(t)'", "-c", "SELECT CAST(r AS text) FROM \"\(t)\" AS r ORDER BY 1"]
        }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in childEnvironment { env[k] = v }
        let r = try runProcess(PostgresTestServer.psql(), args, environment: env, directory: directory)
        guard r.status == 0 else { throw SupportError("psql could not dump the rows: \(r)") }
        return r.stdout
    }
}

extension TestBackend {
    /// True when `location` is a PostgreSQL URI rather than a file path.
    public static func isPostgresURI(_ location: String) -> Bool {
        location.hasPrefix("postgresql://") || location.hasPrefix("postgres://") || location.hasPrefix("pg:")
    }
}
