import Foundation
import Testing
import TrackerTransport

struct SupportError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

enum Repo {
    /// The repository root, found from this file's location
    /// (REPO/Tests/TrackerTransportTests/Support.swift).
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    static var servers: URL { root.appendingPathComponent("Tests/servers") }

    /// REPO/.venv/bin/python3; a missing venv fails the test (never skips).
    static func python() throws -> URL {
        let python = root.appendingPathComponent(".venv/bin/python3")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw SupportError(
                "\(python.path) is missing: run `bash scripts/test-env.sh` in \(root.path) "
                    + "to create the test virtualenv (aiosmtpd) before running these tests")
        }
        return python
    }
}

/// A temporary directory removed by `remove()`.
struct TempDir {
    let url: URL
    init(_ label: String) throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("tracker-transport-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// One of the Python test servers in Tests/servers, listening on 127.0.0.1.
/// Call `stop()` in a defer.
final class TestServer: @unchecked Sendable {
    let process: Process
    let port: Int
    private let stderrFile: URL

    init(script: String, arguments: [String]) throws {
        let python = try Repo.python()
        let process = Process()
        process.executableURL = python
        process.arguments = ["-u", Repo.servers.appendingPathComponent(script).path, "--port", "0"] + arguments
        let out = Pipe()
        process.standardOutput = out
        stderrFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("tracker-transport-server-\(UUID().uuidString).err")
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

    func stop() {
        if process.isRunning {
            process.terminate()
            // SIGTERM first; if the server is wedged, SIGKILL after 5 s.
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

/// Reads the JSON-lines request log written by http_server.py.
func readRequestLog(_ path: String) throws -> [[String: Any]] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
    return try text.split(separator: "\n").map { line in
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw SupportError("bad log line: \(line)")
        }
        return object
    }
}

/// POSTs a JSON list of canned responses to http_server.py's control endpoint.
func queueResponses(port: Int, _ json: String) throws {
    let response = try HTTPClient.send(HTTPRequest(
        method: "POST", url: "http://127.0.0.1:\(port)/_control/responses",
        headers: [("Content-Type", "application/json")], body: json.bytes, timeoutSeconds: 5))
    guard response.status == 200 else { throw SupportError("control endpoint answered \(response.status)") }
}

/// The messages written by smtp_server.py, in order.
func readMaildir(_ dir: String) throws -> [[String: Any]] {
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

/// A self-signed certificate for 127.0.0.1 / localhost: (certPath, keyPath).
func makeSelfSignedCertificate(in dir: TempDir) throws -> (cert: String, key: String) {
    let cert = dir.path("cert.pem")
    let key = dir.path("key.pem")
    let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }
    let process = Process()
    if let openssl {
        process.executableURL = URL(fileURLWithPath: openssl)
        process.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
            "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ]
    } else {
        // Fallback: the system python's `cryptography` package.
        let script = """
            import datetime, ipaddress, sys
            from cryptography import x509
            from cryptography.hazmat.primitives import hashes, serialization
            from cryptography.hazmat.primitives.asymmetric import rsa
            from cryptography.x509.oid import NameOID
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
            now = datetime.datetime.now(datetime.timezone.utc)
            cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - datetime.timedelta(minutes=5))
                .not_valid_after(now + datetime.timedelta(days=2))
                .add_extension(x509.SubjectAlternativeName([
                    x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]), critical=False)
                .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                .sign(key, hashes.SHA256()))
            open(sys.argv[1], "wb").write(cert.public_bytes(serialization.Encoding.PEM))
            open(sys.argv[2], "wb").write(key.private_bytes(serialization.Encoding.PEM,
                serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()))
            """
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, cert, key]
    }
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: cert) else {
        throw SupportError("could not generate a self-signed certificate")
    }
    return (cert, key)
}

/// A port on 127.0.0.1 where nothing listens (a server was there and stopped).
func closedPort() throws -> Int {
    let server = try TestServer(script: "http_server.py", arguments: [])
    let port = server.port
    server.stop()
    return port
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}
