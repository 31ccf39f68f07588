import TrackerCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output and error for commands.
enum Console {
    /// Buffered standard output; flushed before the process exits.
    nonisolated(unsafe) static let stdout = TextOutput { bytes in writeAll(1, bytes) }

    /// One line on stderr: `error: message`.
    static func error(_ message: String) {
        writeAll(2, Array("error: \(oneLine(message))\n".utf8))
    }

    /// Escapes control characters so text echoed from the user (or a
    /// server) can never break the one-line message or forge another line.
    static func oneLine(_ s: String) -> String { ControlEscape.escape(s) }

    /// One line on stderr: `warning: message`. The command goes on.
    static func warning(_ message: String) {
        stdout.flush()
        writeAll(2, Array("warning: \(oneLine(message))\n".utf8))
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    // The reader went away (e.g. `| head`): stop quietly.
                    if errno == EPIPE { exit(0) }
                    return
                }
                offset += n
            }
        }
    }

    /// An environment variable, or nil when unset or empty.
    static func environment(_ name: String) -> String? {
        guard let p = getenv(name) else { return nil }
        let s = String(cString: p)
        return s.isEmpty ? nil : s
    }

    static var environmentDictionary: [String: String] {
        var out: [String: String] = [:]
        for name in ["TRACKER_DB", "XDG_DATA_HOME", "HOME"] { out[name] = environment(name) }
        return out
    }
}

/// The working directory, for storing relative paths as absolute ones.
func currentDirectory() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getcwd(&buffer, buffer.count) != nil else { return "." }
    return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
}
