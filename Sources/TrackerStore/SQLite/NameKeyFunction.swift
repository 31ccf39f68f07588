import CSQLite
import TrackerCore

/// `tracker_name_key(text)`: TrackerCore's `NameKey` as an SQL function, so
/// SQL can fold names the way Swift does (SQLite's `lower()` and `NOCASE`
/// know ASCII only). Migration 005 fills the `name_key` columns with it and
/// the owner and task filters compare with it. NULL gives NULL.
enum NameKeyFunction {
    static let name = "tracker_name_key"

    /// Registers the function on a connection.
    /// https://www.sqlite.org/c3ref/create_function.html
    static func register(_ db: OpaquePointer) throws(Failure) {
        let rc = sqlite3_create_function_v2(
            db, name, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil,
            { context, count, values in
                guard count == 1, let values, let value = values[0], sqlite3_value_type(value) != SQLITE_NULL,
                      let text = sqlite3_value_text(value) else {
                    sqlite3_result_null(context)
                    return
                }
                let bytes = UnsafeBufferPointer(start: text, count: Int(sqlite3_value_bytes(value)))
                var key = NameKey.of(String(decoding: bytes, as: UTF8.self))
                key.withUTF8 { k in
                    sqlite3_result_text(context, k.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                                        Int32(k.count), tracker_sqlite_transient())
                }
            },
            nil, nil, nil)
        guard rc == SQLITE_OK else {
            throw Failure(.software, "cannot register the SQL function \(name) (SQLite code \(rc))")
        }
    }
}
