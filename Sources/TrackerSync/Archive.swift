import Migrations
import TrackerCore
import TrackerStore

/// `tracker export` / `tracker import FILE`: the whole database as one JSON
/// document (`ArchiveFormat`), written and read by the store.
public enum Archive {
    /// Writes the whole database as JSON.
    public static func export(_ store: any Store, to out: TextOutput) throws(Failure) {
        try store.exportArchive(to: out)
    }

    /// Reads an export into an empty database, in the caller's transaction.
    /// Returns counts per section.
    public static func importDocument(_ bytes: [UInt8], path: String, into store: any Store) throws(Failure) -> [String: Int] {
        let reader = ArchiveReader(file: path)
        let root: JSONObject
        do {
            guard case .object(let o) = try JSONParser().parse(bytes) else { throw reader.fail("not a tracker export (no object)") }
            root = o
        } catch let e as JSONParseError {
            throw reader.fail("not valid JSON (\(e.message))")
        } catch let f as Failure {
            throw f
        } catch {
            throw reader.fail("unreadable")
        }
        _ = try reader.version(root, newestSchema: Migrations.all.last?.version ?? 0)
        return try store.importArchive(root, file: path)
    }
}
