import TrackerCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock on a file beside the database, held until
/// this object is released. The kernel releases it when the holder exits
/// or is killed, so a killed run never blocks the next one.
final class FileLock {
    let fd: Int32

    init(path: String) throws(Failure) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw Failure(.cantCreate, "cannot create lock file \(path): \(String(cString: strerror(errno)))")
        }
        // https://man7.org/linux/man-pages/man2/flock.2.html
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            close(fd)
            throw Failure(.ioError, "cannot lock \(path): \(String(cString: strerror(errno)))")
        }
        self.fd = fd
    }

    deinit { close(fd) }
}
