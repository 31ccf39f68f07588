import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// A test-support failure with a message that says what to do.
struct SupportError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

enum Repo {
    /// REPO, found from this file (REPO/Tests/TrackerSyncTests/Support.swift).
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var servers: URL { root.appendingPathComponent("Tests/servers") }
    static var fixtures: URL { root.appendingPathComponent("Tests/TrackerSyncTests/Fixtures") }

    /// REPO/.venv/bin/python3. A missing venv FAILS the test, never skips it.
    static func python() throws -> URL {
        let python = root.appendingPathComponent(".venv/bin/python3")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw SupportError("\(python.path) is missing: run `bash scripts/test-env.sh` in \(root.path) "
                + "to create the test virtualenv before running the TrackerSyncTests")
        }
        return python
    }

    static let sqlite3: String? = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
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

/// Locates the `tracker` binary built beside the test bundle.
enum Binary {
    static let tracker: URL = locate()

    static func locate() -> URL {
        let fm = FileManager.default
        var candidates: [URL] = []
        let bundle = Bundle.main.bundleURL
        candidates.append(bundle.appendingPathComponent("tracker"))
        candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("tracker"))
        if let exe = Bundle.main.executableURL {
            candidates.append(exe.deletingLastPathComponent().appendingPathComponent("tracker"))
        }
        let arg0 = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
        candidates.append(arg0.deletingLastPathComponent().appendingPathComponent("tracker"))
        candidates.append(Repo.root.appendingPathComponent(".build-synctests/debug/tracker"))
        for c in candidates {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: c.path, isDirectory: &isDir), !isDir.boolValue, fm.isExecutableFile(atPath: c.path) { return c }
        }
        return candidates[0]
    }
}

/// What one run of a program left behind.
struct CLIResult: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String
    var seconds: Double = 0

    var description: String {
        "exit \(status) in \(String(format: "%.2f", seconds))s\n--- stdout ---\n\(stdout)--- stderr ---\n\(stderr)--- end ---"
    }

    var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty } }
    var errorLines: [String] { stderr.split(separator: "\n").map(String.init) }

    func json() throws -> [String: Any] {
        guard let o = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] else {
            throw SupportError("stdout is not a JSON object: \(self)")
        }
        return o
    }
}

private final class Collected: @unchecked Sendable { var data = Data() }

/// Runs a program, reading both pipes to the end before waiting for it.
func runProcess(_ executable: URL, _ arguments: [String], environment: [String: String], directory: URL) throws -> CLIResult {
    let started = Date()
    let p = Process()
    p.executableURL = executable
    p.arguments = arguments
    p.environment = environment
    p.currentDirectoryURL = directory
    let o = Pipe(), e = Pipe()
    p.standardOutput = o
    p.standardError = e
    p.standardInput = FileHandle.nullDevice
    try p.run()
    let group = DispatchGroup()
    let out = Collected(), err = Collected()
    let oh = o.fileHandleForReading, eh = e.fileHandleForReading
    group.enter()
    DispatchQueue.global().async { out.data = oh.readDataToEndOfFile(); group.leave() }
    group.enter()
    DispatchQueue.global().async { err.data = eh.readDataToEndOfFile(); group.leave() }
    group.wait()
    p.waitUntilExit()
    return CLIResult(status: p.terminationStatus, stdout: String(decoding: out.data, as: UTF8.self),
                     stderr: String(decoding: err.data, as: UTF8.self), seconds: Date().timeIntervalSince(started))
}

/// A temporary folder with a database path, and the tracker runner.
final class Sandbox: @unchecked Sendable {
    let root: URL
    let db: String
    /// The day runs treat as today unless a call passes its own.
    var now: String
    /// Variables every run gets besides PATH/HOME/LANG. Nothing comes from
    /// the test runner's environment, so no real API key can leak in.
    var env: [String: String] = ["TRACKER_RETRY_BASE_MS": "20", "TRACKER_RETRY_AFTER_MAX": "2", "TRACKER_HTTP_TIMEOUT": "5"]

    init(_ label: String, now: String) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("tracker-sync-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("home"), withIntermediateDirectories: true)
        db = root.appendingPathComponent("tracker.db").path
        self.now = now
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    func environment(_ extra: [String: String]) -> [String: String] {
        var e: [String: String] = [
            "PATH": "/usr/bin:/bin:/usr/local/bin",
            "HOME": root.appendingPathComponent("home").path,
            "LANG": "C.UTF-8",
        ]
        for (k, v) in env { e[k] = v }
        for (k, v) in extra { e[k] = v.isEmpty ? nil : v }
        return e
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

    /// `sqlite3 DB .dump` (the whole database as SQL text).
    func dump(_ path: String? = nil) throws -> String {
        let file = path ?? db
        guard FileManager.default.fileExists(atPath: file) else { return "<no database file>" }
        guard let sqlite = Repo.sqlite3 else { throw SupportError("sqlite3 is missing: apt-get install sqlite3") }
        let r = try runProcess(URL(fileURLWithPath: sqlite), [file, ".dump"], environment: environment([:]), directory: root)
        guard r.status == 0 else { throw SupportError("sqlite3 .dump failed: \(r)") }
        return r.stdout
    }

    /// One SQL query through the sqlite3 tool, rows as lines (fields split by |).
    func query(_ sql: String, _ path: String? = nil) throws -> [String] {
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

/// One of the Python servers in Tests/servers, listening on 127.0.0.1.
final class TestServer: @unchecked Sendable {
    let process: Process
    let port: Int
    private let stderrFile: URL

    init(_ script: String, _ arguments: [String] = []) throws {
        let python = try Repo.python()
        let process = Process()
        process.executableURL = python
        process.arguments = ["-u", Repo.servers.appendingPathComponent(script).path, "--port", "0"] + arguments
        let out = Pipe()
        process.standardOutput = out
        stderrFile = FileManager.default.temporaryDirectory.appendingPathComponent("tracker-sync-server-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        var line = Data()
        let reader = out.fileHandleForReading
        while !line.contains(0x0A) {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let fields = text.split(separator: " ")
        guard fields.count == 2, fields[0] == "PORT", let port = Int(fields[1]), port > 0 else {
            process.terminate()
            process.waitUntilExit()
            let err = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
            throw SupportError("\(script) did not print 'PORT <n>' (got \(text.debugDescription)); stderr:\n\(err)")
        }
        self.port = port
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: stderrFile)
    }
}

/// http_server.py with its control endpoints.
final class HTTPServer: @unchecked Sendable {
    let server: TestServer
    var port: Int { server.port }
    var base: String { "http://127.0.0.1:\(port)" }

    init() throws { server = try TestServer("http_server.py") }
    func stop() { server.stop() }

    private func call(_ method: String, _ path: String, body: Data? = nil) throws -> Data {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.httpBody = body
        request.timeoutInterval = 10
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        final class Box: @unchecked Sendable { var data: Data?; var error: Error?; var status = 0 }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { d, r, e in
            box.data = d; box.error = e; box.status = (r as? HTTPURLResponse)?.statusCode ?? 0
            done.signal()
        }.resume()
        done.wait()
        if let e = box.error { throw SupportError("control \(path): \(e)") }
        guard box.status == 200 else { throw SupportError("control \(path) answered \(box.status)") }
        return box.data ?? Data()
    }

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
        _ = try call("POST", "/_control/responses", body: try JSONSerialization.data(withJSONObject: list))
    }

    func queue(_ answers: Answer...) throws { try queue(answers) }
    func reset() throws { _ = try call("POST", "/_control/reset", body: Data()) }

    struct Request {
        var method: String
        var path: String
        var headers: [String: String]

        /// The path without the query.
        var route: String { String(path.split(separator: "?", maxSplits: 1).first ?? "") }
        /// Decoded query items.
        var query: [String: String] {
            var out: [String: String] = [:]
            for item in URLComponents(string: "http://x" + path)?.queryItems ?? [] { out[item.name] = item.value ?? "" }
            return out
        }
    }

    /// Every request received (not control ones), in order.
    func requests() throws -> [Request] {
        let data = try call("GET", "/_control/requests")
        guard let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw SupportError("bad /_control/requests answer")
        }
        return list.map { r in
            var headers: [String: String] = [:]
            for pair in (r["header_list"] as? [[String]]) ?? [] where pair.count == 2 { headers[pair[0].lowercased()] = pair[1] }
            return Request(method: r["method"] as? String ?? "", path: r["path"] as? String ?? "", headers: headers)
        }
    }
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

// MARK: JSON access

extension Dictionary where Key == String, Value == Any {
    func string(_ k: String) -> String? { self[k] as? String }
    func int(_ k: String) -> Int? { (self[k] as? NSNumber)?.intValue }
    func bool(_ k: String) -> Bool? { (self[k] as? NSNumber)?.boolValue }
    func objects(_ k: String) -> [[String: Any]] { self[k] as? [[String: Any]] ?? [] }
    func isNull(_ k: String) -> Bool { keys.contains(k) && self[k] is NSNull }
}

extension Array where Element == [String: Any] {
    /// The first element whose `key` is `value`.
    func first(_ key: String, _ value: String) -> [String: Any]? { first { $0.string(key) == value } }
}

/// A canned OpenAI-style model list.
func openAIModelList(_ models: [[String: Any]]) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: ["object": "list", "data": models]), as: UTF8.self)
}
