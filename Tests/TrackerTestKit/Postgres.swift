import Foundation

/// The throwaway PostgreSQL server `make test` starts (scripts/with-postgres.sh).
/// Each test gets a schema of its own in the server's `tracker_test`
/// database, named in the URI through `options=-csearch_path=...`, so tests
/// run side by side without seeing each other's rows or locks.
///
/// Without the server (TRACKER_TEST_PG unset) every PostgreSQL test fails
/// with a message saying how to run them: they are never skipped.
public enum PostgresTestServer {
    /// The superuser URI (no password: PGPASSWORD holds it).
    public static func adminURI() throws -> String {
        guard let uri = ProcessInfo.processInfo.environment["TRACKER_TEST_PG"], !uri.isEmpty else {
            throw SupportError("TRACKER_TEST_PG is not set: the PostgreSQL tests need the throwaway server that 'make test' starts (scripts/with-postgres.sh swift test)")
        }
        return uri
    }

    /// psql of the test server's installation.
    public static func psql() -> URL {
        URL(fileURLWithPath: ProcessInfo.processInfo.environment["TRACKER_TEST_PSQL"] ?? "/usr/bin/psql")
    }

    /// Runs SQL as the superuser in `tracker_test`; throws with psql's output when it fails.
    @discardableResult
    public static func admin(_ sql: String, uri: String? = nil) throws -> String {
        let r = try runProcess(psql(), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-d", try uri ?? adminURI(), "-c", sql],
                               environment: ProcessInfo.processInfo.environment, directory: FileManager.default.temporaryDirectory)
        guard r.status == 0 else { throw SupportError("psql failed: \(r)") }
        return r.stdout
    }

    /// A new empty schema and the URI that makes it tracker's.
    public static func freshDatabase() throws -> (uri: String, schema: String) {
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try admin("CREATE SCHEMA \(schema)")
        return (try uri(schema: schema), schema)
    }

    /// The admin URI with `schema` first on the search path.
    public static func uri(schema: String, user: String? = nil) throws -> String {
        var base = try adminURI()
        if let user { base = base.replacingOccurrences(of: "://postgres@", with: "://\(user)@") }
        return base + "?options=-csearch_path%3D\(schema)"
    }

    /// Runs pg_ctl on the test cluster: "stop", "start", "restart".
    public static func control(_ action: String) throws {
        guard let ctl = ProcessInfo.processInfo.environment["TRACKER_TEST_PG_CTL"] else {
            throw SupportError("TRACKER_TEST_PG_CTL is not set: run the tests with 'make test'")
        }
        let r = try runProcess(URL(fileURLWithPath: ctl), [action, "-m", "fast"], environment: ProcessInfo.processInfo.environment,
                               directory: FileManager.default.temporaryDirectory)
        guard r.status == 0 else { throw SupportError("pg_ctl \(action) failed: \(r)") }
    }
}
