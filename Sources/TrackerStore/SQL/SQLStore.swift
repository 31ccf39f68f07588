import TrackerCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The store over SQL: every query of `Store`, written once, run by a
/// connection to one of the two backends. `SQLiteDatabase` (one file, the
/// default) and `PostgresDatabase` (a shared server, for teams) each bring
/// their connection, transactions, locks, errors and migrations; the few
/// statements whose dialect differs ask `database.dialect`.
public final class SQLStore: Store {
    let database: Database
    /// The SQLite file, when that is the backend.
    let sqliteFile: SQLiteDatabase?
    /// The PostgreSQL connection, when that is the backend.
    let postgres: PostgresDatabase?

    /// Where the data lives: the file, or the server address without a password.
    public var location: String { database.label }

    /// True when a PostgreSQL role may only read tracker's tables (a
    /// SQLite file's permissions are checked before opening it).
    public var isReadOnly: Bool { postgres?.readOnly ?? false }

    /// Opens and prepares the SQLite database at `path`.
    public init(path: String, mode: StoreOpenMode, today: Day) throws(Failure) {
        // A write that is not permitted is refused up front (exit 77); a
        // database this user may only read is opened read-only.
        let exists = access(path, F_OK) == 0
        let denied = exists ? Permissions.check(writing: path) : nil
        if mode == .write, let denied { throw denied }
        let file = try SQLiteDatabase(path: path, create: mode == .write, readOnly: denied != nil)
        self.database = file
        self.sqliteFile = file
        self.postgres = nil
        do {
            try prepare(mode: mode, today: today)
        } catch {
            // A file this run created and could not set up is not left behind.
            SQLStore.removeIfCreatedAndUnused(file)
            throw error
        }
    }

    /// Connects to the PostgreSQL database `connection` names and prepares it.
    public init(postgres connection: PostgresConnectionString, mode: StoreOpenMode, today: Day) throws(Failure) {
        let server = try PostgresDatabase(connection)
        self.database = server
        self.sqliteFile = nil
        self.postgres = server
        try server.checkWritable(mode: mode)
        try prepare(mode: mode, today: today)
    }

    private func prepare(mode: StoreOpenMode, today: Day) throws(Failure) {
        let migrator = Migrator(database: database)
        if mode == .inspect {
            _ = try migrator.status() // refuses a newer schema
            return
        }
        // One snapshot: another tracker may be creating the schema meanwhile.
        let applied = try database.readTransaction { () throws(Failure) in
            let applied = try migrator.applied()
            try migrator.refuseNewer(applied)
            return applied
        }
        if database.readOnly {
            let known = Set(applied.map(\.version))
            let pending = migrator.migrations.filter { !known.contains($0.version) }.count
            if pending > 0 {
                if postgres != nil {
                    throw Failure(.noPerm, "database \(database.label) must be upgraded by this tracker before it can be read, and this role may only read it; run 'tracker migrate' with a role that may create tables there")
                }
                throw Failure(.noPerm, "database \(database.label) must be upgraded by this tracker before it can be read, and \(Permissions.user) cannot write it; run 'tracker migrate --db \(database.label)' as its owner")
            }
            return
        }
        if let file = sqliteFile {
            // WAL lets readers run beside a writer; it is a property of the
            // file, set only after the schema check so a refused file stays
            // untouched. https://www.sqlite.org/wal.html
            try SQLStore.enableWAL(file)
            // In WAL mode NORMAL is safe against corruption and skips an
            // fsync per commit. https://www.sqlite.org/pragma.html#pragma_synchronous
            try file.run("PRAGMA synchronous = NORMAL")
        }
        migrationsAppliedAtOpen = try migrator.migrate(today: today, applied: applied)
            .map { MigrationStatus(version: $0.version, name: $0.name, appliedOn: today.description) }
    }

    public private(set) var migrationsAppliedAtOpen: [MigrationStatus] = []

    public func migrationStatus() throws(Failure) -> [MigrationStatus] {
        try Migrator(database: database).status()
    }

    public func isEmpty() throws(Failure) -> Bool {
        try database.scalarInt(SQLStore.userRowsSQL) == 0
    }

    /// Counts every row of the user's (bases, fine-tunes, channels, alerts, catalog, budgets, tasks).
    static let userRowsSQL = """
        SELECT (SELECT count(*) FROM base_version) + (SELECT count(*) FROM fine_tune) + (SELECT count(*) FROM channel)
             + (SELECT count(*) FROM alert) + (SELECT count(*) FROM catalog_model) + (SELECT count(*) FROM budget)
             + (SELECT count(*) FROM task)
        """

    /// True when opening this store created its file (never for a server).
    public var createdFile: Bool { sqliteFile?.createdFile ?? false }

    /// After a failed first command: removes the file this store created
    /// (and its WAL files) when it holds nothing of the user's and no other
    /// tracker has it open, decided under the exclusive presence lock, so a
    /// file another process is writing is never removed. Returns whether it
    /// was removed.
    @discardableResult
    public func removeIfCreatedAndUnused() -> Bool {
        guard let sqliteFile else { return false }
        return SQLStore.removeIfCreatedAndUnused(sqliteFile)
    }

    @discardableResult
    static func removeIfCreatedAndUnused(_ database: SQLiteDatabase) -> Bool {
        guard database.createdFile, database.fileGuard.tryExclusive() else { return false }
        do {
            guard try database.scalarInt(userRowsSQL) == 0 else {
                database.fileGuard.releaseExclusive()
                return false
            }
        } catch {
            // No tracker tables yet (or the disk refused to make them): the
            // file holds nothing of the user's.
            guard [.software, .ioError, .cantCreate].contains(error.kind) else {
                database.fileGuard.releaseExclusive()
                return false
            }
        }
        for suffix in ["", "-wal", "-shm"] { unlink(database.path + suffix) }
        for folder in database.createdFolders { rmdir(folder) } // only empty folders go
        return true
    }

    /// SQLite: a byte lock on the database file itself (`FileGuard`): every
    /// path that names the file takes the same lock, and the kernel releases
    /// it when the holder exits or is killed. PostgreSQL: a session advisory
    /// lock, so runs on different hosts exclude each other; the server
    /// releases it when the holder's connection ends.
    public func withNotifyLock<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        if let postgres { return try postgres.withNotifyLock(body) }
        guard let sqliteFile else { return try body() }
        return try sqliteFile.fileGuard.withNotifyLock(body)
    }

    /// Switches a new database to WAL. The switch needs the file to itself
    /// and SQLite does not wait for that (no busy handler), so a second
    /// tracker creating the same file at the same moment retries briefly.
    static func enableWAL(_ database: SQLiteDatabase) throws(Failure) {
        if try database.scalarText("PRAGMA journal_mode")?.lowercased() == "wal" { return }
        var waited = 0
        while true {
            do {
                try database.run("PRAGMA journal_mode = WAL")
                return
            } catch where error.kind == .temporary && waited < Int(SQLiteDatabase.busyTimeoutMilliseconds) {
                usleep(10_000)
                waited += 10
            }
        }
    }

    public func write<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        try database.writeTransaction(body)
    }

    public func read<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        try database.readTransaction(body)
    }

    public func rolledBack<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        // A file this user may only read: the change is tried on an
        // in-memory copy. (A read-only PostgreSQL role cannot: the server
        // refuses the writes, and the error says so.)
        if database.readOnly, let sqliteFile { return try sqliteFile.withScratchCopy(body) }
        return try database.rolledBackTransaction(body)
    }

    // MARK: Base versions

    static let baseColumns = """
        id, provider, family, version, model_id, released, deprecated, deprecated_undated, shutdown, successor_id, \
        listed_by, gone_on, shutdown_disputed, shutdown_disputed_source, shutdown_disputed_by, shutdown_disputed_on
        """

    static func base(from st: Statement) -> BaseVersion {
        let deprecation: Deprecation
        if let d = st.day(6) { deprecation = .on(d) } else if st.int(7) != 0 { deprecation = .undated } else { deprecation = .none }
        var disputed: DisputedDate?
        if let d = st.day(12), let source = st.optionalText(13), let by = st.optionalText(14), let since = st.day(15) {
            disputed = DisputedDate(day: d, source: DateSource(source), disputedBy: DateSource(by), since: since)
        }
        return BaseVersion(
            id: st.int(0),
            ref: BaseRef(provider: st.text(1), family: st.text(2), version: st.text(3)),
            modelID: st.text(4), released: st.day(5), deprecation: deprecation,
            shutdown: st.day(8), successorID: st.optionalInt(9), goneOn: st.day(11),
            listedBy: st.optionalText(10).map { DateSource($0) }, disputedShutdown: disputed)
    }

    public func allBases() throws(Failure) -> [BaseVersion] {
        let st = try database.prepare("SELECT \(SQLStore.baseColumns) FROM base_version")
        var out: [BaseVersion] = []
        while try st.step() { out.append(SQLStore.base(from: st)) }
        return out
    }

    public func base(_ ref: BaseRef) throws(Failure) -> BaseVersion? {
        let st = try database.prepare(
            "SELECT \(SQLStore.baseColumns) FROM base_version WHERE provider = ? AND family = ? AND version = ?")
        try st.bind([.text(ref.provider), .text(ref.family), .text(ref.version)])
        return try st.step() ? SQLStore.base(from: st) : nil
    }

    public func base(id: Int64) throws(Failure) -> BaseVersion? {
        let st = try database.prepare("SELECT \(SQLStore.baseColumns) FROM base_version WHERE id = ?")
        try st.bind([.int(id)])
        return try st.step() ? SQLStore.base(from: st) : nil
    }

    /// Versions whose provider model id is `modelID` (optionally `provider/modelID`).
    public func bases(modelID: String) throws(Failure) -> [BaseVersion] {
        let st = try database.prepare(
            "SELECT \(SQLStore.baseColumns) FROM base_version WHERE model_id = ? OR provider || '/' || model_id = ? ORDER BY released DESC, id DESC")
        try st.bind([.text(modelID), .text(modelID)])
        var out: [BaseVersion] = []
        while try st.step() { out.append(SQLStore.base(from: st)) }
        return out
    }

    /// Stores a new base version and records its initial facts in the history.
    public func insertBase(_ b: BaseVersion, source: DateSource, today: Day) throws(Failure) -> Int64 {
        if try base(b.ref) != nil {
            throw Failure.data("base \(b.ref) already exists; change its dates with 'tracker base set \(b.ref) ...'")
        }
        try database.run("""
                INSERT INTO base_version (provider, family, version, model_id, released, deprecated,
                                          deprecated_undated, shutdown, successor_id, created_on,
                                          released_source, deprecated_source, shutdown_source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(b.ref.provider), .text(b.ref.family), .text(b.ref.version), .text(b.modelID),
                      .day(b.released), .day(b.deprecation.day), .int(b.deprecation == .undated ? 1 : 0),
                      .day(b.shutdown), b.successorID.map { .int($0) } ?? .null, .day(today),
                      .text(b.released == nil ? nil : source.name), .text(b.deprecation == .none ? nil : source.name),
                      .text(b.shutdown == nil ? nil : source.name)])
        let id = database.lastInsertID
        if let r = b.released { try recordChange(base: id, .released, value: r.description, undated: false, source: source, today: today) }
        switch b.deprecation {
        case .none: break
        case .undated: try recordChange(base: id, .deprecated, value: nil, undated: true, source: source, today: today)
        case .on(let d): try recordChange(base: id, .deprecated, value: d.description, undated: false, source: source, today: today)
        }
        if let s = b.shutdown { try recordChange(base: id, .shutdown, value: s.description, undated: false, source: source, today: today) }
        if let s = b.successorID, let succ = try base(id: s) {
            try recordChange(base: id, .successor, value: succ.ref.description, undated: false, source: source, today: today)
        }
        return id
    }

    /// Writes changed lifecycle facts of a base and records each change.
    /// Returns the fields that really changed.
    @discardableResult
    public func updateBase(from old: BaseVersion, to new: BaseVersion, source: DateSource, today: Day) throws(Failure) -> [DateChange.Field] {
        var changed: [DateChange.Field] = []
        if old.released != new.released {
            try recordChange(base: old.id, .released, value: new.released?.description, undated: false, source: source, today: today)
            changed.append(.released)
        }
        if old.deprecation != new.deprecation {
            try recordChange(base: old.id, .deprecated, value: new.deprecation.day?.description,
                             undated: new.deprecation == .undated, source: source, today: today)
            changed.append(.deprecated)
        }
        if old.shutdown != new.shutdown {
            try recordChange(base: old.id, .shutdown, value: new.shutdown?.description, undated: false, source: source, today: today)
            changed.append(.shutdown)
        }
        if old.successorID != new.successorID {
            let ref = try new.successorID.flatMap { (id: Int64) throws(Failure) in try base(id: id)?.ref.description }
            try recordChange(base: old.id, .successor, value: ref, undated: false, source: source, today: today)
            changed.append(.successor)
        }
        // A shutdown date set by hand ends a dispute (manual wins over everything).
        if changed.contains(.shutdown), let d = old.disputedShutdown {
            try endDispute(base: old.id, d, restore: false, today: today)
        }
        if !changed.isEmpty || old.modelID != new.modelID {
            try database.run("""
                UPDATE base_version SET model_id = ?, released = ?, deprecated = ?, deprecated_undated = ?,
                                        shutdown = ?, successor_id = ?
                WHERE id = ?
                """, [.text(new.modelID), .day(new.released), .day(new.deprecation.day),
                      .int(new.deprecation == .undated ? 1 : 0), .day(new.shutdown),
                      new.successorID.map { .int($0) } ?? .null, .int(old.id)])
            for field in changed where field != .successor {
                try database.run("UPDATE base_version SET \(field.rawValue)_source = ? WHERE id = ?",
                                 [.text(source.name), .int(old.id)])
            }
        }
        return changed
    }

    func recordChange(base: Int64, _ field: DateChange.Field, value: String?, undated: Bool, source: DateSource, today: Day,
                      applied: Bool = true) throws(Failure) {
        try database.run("""
            INSERT INTO base_date_change (base_id, field, value, undated, source, recorded_on, applied)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.int(base), .text(field.rawValue), .text(value), .int(undated ? 1 : 0), .text(source.name), .day(today),
                  .int(applied ? 1 : 0)])
    }

    /// Every recorded change of a base, oldest first.
    public func history(base: Int64) throws(Failure) -> [DateChange] {
        let st = try database.prepare(
            "SELECT field, value, undated, source, recorded_on, applied FROM base_date_change WHERE base_id = ? ORDER BY id")
        try st.bind([.int(base)])
        var out: [DateChange] = []
        while try st.step() {
            out.append(DateChange(field: DateChange.Field(rawValue: st.text(0)) ?? .released, value: st.optionalText(1),
                                  undated: st.int(2) != 0, source: st.text(3), recordedOn: st.text(4),
                                  applied: st.int(5) != 0))
        }
        return out
    }

    /// Number of generations (of any fine-tune) trained on a base.
    public func generationCount(base: Int64) throws(Failure) -> Int {
        Int(try database.scalarInt("SELECT count(*) FROM generation WHERE base_id = ?", [.int(base)]) ?? 0)
    }

    // MARK: Fine-tunes

    static let fineTuneColumns = """
        id, name, task, owner, retrain_every, created_on, retired_on, retire_reason, \
        calls_per_month, tokens_in, tokens_out, retrain_cost_minor, retrain_cost_currency
        """

    static func fineTune(from st: Statement) -> FineTune {
        FineTune(id: st.int(0), name: st.text(1), task: st.optionalText(2), owner: st.optionalText(3),
                 retrainEvery: RetrainPolicy(st.text(4)) ?? .default, createdOn: st.day(5) ?? Day(ordinal: 0),
                 retiredOn: st.day(6), retireReason: st.optionalText(7),
                 volume: volume(from: st, at: 8), retrainCost: money(from: st, at: 11))
    }

    /// Calls per month, tokens in, tokens out from three columns starting at `i`.
    static func volume(from st: Statement, at i: Int32) -> Volume {
        Volume(callsPerMonth: st.optionalInt(i), tokensIn: st.optionalInt(i + 1), tokensOut: st.optionalInt(i + 2))
    }

    /// Minor units and currency from two columns starting at `i`; nil when either is NULL.
    static func money(from st: Statement, at i: Int32) -> Money? {
        guard let minor = st.optionalInt(i), let currency = st.optionalText(i + 1) else { return nil }
        return Money(minorUnits: minor, currency: currency)
    }

    /// The fine-tune called `name`: the one spelled exactly so, else the one
    /// whose key (`NameKey`, full Unicode case folding) is the name's. The
    /// exact spelling comes first so that rows whose names collided when
    /// keys were introduced (migration 005 left them without a key) stay
    /// reachable.
    public func fineTune(named name: String) throws(Failure) -> FineTune? {
        // `name` has the column's NOCASE collation: the index finds ASCII
        // case variants, and the exact bytes are picked here.
        let exact = try database.prepare("SELECT \(SQLStore.fineTuneColumns) FROM fine_tune WHERE name = ?")
        try exact.bind([.text(name)])
        while try exact.step() {
            let row = SQLStore.fineTune(from: exact)
            if row.name.utf8.elementsEqual(name.utf8) { return row }
        }
        let st = try database.prepare("SELECT \(SQLStore.fineTuneColumns) FROM fine_tune WHERE name_key = ?")
        try st.bind([.text(NameKey.of(name))])
        return try st.step() ? SQLStore.fineTune(from: st) : nil
    }

    public func allFineTuneNames() throws(Failure) -> [String] {
        let st = try database.prepare("SELECT name FROM fine_tune")
        var out: [String] = []
        while try st.step() { out.append(st.text(0)) }
        return out
    }

    /// Stores a new fine-tune with its first generation.
    public func insertFineTune(name: String, task: String?, owner: String?, retrainEvery: RetrainPolicy,
                               volume: Volume, retrainCost: Money?, first: NewGeneration, today: Day) throws(Failure) -> Int64 {
        if let existing = try fineTune(named: name) {
            throw Failure.data("fine-tune '\(existing.name)' already exists; record a new training run with 'tracker retrain \(existing.name) ...' or choose another name")
        }
        try database.run("""
            INSERT INTO fine_tune (name, name_key, task, owner, retrain_every, created_on, calls_per_month, tokens_in,
                                   tokens_out, retrain_cost_minor, retrain_cost_currency)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(name), .text(NameKey.of(name)), .text(task), .text(owner), .text(retrainEvery.description), .day(today),
                  .integer(volume.callsPerMonth), .integer(volume.tokensIn), .integer(volume.tokensOut),
                  .integer(retrainCost?.minorUnits), .text(retrainCost?.currency)])
        let id = database.lastInsertID
        try insertGeneration(fineTune: id, number: 1, first, today: today)
        return id
    }

    public func insertGeneration(fineTune: Int64, number: Int, _ g: NewGeneration, today: Day) throws(Failure) {
        try database.run("""
            INSERT INTO generation (fine_tune_id, number, model_id, base_id, trained_on, cost_minor, currency,
                                    trained_tokens, examples, dataset_ref, dataset_sha256, eval_passed, eval_total,
                                    recorded_on, job_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.int(fineTune), .int(Int64(number)), .text(g.modelID), .int(g.baseID), .day(g.trained),
                  .int(g.cost.minorUnits), .text(g.cost.currency), g.tokens.map { .int($0) } ?? .null,
                  g.examples.map { .int($0) } ?? .null, .text(g.datasetRef), .text(g.datasetSHA256),
                  .null, .null, .day(today), .text(g.jobID)])
        // The eval columns are no longer written: an eval is a row of its own.
        if let e = g.eval { try insertGenerationEval(generation: database.lastInsertID, e, day: g.trained, today: today) }
    }

    public func generation(fineTunedModel: String) throws(Failure) -> RecordedGeneration? {
        let st = try database.prepare("""
            SELECT g.id, f.name, g.number, g.job_id FROM generation g JOIN fine_tune f ON f.id = g.fine_tune_id
            WHERE g.model_id = ? ORDER BY g.id LIMIT 1
            """)
        try st.bind([.text(fineTunedModel)])
        guard try st.step() else { return nil }
        return RecordedGeneration(id: st.int(0), fineTune: st.text(1), number: Int(st.int(2)), jobID: st.optionalText(3))
    }

    public func setJobID(generation: Int64, _ jobID: String) throws(Failure) {
        try database.run("UPDATE generation SET job_id = ? WHERE id = ?", [.text(jobID), .int(generation)])
    }

    public func trainPrice(base: Int64) throws(Failure) -> TrainPrice? {
        let st = try database.prepare("""
            SELECT train_price_minor, train_price_currency, train_price_source, train_price_read_on
            FROM base_version WHERE id = ?
            """)
        try st.bind([.int(base)])
        guard try st.step(), let minor = st.optionalInt(0), let currency = st.optionalText(1) else { return nil }
        return TrainPrice(perMillion: Money(minorUnits: minor, currency: currency), source: st.optionalText(2) ?? "manual",
                          readOn: st.day(3))
    }

    public func setTrainPrice(base: Int64, _ price: TrainPrice?) throws(Failure) {
        try database.run("""
            UPDATE base_version SET train_price_minor = ?, train_price_currency = ?, train_price_source = ?,
                                    train_price_read_on = ? WHERE id = ?
            """, [price.map { .int($0.perMillion.minorUnits) } ?? .null, .text(price?.perMillion.currency),
                  .text(price?.source), .day(price?.readOn), .int(base)])
    }

    /// Whether a generation was already imported from this provider job.
    public func hasGeneration(jobID: String) throws(Failure) -> Bool {
        try database.scalarInt("SELECT count(*) FROM generation WHERE job_id = ?", [.text(jobID)]) ?? 0 > 0
    }

    /// The lineage of a fine-tune, first generation first.
    public func generations(of fineTune: Int64) throws(Failure) -> [Generation] {
        let st = try database.prepare("""
            SELECT g.id, g.number, g.model_id, g.base_id, g.trained_on, g.cost_minor, g.currency, g.trained_tokens, g.examples,
                   g.dataset_ref, g.dataset_sha256, le.passed, le.total, g.recorded_on
            FROM generation g LEFT JOIN latest_eval le ON le.generation_id = g.id
            WHERE g.fine_tune_id = ? ORDER BY g.number
            """)
        try st.bind([.int(fineTune)])
        var out: [Generation] = []
        while try st.step() {
            let eval = st.optionalInt(11).flatMap { p in st.optionalInt(12).flatMap { EvalResult(passed: Int(p), total: Int($0)) } }
            let facts = NewGeneration(
                modelID: st.optionalText(2), baseID: st.int(3), trained: st.day(4) ?? Day(ordinal: 0),
                cost: Money(minorUnits: st.int(5), currency: st.text(6)), tokens: st.optionalInt(7),
                examples: st.optionalInt(8), datasetRef: st.optionalText(9), datasetSHA256: st.optionalText(10), eval: eval)
            out.append(Generation(id: st.int(0), number: Int(st.int(1)), facts: facts, recordedOn: st.day(13) ?? Day(ordinal: 0)))
        }
        return out
    }

    public func retire(fineTune: Int64, on day: Day, reason: String?) throws(Failure) {
        try database.run("UPDATE fine_tune SET retired_on = ?, retire_reason = ? WHERE id = ?",
                         [.day(day), .text(reason), .int(fineTune)])
    }

    /// The current generation of every fine-tune that matches `filter`, by name.
    public func forEachFineTune(_ filter: FineTuneFilter, _ body: (FineTuneRow) -> Void) throws(Failure) {
        let st = try database.prepareStreaming("""
            SELECT f.name, f.task, f.owner, g.number, g.model_id, b.provider, b.family, b.version,
                   g.trained_on, f.retrain_every, f.retired_on
            FROM fine_tune f
            JOIN current_generation g ON g.fine_tune_id = f.id
            JOIN base_version b ON b.id = g.base_id
            WHERE (?1 <> 0 OR f.retired_on IS NULL)
              AND (CAST(?2 AS TEXT) IS NULL OR tracker_name_key(f.owner) = ?2)
              AND (CAST(?3 AS TEXT) IS NULL OR tracker_name_key(f.task) = ?3)
              AND (CAST(?4 AS TEXT) IS NULL OR b.family = ?4 OR b.provider || '/' || b.family = ?4)
            ORDER BY f.name COLLATE NOCASE
            """)
        try st.bind([.int(filter.includeRetired ? 1 : 0), .text(filter.owner.map(NameKey.of)), .text(filter.task.map(NameKey.of)),
                     .text(filter.family)])
        while try st.step() {
            body(FineTuneRow(
                name: st.text(0), task: st.optionalText(1), owner: st.optionalText(2), generation: Int(st.int(3)),
                modelID: st.optionalText(4), base: BaseRef(provider: st.text(5), family: st.text(6), version: st.text(7)),
                trained: st.day(8) ?? Day(ordinal: 0), retrainEvery: RetrainPolicy(st.text(9)) ?? .default,
                retiredOn: st.day(10)))
        }
    }

    /// The current generation of every active fine-tune, optionally of one
    /// owner (?1): name, task, owner, number, model id, base id, trained, policy.
    static let dueCandidatesSQL = """
            SELECT f.name, f.task, f.owner, g.number, g.model_id, g.base_id, g.trained_on, f.retrain_every, le.passed, le.total
            FROM fine_tune f
            JOIN current_generation g ON g.fine_tune_id = f.id
            LEFT JOIN latest_eval le ON le.generation_id = g.id
            WHERE f.retired_on IS NULL AND (CAST(?1 AS TEXT) IS NULL OR tracker_name_key(f.owner) = ?1)
        """

    /// Feeds the current generation of every active fine-tune (optionally of
    /// one owner) into a due list, straight from SQLite's buffers: the fast
    /// path of `tracker due`.
    public func collectDue(into list: inout DueList, owner: String?) throws(Failure) {
        let ownerKey = owner.map(NameKey.of)
        let active = try database.scalarInt(
            "SELECT count(*) FROM fine_tune WHERE retired_on IS NULL AND (CAST(?1 AS TEXT) IS NULL OR tracker_name_key(owner) = ?1)",
            [.text(ownerKey)]) ?? 0
        list.reserveCapacity(Int(active))
        let st = try database.prepareStreaming(SQLStore.dueCandidatesSQL)
        try st.bind([.text(ownerKey)])
        var policies: [([UInt8], RetrainPolicy)] = []
        while try st.step() {
            let policyBytes = st.bytes(7).map(Array.init) ?? []
            let policy: RetrainPolicy
            if let known = policies.first(where: { $0.0 == policyBytes }) {
                policy = known.1
            } else {
                policy = RetrainPolicy(String(decoding: policyBytes, as: UTF8.self)) ?? .default
                policies.append((policyBytes, policy))
            }
            list.considerRaw(name: st.bytes(0) ?? UnsafeBufferPointer(start: nil, count: 0), task: st.bytes(1),
                             owner: st.bytes(2), generation: Int(st.int(3)), modelID: st.bytes(4), baseID: st.int(5),
                             trained: st.day(6) ?? Day(ordinal: 0), retrainEvery: policy,
                             eval: st.optionalInt(8).flatMap { p in st.optionalInt(9).flatMap { EvalResult(passed: Int(p), total: Int($0)) } })
        }
    }
}
