/// An error the user can act on: a one-line message that names the problem
/// and the fix, and the sysexits code the process exits with.
public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
    /// sysexits(3) categories used by tracker; the README lists them.
    public enum Kind: Int32, Sendable {
        /// 64: the command line is wrong (unknown option, malformed value).
        case usage = 64
        /// 65: the data is wrong: unknown or duplicate name, conflicting facts,
        /// a database written by a newer tracker.
        case data = 65
        /// 66: an input (database or file) does not exist.
        case noInput = 66
        /// 69: a remote service is unavailable.
        case unavailable = 69
        /// 70: an internal error (a bug): please report it.
        case software = 70
        /// 73: a file or folder cannot be created.
        case cantCreate = 73
        /// 74: reading or writing a file failed.
        case ioError = 74
        /// 75: temporary failure (database busy, retry later).
        case temporary = 75
        /// 77: permission denied (a file or folder this user cannot write).
        case noPerm = 77
        /// 78: configuration error.
        case config = 78
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    public static func usage(_ m: String) -> Failure { Failure(.usage, m) }
    public static func data(_ m: String) -> Failure { Failure(.data, m) }
}

extension FieldError {
    /// A refused field is a usage error.
    public var failure: Failure { .usage(message) }
}
