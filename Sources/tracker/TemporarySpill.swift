import TrackerCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An unlinked temporary file (in $TMPDIR, else /tmp) that a large due list
/// spills to: it takes disk (page cache), not the process's memory, and
/// vanishes when the process ends, however it ends. Made on the first
/// write, so lists that fit in memory never touch the disk; when it cannot
/// be made, the due list scans the database again instead.
final class TemporarySpill: DueSpill {
    private var file: UnsafeMutablePointer<FILE>?
    private let folder = Console.environment("TMPDIR") ?? "/tmp"

    deinit { if let file { fclose(file) } }

    private func failure(_ doing: String) -> Failure {
        Failure(.ioError, "cannot \(doing) the due list's temporary file in \(folder): \(String(cString: strerror(errno))); free some space or set TMPDIR")
    }

    private func open() throws(Failure) -> UnsafeMutablePointer<FILE> {
        if let file { return file }
        var template = Array((folder + "/tracker-due-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure("create") }
        _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
        guard let f = fdopen(fd, "w+") else {
            close(fd)
            throw failure("open")
        }
        file = f
        return f
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
        guard bytes.count > 0 else { return }
        let f = try open()
        guard fwrite(bytes.baseAddress, 1, bytes.count, f) == bytes.count else { throw failure("write") }
    }

    func rewind() throws(Failure) {
        guard let file else { return }
        guard fflush(file) == 0, fseek(file, 0, SEEK_SET) == 0 else { throw failure("read") }
    }

    func read(_ buffer: UnsafeMutableRawBufferPointer) throws(Failure) -> Bool {
        guard let file else { return false }
        guard buffer.count > 0 else { return true }
        let n = fread(buffer.baseAddress, 1, buffer.count, file)
        if n == buffer.count { return true }
        if ferror(file) != 0 { throw failure("read") }
        return false
    }
}
