import Foundation
import Testing
import TrackerTestKit

extension CLIResult {
    /// Lines of stdout without the final empty piece after the last newline.
    var lines: [String] { CLIResult.split(stdout) }
    /// Lines of stderr without the final empty piece after the last newline.
    var errorLines: [String] { CLIResult.split(stderr) }

    static func split(_ text: String) -> [String] {
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        return parts
    }

    /// stdout parsed as a JSON object.
    func json(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let data = Data(stdout.utf8)
        let any = try JSONSerialization.jsonObject(with: data)
        return try #require(any as? [String: Any], "stdout is not a JSON object: \(self)", sourceLocation: sourceLocation)
    }

    /// Table cells of each stdout line (columns are separated by two or more spaces).
    var tableRows: [[String]] {
        lines.map { line in
            line.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }
}

/// A temporary folder with its own database; removed when released. The
/// database is `root/tracker.db`, or with TRACKER_TEST_BACKEND=postgres the
/// URI of a fresh PostgreSQL schema (TestBackend).
final class Sandbox {
    let root: URL
    /// What every run passes as `--db`: a file path or a PostgreSQL URI.
    let dbPath: String
    /// How tracker names the database in messages: the path, or the URI
    /// without its query (PostgreSQL's label: `postgresql://user@host:port/db`).
    var dbLabel: String { TestBackend.isPostgres ? String(dbPath.prefix { $0 != "?" }) : dbPath }
    /// The day every run treats as today (TRACKER_NOW), unless a test overrides it.
    var now: String

    init(now: String = "2025-01-15") throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("tracker-cli-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("home"), withIntermediateDirectories: true)
        dbPath = try TestBackend.freshDatabase(file: root.appendingPathComponent("tracker.db").path)
        self.now = now
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// The child's environment: ours without tracker's variables, HOME inside
    /// the sandbox, TRACKER_NOW set, then `extra` (an empty value removes).
    func environment(_ extra: [String: String], setNow: Bool) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for k in ["TRACKER_DB", "TRACKER_NOW", "XDG_DATA_HOME"] { env[k] = nil }
        env["HOME"] = root.appendingPathComponent("home").path
        for (k, v) in TestBackend.childEnvironment { env[k] = v }
        if setNow { env["TRACKER_NOW"] = now }
        for (k, v) in extra { env[k] = v.isEmpty ? nil : v }
        return env
    }

    /// Runs tracker with `--db` pointing at this sandbox's database (unless
    /// `db` is nil) and TRACKER_NOW set.
    @discardableResult
    func run(_ args: [String], env: [String: String] = [:], db: String? = "", setNow: Bool = true) throws -> CLIResult {
        var all = args
        if let db { all += ["--db", db.isEmpty ? dbPath : db] }
        return try runProcess(Binary.tracker, all, environment: environment(env, setNow: setNow), directory: root)
    }

    @discardableResult
    func run(_ args: String..., env: [String: String] = [:]) throws -> CLIResult {
        try run(args, env: env)
    }

    /// Runs a command that must succeed; records an issue with its output otherwise.
    @discardableResult
    func ok(_ args: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
        let r = try run(args)
        #expect(r.status == 0, "tracker \(args.joined(separator: " ")) failed: \(r)", sourceLocation: sourceLocation)
        return r
    }

    /// A byte-exact picture of the database contents: `sqlite3 .dump` when the
    /// sqlite3 tool exists, else every listing tracker offers as JSON. On
    /// PostgreSQL: `tracker export` (every row tracker keeps).
    func snapshot(of path: String? = nil) throws -> String {
        let path = path ?? dbPath
        if TestBackend.isPostgres && path == dbPath {
            let r = try run(["export"], db: path)
            return "exit \(r.status)\n" + r.stdout + r.stderr
        }
        guard FileManager.default.fileExists(atPath: path) else { return "<no file>" }
        if let sqlite = Repo.sqlite3 {
            let r = try runProcess(URL(fileURLWithPath: sqlite), [path, ".dump"],
                                   environment: environment([:], setNow: false), directory: root)
            return "exit \(r.status)\n" + r.stdout + r.stderr
        }
        var text = ""
        for args in [["list", "--all", "--format", "json"], ["base", "list", "--format", "json"]] {
            let r = try run(args, db: path)
            text += r.stdout + r.stderr
        }
        let list = try run(["list", "--all", "--format", "json"], db: path)
        if let obj = try? list.json(), let fts = obj["fine_tunes"] as? [[String: Any]] {
            for ft in fts {
                let r = try run(["show", ft["name"] as? String ?? "", "--format", "json"], db: path)
                text += r.stdout
            }
        }
        return text
    }

    /// Runs one statement on the database: sqlite3 (only when the tool
    /// exists), or psql on PostgreSQL. Rows come back as lines, fields split by |.
    func sql(_ statement: String) throws -> CLIResult? {
        if TestBackend.isPostgres { return try TestBackend.psql(statement, uri: dbPath, directory: root) }
        guard let sqlite = Repo.sqlite3 else { return nil }
        return try runProcess(URL(fileURLWithPath: sqlite), [dbPath, statement],
                              environment: environment([:], setNow: false), directory: root)
    }

    func exists(_ path: String? = nil) -> Bool {
        FileManager.default.fileExists(atPath: path ?? dbPath)
    }

    func permissions(_ path: String) throws -> Int {
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        return try #require((attrs[.posixPermissions] as? NSNumber)?.intValue)
    }
}

/// Checks that a run failed the way a user is promised: exit `code`, nothing
/// on stdout, and exactly one stderr line `error: ...` containing each of `fragments`.
func expectFailure(_ r: CLIResult, _ code: Int32, _ fragments: String...,
                   sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(r.status == code, "expected exit \(code): \(r)", sourceLocation: sourceLocation)
    #expect(r.stdout.isEmpty, "expected no stdout: \(r)", sourceLocation: sourceLocation)
    #expect(r.errorLines.count == 1, "expected one stderr line: \(r)", sourceLocation: sourceLocation)
    #expect(r.stderr.hasPrefix("error: "), "expected 'error: ' first: \(r)", sourceLocation: sourceLocation)
    #expect(r.stderr.hasSuffix("\n"), "expected a complete line: \(r)", sourceLocation: sourceLocation)
    for f in fragments {
        #expect(r.stderr.contains(f), "expected stderr to contain \"\(f)\": \(r)", sourceLocation: sourceLocation)
    }
}

// MARK: Fixtures

extension Sandbox {
    /// Three gpt-4o snapshots (2024-05-13, 2024-08-06, 2024-11-20) with release dates.
    func addGPT4oBases() throws {
        try ok("base", "add", "openai/gpt-4o@2024-05-13", "--released", "2024-05-13")
        try ok("base", "add", "openai/gpt-4o@2024-08-06", "--released", "2024-08-06")
        try ok("base", "add", "openai/gpt-4o@2024-11-20", "--released", "2024-11-20")
    }

    /// A fine-tune's `show --format json`.
    func showJSON(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let r = try run("show", name, "--format", "json")
        #expect(r.status == 0, "show \(name): \(r)", sourceLocation: sourceLocation)
        return try r.json(sourceLocation: sourceLocation)
    }

    /// Names in `list --format json` (with extra arguments).
    func listedNames(_ extra: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let r = try run(["list", "--format", "json"] + extra)
        #expect(r.status == 0, "list: \(r)", sourceLocation: sourceLocation)
        return try r.json(sourceLocation: sourceLocation).objects("fine_tunes").compactMap { $0.string("name") }
    }
}
