import CSQLite
import TrackerCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One SQLite connection. Not shared between threads.
///
/// Connections run with foreign keys on, a busy timeout, and WAL journaling
/// (set once migrations may write). Every failing call becomes a `Failure`
/// that carries SQLite's message and the SQL text, never the bound values.
final class SQLiteDatabase: Database {
    /// The connection; swapped for an in-memory copy while a read-only
    /// store runs a rolled-back transaction (`withScratchCopy`).
    private(set) var handle: OpaquePointer
    /// True when the connection cannot write (a database this user may
    /// only read, see `Permissions`).
    let readOnly: Bool
    let path: String
    var label: String { path }
    let dialect = SQLDialect.sqlite
    /// The presence lock on the file (see `FileGuard`); closed after the
    /// connection.
    let fileGuard: FileGuard
    /// True when this connection created the file.
    let createdFile: Bool
    /// Folders made for the file, deepest first (removed with it when a
    /// failed first command leaves it unused).
    let createdFolders: [String]
    /// How long a writer waits for another writer before giving up (ms).
    static let busyTimeoutMilliseconds: Int32 = 5000

    /// Opens `path`. With `create`, a missing file (and its folders) is made,
    /// the file with mode 0600; without it, a missing file is `noInput`.
    init(path: String, create: Bool, readOnly: Bool = false) throws(Failure) {
        self.path = path
        self.readOnly = readOnly
        // Open the file and hold its presence lock before SQLite opens it;
        // start over if a failed first command removed it meanwhile.
        var guardian: FileGuard?
        var created = false
        var folders: [String] = []
        for _ in 0..<100 {
            if access(path, F_OK) != 0 {
                guard create, !readOnly else {
                    throw Failure(.noInput, "no database at \(path); record something first (e.g. 'tracker base add') or pass --db PATH to an existing one")
                }
                (created, folders) = try SQLiteDatabase.createFile(at: path)
            }
            if let g = try FileGuard.acquire(path) {
                guardian = g
                break
            }
            created = false
        }
        guard let guardian else {
            throw Failure(.temporary, "database \(path) keeps disappearing while it is opened; try again")
        }
        fileGuard = guardian
        createdFile = created
        createdFolders = created ? folders : []
        if !create {
            var info = stat()
            if fstat(guardian.fd, &info) == 0 && info.st_size == 0 {
                throw Failure(.noInput, "\(path) is an empty file, not a tracker database; record something first (e.g. 'tracker base add') or pass --db with a tracker database")
            }
        }
        var db: OpaquePointer?
        // https://www.sqlite.org/c3ref/open.html
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        // A WAL database needs its -shm and -wal files beside it, and a
        // reader that cannot create them in the folder cannot open it
        // (https://www.sqlite.org/wal.html#readonly); one that can would
        // leave them behind owned by itself, which the owner may then not be
        // able to write. So a read-only connection with no -wal beside the
        // file (the last connection checkpoints and removes it, so every
        // committed change is in the file itself) opens it as immutable: no
        // locks, no -shm, no -wal. https://www.sqlite.org/uri.html#uriimmutable
        let immutable = readOnly && access(path + "-wal", F_OK) != 0
        let target = immutable ? "file:\(SQLiteDatabase.uriPath(path))?immutable=1" : SQLiteDatabase.uriPath(path, plain: true)
        let rc = sqlite3_open_v2(target, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db) // closes even when open failed
            throw Failure(.cantCreate, "cannot open database \(path): \(message)")
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        // https://www.sqlite.org/c3ref/busy_timeout.html
        sqlite3_busy_timeout(db, SQLiteDatabase.busyTimeoutMilliseconds)
        try NameKeyFunction.register(db)
        try execute("PRAGMA foreign_keys = ON")
        // Checks the file really is a database before anything else runs. A
        // folder or disk that refuses writes is said as such, not as "not a
        // database".
        do {
            _ = try scalarInt("SELECT count(*) FROM sqlite_schema")
        } catch where error.kind == .data {
            throw Failure(.data, "\(path) is not a tracker database (\(error.message)); pass --db with the right file")
        }
    }

    deinit {
        // https://www.sqlite.org/c3ref/close.html
        sqlite3_close_v2(handle)
        // fileGuard is released after this body: the connection closes first.
    }

    /// `path` for a `file:` URI (`%`, `?` and `#` escaped), or, with `plain`,
    /// a path SQLite does not take for a URI (a relative one starting with
    /// "file:" gets "./").
    static func uriPath(_ path: String, plain: Bool = false) -> String {
        if plain { return path.hasPrefix("file:") ? "./" + path : path }
        var out = ""
        for c in path.unicodeScalars {
            switch c {
            case "%": out += "%25"
            case "?": out += "%3f"
            case "#": out += "%23"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Runs `body` against an in-memory copy of the database, in a
    /// transaction that is rolled back: how a store this user may only read
    /// computes what a change would do (e.g. `tracker alerts`) without
    /// storing anything. https://www.sqlite.org/backup.html
    func withScratchCopy<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        var memory: OpaquePointer?
        guard sqlite3_open_v2(":memory:", &memory, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK,
              let memory else {
            sqlite3_close_v2(memory)
            throw Failure(.software, "cannot open an in-memory copy of \(path)")
        }
        defer { sqlite3_close_v2(memory) }
        guard let backup = sqlite3_backup_init(memory, "main", handle, "main") else {
            throw Failure(.software, "cannot copy \(path) into memory: \(String(cString: sqlite3_errmsg(memory)))")
        }
        let rc = sqlite3_backup_step(backup, -1)
        sqlite3_backup_finish(backup)
        guard rc == SQLITE_DONE else { throw failure(rc, sql: "backup") }
        try NameKeyFunction.register(memory)
        let original = handle
        handle = memory
        defer { handle = original }
        try execute("PRAGMA foreign_keys = ON")
        return try rolledBackTransaction(body)
    }

    /// Creates parent folders (0700) and an empty file with mode 0600, so the
    /// database never exists with wider permissions.
    static func createFile(at path: String) throws(Failure) -> (created: Bool, folders: [String]) {
        var folders: [String] = []
        var parent = path
        while let slash = parent.lastIndex(of: "/") {
            parent = String(parent[..<slash])
            if parent.isEmpty || access(parent, F_OK) == 0 { break }
            folders.append(parent)
        }
        for folder in folders.reversed() where mkdir(folder, 0o700) != 0 && errno != EEXIST {
            if let denied = Permissions.denied(errno, writing: folder, folder: parentFolder(folder)) { throw denied }
            throw Failure(.cantCreate, "cannot create folder \(folder): \(String(cString: strerror(errno))); choose another --db path")
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if fd < 0 {
            // Another tracker made it first, or removed a folder it had
            // made for a failed command: the caller looks again.
            if errno == EEXIST || errno == ENOENT { return (false, []) }
            if let denied = Permissions.denied(errno, writing: path, folder: parentFolder(path)) { throw denied }
            throw Failure(.cantCreate, "cannot create database \(path): \(String(cString: strerror(errno))); choose another --db path")
        }
        fchmod(fd, 0o600) // umask cannot widen, but be explicit
        close(fd)
        return (true, folders)
    }

    /// Whether the file system holding `path` has no free space left.
    static func diskIsFull(_ path: String) -> Bool {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        var info = statvfs()
        guard statvfs(folder.isEmpty ? "/" : folder, &info) == 0 else { return false }
        return info.f_bavail == 0
    }

    /// The message of the connection's last error.
    var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }

    func failure(_ rc: Int32, sql: String) -> Failure {
        let primary = rc & 0xFF
        let message = lastMessage
        if primary == SQLITE_BUSY || primary == SQLITE_LOCKED {
            return Failure(.temporary, "database \(path) is busy (another tracker is writing); try again")
        }
        if primary == SQLITE_READONLY, let denied = Permissions.check(writing: path) {
            return denied
        }
        if primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN || primary == SQLITE_PERM {
            return Failure(.cantCreate, "cannot write database \(path): \(message)")
        }
        if primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT {
            return Failure(.data, "\(path) is not a usable tracker database: \(message)")
        }
        if primary == SQLITE_CONSTRAINT {
            return Failure(.data, "the change conflicts with data already in \(path): \(message)")
        }
        if primary == SQLITE_FULL || primary == SQLITE_IOERR {
            let full = SQLiteDatabase.diskIsFull(path) ? "; the disk is full: free some space and try again" : ""
            return Failure(.ioError, "cannot write database \(path): \(message)\(full)")
        }
        let compact = sql.split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace() }.joined(separator: " ")
        return Failure(.software, "database error \(rc): \(message) (in: \(compact.prefix(120)))")
    }

    /// Runs SQL text that may hold several statements and no parameters.
    /// https://www.sqlite.org/c3ref/exec.html
    func execute(_ sql: String) throws(Failure) {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw failure(rc, sql: sql) }
    }

    /// Compiles one statement.
    func prepare(_ sql: String) throws(Failure) -> Statement {
        try SQLiteStatement(database: self, sql: sql)
    }

    /// SQLite steps through its rows already.
    func prepareStreaming(_ sql: String) throws(Failure) -> Statement {
        try prepare(sql)
    }

    /// Rows changed by the last statement.
    var changes: Int { Int(sqlite3_changes(handle)) }

    var lastInsertID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Runs `body` in one IMMEDIATE transaction: it takes the write lock up
    /// front (waiting up to the busy timeout), and rolls back on any error, so
    /// nothing is ever half-written.
    func writeTransaction<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        try transaction("BEGIN IMMEDIATE", body)
    }

    /// IMMEDIATE takes SQLite's one write lock: migrations take turns.
    func schemaTransaction<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        try writeTransaction(body)
    }

    /// Runs `body` in one read transaction, so every query sees one snapshot.
    func readTransaction<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        try transaction("BEGIN DEFERRED", body)
    }

    /// Runs `body` in a write transaction that is always rolled back: to
    /// show what a change would do without making it.
    func rolledBackTransaction<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        try execute("BEGIN IMMEDIATE")
        defer { try? execute("ROLLBACK") }
        return try body()
    }

    private func transaction<T>(_ begin: String, _ body: () throws(Failure) -> T) throws(Failure) -> T {
        try execute(begin)
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}
