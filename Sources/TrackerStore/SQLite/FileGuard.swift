import CSQLite
import TrackerCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file description of the database file itself, for the locks
/// that must follow the file whatever path names it (a symlink, a hard
/// link, `./` or an absolute path all lock the same bytes):
///
/// - every tracker that opens the database holds a shared lock on the
///   presence byte for as long as it runs, so a failed first command can
///   tell, under an exclusive lock, that nobody else has the file open
///   before it removes it;
/// - `tracker notify` holds an exclusive lock on the notify byte, so two
///   runs never deliver the same digest.
///
/// The locks are open-file-description byte locks far past SQLite's own
/// lock bytes (https://www.sqlite.org/lockingv3.html), so they never meet.
/// The kernel drops them when the process exits or is killed. The
/// descriptor is closed only after the SQLite connection (closing any
/// descriptor of a file drops the process's POSIX locks on it).
final class FileGuard {
    let fd: Int32
    let path: String
    static let presenceByte: Int64 = 0x7FFF_FFFF_0000_0000
    static let notifyByte: Int64 = presenceByte + 1

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    /// Opens `path` and takes the shared presence lock. Returns nil when,
    /// once the lock is held, the path no longer names the file opened (a
    /// failed first command removed it meanwhile): the caller starts over.
    static func acquire(_ path: String) throws(Failure) -> FileGuard? {
        var fd = open(path, O_RDWR | O_CLOEXEC)
        if fd < 0 && (errno == EACCES || errno == EROFS || errno == EPERM) { fd = open(path, O_RDONLY | O_CLOEXEC) }
        if fd < 0 {
            if errno == ENOENT { return nil }
            if let denied = Permissions.denied(errno, reading: path) { throw denied }
            throw Failure(.cantCreate, "cannot open database \(path): \(String(cString: strerror(errno)))")
        }
        let guardian = FileGuard(fd: fd, path: path)
        let rc = tracker_byte_lock(fd, presenceByte, tracker_lock_read(), 1)
        if rc != 0 && rc != ENOTSUP {
            throw Failure(.ioError, "cannot lock database \(path): \(String(cString: strerror(rc)))")
        }
        var opened = stat(), named = stat()
        guard fstat(fd, &opened) == 0, stat(path, &named) == 0,
              opened.st_dev == named.st_dev, opened.st_ino == named.st_ino else { return nil }
        // SQLite names its WAL after the path: two hard links to one
        // database would give it two WALs and corrupt it.
        // https://www.sqlite.org/howtocorrupt.html#_multiple_links_to_the_same_file
        if opened.st_nlink > 1 {
            throw Failure(.config, "database \(path) has \(opened.st_nlink) hard links, and SQLite cannot share one database between several names; keep one name (a symbolic link to it is fine) and remove the other links")
        }
        return guardian
    }

    /// Tries to turn the shared presence lock into an exclusive one without
    /// waiting: true when no other process has the database open.
    func tryExclusive() -> Bool {
        tracker_byte_lock(fd, FileGuard.presenceByte, tracker_lock_write(), 0) == 0
    }

    /// Turns an exclusive presence lock back into a shared one.
    func releaseExclusive() {
        _ = tracker_byte_lock(fd, FileGuard.presenceByte, tracker_lock_read(), 0)
    }

    /// Runs `body` holding the exclusive notify lock, waiting for it.
    func withNotifyLock<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        let rc = tracker_byte_lock(fd, FileGuard.notifyByte, tracker_lock_write(), 1)
        if rc == EBADF {
            throw Permissions.check(writing: path)
                ?? Failure(.noPerm, "cannot write \(path): the file is not writable by \(Permissions.user); \(Permissions.advice)")
        }
        if rc != 0 && rc != ENOTSUP {
            throw Failure(.ioError, "cannot lock database \(path) for notify: \(String(cString: strerror(rc)))")
        }
        defer { _ = tracker_byte_lock(fd, FileGuard.notifyByte, tracker_lock_unlock(), 0) }
        return try body()
    }
}
