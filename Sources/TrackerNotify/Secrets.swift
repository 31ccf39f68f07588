import TrackerCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a secret (webhook URL, SMTP password, signing secret) is read from
/// at send time. The value is never stored, printed or logged; errors name
/// the variable or file, never the value.
public enum SecretSource: Sendable, Equatable, CustomStringConvertible {
    case environment(String)
    case file(String)

    public var description: String {
        switch self {
        case .environment(let name): return "$\(name)"
        case .file(let path): return path
        }
    }

    /// Reads the secret, trimmed of surrounding whitespace.
    public func read(for what: String) throws(Failure) -> String {
        switch self {
        case .environment(let name):
            guard let p = getenv(name) else {
                throw Failure(.config, "\(what): environment variable \(name) is not set; export it in the environment tracker runs in (for cron, in the crontab or service file)")
            }
            let value = String(cString: p).trimmingWhitespace()
            guard !value.isEmpty else { throw Failure(.config, "\(what): environment variable \(name) is empty; set it to the secret") }
            return value
        case .file(let path):
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else {
                let reason = String(cString: strerror(errno))
                throw Failure(.config, "\(what): cannot read secret file \(path) (\(reason)); check the path and its permissions")
            }
            defer { close(fd) }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 4096) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw Failure(.config, "\(what): cannot read secret file \(path) (\(String(cString: strerror(errno)))); check the file")
                }
                if n == 0 { break }
                bytes += buffer[0..<n]
                if bytes.count > 65536 { throw Failure(.config, "\(what): secret file \(path) is larger than 64 KiB; it should hold only the secret") }
            }
            let value = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
            guard !value.isEmpty else { throw Failure(.config, "\(what): secret file \(path) is empty; put the secret in it") }
            return value
        }
    }
}
