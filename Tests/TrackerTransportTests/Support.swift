import Foundation
import Testing
import TrackerTestKit

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

/// A self-signed certificate for 127.0.0.1 / localhost: (certPath, keyPath).
func makeSelfSignedCertificate(in dir: TempDir) throws -> (cert: String, key: String) {
    let cert = dir.path("cert.pem")
    let key = dir.path("key.pem")
    try makeSelfSignedCertificate(cert: cert, key: key)
    return (cert, key)
}

/// A port on 127.0.0.1 where nothing listens (a server was there and stopped).
func closedPort() throws -> Int {
    let server = try TestServer("http_server.py")
    let port = server.port
    server.stop()
    return port
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}
