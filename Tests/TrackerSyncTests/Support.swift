import Foundation
import Testing
import TrackerTestKit

extension Repo {
    static var fixtures: URL { root.appendingPathComponent("Tests/TrackerSyncTests/Fixtures") }
}

/// The fixture files under Tests/TrackerSyncTests/Fixtures.
enum Fixture {
    static func path(_ name: String) -> String { Repo.fixtures.appendingPathComponent(name).path }
    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: path(name), encoding: .utf8)
    }
    static func json(_ name: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path(name))))
    }
}

extension CLIResult {
    var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty } }
    var errorLines: [String] { stderr.split(separator: "\n").map(String.init) }

    func json() throws -> [String: Any] { try jsonObject(stdout, "stdout is not a JSON object: \(self)") }
}

/// A temporary folder with a database, and the tracker runner. The database
/// is `root/tracker.db`, or with TRACKER_TEST_BACKEND=postgres the URI of a
/// fresh PostgreSQL schema (TestBackend).
final class Sandbox: @unchecked Sendable {
    let root: URL
    /// What runs pass as `--db` by default: a file path or a PostgreSQL URI.
    let db: String
    /// The day runs treat as today unless a call passes its own.
    var now: String
    /// Variables every run gets besides PATH/HOME/LANG. Nothing comes from
    /// the test runner's environment, so no real API key can leak in.
    var env: [String: String] = ["TRACKER_RETRY_BASE_MS": "20", "TRACKER_RETRY_AFTER_MAX": "2", "TRACKER_HTTP_TIMEOUT": "5"]

    init(_ label: String, now: String) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("tracker-sync-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("home"), withIntermediateDirectories: true)
        db = try TestBackend.freshDatabase(file: root.appendingPathComponent("tracker.db").path)
        self.now = now
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    func environment(_ extra: [String: String]) -> [String: String] {
        isolatedEnvironment(home: root.appendingPathComponent("home"), env.merging(TestBackend.childEnvironment) { a, _ in a }, extra)
    }

    /// `tracker ARGS --db DB --now NOW`.
    @discardableResult
    func run(_ args: [String], now: String? = nil, db: String? = nil, env extra: [String: String] = [:]) throws -> CLIResult {
        try runProcess(Binary.tracker, args + ["--db", db ?? self.db, "--now", now ?? self.now],
                       environment: environment(extra), directory: root)
    }

    /// Runs a command that must exit 0.
    @discardableResult
    func ok(_ args: [String], now: String? = nil, db: String? = nil, env extra: [String: String] = [:],
            sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
        let r = try run(args, now: now, db: db, env: extra)
        #expect(r.status == 0, "tracker \(args.joined(separator: " ")) failed: \(r)", sourceLocation: sourceLocation)
        return r
    }

    /// `sqlite3 DB .dump` (the whole database as SQL text); for a PostgreSQL
    /// URI every row of every table (TestBackend.rowDump).
    func dump(_ path: String? = nil) throws -> String {
        let file = path ?? db
        if TestBackend.isPostgresURI(file) { return try TestBackend.rowDump(uri: file, directory: root) }
        guard FileManager.default.fileExists(atPath: file) else { return "<no database file>" }
        guard let sqlite = Repo.sqlite3 else { throw SupportError("sqlite3 is missing: apt-get install sqlite3") }
        let r = try runProcess(URL(fileURLWithPath: sqlite), [file, ".dump"], environment: environment([:]), directory: root)
        guard r.status == 0 else { throw SupportError("sqlite3 .dump failed: \(r)") }
        return r.stdout
    }

    /// One SQL query through the sqlite3 tool (psql for a PostgreSQL URI),
    /// rows as lines (fields split by |).
    func query(_ sql: String, _ path: String? = nil) throws -> [String] {
        if TestBackend.isPostgresURI(path ?? db) {
            let r = try TestBackend.psql(sql, uri: path ?? db, directory: root)
            guard r.status == 0 else { throw SupportError("psql failed: \(r)") }
            return r.stdout.split(separator: "\n").map(String.init)
        }
        guard let sqlite = Repo.sqlite3 else { throw SupportError("sqlite3 is missing: apt-get install sqlite3") }
        let r = try runProcess(URL(fileURLWithPath: sqlite), [path ?? db, sql], environment: environment([:]), directory: root)
        guard r.status == 0 else { throw SupportError("sqlite3 failed: \(r)") }
        return r.stdout.split(separator: "\n").map(String.init)
    }

    /// `tracker export` stdout (must succeed).
    func export(_ path: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let r = try run(["export"], db: path)
        #expect(r.status == 0, "export failed: \(r)", sourceLocation: sourceLocation)
        return r.stdout
    }

    /// `tracker export` parsed.
    func exported(_ path: String? = nil) throws -> [String: Any] {
        guard let o = try JSONSerialization.jsonObject(with: Data(try export(path).utf8)) as? [String: Any] else {
            throw SupportError("export is not a JSON object")
        }
        return o
    }

    /// `tracker base show REF --format json`.
    func baseJSON(_ ref: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let r = try run(["base", "show", ref, "--format", "json"])
        #expect(r.status == 0, "base show \(ref): \(r)", sourceLocation: sourceLocation)
        return try r.json()
    }

    /// `tracker due --format json` items by name.
    func due(now: String? = nil, within: String = "90d") throws -> [String: [String: Any]] {
        let r = try run(["due", "--format", "json", "--within", within], now: now)
        guard r.status == 0 else { throw SupportError("due failed: \(r)") }
        var out: [String: [String: Any]] = [:]
        for item in try r.json().objects("due") { out[item.string("name") ?? ""] = item }
        return out
    }
}

/// http_server.py's canned answers, as values.
extension HTTPServer {
    /// One canned answer.
    struct Answer {
        var status = 200
        var headers: [String: String] = [:]
        var body = ""
        var delay: Double = 0

        static func json(_ body: String) -> Answer { Answer(status: 200, headers: ["Content-Type": "application/json"], body: body) }
        static func fixture(_ name: String) throws -> Answer { .json(try Fixture.text(name)) }
        static func status(_ s: Int, _ body: String = "", headers: [String: String] = [:]) -> Answer {
            Answer(status: s, headers: headers, body: body)
        }
    }

    /// Appends canned answers, served one per request in order.
    func queue(_ answers: [Answer]) throws {
        let list: [[String: Any]] = answers.map { a in
            ["status": a.status, "headers": a.headers, "body": a.body, "delay": a.delay]
        }
        _ = try control.call("POST", "/_control/responses", body: try JSONSerialization.data(withJSONObject: list))
    }

    func queue(_ answers: Answer...) throws { try queue(answers) }
}

/// Checks that a run failed the way a user is promised: exit `code`, nothing
/// on stdout, and exactly one stderr line `error: ...` containing each fragment.
func expectFailure(_ r: CLIResult, _ code: Int32, _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(r.status == code, "expected exit \(code): \(r)", sourceLocation: sourceLocation)
    #expect(r.stdout.isEmpty, "expected no stdout: \(r)", sourceLocation: sourceLocation)
    #expect(r.errorLines.count == 1, "expected one stderr line: \(r)", sourceLocation: sourceLocation)
    #expect(r.stderr.hasPrefix("error: "), "expected 'error: ' first: \(r)", sourceLocation: sourceLocation)
    for f in fragments {
        #expect(r.stderr.contains(f), "expected stderr to contain \"\(f)\": \(r)", sourceLocation: sourceLocation)
    }
}

extension Array where Element == [String: Any] {
    /// The first element whose `key` is `value`.
    func first(_ key: String, _ value: String) -> [String: Any]? { first { $0.string(key) == value } }
}

/// A canned OpenAI-style model list.
func openAIModelList(_ models: [[String: Any]]) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: ["object": "list", "data": models]), as: UTF8.self)
}
