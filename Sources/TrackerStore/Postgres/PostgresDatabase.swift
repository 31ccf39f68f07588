import PQShim
import TrackerCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One connection to a PostgreSQL tracker database, over libpq loaded on
/// first use. Not shared between threads.
///
/// - Write transactions are SERIALIZABLE and run again (up to
///   `maxAttempts`) when the server reports a serialization failure or a
///   deadlock, or when the connection was lost and comes back: the body is
///   database work only, so running it again is safe.
/// - Read transactions are REPEATABLE READ: one snapshot, never a
///   serialization failure.
/// - `notify` runs under a session advisory lock, so runs on different hosts
///   exclude each other; the server releases it if the holder dies.
/// - Errors carry the server's message and never the bound values or a
///   password.
final class PostgresDatabase: Database {
    let api: UnsafePointer<pqshim_api>
    private(set) var conn: OpaquePointer?
    let connection: PostgresConnectionString
    private(set) var label: String
    private(set) var readOnly = false
    let dialect = SQLDialect.postgres
    /// Rows changed by the last statement (PQcmdTuples).
    var lastChanges = 0
    /// SQLSTATE of the last error, to tell retryable ones apart.
    var lastSQLState: String?
    private var holdsNotifyLock = false
    private var translated: [String: (sql: String, isInsert: Bool)] = [:]

    static let maxAttempts = 8
    /// How long a lost connection is waited for before giving up (ms).
    static let reconnectMilliseconds = 30_000
    /// `pg_advisory_lock(notifyLockClass, hashtext(current_schema()))`:
    /// one notify lock per tracker schema. 0x74726b00 is "trk".
    static let notifyLockClass: Int32 = 0x7472_6B00
    static let migrateLockClass: Int32 = 0x7472_6B01

    init(_ connection: PostgresConnectionString) throws(Failure) {
        var message: UnsafePointer<CChar>?
        guard let api = pqshim_load(&message) else {
            throw Failure(.unavailable, message.map { String(cString: $0) } ?? "libpq could not be loaded")
        }
        self.api = api
        self.connection = connection
        self.label = connection.label
        // A dead address should not hang a cron job for minutes; libpq
        // reads these only when the connection string does not set them.
        setenv("PGCONNECT_TIMEOUT", "10", 0)
        setenv("PGAPPNAME", "tracker", 0)
        try connect()
    }

    deinit {
        if let conn { api.pointee.finish(conn) }
    }

    private func connect() throws(Failure) {
        if let conn { api.pointee.finish(conn) }
        conn = nil
        guard let c = api.pointee.connectdb(connection.conninfo) else {
            throw Failure(.unavailable, "cannot connect to PostgreSQL at \(connection.hostPort): out of memory")
        }
        guard api.pointee.status(c) == CONNECTION_OK else {
            let raw = Self.string(api.pointee.errorMessage(c))
            api.pointee.finish(c)
            throw connectFailure(raw)
        }
        conn = c
        _ = api.pointee.setNoticeProcessor(c, pqshim_quiet_notices, nil)
        // The label names what libpq really reached (defaults applied).
        let host = Self.string(api.pointee.host(c))
        let port = Self.string(api.pointee.port(c))
        let db = Self.string(api.pointee.db(c))
        let user = Self.string(api.pointee.user(c))
        let at = host.hasPrefix("/") ? "local socket \(host) port \(port)" : "\(host):\(port)"
        label = PostgresConnectionString.printable("postgresql://\(user)@\(at)/\(db)")
        // Days and text compare as SQLite does: UTF-8, UTC.
        try execute("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'")
        if try scalarText("SHOW server_encoding") != "UTF8" {
            throw Failure(.config, "database \(label) is not UTF8-encoded; create it with ENCODING 'UTF8' (e.g. createdb -E UTF8 -T template0 tracker)")
        }
        if holdsNotifyLock {
            // The server dropped our lock with the connection. Take it back
            // only if nobody else has meanwhile: never wait on a lock an old
            // session (a network split) may still hold.
            let retaken = try scalarText("SELECT pg_try_advisory_lock(\(Self.notifyLockClass), hashtext(coalesce(current_schema(), '')))")
            guard retaken == "t" else {
                holdsNotifyLock = false
                throw Failure(.temporary, "lost the notify lock while PostgreSQL at \(connection.hostPort) was away, and another tracker holds it now; the next run sends what is left")
            }
        }
    }

    /// A failed connection as a one-line error naming host and port (never
    /// the password), with an exit code that says whether retrying helps.
    private func connectFailure(_ raw: String) -> Failure {
        let firstLine = raw.split(whereSeparator: \.isNewline).map { String($0) }
            .first { !$0.isEmpty } ?? "unknown error"
        let reason = PostgresConnectionString.printable(connection.redact(firstLine))
        let lower = raw.lowercased()
        let place = "PostgreSQL at \(connection.hostPort)"
        if lower.contains("password authentication failed") || lower.contains("no password supplied")
            || lower.contains("authentication failed") || lower.contains("pg_hba.conf") {
            return Failure(.noPerm, "\(place) refused the login: \(Self.tail(reason)); check the user and the password (PGPASSWORD, ~/.pgpass or a service file)")
        }
        if lower.contains("database") && lower.contains("does not exist") {
            return Failure(.noInput, "\(place): \(Self.tail(reason)); create it first (e.g. createdb -E UTF8 tracker) or name another in --db")
        }
        if lower.contains("role") && lower.contains("does not exist") {
            return Failure(.noPerm, "\(place): \(Self.tail(reason)); ask for a role, or name yours in --db (postgresql://USER@host/db)")
        }
        return Failure(.temporary, "cannot connect to \(place): \(Self.tail(reason)); check that the server is running and reachable, then try again")
    }

    /// libpq's "connection to server at ... failed: REASON" without the
    /// address part (the message names it already).
    static func tail(_ line: String) -> String {
        if let r = line[...].range(of: "failed: ") { return String(line[r.upperBound...]) }
        return line
    }

    /// A C string libpq returned (empty for NULL).
    static func string(_ p: UnsafeMutablePointer<CChar>?) -> String {
        p.map { String(cString: $0) } ?? ""
    }

    // MARK: Statements

    func execute(_ sql: String) throws(Failure) {
        let result = try run(sql: sql) { c in api.pointee.exec(c, sql) }
        api.pointee.clear(result)
    }

    /// Runs `body` with the connection, checks the result, and returns it (the caller clears it).
    func run(sql: String, _ body: (OpaquePointer) -> OpaquePointer?) throws(Failure) -> OpaquePointer {
        guard let c = conn else { throw lostConnection(nil) }
        guard let result = body(c) else { throw failure(nil, sql: sql) }
        let status = api.pointee.resultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let error = failure(result, sql: sql)
            api.pointee.clear(result)
            throw error
        }
        lastSQLState = nil
        lastChanges = Int(Self.string(api.pointee.cmdTuples(result))) ?? 0
        return result
    }

    func prepare(_ sql: String) throws(Failure) -> Statement {
        if let t = translated[sql] { return PostgresStatement(database: self, sql: t.sql, isInsert: t.isInsert) }
        var t = PostgresSQL.translate(sql)
        let isInsert = PostgresSQL.isInsertWithoutReturning(t)
        if isInsert { t += " RETURNING *" }
        translated[sql] = (t, isInsert)
        return PostgresStatement(database: self, sql: t, isInsert: isInsert)
    }

    func prepareStreaming(_ sql: String) throws(Failure) -> Statement {
        let st = try prepare(sql)
        (st as? PostgresStatement)?.streams = true
        return st
    }

    var changes: Int { lastChanges }

    /// The `id` the last INSERT returned: every INSERT is sent with
    /// `RETURNING *` (see `prepare`), which costs no extra round trip and
    /// needs no grant on the identity's sequence (`lastval()` would).
    var lastInsertID: Int64 { insertedID }
    var insertedID: Int64 = 0

    // MARK: Errors

    /// The error of `result` (or of the connection) as a `Failure`.
    func failure(_ result: OpaquePointer?, sql: String) -> Failure {
        let state = result.flatMap { r in api.pointee.resultErrorField(r, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } }
        lastSQLState = state
        let rawMessage: String
        if let r = result, let p = api.pointee.resultErrorField(r, Int32(UInt8(ascii: "M"))) {
            rawMessage = String(cString: p)
        } else if let c = conn {
            rawMessage = Self.string(api.pointee.errorMessage(c))
        } else {
            rawMessage = "no connection"
        }
        let message = PostgresConnectionString.printable(connection.redact(
            rawMessage.split(whereSeparator: \.isNewline).first.map(String.init) ?? rawMessage))
        if let c = conn, api.pointee.status(c) != CONNECTION_OK { return lostConnection(message) }
        guard let state else {
            if result == nil && conn != nil {
                // libpq refused to send (e.g. a command still in progress).
                let compact = sql.split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace() }.joined(separator: " ")
                return Failure(.software, "database error: \(message) (in: \(compact.prefix(120)))")
            }
            return lostConnection(message)
        }
        switch state {
        case "40001", "40P01":
            return Failure(.temporary, "database \(label) is busy (another tracker changed the same rows); try again")
        case "42501":
            return Failure(.noPerm, "the PostgreSQL role may not do this in \(label) (\(message)); it has read-only grants: use a role with INSERT, UPDATE and DELETE on tracker's tables (see the README, 'A shared PostgreSQL database')")
        case "25006":
            return Failure(.noPerm, "\(label) accepts no writes (\(message)); point --db at the primary server")
        case "23505":
            return Failure(.data, "the change conflicts with data already in \(label): \(message)")
        case "53100":
            return Failure(.ioError, "cannot write database \(label): the server's disk is full (\(message))")
        case "3F000":
            return Failure(.config, "\(label) has no schema to keep tracker's tables in (\(message)); create one or fix search_path")
        default:
            if state.hasPrefix("23") {
                return Failure(.data, "the change conflicts with data already in \(label): \(message)")
            }
            if state.hasPrefix("08") || state.hasPrefix("57P") {
                return lostConnection(message)
            }
            if state.hasPrefix("53") {
                return Failure(.temporary, "\(label) is out of resources (\(message)); try again")
            }
            let compact = sql.split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace() }.joined(separator: " ")
            return Failure(.software, "database error \(state): \(message)\(compact.isEmpty ? "" : " (in: \(compact.prefix(120)))")")
        }
    }

    private func lostConnection(_ message: String?) -> Failure {
        lastSQLState = "08000"
        let why = message.map { ": \($0)" } ?? ""
        return Failure(.temporary, "lost the connection to PostgreSQL at \(connection.hostPort)\(why); try again")
    }

    /// Whether the last failure is one a rerun of the transaction may cure.
    private var lastFailureIsRetryable: Bool {
        guard let s = lastSQLState else { return false }
        return s == "40001" || s == "40P01" || s.hasPrefix("08") || s.hasPrefix("57P")
    }

    private var connectionLost: Bool {
        guard let c = conn else { return true }
        return api.pointee.status(c) != CONNECTION_OK
    }

    /// Connects again after a lost connection, waiting for the server up
    /// to `reconnectMilliseconds`.
    private func reconnect() throws(Failure) {
        var waited = 0
        var pause = 100
        while true {
            do {
                try connect()
                return
            } catch where error.kind == .temporary && waited < Self.reconnectMilliseconds {
                usleep(useconds_t(pause * 1000))
                waited += pause
                pause = min(pause * 2, 2000)
            }
        }
    }

    // MARK: Transactions

    func writeTransaction<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                if connectionLost { try reconnect() }
                return try writeOnce(body)
            } catch where lastFailureIsRetryable && attempt < Self.maxAttempts {
                if connectionLost { try reconnect() }
                // Back off a little, with jitter, so two writers part.
                usleep(useconds_t(Int.random(in: 5_000...20_000) * attempt))
            }
        }
    }

    /// One attempt. A connection lost during COMMIT leaves the outcome
    /// unknown: the transaction's id, read before, tells after reconnecting
    /// whether it committed, so committed work is never done twice.
    private func writeOnce<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        try execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
        let result: T
        let xid: String?
        do {
            result = try body()
            xid = try scalarText("SELECT txid_current()::text")
        } catch {
            rollBack()
            throw error
        }
        do {
            try execute("COMMIT")
            return result
        } catch {
            let state = lastSQLState
            if connectionLost, let xid, !xid.isEmpty, xid.allSatisfy(\.isNumber) {
                try reconnect()
                if try scalarText("SELECT txid_status(\(xid))") == "committed" { return result }
            }
            if !connectionLost { try? execute("ROLLBACK") }
            lastSQLState = state
            throw error
        }
    }

    /// Rolls back after a failure, keeping the failure's SQLSTATE.
    private func rollBack() {
        let state = lastSQLState
        if !connectionLost { try? execute("ROLLBACK") }
        lastSQLState = state
    }

    func readTransaction<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        if connectionLost { try reconnect() }
        return try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ", body)
    }

    func rolledBackTransaction<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        if connectionLost { try reconnect() }
        try execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
        defer { try? execute("ROLLBACK") }
        return try body()
    }

    /// Migrations: READ COMMITTED under a transaction-scoped advisory lock,
    /// so two trackers creating the schema at once take turns and the second
    /// sees the first one's work.
    func schemaTransaction<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        try transaction("BEGIN", { () throws(Failure) -> T in
            try execute("SELECT pg_advisory_xact_lock(\(Self.migrateLockClass), hashtext(coalesce(current_schema(), '')))")
            return try body()
        })
    }

    private func transaction<T>(_ begin: String, _ body: () throws(Failure) -> T) throws(Failure) -> T {
        try execute(begin)
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            rollBack()
            throw error
        }
    }

    // MARK: The notify lock

    func withNotifyLock<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        if connectionLost { try reconnect() }
        try lockNotify()
        holdsNotifyLock = true
        defer {
            holdsNotifyLock = false
            if !connectionLost {
                try? execute("SELECT pg_advisory_unlock(\(Self.notifyLockClass), hashtext(coalesce(current_schema(), '')))")
            }
        }
        return try body()
    }

    private func lockNotify() throws(Failure) {
        try execute("SELECT pg_advisory_lock(\(Self.notifyLockClass), hashtext(coalesce(current_schema(), '')))")
    }

    // MARK: Grants

    /// Decides whether this role may write, and refuses a write-mode open
    /// when it may not: tables present but no INSERT on them, or no tables
    /// and no right to create them.
    func checkWritable(mode: StoreOpenMode) throws(Failure) {
        let user = label.drop { $0 != "/" }.dropFirst(2).prefix { $0 != "@" }
        let hasTables = try scalarInt("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'fine_tune'") ?? 0
        if hasTables > 0 {
            // Every table, each privilege on its own (has_table_privilege
            // with a list is true when any one of them is held).
            let canWrite = try scalarText("""
                SELECT bool_and(has_table_privilege(c.oid, 'INSERT') AND has_table_privilege(c.oid, 'UPDATE')
                                AND has_table_privilege(c.oid, 'DELETE'))
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND c.relkind = 'r'
                """) == "t"
            readOnly = !canWrite
            if readOnly && mode == .write {
                throw Failure(.noPerm, "role \(user) may only read the tracker database \(label); this command writes: use a role with INSERT, UPDATE and DELETE on tracker's tables (see the README, 'A shared PostgreSQL database')")
            }
            return
        }
        guard mode == .write else {
            throw Failure(.noInput, "no tracker database at \(label) yet; record something first (e.g. 'tracker base add --db ...') or check the database and search_path named")
        }
        let schema = try scalarText("SELECT current_schema()")
        guard let schema else {
            throw Failure(.config, "\(label) has no schema to keep tracker's tables in; create one (CREATE SCHEMA tracker) or fix search_path")
        }
        if try scalarText("SELECT has_schema_privilege(current_schema(), 'CREATE')") != "t" {
            throw Failure(.noPerm, "role \(user) may not create tracker's tables in schema \(schema) of \(label); run the first command as a role with CREATE on it (GRANT CREATE ON SCHEMA \(schema) TO \(user))")
        }
    }
}

/// A statement over libpq: parameters bound as text (with their types),
/// run with PQexecParams on the first `step`, rows read from the result.
final class PostgresStatement: Statement {
    unowned let database: PostgresDatabase
    let sql: String
    /// An INSERT sent with RETURNING *: its rows give `lastInsertID` and
    /// are not rows of the statement.
    let isInsert: Bool
    /// Rows are read one at a time as the server sends them (libpq's
    /// single-row mode), so a long listing is never all in memory.
    var streams = false
    /// True while a streamed query still has results to read.
    private var streaming = false
    private var values: [SQLValue] = []
    private var result: OpaquePointer?
    private var rows: Int32 = 0
    private var row: Int32 = -1
    private var columns: Int32 = 0

    init(database: PostgresDatabase, sql: String, isInsert: Bool) {
        self.database = database
        self.sql = sql
        self.isInsert = isInsert
    }

    deinit {
        reset()
    }

    func bind(_ values: [SQLValue]) throws(Failure) {
        reset()
        self.values = values
    }

    private func reset() {
        if let result { database.api.pointee.clear(result) }
        result = nil
        row = -1
        rows = 0
        if streaming { drain() }
    }

    /// Reads and drops what is left of a streamed query, so the connection
    /// can run the next statement.
    private func drain() {
        streaming = false
        guard let c = database.conn else { return }
        while let r = database.api.pointee.getResult(c) { database.api.pointee.clear(r) }
    }

    func step() throws(Failure) -> Bool {
        if streams { return try stepStreaming() }
        if result == nil { try executeNow() }
        row += 1
        if row < rows { return true }
        // Done: a later step without bind runs the statement again, as SQLite's does.
        reset()
        return false
    }

    /// One row per call, in single-row mode.
    private func stepStreaming() throws(Failure) -> Bool {
        let api = database.api
        if !streaming {
            if result != nil {
                // Done: a later step without bind runs the query again.
                reset()
                return false
            }
            try sendNow()
        }
        if let r = result { api.pointee.clear(r); result = nil }
        guard let c = database.conn, let r = api.pointee.getResult(c) else {
            // The rows stopped without the final result: libpq dropped them
            // (the connection failed, or another statement ran meanwhile).
            streaming = false
            throw database.failure(nil, sql: sql)
        }
        switch api.pointee.resultStatus(r) {
        case PGRES_SINGLE_TUPLE:
            result = r
            rows = 1
            row = 0
            columns = api.pointee.nfields(r)
            return true
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK:
            api.pointee.clear(r)
            drain()
            rows = 0
            row = -1
            return false
        default:
            let error = database.failure(r, sql: sql)
            api.pointee.clear(r)
            drain()
            throw error
        }
    }

    /// Sends the query without waiting for its rows.
    private func sendNow() throws(Failure) {
        let api = database.api
        guard let c = database.conn else { throw database.failure(nil, sql: sql) }
        let (texts, types, lengths) = try Self.parameters(values)
        let count = Int32(values.count)
        let sent = try texts.withUnsafePointers { pointers throws(Failure) -> Int32 in
            api.pointee.sendQueryParams(c, sql, count, types, pointers, lengths, nil, 0)
        }
        guard sent == 1 else { throw database.failure(nil, sql: sql) }
        _ = api.pointee.setSingleRowMode(c)
        streaming = true
    }

    /// Each value as text with its type (int8, text, or unknown for NULL)
    /// and its length. A NUL inside text cannot travel as a C string: it is
    /// refused rather than stored shortened.
    static func parameters(_ values: [SQLValue]) throws(Failure) -> (texts: [[CChar]], types: [UInt32], lengths: [Int32]) {
        for case .text(let s) in values where s.utf8.contains(0) {
            throw Failure(.data, "text with a NUL character cannot be stored in PostgreSQL; remove it")
        }
        var texts: [[CChar]] = []
        var types: [UInt32] = []
        for v in values {
            switch v {
            case .int(let i): texts.append(Array(String(i).utf8CString)); types.append(20) // int8
            case .text(let s): texts.append(Array(s.utf8CString)); types.append(25) // text
            case .null: texts.append([]); types.append(0)
            }
        }
        return (texts, types, texts.map { Int32(max(0, $0.count - 1)) })
    }

    private func executeNow() throws(Failure) {
        let api = database.api
        let (texts, types, lengths) = try Self.parameters(values)
        let count = Int32(values.count)
        let r = try texts.withUnsafePointers { pointers throws(Failure) in
            try database.run(sql: sql) { c in
                api.pointee.execParams(c, sql, count, types, pointers, lengths, nil, 0)
            }
        }
        result = r
        rows = api.pointee.ntuples(r)
        columns = api.pointee.nfields(r)
        row = -1
        if isInsert {
            if rows > 0, let id = (0..<columns).first(where: { PostgresDatabase.string(api.pointee.fname(r, $0)) == "id" }) {
                row = rows - 1
                database.insertedID = int(id)
            }
            // As SQLite's: an INSERT yields no rows.
            rows = 0
            row = -1
        }
    }

    func isNull(_ i: Int32) -> Bool {
        guard let result else { return true }
        return database.api.pointee.getisnull(result, row, i) != 0
    }

    func int(_ i: Int32) -> Int64 {
        guard let b = bytes(i), let first = b.first else { return 0 }
        if b.count == 1 && first == UInt8(ascii: "t") { return 1 } // a boolean
        if b.count == 1 && first == UInt8(ascii: "f") { return 0 }
        // Digits, accumulated negatively so Int64.min fits; stops at a
        // decimal point (numeric) and saturates instead of overflowing.
        var value: Int64 = 0
        var negative = false
        for (k, c) in b.enumerated() {
            if k == 0 && c == UInt8(ascii: "-") { negative = true; continue }
            guard c >= 0x30 && c <= 0x39 else { break }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (d, o2) = m.subtractingReportingOverflow(Int64(c - 0x30))
            if o1 || o2 { return negative ? .min : .max }
            value = d
        }
        if negative { return value }
        return value == .min ? .max : -value
    }

    func text(_ i: Int32) -> String {
        guard let b = bytes(i) else { return "" }
        return String(decoding: b, as: UTF8.self)
    }

    var columnCount: Int32 { columns }

    func value(_ i: Int32) -> SQLValue {
        guard let result, !isNull(i) else { return .null }
        switch database.api.pointee.ftype(result, i) {
        case 20, 21, 23, 16: return .int(int(i)) // int8, int2, int4, bool
        default: return .text(text(i))
        }
    }

    func bytes(_ i: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let result, row >= 0, row < rows else { return nil }
        let api = database.api
        if api.pointee.getisnull(result, row, i) != 0 { return nil }
        guard let p = api.pointee.getvalue(result, row, i) else { return nil }
        let n = Int(api.pointee.getlength(result, row, i))
        return UnsafeRawPointer(p).withMemoryRebound(to: UInt8.self, capacity: n) { UnsafeBufferPointer(start: $0, count: n) }
    }
}

extension Array where Element == [CChar] {
    /// Calls `body` with a C array of pointers to each element (NULL for an
    /// empty element: a NULL parameter).
    func withUnsafePointers<R>(_ body: ([UnsafePointer<CChar>?]) throws(Failure) -> R) throws(Failure) -> R {
        var pointers: [UnsafePointer<CChar>?] = []
        pointers.reserveCapacity(count)
        var storage: [UnsafeMutablePointer<CChar>] = []
        defer { storage.forEach { $0.deallocate() } }
        for element in self {
            if element.isEmpty { pointers.append(nil); continue }
            let p = UnsafeMutablePointer<CChar>.allocate(capacity: element.count)
            p.initialize(from: element, count: element.count)
            storage.append(p)
            pointers.append(UnsafePointer(p))
        }
        return try body(pointers)
    }
}
