import CSQLite
import TrackerCore

/// A compiled statement. It owns its handle and finalizes it in `deinit`.
final class SQLiteStatement: Statement {
    let handle: OpaquePointer
    let database: SQLiteDatabase
    let sql: String

    init(database: SQLiteDatabase, sql: String) throws(Failure) {
        var st: OpaquePointer?
        // https://www.sqlite.org/c3ref/prepare.html
        let rc = sqlite3_prepare_v2(database.handle, sql, -1, &st, nil)
        guard rc == SQLITE_OK, let st else { throw database.failure(rc, sql: sql) }
        self.handle = st
        self.database = database
        self.sql = sql
    }

    deinit {
        // https://www.sqlite.org/c3ref/finalize.html
        sqlite3_finalize(handle)
    }

    /// Binds values to parameters 1...n, after resetting the statement.
    /// https://www.sqlite.org/c3ref/bind_blob.html
    func bind(_ values: [SQLValue]) throws(Failure) {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch value {
            case .int(let v): rc = sqlite3_bind_int64(handle, index, v)
            case .text(let s): rc = bindText(s, at: index)
            case .null: rc = sqlite3_bind_null(handle, index)
            }
            guard rc == SQLITE_OK else { throw database.failure(rc, sql: sql) }
        }
    }

    /// Binds text with its explicit UTF-8 length, so every byte is stored:
    /// passed as a C string, a NUL would end it early and silently store
    /// `gpt-4o` for `gpt-4o\0evil`.
    /// https://www.sqlite.org/c3ref/bind_blob.html
    private func bindText(_ text: String, at index: Int32) -> Int32 {
        var text = text
        return text.withUTF8 { bytes -> Int32 in
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                // An empty string is empty text, never NULL.
                return sqlite3_bind_text(handle, index, "", 0, tracker_sqlite_transient())
            }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text64(handle, index, $0, sqlite3_uint64(bytes.count), tracker_sqlite_transient(), UInt8(SQLITE_UTF8))
            }
        }
    }

    /// Advances to the next row; false when done.
    /// https://www.sqlite.org/c3ref/step.html
    func step() throws(Failure) -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw database.failure(rc, sql: sql)
    }

    // https://www.sqlite.org/c3ref/column_blob.html
    func isNull(_ i: Int32) -> Bool { sqlite3_column_type(handle, i) == SQLITE_NULL }

    func int(_ i: Int32) -> Int64 { sqlite3_column_int64(handle, i) }


    func text(_ i: Int32) -> String {
        guard let p = sqlite3_column_text(handle, i) else { return "" }
        let n = Int(sqlite3_column_bytes(handle, i))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }


    /// The number of result columns.
    var columnCount: Int32 { sqlite3_column_count(handle) }


    /// A column as a bindable value (integers, text, NULL).
    func value(_ i: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, i) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .int(int(i))
        default: return .text(text(i))
        }
    }

    /// The raw UTF-8 bytes of a text column, valid until the next step; nil when NULL.
    func bytes(_ i: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let p = sqlite3_column_text(handle, i) else { return nil }
        return UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, i)))
    }

}
