import TrackerCore
import TrackerStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole file, refusing anything larger than `limit` bytes so
/// memory stays bounded.
public func readFile(_ file: String, limit: Int) throws(Failure) -> [UInt8] {
    // "-" is standard input, as everywhere a command reads a file.
    let standardInput = file == "-"
    let path = standardInput ? "standard input" : file
    let fd = standardInput ? 0 : open(file, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
        let reason = String(cString: strerror(errno))
        throw Failure(.noInput, "cannot read \(path): \(reason); check the path")
    }
    defer { if !standardInput { close(fd) } }
    var st = stat()
    if fstat(fd, &st) == 0, Int(st.st_size) > limit {
        throw Failure(.data, "\(path) is \(Int(st.st_size) / 1024 / 1024) MiB, more than the \(limit / 1024 / 1024) MiB a \(path.hasSuffix(".json") ? "JSON file" : "file") may be here; refusing to read it")
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(max(0, Int(st.st_size)))
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, 1 << 16) }
        if n < 0 {
            if errno == EINTR { continue }
            throw Failure(.ioError, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        if n == 0 { break }
        bytes += chunk[0..<n]
        if bytes.count > limit { throw Failure(.data, "\(path) is larger than \(limit / 1024 / 1024) MiB; refusing to read it") }
    }
    return bytes
}

/// Loads LiteLLM's model catalog (a file or a URL).
public enum CatalogSync {
    /// The largest catalog accepted (the real one is about 3.5 MB).
    public static let maxBytes = 64 * 1024 * 1024

    public static func load(_ location: String) throws(Failure) -> [UInt8] {
        if location.hasPrefix("http://") || location.hasPrefix("https://") {
            var fetcher = Fetcher(service: "the catalog server", keyVariable: nil, headers: [])
            fetcher.maxBytes = maxBytes
            return try fetcher.get(location)
        }
        return try readFile(location, limit: maxBytes)
    }

    /// The chat and completion entries, the entries skipped quietly (other
    /// modes, malformed) with why, and the entries refused for strings that
    /// break `IDRule` (shown as warnings).
    public static func parse(_ bytes: [UInt8], location: String) throws(Failure)
        -> (entries: [CatalogEntry], skipped: [(key: String, reason: String)], refused: [Refusal]) {
        let json: JSONValue
        do {
            json = try JSONParser().parse(bytes)
        } catch {
            throw Failure(.data, "\(location) is not valid JSON (\(error.message)); nothing was changed")
        }
        do {
            let parsed = try CatalogParser.parse(json)
            return (parsed.entries, parsed.skipped, parsed.refused)
        } catch {
            throw Failure(.data, "\(location) is not a LiteLLM catalog (\(error.message)); nothing was changed")
        }
    }

    /// The shutdown dates the catalog gives for recorded bases, one key per
    /// model (`CatalogParser.shutdownSources`), and the key conflicts that
    /// are news: those whose keys' dates differ from what the catalog rows
    /// held before this run. A conflict already seen is not reported again,
    /// so the same catalog twice reports nothing.
    public static func shutdownFacts(_ entries: [CatalogEntry], in store: any Store) throws(Failure)
        -> (facts: [SourceFacts], conflicts: [CatalogConflict]) {
        let (chosen, conflicts) = CatalogParser.shutdownSources(entries)
        let facts = try store.catalogFacts(chosen)
        let keys = conflicts.flatMap { $0.entries.map(\.key) }
        guard !keys.isEmpty else { return (facts, []) }
        let stored = try store.catalogShutdowns(keys: keys)
        let news = conflicts.filter { c in c.entries.contains { e in stored[e.key] != .some(e.shutdown) } }
        return (facts, news)
    }
}
