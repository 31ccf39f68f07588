import Foundation
import Testing
import TrackerTestKit

/// A database whose folder or file this user cannot write: the read-only
/// commands still work, and a write is refused with exit 77 (EX_NOPERM) and
/// one line naming the file, the permission and the user. The tests run as
/// root, which permission bits do not stop, so tracker runs as `nobody`
/// (uid 65534) under setpriv: a real non-root process.
@Suite(.enabled(if: TestBackend.isSQLite, "checks a database file's permissions"))
struct PermissionTests {
    static let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let usable = setpriv != nil && geteuid() == 0

    /// Runs tracker as nobody.
    func asNobody(_ box: Sandbox, _ args: [String], db: String? = nil) throws -> CLIResult {
        let all = ["--reuid=65534", "--regid=65534", "--clear-groups", Binary.tracker.path] + args + ["--db", db ?? box.dbPath]
        return try runProcess(URL(fileURLWithPath: PermissionTests.setpriv!), all,
                              environment: box.environment([:], setNow: true), directory: URL(fileURLWithPath: "/"))
    }

    /// A database with a base, a fine-tune that has an alert, a task and a
    /// budget, in a folder owned by root (0755), the file 0644.
    func seeded() throws -> Sandbox {
        let box = try Sandbox(now: "2025-06-01")
        try box.ok("base", "add", "openai/gpt-4o@2024-05-13", "--released", "2024-05-13")
        try box.ok("base", "add", "openai/gpt-4o@2024-08-06", "--released", "2024-08-06")
        try box.ok("add", "ft-a", "--base", "openai/gpt-4o@2024-05-13", "--trained", "2024-06-01", "--cost", "100", "--owner", "ml")
        try box.ok("task", "add", "triage")
        try box.ok("budget", "set", "all", "2025", "1000")
        chmod(box.root.path, 0o755)
        chmod(box.dbPath, 0o644)
        return box
    }

    @Test(.enabled(if: PermissionTests.usable, "needs root and setpriv"),
          arguments: [["due"], ["list"], ["show", "ft-a"], ["base", "list"], ["base", "show", "openai/gpt-4o@2024-05-13"],
                      ["alerts"], ["report"], ["forecast"], ["budget", "list"], ["calendar"], ["task", "list"],
                      ["prompt", "list", "triage"]])
    func readOnlyCommandsWork(_ args: [String]) throws {
        let box = try seeded()
        let nobody = try asNobody(box, args)
        #expect(nobody.status == 0, "\(nobody)")
        #expect(nobody.stderr.isEmpty, "\(nobody)")
        // Nothing left beside the file that its owner could not write.
        for suffix in ["-wal", "-shm"] { #expect(!box.exists(box.dbPath + suffix)) }
        let root = try box.run(args)
        #expect(nobody.stdout == root.stdout, "\(nobody)\n\(root)")
    }

    @Test(.enabled(if: PermissionTests.usable, "needs root and setpriv"))
    func alertsListWithoutStoring() throws {
        let box = try seeded()
        let r = try asNobody(box, ["alerts", "--format", "json"])
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.contains("superseded"), "\(r)")
        chmod(box.root.path, 0o777) // even where it could create the -wal
        #expect(try asNobody(box, ["alerts", "--format", "json"]).stdout == r.stdout)
        for suffix in ["-wal", "-shm"] { #expect(!box.exists(box.dbPath + suffix)) }
    }

    @Test(.enabled(if: PermissionTests.usable, "needs root and setpriv"))
    func writesAreRefusedWith77() throws {
        let box = try seeded()
        let before = try box.snapshot()
        let add = try asNobody(box, ["add", "ft-b", "--base", "openai/gpt-4o@2024-08-06", "--trained", "2024-09-01", "--cost", "1"])
        expectFailure(add, 77, "cannot write \(box.dbPath)", "is not writable by user nobody (uid 65534)", "run as its owner or fix the permissions")
        expectFailure(try asNobody(box, ["ack", "1"]), 77, "not writable by user nobody")
        expectFailure(try asNobody(box, ["notify"]), 77, "not writable by user nobody")
        chmod(box.dbPath, 0o666) // the file is writable, its folder is not
        expectFailure(try asNobody(box, ["retire", "ft-a"]), 77,
                      "cannot write \(box.dbPath): the folder \(box.root.path) is not writable by user nobody (uid 65534)")
        // A new database in a folder nobody may create files in.
        let fresh = box.root.appendingPathComponent("sub/new.db").path
        expectFailure(try asNobody(box, ["base", "add", "openai/gpt-4o@2024-11-20"], db: fresh), 77,
                      "the folder \(box.root.path) is not writable by user nobody")
        #expect(!box.exists(fresh))
        #expect(try box.snapshot() == before)
    }

    @Test(.enabled(if: PermissionTests.usable, "needs root and setpriv"))
    func unreadableFileSaysSo() throws {
        let box = try seeded()
        chmod(box.dbPath, 0o600)
        expectFailure(try asNobody(box, ["list"]), 77, "cannot read \(box.dbPath): the file is not readable by user nobody (uid 65534)")
    }
}
