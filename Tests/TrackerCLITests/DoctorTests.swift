import Foundation
import Testing
import TrackerTestKit

/// `tracker doctor` through the binary: one line per check, exit 78 on a
/// failure, never a secret.
@Suite struct DoctorTests {
    static let secret = "https://hooks.example/T000/B000/doctorSecretValue"

    /// A database with a catalog synced `syncedOn`, and a slack channel
    /// whose URL is read from $DOCTOR_SLACK_URL.
    func setUp(_ s: Sandbox, syncedOn: String? = "2026-11-25") throws {
        try s.ok("migrate")
        if let syncedOn {
            try s.run(["sync", "catalog", Repo.root.appendingPathComponent("Tests/TrackerSyncTests/Fixtures/litellm-tour.json").path,
                       "--now", syncedOn])
        }
        try s.ok("channel", "add", "slack", "ops", "--url-env", "DOCTOR_SLACK_URL")
    }

    func line(_ r: CLIResult, _ name: String) -> String? {
        r.lines.first { $0.dropFirst(6).hasPrefix(name + ":") }
    }

    @Test func healthySetupExitsZero() throws {
        let s = try Sandbox(now: "2026-11-29")
        try setUp(s)
        let r = try s.run(["doctor"], env: ["DOCTOR_SLACK_URL": Self.secret])
        #expect(r.status == 0, "\(r)")
        for name in ["database", "schema", "channel ops", "libcurl", "sync litellm"] {
            #expect(line(r, name)?.hasPrefix("ok    ") == true, "\(name): \(r.stdout)")
        }
        #expect(line(r, "schema")?.contains("current") == true)
        #expect(line(r, "sync litellm")?.contains("2026-11-25 (4 days ago)") == true, "\(r.stdout)")
        // No notify run yet: a warning, not a failure.
        #expect(line(r, "notify")?.hasPrefix("warn  notify: never run") == true, "\(r.stdout)")
        #expect(!r.stdout.contains("doctorSecretValue") && !r.stderr.contains("doctorSecretValue"))
    }

    @Test func missingSecretVariableFailsWith78() throws {
        let s = try Sandbox(now: "2026-11-29")
        try setUp(s)
        let r = try s.run(["doctor"])
        #expect(r.status == 78, "\(r)")
        let ops = try #require(line(r, "channel ops"), "\(r.stdout)")
        #expect(ops.hasPrefix("FAIL  channel ops:"))
        #expect(ops.contains("$DOCTOR_SLACK_URL") && ops.contains("not set"), "\(ops)")
        // The other checks still run.
        #expect(line(r, "libcurl") != nil && line(r, "notify") != nil, "\(r.stdout)")
    }

    @Test func unreadableSecretFileFails() throws {
        let s = try Sandbox(now: "2026-11-29")
        try s.ok("migrate")
        // A folder where the file should be: unreadable even for root.
        let folder = s.root.appendingPathComponent("secret-dir").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let missing = s.root.appendingPathComponent("no-such-secret").path
        try s.ok("channel", "add", "webhook", "hook", "--url-file", folder)
        try s.ok("channel", "add", "slack", "chat", "--url-file", missing)
        let r = try s.run(["doctor"])
        #expect(r.status == 78, "\(r)")
        #expect(line(r, "channel hook")?.hasPrefix("FAIL") == true && line(r, "channel hook")?.contains(folder) == true, "\(r.stdout)")
        #expect(line(r, "channel chat")?.contains("cannot read secret file \(missing)") == true, "\(r.stdout)")
    }

    @Test func secretFileValueIsNeverPrinted() throws {
        let s = try Sandbox(now: "2026-11-29")
        try s.ok("migrate")
        let file = s.root.appendingPathComponent("hook-url").path
        try Self.secret.write(toFile: file, atomically: true, encoding: .utf8)
        try s.ok("channel", "add", "slack", "chat", "--url-file", file)
        let r = try s.run(["doctor"])
        #expect(line(r, "channel chat")?.hasPrefix("ok    channel chat: URL from \(file) readable") == true, "\(r.stdout)")
        #expect(!r.stdout.contains("doctorSecretValue") && !r.stderr.contains("doctorSecretValue"))
    }

    @Test func neverSyncedAndStaleSyncWarn() throws {
        let s = try Sandbox(now: "2026-11-29")
        try setUp(s, syncedOn: nil)
        let never = try s.run(["doctor"], env: ["DOCTOR_SLACK_URL": Self.secret])
        #expect(never.status == 0, "\(never)")
        #expect(line(never, "sync")?.hasPrefix("warn  sync: never synced") == true, "\(never.stdout)")

        try s.run(["sync", "catalog", Repo.root.appendingPathComponent("Tests/TrackerSyncTests/Fixtures/litellm-tour.json").path,
                   "--now", "2026-11-01"])
        let stale = try s.run(["doctor"], env: ["DOCTOR_SLACK_URL": Self.secret])
        #expect(stale.status == 0, "\(stale)")
        #expect(line(stale, "sync litellm")?.hasPrefix("warn") == true, "\(stale.stdout)")
        #expect(line(stale, "sync litellm")?.contains("28 days ago") == true, "\(stale.stdout)")
    }

    @Test func missingDatabaseFails() throws {
        let s = try Sandbox(now: "2026-11-29")
        let r = try s.run(["doctor"])
        #expect(r.status == 78, "\(r)")
        if TestBackend.isPostgres {
            #expect(line(r, "database")?.hasPrefix("FAIL  database: no tracker database at \(s.dbLabel) yet") == true, "\(r.stdout)")
            let tables = try #require(try s.sql("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"))
            #expect(tables.stdout == "0\n", "doctor must not create tracker's tables: \(tables)")
        } else {
            #expect(line(r, "database")?.contains("does not exist") == true, "\(r.stdout)")
            #expect(!FileManager.default.fileExists(atPath: s.dbPath), "doctor must not create the database")
        }
    }

    /// Tests run as root here, and root may write a 0444 file: access(2)
    /// says so. Doctor then warns that only root could write it; the real
    /// FAIL is checked as `nobody` (runuser), when that is possible.
    @Test(.enabled(if: TestBackend.isSQLite, "checks database file and folder permissions"))
    func readOnlyDatabaseAndFolder() throws {
        let s = try Sandbox(now: "2026-11-29")
        try s.ok("migrate")
        let fm = FileManager.default
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: s.root.path)
        try fm.setAttributes([.posixPermissions: 0o444], ofItemAtPath: s.dbPath)
        defer { try? fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: s.root.path) }
        let asRoot = getuid() == 0
        let file = try s.run(["doctor"])
        if asRoot {
            #expect(line(file, "database")?.hasPrefix("warn") == true, "\(file.stdout)")
            #expect(line(file, "database")?.contains("only because tracker runs as root") == true, "\(file.stdout)")
        } else {
            #expect(file.status == 78 && line(file, "database")?.hasPrefix("FAIL") == true, "\(file)")
        }

        try fm.setAttributes([.posixPermissions: 0o666], ofItemAtPath: s.dbPath)
        try fm.setAttributes([.posixPermissions: 0o555], ofItemAtPath: s.root.path)
        let folder = try s.run(["doctor"])
        if asRoot {
            #expect(line(folder, "database")?.contains("folder \(s.root.path) has no write permission") == true, "\(folder.stdout)")
        } else {
            #expect(folder.status == 78 && line(folder, "database")?.contains("folder") == true, "\(folder)")
        }

        guard asRoot, fm.isExecutableFile(atPath: "/usr/sbin/runuser") else { return }
        func asNobody() throws -> CLIResult {
            try runProcess(URL(fileURLWithPath: "/usr/sbin/runuser"),
                           ["-u", "nobody", "--", Binary.tracker.path, "doctor", "--db", s.dbPath, "--now", "2026-11-29"],
                           environment: s.environment([:], setNow: false), directory: URL(fileURLWithPath: "/"))
        }
        // Nobody can reach the binary only if every folder above it is searchable.
        let probe = try runProcess(URL(fileURLWithPath: "/usr/sbin/runuser"), ["-u", "nobody", "--", Binary.tracker.path, "--version"],
                                   environment: [:], directory: URL(fileURLWithPath: "/"))
        guard probe.status == 0 else { return }
        let folderAsNobody = try asNobody()
        #expect(folderAsNobody.status == 78, "\(folderAsNobody)")
        #expect(line(folderAsNobody, "database")?.hasPrefix("FAIL  database: folder \(s.root.path) is not writable by user nobody (uid 65534)") == true,
                "\(folderAsNobody.stdout)")

        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: s.root.path)
        try fm.setAttributes([.posixPermissions: 0o444], ofItemAtPath: s.dbPath)
        let fileAsNobody = try asNobody()
        #expect(fileAsNobody.status == 78, "\(fileAsNobody)")
        #expect(line(fileAsNobody, "database")?.hasPrefix("FAIL  database: \(s.dbPath) is not writable by user nobody (uid 65534)") == true,
                "\(fileAsNobody.stdout)")
    }
}
