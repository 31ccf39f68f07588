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
    /// Restarting the shared server cuts every test's connections: a test
    /// that does it should use a `PrivateCluster` instead.
    public static func control(_ action: String) throws {
        guard let ctl = ProcessInfo.processInfo.environment["TRACKER_TEST_PG_CTL"] else {
            throw SupportError("TRACKER_TEST_PG_CTL is not set: run the tests with 'make test'")
        }
        try control(action, ctl: ctl)
    }

    /// Runs the pg_ctl script `ctl` (see scripts/with-postgres.sh).
    static func control(_ action: String, ctl: String) throws {
        // Through python's subprocess (close_fds): a server pg_ctl starts
        // must not inherit this process's descriptors. Foundation's Process
        // waits for a socket it passes to the child to close, and a
        // postmaster holding it would make waitUntilExit hang until the
        // server stops.
        let r = try runProcess(try Repo.python(), ["-c", "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:]).returncode)",
                                                   ctl, action, "-m", "fast"],
                               environment: ProcessInfo.processInfo.environment, directory: FileManager.default.temporaryDirectory)
        guard r.status == 0 else { throw SupportError("pg_ctl \(action) failed: \(r)") }
    }
}

/// A PostgreSQL cluster of one's own: scripts/with-postgres.sh running in
/// the background until `stop()`. For the tests that stop or restart the
/// server: the shared one serves other suites running at the same time,
/// which must not see their connections cut.
public final class PrivateCluster: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    /// The superuser URI (no password), as TRACKER_TEST_PG.
    public let adminURI: String
    /// The superuser's password, as PGPASSWORD.
    public let password: String
    private let ctl: String

    public init() throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Repo.root.appendingPathComponent("scripts/with-postgres.sh").path, "bash", "-c",
                             #"printf '%s\n%s\n%s\n' "$TRACKER_TEST_PG" "$PGPASSWORD" "$TRACKER_TEST_PG_CTL"; exec cat >/dev/null"#]
        process.environment = ProcessInfo.processInfo.environment
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var data = Data()
        let reader = output.fileHandleForReading
        while data.filter({ $0 == 0x0A }).count < 3 {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            data.append(chunk)
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        guard lines.count == 3, lines[0].hasPrefix("postgresql://") else {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            throw SupportError("scripts/with-postgres.sh did not start a private cluster (exit \(process.terminationStatus))")
        }
        (adminURI, password, ctl) = (lines[0], lines[1], lines[2])
    }

    /// Stops the cluster and removes its folder.
    public func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    /// Runs SQL as the superuser in `tracker_test`.
    @discardableResult
    public func admin(_ sql: String) throws -> String {
        var env = ProcessInfo.processInfo.environment
        env["PGPASSWORD"] = password
        let r = try runProcess(PostgresTestServer.psql(), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-d", adminURI, "-c", sql],
                               environment: env, directory: FileManager.default.temporaryDirectory)
        guard r.status == 0 else { throw SupportError("psql failed: \(r)") }
        return r.stdout
    }

    /// A new empty schema and the URI that makes it tracker's.
    public func freshDatabase() throws -> (uri: String, schema: String) {
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try admin("CREATE SCHEMA \(schema)")
        return (adminURI + "?options=-csearch_path%3D\(schema)", schema)
    }

    /// pg_ctl on this cluster: "stop", "start", "restart".
    public func control(_ action: String) throws {
        try PostgresTestServer.control(action, ctl: ctl)
    }
}
