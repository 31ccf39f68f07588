import TrackerCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output and error for commands.
enum Console {
    /// Buffered standard output; flushed before the process exits. A write
    /// that fails is remembered (and later output dropped): the command
    /// then ends with exit 74 and one `error:` line.
    nonisolated(unsafe) static let stdout = TextOutput { bytes in
        guard stdoutFailure == nil else { return }
        if let failure = writeAll(1, bytes) { stdoutFailure = failure }
    }

    /// Why writing to standard output failed, if it did (an errno value).
    nonisolated(unsafe) static var stdoutFailure: Int32?

    /// Flushes standard output and makes sure it reached its file: a
    /// failure to write it, now or earlier, is exit 74.
    static func finishOutput() throws(Failure) {
        stdout.flush()
        if stdoutFailure == nil {
            // A regular file may report a full disk only when synced.
            var info = stat()
            if fstat(1, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && fsync(1) != 0
                && errno != EINVAL && errno != EROFS {
                stdoutFailure = errno
            }
        }
        if let code = stdoutFailure {
            throw Failure(.ioError, "cannot write the output: \(String(cString: strerror(code))); check the disk or where the output goes, then run the command again")
        }
    }

    /// One line on stderr: `error: message`.
    static func error(_ message: String) {
        ProgressMeter.clearLine()
        writeAll(2, Array("error: \(oneLine(message))\n".utf8))
    }

    /// Escapes control characters so text echoed from the user (or a
    /// server) can never break the one-line message or forge another line.
    static func oneLine(_ s: String) -> String { ControlEscape.escape(s) }

    /// One line on stderr: `warning: message`. The command goes on.
    static func warning(_ message: String) {
        ProgressMeter.clearLine()
        stdout.flush()
        writeAll(2, Array("warning: \(oneLine(message))\n".utf8))
    }

    /// One line on stderr: `notice: message` (something the command did
    /// besides what was asked, e.g. creating a task).
    static func notice(_ message: String) {
        ProgressMeter.clearLine()
        stdout.flush()
        writeAll(2, Array("notice: \(oneLine(message))\n".utf8))
    }

    /// Writes all of `bytes`; returns the errno of a failed write (nil when
    /// all was written).
    @discardableResult
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
        bytes.withUnsafeBytes { raw -> Int32? in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    // The reader went away (e.g. `| head`): stop quietly.
                    if errno == EPIPE && fd == 1 { exit(0) }
                    return errno
                }
                if n == 0 { return EIO }
                offset += n
            }
            return nil
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
