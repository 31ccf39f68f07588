import Foundation

/// A test-support failure with a message that says what to do.
public struct SupportError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The repository the tests belong to, and the tools they use from it.
public enum Repo {
    /// REPO, found from this file (REPO/Tests/TrackerTestKit/Repo.swift).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// REPO/Tests/servers: the Python test servers.
    public static var servers: URL { root.appendingPathComponent("Tests/servers") }

    /// REPO/.venv/bin/python3. A missing venv FAILS the test, never skips it.
    public static func python() throws -> URL {
        let python = root.appendingPathComponent(".venv/bin/python3")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw SupportError("\(python.path) is missing: run `bash scripts/test-env.sh` in \(root.path) "
                + "to create the test virtualenv (aiosmtpd) before running the tests")
        }
        return python
    }

    /// The sqlite3 command-line tool, when installed.
    public static let sqlite3: String? = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/opt/homebrew/bin/sqlite3"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// Locates the `tracker` binary the test bundle was built with.
public enum Binary {
    public static let tracker: URL = locate()

    public static func locate(file: String = #filePath) -> URL {
        let fm = FileManager.default
        // Beside the test bundle (macOS: the bundle's folder; Linux: the
        // folder holding the .xctest executable), so any scratch path works.
        var candidates: [URL] = []
        let bundle = Bundle.main.bundleURL
        candidates.append(bundle.appendingPathComponent("tracker"))
        candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("tracker"))
        if let exe = Bundle.main.executableURL {
            candidates.append(exe.deletingLastPathComponent().appendingPathComponent("tracker"))
        }
        let arg0 = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
        candidates.append(arg0.deletingLastPathComponent().appendingPathComponent("tracker"))
        for c in candidates where fm.isExecutableFile(atPath: c.path) && !isDirectory(c) { return c }
        // Fallback: search up from this file for .build*/debug/tracker, newest first.
        var dir = URL(fileURLWithPath: file).deletingLastPathComponent()
        while dir.path != "/" {
            if fm.fileExists(atPath: dir.appendingPathComponent("Package.swift").path),
               let entries = try? fm.contentsOfDirectory(atPath: dir.path) {
                var found: [(URL, Date)] = []
                for e in entries where e.hasPrefix(".build") {
                    for sub in ["debug/tracker", "release/tracker"] {
                        let u = dir.appendingPathComponent(e).appendingPathComponent(sub)
                        if fm.isExecutableFile(atPath: u.path) {
                            let date = (try? fm.attributesOfItem(atPath: u.path)[.modificationDate] as? Date) ?? .distantPast
                            found.append((u, date))
                        }
                    }
                }
                if let newest = found.max(by: { $0.1 < $1.1 }) { return newest.0 }
            }
            dir = dir.deletingLastPathComponent()
        }
        return candidates[0]
    }

    public static func isDirectory(_ u: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: u.path, isDirectory: &isDir) && isDir.boolValue
    }
}

/// A child's environment: PATH, HOME and LANG only, then `base`, then
/// `extra` (an empty value removes). Nothing comes from the test runner's
/// environment, so no real API key can leak in.
public func isolatedEnvironment(home: URL, _ base: [String: String], _ extra: [String: String]) -> [String: String] {
    var e: [String: String] = [
        "PATH": "/usr/bin:/bin:/usr/local/bin",
        "HOME": home.path,
        "LANG": "C.UTF-8",
    ]
    for (k, v) in base { e[k] = v }
    for (k, v) in extra { e[k] = v.isEmpty ? nil : v }
    return e
}

/// A JSON object parsed from `text`, or SupportError(`failure`).
public func jsonObject(_ text: String, _ failure: @autoclosure () -> String) throws -> [String: Any] {
    guard let o = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
        throw SupportError(failure())
    }
    return o
}

// MARK: JSON access

extension Dictionary where Key == String, Value == Any {
    public func string(_ k: String) -> String? { self[k] as? String }
    public func int(_ k: String) -> Int? { (self[k] as? NSNumber)?.intValue }
    public func bool(_ k: String) -> Bool? { (self[k] as? NSNumber)?.boolValue }
    public func object(_ k: String) -> [String: Any]? { self[k] as? [String: Any] }
    public func objects(_ k: String) -> [[String: Any]] { self[k] as? [[String: Any]] ?? [] }
    /// True when the key is present with JSON null.
    public func isNull(_ k: String) -> Bool { keys.contains(k) && self[k] is NSNull }
}
