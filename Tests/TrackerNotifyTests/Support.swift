import Foundation
import Testing
import TrackerCore
import TrackerTestKit

extension Repo {
    static var golden: URL { root.appendingPathComponent("Tests/TrackerNotifyTests/Golden") }
}

extension CLIResult {
    func json() throws -> [String: Any] { try jsonObject(stdout, "stdout is not a JSON object: \(self)") }
}

/// A temporary folder with a database, and the tracker runner. The database
/// is `root/tracker.db`, or with TRACKER_TEST_BACKEND=postgres the URI of a
/// fresh PostgreSQL schema (TestBackend).
final class Sandbox: @unchecked Sendable {
    let root: URL
    /// What every run passes as `--db`: a file path or a PostgreSQL URI.
    let db: String
    /// Variables every run gets (secrets, retry timing), besides PATH/HOME.
    var env: [String: String] = ["TRACKER_RETRY_BASE_MS": "50", "TRACKER_RETRY_AFTER_MAX": "2", "TRACKER_HTTP_TIMEOUT": "5"]
    /// Every stdout and stderr seen, for the secret checks.
    private(set) var transcript = ""
    private let lock = NSLock()

    init(_ label: String = "notify") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("tracker-notify-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("home"), withIntermediateDirectories: true)
        db = try TestBackend.freshDatabase(file: root.appendingPathComponent("tracker.db").path)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    func environment(_ extra: [String: String]) -> [String: String] {
        isolatedEnvironment(home: root.appendingPathComponent("home"), env.merging(TestBackend.childEnvironment) { a, _ in a }, extra)
    }

    /// Starts `tracker ARGS --db DB --now NOW` without waiting.
    func start(_ args: [String], now: String, env extra: [String: String] = [:]) throws -> Child {
        try Child(Binary.tracker, args + ["--db", db, "--now", now], environment: environment(extra), directory: root)
    }

    @discardableResult
    func run(_ args: [String], now: String, env extra: [String: String] = [:]) throws -> CLIResult {
        let r = try start(args, now: now, env: extra).finish()
        lock.lock(); transcript += r.stdout + r.stderr; lock.unlock()
        return r
    }

    /// Runs a command that must exit 0.
    @discardableResult
    func ok(_ args: [String], now: String, env extra: [String: String] = [:],
            sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
        let r = try run(args, now: now, env: extra)
        #expect(r.status == 0, "tracker \(args.joined(separator: " ")) failed: \(r)", sourceLocation: sourceLocation)
        return r
    }

    /// `sqlite3 DB .dump`; on PostgreSQL every row of every table (TestBackend.rowDump).
    func dump() throws -> String {
        if TestBackend.isPostgres { return try TestBackend.rowDump(uri: db, directory: root) }
        guard let sqlite = Repo.sqlite3 else { throw SupportError("sqlite3 is missing: apt-get install sqlite3") }
        let r = try Child(URL(fileURLWithPath: sqlite), [db, ".dump"], environment: environment([:]), directory: root).finish()
        guard r.status == 0 else { throw SupportError("sqlite3 .dump failed: \(r)") }
        return r.stdout
    }

    /// One SQL query through the sqlite3 tool (psql on PostgreSQL), rows as
    /// lines (fields split by |).
    func query(_ sql: String) throws -> [String] {
        if TestBackend.isPostgres {
            let r = try TestBackend.psql(sql, uri: db, directory: root)
            guard r.status == 0 else { throw SupportError("psql failed: \(r)") }
            return r.stdout.split(separator: "\n").map(String.init)
        }
        guard let sqlite = Repo.sqlite3 else { throw SupportError("sqlite3 is missing: apt-get install sqlite3") }
        let r = try Child(URL(fileURLWithPath: sqlite), ["-cmd", ".timeout 5000", db, sql], environment: environment([:]), directory: root).finish()
        guard r.status == 0 else { throw SupportError("sqlite3 failed: \(r)") }
        return r.stdout.split(separator: "\n").map(String.init)
    }

    /// The raw bytes of the database and its WAL/SHM files (SQLite only:
    /// a test reading them is SQLite-only).
    func rawDatabaseBytes() -> Data {
        precondition(TestBackend.isSQLite, "rawDatabaseBytes reads a database file")
        var d = Data()
        for suffix in ["", "-wal", "-shm", "-journal"] {
            if let x = FileManager.default.contents(atPath: db + suffix) { d.append(x) }
        }
        return d
    }
}

/// The fixture every end-to-end test starts from, as of `Fixture.day`.
enum Fixture {
    static let day = "2025-06-01"

    /// The alert keys the fixture opens on `day`.
    static let keys = [
        "ft-dead#1:base-shut-down:openai/gpt-a@old",
        "ft-soon#1:base-shutdown-soon:openai/gpt-b@2024-01-01",
        "ft-deprecated#1:base-deprecated:openai/gpt-c@2024-01-01",
        "ft-eval#1:eval-below-target:openai/gpt-d@2025-01-01",
    ]
    static var ids: [String] { keys.map { Alert.id(forKey: $0) } }
    static let supersededKey = "ft-deprecated#1:base-superseded:openai/gpt-c@2024-01-01"

    /// Bases and fine-tunes, made with the binary: one shut down, one shutting
    /// down in 20 days, one deprecated and superseded, one with eval 30/50.
    static func build(_ s: Sandbox, only: Set<String>? = nil) throws {
        func want(_ n: String) -> Bool { only?.contains(n) ?? true }
        let d = day
        if want("ft-dead") {
            try s.ok(["base", "add", "openai/gpt-a@old", "--released", "2023-01-01", "--shutdown", "2025-03-01"], now: d)
            try s.ok(["add", "ft-dead", "--base", "openai/gpt-a@old", "--trained", "2024-01-01", "--cost", "100",
                      "--owner", "platform-ml", "--task", "triage", "--retrain-every", "never"], now: d)
        }
        if want("ft-soon") {
            try s.ok(["base", "add", "openai/gpt-b@2024-01-01", "--released", "2024-01-01", "--shutdown", "2025-06-21"], now: d)
            try s.ok(["add", "ft-soon", "--base", "openai/gpt-b@2024-01-01", "--trained", "2024-06-01", "--cost", "200",
                      "--owner", "platform-ml", "--task", "summaries", "--retrain-every", "never"], now: d)
        }
        if want("ft-deprecated") {
            try s.ok(["base", "add", "openai/gpt-c@2024-01-01", "--released", "2024-01-01", "--deprecated", "2025-05-01"], now: d)
            try s.ok(["base", "add", "openai/gpt-c@2025-01-01", "--released", "2025-01-01"], now: d)
            try s.ok(["add", "ft-deprecated", "--base", "openai/gpt-c@2024-01-01", "--trained", "2024-06-01", "--cost", "300",
                      "--owner", "legal-ai", "--retrain-every", "never"], now: d)
        }
        if want("ft-eval") {
            try s.ok(["base", "add", "openai/gpt-d@2025-01-01", "--released", "2025-01-01"], now: d)
            try s.ok(["add", "ft-eval", "--base", "openai/gpt-d@2025-01-01", "--trained", "2025-05-01", "--cost", "400",
                      "--owner", "finance-eng", "--eval", "30/50", "--retrain-every", "never"], now: d)
        }
    }
}

/// A day `n` days after `day` (ISO).
func plus(_ day: String, _ n: Int) -> String { Day(iso: day)!.adding(days: n).description }

/// Every alert id mentioned in a Slack body's blocks and text (`abcd1234`).
func slackIDs(_ body: String) -> [String] {
    var ids: [String] = []
    var rest = Substring(body)
    while let open = rest.firstIndex(of: "`") {
        let after = rest[rest.index(after: open)...]
        guard let close = after.firstIndex(of: "`") else { break }
        let inner = after[..<close]
        if inner.count == 8, inner.allSatisfy(\.isHexDigit) { ids.append(String(inner)) }
        rest = after[after.index(after: close)...]
    }
    return ids
}

/// Entries of a webhook digest body: (kind, id).
func webhookEntries(_ body: String) throws -> [(kind: String, id: String, channel: String)] {
    guard let o = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else { throw SupportError("not JSON: \(body)") }
    let channel = o["channel"] as? String ?? ""
    return ((o["entries"] as? [[String: Any]]) ?? []).map { ($0["kind"] as? String ?? "", $0["id"] as? String ?? "", channel) }
}

/// HMAC-SHA256, computed by Python's hmac module, independent of tracker's code.
func pythonHMAC(keyHex: String, message: Data) throws -> String {
    let python = try Repo.python()
    let script = "import base64,hashlib,hmac,sys; k=bytes.fromhex(sys.argv[1]); m=sys.stdin.buffer.read(); "
        + "print(base64.b64encode(hmac.new(k,m,hashlib.sha256).digest()).decode())"
    let p = Process()
    p.executableURL = python
    p.arguments = ["-c", script, keyHex]
    let i = Pipe(), o = Pipe()
    p.standardInput = i
    p.standardOutput = o
    try p.run()
    i.fileHandleForWriting.write(message)
    try i.fileHandleForWriting.close()
    let out = o.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

extension Data {
    var hex: String { map { String(format: "%02x", $0) }.joined() }
    func contains(_ s: String) -> Bool { range(of: Data(s.utf8)) != nil }
}
