import TrackerCore
import TrackerStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole file, refusing anything larger than `limit` bytes so
/// memory stays bounded.
public func readFile(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
        let reason = String(cString: strerror(errno))
        throw Failure(.noInput, "cannot read \(path): \(reason); check the path")
    }
    defer { close(fd) }
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

    public static func parse(_ bytes: [UInt8], location: String) throws(Failure) -> (entries: [CatalogEntry], skipped: Int) {
        let json: JSONValue
        do {
            json = try JSONParser().parse(bytes)
        } catch {
            throw Failure(.data, "\(location) is not valid JSON (\(error.message)); nothing was changed")
        }
        do {
            let parsed = try CatalogParser.parse(json)
            return (parsed.entries, parsed.skipped.count)
        } catch {
            throw Failure(.data, "\(location) is not a LiteLLM catalog (\(error.message)); nothing was changed")
        }
    }
}

extension Store {
    /// Inserts or updates catalog rows; returns (new, changed) counts.
    public func upsertCatalog(_ entries: [CatalogEntry], source: String, today: Day) throws(Failure) -> (new: Int, changed: Int) {
        var existing: [String: (Int64?, Int64?, String?, String)] = [:]
        let st = try database.prepare("SELECT catalog_key, input_micro_per_mtok, output_micro_per_mtok, shutdown, mode FROM catalog_model")
        while try st.step() { existing[st.text(0)] = (st.optionalInt(1), st.optionalInt(2), st.optionalText(3), st.text(4)) }
        let upsert = try database.prepare("""
            INSERT INTO catalog_model (provider, model_id, catalog_key, mode, fine_tuned, input_micro_per_mtok,
                                       output_micro_per_mtok, shutdown, source, read_on)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (catalog_key) DO UPDATE SET
                provider = excluded.provider, model_id = excluded.model_id, mode = excluded.mode,
                fine_tuned = excluded.fine_tuned, input_micro_per_mtok = excluded.input_micro_per_mtok,
                output_micro_per_mtok = excluded.output_micro_per_mtok, shutdown = excluded.shutdown,
                source = excluded.source, read_on = excluded.read_on
            """)
        var new = 0, changed = 0
        for e in entries {
            let model = e.fineTunedBase ?? e.modelID
            if let old = existing[e.key] {
                if old.0 == e.inputMicroUSDPerMTok && old.1 == e.outputMicroUSDPerMTok
                    && old.2 == e.shutdown?.description && old.3 == e.mode { continue }
                changed += 1
            } else {
                new += 1
            }
            try upsert.bind([.text(e.provider), .text(model), .text(e.key), .text(e.mode), .int(e.fineTunedBase == nil ? 0 : 1),
                             e.inputMicroUSDPerMTok.map { .int($0) } ?? .null, e.outputMicroUSDPerMTok.map { .int($0) } ?? .null,
                             .day(e.shutdown), .text(source), .day(today)])
            while try upsert.step() {}
        }
        return (new, changed)
    }

    /// Catalog shutdown dates for base versions already recorded, matched by
    /// provider and model id.
    public func catalogFacts(_ entries: [CatalogEntry]) throws(Failure) -> [SourceFacts] {
        var byModel: [String: [BaseVersion]] = [:]
        for b in try allBases() { byModel[b.modelID, default: []].append(b) }
        var out: [SourceFacts] = []
        for e in entries where e.fineTunedBase == nil {
            guard let shutdown = e.shutdown, let bases = byModel[e.modelID] else { continue }
            for b in bases where b.ref.provider == e.provider {
                out.append(SourceFacts(ref: b.ref, modelID: b.modelID, released: nil, deprecated: nil, shutdown: shutdown))
            }
        }
        return out
    }
}
