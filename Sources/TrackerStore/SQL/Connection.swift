import TrackerCore

/// A value to bind to a `?` parameter.
enum SQLValue: Sendable, Equatable {
    case int(Int64)
    case text(String)
    case null

    static func text(_ s: String?) -> SQLValue { s.map { .text($0) } ?? .null }
    static func int(_ i: Int?) -> SQLValue { i.map { .int(Int64($0)) } ?? .null }
    static func integer(_ i: Int64?) -> SQLValue { i.map { .int($0) } ?? .null }
    static func day(_ d: Day?) -> SQLValue { d.map { .text($0.description) } ?? .null }
}

/// Which SQL a connection speaks. The store's queries are written once, in
/// the subset both understand; a connection translates the rest (parameter
/// markers, `COLLATE NOCASE`), and the few statements that differ ask here.
enum SQLDialect: Sendable {
    case sqlite
    case postgres
}

/// One connection to a tracker database: SQLite (`SQLiteDatabase`) or
/// PostgreSQL (`PostgresDatabase`). Not shared between threads. Every
/// failing call becomes a `Failure` carrying the server's message and the SQL
/// text, never the bound values.
protocol Database: AnyObject {
    /// Where the data lives, safe to show: a file path, or a server address
    /// with any password removed.
    var label: String { get }
    /// True when this connection may not write.
    var readOnly: Bool { get }
    var dialect: SQLDialect { get }
    /// Runs SQL text that may hold several statements and no parameters.
    func execute(_ sql: String) throws(Failure)
    /// Compiles one statement with `?` or `?N` parameters.
    func prepare(_ sql: String) throws(Failure) -> Statement
    /// The same, for a long listing read row by row while the caller runs
    /// no other statement until it is done (`due`, `list`): a server
    /// backend streams its rows instead of holding them all in memory.
    func prepareStreaming(_ sql: String) throws(Failure) -> Statement
    /// Rows changed by the last statement.
    var changes: Int { get }
    /// The id given to the row the last INSERT made.
    var lastInsertID: Int64 { get }
    /// Runs `body` in one write transaction; an error rolls everything back.
    func writeTransaction<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T
    /// Runs `body` in one read transaction, so every query sees one snapshot.
    func readTransaction<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T
    /// Runs `body` in a write transaction that is always rolled back.
    func rolledBackTransaction<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T
    /// Runs one migration step: a transaction that two trackers creating
    /// the schema at once take in turn, the second seeing the first's work.
    func schemaTransaction<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T
}

extension Database {
    /// Runs one statement with bound values and returns the first column of
    /// its first row as an integer (nil when no row or NULL).
    func scalarInt(_ sql: String, _ values: [SQLValue] = []) throws(Failure) -> Int64? {
        let st = try prepare(sql)
        try st.bind(values)
        guard try st.step() else { return nil }
        return st.optionalInt(0)
    }

    /// The first column of the first row as text (nil when no row or NULL).
    func scalarText(_ sql: String, _ values: [SQLValue] = []) throws(Failure) -> String? {
        let st = try prepare(sql)
        try st.bind(values)
        guard try st.step() else { return nil }
        return st.optionalText(0)
    }

    /// Runs one statement with bound values, ignoring rows.
    func run(_ sql: String, _ values: [SQLValue] = []) throws(Failure) {
        let st = try prepare(sql)
        try st.bind(values)
        while try st.step() {}
    }
}

/// A compiled statement and, after `step`, its current row.
protocol Statement: AnyObject {
    /// Binds values to parameters 1...n, after resetting the statement.
    func bind(_ values: [SQLValue]) throws(Failure)
    /// Advances to the next row; false when done.
    func step() throws(Failure) -> Bool
    func isNull(_ i: Int32) -> Bool
    func int(_ i: Int32) -> Int64
    func text(_ i: Int32) -> String
    /// The number of result columns.
    var columnCount: Int32 { get }
    /// A column as a bindable value (integers, text, NULL).
    func value(_ i: Int32) -> SQLValue
    /// The raw UTF-8 bytes of a text column, valid until the next step; nil when NULL.
    func bytes(_ i: Int32) -> UnsafeBufferPointer<UInt8>?
}

extension Statement {
    func optionalInt(_ i: Int32) -> Int64? { isNull(i) ? nil : int(i) }
    func optionalText(_ i: Int32) -> String? { isNull(i) ? nil : text(i) }
    /// An ISO day column; nil when NULL or not a day.
    func day(_ i: Int32) -> Day? {
        guard let b = bytes(i) else { return nil }
        return Day(isoBytes: b)
    }
}
