import Foundation
import Testing
import TrackerCore
import TrackerTestKit
@testable import TrackerStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Shared fixtures for the store tests: a fresh folder per test, fixed days,
// and small builders for bases and generations.

/// Runs `body` with a new empty folder under the system temporary folder and
/// removes the folder afterwards, whatever happens.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("tracker-store-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    return try body(dir)
}

/// A database path inside `dir`.
func databasePath(in dir: URL, _ name: String = "tracker.db") -> String {
    dir.appendingPathComponent(name).path
}

/// A fixed day, written as ISO text for readability.
func day(_ iso: String) -> Day {
    guard let d = Day(iso: iso) else { fatalError("bad test day \(iso)") }
    return d
}

let day1 = day("2025-01-15")
let day2 = day("2025-03-01")
let day3 = day("2025-06-30")

/// A base version ready for `insertBase` (its id is assigned by the store).
func makeBase(_ ref: String, modelID: String? = nil, released: String? = nil, deprecation: Deprecation = .none,
              shutdown: String? = nil, successorID: Int64? = nil) -> BaseVersion {
    guard let r = BaseRef(ref) else { fatalError("bad test ref \(ref)") }
    return BaseVersion(id: 0, ref: r, modelID: modelID ?? r.defaultModelID, released: released.map(day),
                       deprecation: deprecation, shutdown: shutdown.map(day), successorID: successorID)
}

/// The facts of one training run on `baseID`.
func makeGeneration(base baseID: Int64, trained: Day = day1, modelID: String? = "ft:gpt-4o:acme::abc",
                    costMinor: Int64 = 120_050, eval: EvalResult? = EvalResult(passed: 8, total: 10)) -> NewGeneration {
    NewGeneration(modelID: modelID, baseID: baseID, trained: trained,
                  cost: Money(minorUnits: costMinor, currency: "USD"), tokens: 1_000_000, examples: 500,
                  datasetRef: "s3://acme/support.jsonl", datasetSHA256: String(repeating: "ab", count: 32), eval: eval)
}

/// The first integer of the first row of `sql` on the store's connection
/// (either backend: the query is written in the SQL both share).
func count(_ store: any Store, _ sql: String, _ values: [SQLValue] = []) throws -> Int64 {
    let sql_ = try #require(store as? SQLStore, "raw SQL checks need the SQL store")
    return try sql_.database.scalarInt(sql, values) ?? -1
}

/// A store backend the suite runs against: its name, where a new empty
/// database goes, and how to open it. Every test about the store's
/// behaviour takes one (`@Test(arguments: StoreBackend.all)`).
struct StoreBackend: Sendable, CustomStringConvertible {
    let description: String
    let dialect: SQLDialect
    /// Where a new, empty database goes: a file in `dir`, or a fresh schema
    /// on the throwaway PostgreSQL server `make test` starts (fails, never
    /// skips, without it).
    let newLocation: @Sendable (URL) throws -> String

    static let all: [StoreBackend] = [sqlite, postgres]

    static let sqlite = StoreBackend(description: "sqlite", dialect: .sqlite) { dir in databasePath(in: dir) }

    static let postgres = StoreBackend(description: "postgres", dialect: .postgres) { _ in
        try PostgresTestServer.freshDatabase().uri
    }

    /// A fresh, migrated store in a new database.
    func open(_ dir: URL, _ today: Day) throws -> any Store {
        try open(at: newLocation(dir), .write, today)
    }

    /// Another connection to the store at `location` (a second tracker).
    func open(at location: String, _ mode: StoreOpenMode, _ today: Day) throws -> SQLStore {
        try SQLStore.open(location, mode: mode, today: today, environment: ProcessInfo.processInfo.environment)
    }

    /// A bare connection to `location`: no schema check, no migrations.
    func connect(_ location: String) throws -> Database {
        if let server = try PostgresConnectionString(location, environment: ProcessInfo.processInfo.environment) {
            return try PostgresDatabase(server)
        }
        return try SQLiteDatabase(path: location, create: true)
    }
}

/// The number of tables named `name` in the connection's own schema.
func tableExists(_ db: Database, _ name: String) throws -> Bool {
    let sql = db.dialect == .sqlite
        ? "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?"
        : "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?"
    return try db.scalarInt(sql, [.text(name)]) == 1
}

/// All values of the first text column of `sql`.
func texts(_ database: Database, _ sql: String) throws -> [String] {
    let st = try database.prepare(sql)
    var out: [String] = []
    while try st.step() { out.append(st.text(0)) }
    return out
}

/// The permission bits of a file or folder (e.g. 0o600).
func permissions(_ path: String) -> mode_t? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return info.st_mode & 0o777
}

/// The exact bytes of a file, or nil when it does not exist.
func contents(_ path: String) -> Data? {
    FileManager.default.contents(atPath: path)
}

func exists(_ path: String) -> Bool {
    FileManager.default.fileExists(atPath: path)
}

/// SQLite's file header byte 18 (write version): 1 = rollback journal, 2 = WAL.
/// Read straight from the file so checking it changes nothing.
func headerJournalByte(_ path: String) -> UInt8? {
    guard let data = contents(path), data.count >= 100 else { return nil }
    return data[data.startIndex + 18]
}

/// Runs `body`, expecting it to throw a `Failure`, and returns that failure.
@discardableResult
func expectFailure(_ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation,
                   _ body: () throws -> Void) -> Failure? {
    do {
        try body()
        Issue.record("expected a Failure, nothing was thrown. \(comment.map { "\($0)" } ?? "")", sourceLocation: sourceLocation)
        return nil
    } catch let failure as Failure {
        return failure
    } catch {
        Issue.record("expected a Failure, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// A reference shared across threads in concurrency tests; each connection
/// inside is only ever used by one thread at a time.
final class Shared<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// A thread-safe list of what went wrong on other threads.
final class Problems: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}

/// The store's whole export, as `tracker export` writes it.
func export(_ store: any Store) throws -> String {
    let out = CollectedText()
    try store.read { () throws(Failure) in try store.exportArchive(to: out.output) }
    out.output.flush()
    return out.text
}

/// An export parsed back to its top-level object.
func parse(_ text: String) throws -> JSONObject {
    guard case .object(let root) = try JSONParser().parse(Array(text.utf8)) else { throw Failure.data("not an object") }
    return root
}
