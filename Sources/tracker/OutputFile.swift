import TrackerCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--out FILE`: a command's output written to a temporary file beside FILE,
/// synced, and renamed over FILE only when all of it was written, so a
/// failure (a full disk, a kill) never leaves a truncated FILE.
final class AtomicOutputFile {
    let path: String
    private let temporaryPath: String
    private let fd: Int32
    private var failure: Int32?
    private var finished = false
    private(set) lazy var output = TextOutput { [unowned self] bytes in
        guard self.failure == nil else { return }
        self.failure = Console.writeAll(self.fd, bytes)
    }

    init(_ path: String) throws(Failure) {
        guard !path.isEmpty else { throw Failure.usage("--out needs a file path") }
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            throw Failure.usage("--out \(path) is a folder; give the path of a file to write")
        }
        self.path = path
        var template = Array((path + ".tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw Failure(.cantCreate, "cannot create \(path): \(String(cString: strerror(errno))); choose another --out path")
        }
        self.fd = fd
        temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        fchmod(fd, 0o600) // an export may hold names people consider private
    }

    /// Puts the file in place, or removes the temporary file and fails (74).
    func commit() throws(Failure) {
        output.flush()
        finished = true
        if failure == nil && fsync(fd) != 0 { failure = errno }
        if close(fd) != 0 && failure == nil { failure = errno }
        if failure == nil && rename(temporaryPath, path) != 0 { failure = errno }
        if let code = failure {
            unlink(temporaryPath)
            throw Failure(.ioError, "cannot write \(path): \(String(cString: strerror(code))); nothing was written there, check the disk and run the command again")
        }
    }

    deinit {
        // Not committed (the command failed): nothing appears at `path`.
        if !finished {
            close(fd)
            unlink(temporaryPath)
        }
    }
}
