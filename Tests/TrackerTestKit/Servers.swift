import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One of the Python test servers in Tests/servers, listening on 127.0.0.1.
/// The server prints `PORT <n>` first and unblocks SIGTERM/SIGINT itself
/// (a parent may spawn it with them blocked). Call `stop()` in a defer.
public final class TestServer: @unchecked Sendable {
    public let process: Process
    public let port: Int
    public let script: String
    private let stderrFile: URL

    public init(_ script: String, _ arguments: [String] = []) throws {
        let python = try Repo.python()
        self.script = script
        let process = Process()
        process.executableURL = python
        process.arguments = ["-u", Repo.servers.appendingPathComponent(script).path, "--port", "0"] + arguments
        let out = Pipe()
        process.standardOutput = out
        stderrFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("tracker-test-server-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process

        // Read up to the first newline: "PORT <n>".
        var line = Data()
        let reader = out.fileHandleForReading
        while !line.contains(0x0A) {
            let chunk = reader.availableData
            if chunk.isEmpty { break }  // EOF: the server died
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let fields = text.split(separator: " ")
        guard fields.count == 2, fields[0] == "PORT", let port = Int(fields[1]), port > 0 else {
            process.terminate()
            process.waitUntilExit()
            let err = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: stderrFile)
            throw SupportError("\(script) did not print 'PORT <n>' (got \(text.debugDescription)); stderr:\n\(err)")
        }
        self.port = port
    }

    /// Terminates the server (SIGTERM; SIGKILL if it is still up after 5 s) and waits for it.
    public func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline {
                usleep(20_000)
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
            }
        }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: stderrFile)
    }
}

/// A client for http_server.py's control endpoints (`/_control/...`).
public struct ControlEndpoint: Sendable {
    public let port: Int
    public var base: String { "http://127.0.0.1:\(port)" }

    public init(port: Int) { self.port = port }

    /// One control call; anything but 200 is an error.
    public func call(_ method: String, _ path: String, body: Data? = nil) throws -> Data {
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

    /// Appends canned answers (a JSON list), e.g. `[{"status": 429, "headers": {"Retry-After": "1"}}]`.
    public func queue(_ json: String) throws { _ = try call("POST", "/_control/responses", body: Data(json.utf8)) }
    public func reset() throws { _ = try call("POST", "/_control/reset", body: Data()) }

    /// Every request received (not control ones), in order.
    public func requests() throws -> [HTTPServer.Request] {
        let data = try call("GET", "/_control/requests")
        guard let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw SupportError("bad /_control/requests answer")
        }
        return list.map { r in
            var headers: [String: String] = [:]
            for pair in (r["header_list"] as? [[String]]) ?? [] where pair.count == 2 { headers[pair[0].lowercased()] = pair[1] }
            return HTTPServer.Request(method: r["method"] as? String ?? "", path: r["path"] as? String ?? "",
                                      headers: headers, body: r["body"] as? String ?? "")
        }
    }
}

/// POSTs a JSON list of canned responses to http_server.py's control endpoint.
public func queueResponses(port: Int, _ json: String) throws { try ControlEndpoint(port: port).queue(json) }

/// http_server.py with its control endpoints.
public final class HTTPServer: @unchecked Sendable {
    public let server: TestServer
    public let control: ControlEndpoint
    public var port: Int { server.port }
    public var base: String { control.base }

    public init(_ arguments: [String] = []) throws {
        server = try TestServer("http_server.py", arguments)
        control = ControlEndpoint(port: server.port)
    }
    public func stop() { server.stop() }

    /// Appends canned answers (a JSON list).
    public func queue(_ json: String) throws { try control.queue(json) }
    public func reset() throws { try control.reset() }
    /// Every request received (not control ones), in order.
    public func requests() throws -> [Request] { try control.requests() }

    /// One request the server received.
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var headers: [String: String]
        public var body: String

        /// The path without the query.
        public var route: String { String(path.split(separator: "?", maxSplits: 1).first ?? "") }
        /// Decoded query items.
        public var query: [String: String] {
            var out: [String: String] = [:]
            for item in URLComponents(string: "http://x" + path)?.queryItems ?? [] { out[item.name] = item.value ?? "" }
            return out
        }

        /// The body parsed as a JSON object.
        public func json() throws -> [String: Any] {
            try jsonObject(body, "request body is not a JSON object: \(body)")
        }
    }
}

/// The messages smtp_server.py wrote to `dir`, in order, as parsed JSON.
public func readMaildir(_ dir: String) throws -> [[String: Any]] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
    let numbered = names.filter { $0.hasSuffix(".json") }
        .compactMap { name -> (Int, String)? in Int(name.dropLast(5)).map { ($0, name) } }
        .sorted { $0.0 < $1.0 }
    return try numbered.map { _, name in
        let data = try Data(contentsOf: URL(fileURLWithPath: dir).appendingPathComponent(name))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw SupportError("bad message file \(name)")
        }
        return object
    }
}

/// smtp_server.py writing accepted messages to a maildir.
public final class SMTPServer: @unchecked Sendable {
    public let server: TestServer
    public let maildir: String
    public var port: Int { server.port }
    public var url: String { "smtp://127.0.0.1:\(port)" }

    public init(maildir: String, _ arguments: [String] = []) throws {
        self.maildir = maildir
        server = try TestServer("smtp_server.py", ["--maildir", maildir] + arguments)
    }
    public func stop() { server.stop() }

    public struct Message: Sendable {
        public var mailFrom: String
        public var rcptTos: [String]
        public var data: String
        public var authLogin: String?
        public var tls: Bool

        /// Header block and body, split at the first empty line.
        public var parts: (headers: String, body: String) {
            if let r = data.range(of: "\r\n\r\n") { return (String(data[..<r.lowerBound]), String(data[r.upperBound...])) }
            return (data, "")
        }

        /// Unfolded headers: name (lower-cased) -> value.
        public var headers: [(name: String, value: String)] {
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

        public func header(_ name: String) -> String? { headers.first { $0.name == name.lowercased() }?.value }
    }

    /// The accepted messages, in order.
    public func messages() throws -> [Message] {
        try readMaildir(maildir).map { o in
            Message(mailFrom: o["mail_from"] as? String ?? "", rcptTos: o["rcpt_tos"] as? [String] ?? [],
                    data: o["data"] as? String ?? "", authLogin: o["auth_login"] as? String, tls: o["tls"] as? Bool ?? false)
        }
    }
}
