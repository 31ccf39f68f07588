import TrackerCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What this user may do with a database file and its folder, said as one
/// line that names the file, the missing permission and the user (exit 77,
/// EX_NOPERM). A database this user may only read is opened read-only.
public enum Permissions {
    /// "user nobody (uid 65534)".
    public static var user: String {
        let uid = geteuid()
        if let pw = getpwuid(uid), let name = pw.pointee.pw_name { return "user \(String(cString: name)) (uid \(uid))" }
        return "uid \(uid)"
    }

    static let advice = "run as its owner or fix the permissions"

    /// Whether this user can create files (SQLite's -wal and -shm) in the
    /// folder of `path`.
    static func folderWritable(_ path: String) -> Bool {
        access(parentFolder(path), W_OK) == 0
    }

    /// Why this user cannot write the database at `path` (the file, its
    /// folder, or the -wal and -shm files beside it), or nil when it can.
    static func check(writing path: String) -> Failure? {
        if access(path, F_OK) == 0, access(path, W_OK) != 0 {
            return denied(errno, writing: path, what: "the file \(path)")
        }
        let folder = parentFolder(path)
        if access(folder, W_OK) != 0 {
            return denied(errno, writing: path, what: "the folder \(folder)")
        }
        for suffix in ["-wal", "-shm"] where access(path + suffix, F_OK) == 0 && access(path + suffix, W_OK) != 0 {
            return denied(errno, writing: path, what: "the file \(path + suffix)")
        }
        return nil
    }

    /// The failure for an `errno` met creating `path` in `folder`, when it
    /// is a matter of permissions.
    static func denied(_ code: Int32, writing path: String, folder: String) -> Failure? {
        denied(code, writing: path, what: "the folder \(folder)")
    }

    private static func denied(_ code: Int32, writing path: String, what: String) -> Failure? {
        switch code {
        case EACCES:
            return Failure(.noPerm, "cannot write \(path): \(what) is not writable by \(user); \(advice)")
        case EPERM:
            // Not a matter of this user's permissions: the file or folder
            // refuses every writer (e.g. chattr +i).
            return Failure(.cantCreate, "cannot write \(path): \(what) refuses writes (it may be marked immutable, see lsattr); choose another --db path or lift the mark")
        case EROFS:
            return Failure(.noPerm, "cannot write \(path): \(what) is on a read-only file system; move the database or remount it writable")
        default:
            return nil
        }
    }

    /// The failure for an `errno` met opening `path` to read it.
    static func denied(_ code: Int32, reading path: String) -> Failure? {
        guard code == EACCES || code == EPERM else { return nil }
        return Failure(.noPerm, "cannot read \(path): the file is not readable by \(user); \(advice)")
    }
}

/// The folder holding `path` ("." for a bare file name).
func parentFolder(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let folder = String(path[..<slash])
    return folder.isEmpty ? "/" : folder
}
