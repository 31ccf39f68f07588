import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TrackerCore

/// A test-support failure with a message that says what to do.
struct SupportError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

enum Repo {
    /// REPO, found from this file (REPO/Tests/TrackerNotifyTests/Support.swift).
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var servers: URL { root.appendingPathComponent("Tests/servers") }
    static var golden: URL { root.appendingPathComponent("Tests/TrackerNotifyTests/Golden") }

    /// REPO/.venv/bin/python3. A missing venv FAILS the test, never skips it.
    static func python() throws -> URL {
        let python = root.appendingPathComponent(".venv/bin/python3")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw SupportError("\(python.path) is missing: run `bash scripts/test-env.sh` in \(root.path) "
                + "to create the test virtualenv (aiosmtpd) before running the TrackerNotifyTests")
        }
        return python
    }

    static let sqlite3: String? = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
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
        candidates.append(Repo.root.appendingPathComponent(".build-notify/debug/tracker"))
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

    func json() throws -> [String: Any] {
        guard let o = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] else {
            throw SupportError("stdout is not a JSON object: \(self)")
        }
        return o
    }
}

private final class Collected: @unchecked Sendable { var data = Data() }

/// A started child process whose pipes are drained in the background.
final class Child: @unchecked Sendable {
    let process = Process()
    private let group = DispatchGroup()
    private let out = Collected(), err = Collected()
    let started = Date()

    init(_ executable: URL, _ arguments: [String], environment: [String: String], directory: URL) throws {
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        let o = Pipe(), e = Pipe()
        process.standardOutput = o
        process.standardError = e
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let oh = o.fileHandleForReading, eh = e.fileHandleForReading
        let out = self.out, err = self.err
        group.enter()
        DispatchQueue.global().async { out.data = oh.readDataToEndOfFile(); self.group.leave() }
        group.enter()
        DispatchQueue.global().async { err.data = eh.readDataToEndOfFile(); self.group.leave() }
    }

    /// Reads both pipes to the end, then waits for the exit.
    func finish() -> CLIResult {
        group.wait()
        process.waitUntilExit()
        return CLIResult(status: process.terminationStatus, stdout: String(decoding: out.data, as: UTF8.self),
                         stderr: String(decoding: err.data, as: UTF8.self), seconds: Date().timeIntervalSince(started))
    }

    func kill() { Foundation.kill(process.processIdentifier, SIGKILL) }
}

/// A temporary folder with a database path, and the tracker runner.
final class Sandbox: @unchecked Sendable {
    let root: URL
    let db: String
    /// Variables every run gets (secrets, retry timing), besides PATH/HOME.
    var env: [String: String] = ["TRACKER_RETRY_BASE_MS": "50", "TRACKER_RETRY_AFTER_MAX": "2", "TRACKER_HTTP_TIMEOUT": "5"]
    /// Every stdout and stderr seen, for the secret checks.
    private(set) var transcript = ""
    private let lock = NSLock()

    init(_ label: String = "notify") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("tracker-notify-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("home"), withIntermediateDirectories: true)
        db = root.appendingPathComponent("tracker.db").path
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

    /// `sqlite3 DB .dump`.
    func dump() throws -> String {
        guard let sqlite = Repo.sqlite3 else { throw SupportError("sqlite3 is missing: apt-get install sqlite3") }
        let r = try Child(URL(fileURLWithPath: sqlite), [db, ".dump"], environment: environment([:]), directory: root).finish()
        guard r.status == 0 else { throw SupportError("sqlite3 .dump failed: \(r)") }
        return r.stdout
    }

    /// One SQL query through the sqlite3 tool, rows as lines (fields split by |).
    func query(_ sql: String) throws -> [String] {
        guard let sqlite = Repo.sqlite3 else { throw SupportError("sqlite3 is missing: apt-get install sqlite3") }
        let r = try Child(URL(fileURLWithPath: sqlite), ["-cmd", ".timeout 5000", db, sql], environment: environment([:]), directory: root).finish()
        guard r.status == 0 else { throw SupportError("sqlite3 failed: \(r)") }
        return r.stdout.split(separator: "\n").map(String.init)
    }

    /// The raw bytes of the database and its WAL/SHM files.
    func rawDatabaseBytes() -> Data {
        var d = Data()
        for suffix in ["", "-wal", "-shm", "-journal"] {
            if let x = FileManager.default.contents(atPath: db + suffix) { d.append(x) }
        }
        return d
    }
}

/// One of the Python servers in Tests/servers, listening on 127.0.0.1.
final class TestServer: @unchecked Sendable {
    let process: Process
    let port: Int
    let script: String
    private let stderrFile: URL

    init(_ script: String, _ arguments: [String] = []) throws {
        let python = try Repo.python()
        self.script = script
        let process = Process()
        process.executableURL = python
        process.arguments = ["-u", Repo.servers.appendingPathComponent(script).path, "--port", "0"] + arguments
        let out = Pipe()
        process.standardOutput = out
        stderrFile = FileManager.default.temporaryDirectory.appendingPathComponent("tracker-notify-server-\(UUID().uuidString).err")
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

    /// Terminates the server and waits for it.
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

    /// Appends canned answers, e.g. `[{"status": 429, "headers": {"Retry-After": "1"}}]`.
    func queue(_ json: String) throws { _ = try call("POST", "/_control/responses", body: Data(json.utf8)) }
    func reset() throws { _ = try call("POST", "/_control/reset", body: Data()) }

    /// Every request received (not control ones), in order.
    func requests() throws -> [Request] {
        let data = try call("GET", "/_control/requests")
        guard let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw SupportError("bad /_control/requests answer")
        }
        return list.map { r in
            var headers: [String: String] = [:]
            for pair in (r["header_list"] as? [[String]]) ?? [] where pair.count == 2 { headers[pair[0].lowercased()] = pair[1] }
            return Request(method: r["method"] as? String ?? "", path: r["path"] as? String ?? "",
                           headers: headers, body: r["body"] as? String ?? "")
        }
    }

    struct Request {
        var method: String
        var path: String
        var headers: [String: String]
        var body: String
        func json() throws -> [String: Any] {
            guard let o = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else {
                throw SupportError("request body is not a JSON object: \(body)")
            }
            return o
        }
    }
}

/// smtp_server.py writing accepted messages to a maildir.
final class SMTPServer: @unchecked Sendable {
    let server: TestServer
    let maildir: String
    var port: Int { server.port }
    var url: String { "smtp://127.0.0.1:\(port)" }

    init(maildir: String, _ arguments: [String] = []) throws {
        self.maildir = maildir
        server = try TestServer("smtp_server.py", ["--maildir", maildir] + arguments)
    }
    func stop() { server.stop() }

    struct Message {
        var mailFrom: String
        var rcptTos: [String]
        var data: String
        var authLogin: String?
        var tls: Bool

        /// Header block and body, split at the first empty line.
        var parts: (headers: String, body: String) {
            if let r = data.range(of: "\r\n\r\n") { return (String(data[..<r.lowerBound]), String(data[r.upperBound...])) }
            return (data, "")
        }

        /// Unfolded headers: name (lower-cased) -> value.
        var headers: [(name: String, value: String)] {
            var out: [(String, String)] = []
            for line in parts.headers.components(separatedBy: "\r\n") {
                if line.hasPrefix(" ") || line.hasPrefix("\t"), !out.isEmpty {
                    out[out.count - 1].1 += line
                } else if let colon = line.firstIndex(of: ":") {
                    out.append((line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
                }
            }
            return out
        }

        func header(_ name: String) -> String? { headers.first { $0.name == name.lowercased() }?.value }
    }

    func messages() throws -> [Message] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: maildir)) ?? []
        let numbered = names.filter { $0.hasSuffix(".json") }.compactMap { n in Int(n.dropLast(5)).map { ($0, n) } }.sorted { $0.0 < $1.0 }
        return try numbered.map { _, name in
            let data = try Data(contentsOf: URL(fileURLWithPath: maildir).appendingPathComponent(name))
            guard let o = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw SupportError("bad \(name)") }
            return Message(mailFrom: o["mail_from"] as? String ?? "", rcptTos: o["rcpt_tos"] as? [String] ?? [],
                           data: o["data"] as? String ?? "", authLogin: o["auth_login"] as? String, tls: o["tls"] as? Bool ?? false)
        }
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
