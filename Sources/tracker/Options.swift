import ArgumentParser
import TrackerCore
import TrackerStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--db PATH`: which database file.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Database: a file path, or a PostgreSQL URI (postgresql://user@host/db) or pg:key=value string. Default: $TRACKER_DB, else $XDG_DATA_HOME/tracker/tracker.db, else ~/.local/share/tracker/tracker.db.",
        valueName: "path"))
    var db: String?

    func path() throws(Failure) -> String {
        if db?.isEmpty == true { throw Failure.usage("--db needs a file path or a PostgreSQL URI; give e.g. --db ~/tracker.db, or leave it out for the default") }
        guard let p = DatabaseLocation.resolve(option: db, environment: Console.environmentDictionary) else {
            throw Failure(.config, "no database path: pass --db PATH or set TRACKER_DB")
        }
        return p
    }

    /// Opens the store for a command that writes (creating the file if needed).
    func openForWriting(today: Day) throws(Failure) -> any Store {
        let store = try SQLStore.open(try path(), mode: .write, today: today, environment: Console.environmentDictionary)
        if store.createdFile {
            CreatedDatabase.store = store
            // Nobody chose this path: say where the data went, once (the
            // run that creates the file), after the command succeeded.
            if db == nil && Console.environment("TRACKER_DB") == nil { CreatedDatabase.announce = store.location }
        }
        return store
    }

    /// Opens an existing store for a command that only reads.
    func openForReading(today: Day) throws(Failure) -> any Store {
        try SQLStore.open(try path(), mode: .read, today: today, environment: Console.environmentDictionary)
    }
}

/// The database file this run created, removed again if the command fails
/// before storing anything.
enum CreatedDatabase {
    nonisolated(unsafe) static var store: SQLStore?
    /// The default database this run created, to name on stderr when the
    /// command succeeds.
    nonisolated(unsafe) static var announce: String?

    /// `notice: created the database ...` for a default database this run made.
    static func announceIfCreated() {
        guard store != nil, let path = announce else { return }
        Console.notice("created the database \(path); pass --db PATH or set TRACKER_DB to keep it elsewhere")
    }

    /// Removes the file and the folders this run created, if the failed
    /// command stored nothing in them and no other tracker has the file
    /// open (see `SQLStore.removeIfCreatedAndUnused`).
    static func removeIfUnused() {
        store?.removeIfCreatedAndUnused()
    }
}

/// `--now DATE`: the day the command treats as today.
struct ClockOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Treat this ISO day (YYYY-MM-DD) as today. Default: $TRACKER_NOW, else today's date in UTC.",
        valueName: "date"))
    var now: String?

    func today() throws(Failure) -> Day {
        if let now { return try parseDay(now, field: "--now") }
        if let env = Console.environment("TRACKER_NOW") { return try parseDay(env, field: "TRACKER_NOW") }
        return Day(unixSeconds: Int(time(nil)))
    }
}

/// The output formats every listing offers (`TrackerCore.OutputFormat`).
extension OutputFormat: ExpressibleByArgument {}

/// `--format table|json|csv`.
struct FormatOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table, json, csv or html.")
    var format: OutputFormat = .table
}

// MARK: Value parsing with field-naming errors

func parseDay(_ text: String, field: String) throws(Failure) -> Day {
    guard let d = Day(iso: text.trimmingWhitespace()) else {
        throw Failure.usage("\(field) '\(text)' is not a date; use an ISO day like 2025-03-31")
    }
    return d
}

func parseSpan(_ text: String, field: String) throws(Failure) -> Span {
    guard let s = Span(text.trimmingWhitespace()) else {
        throw Failure.usage("\(field) '\(text)' is not a duration; use a number and a unit: 90d, 12w, 6m or 1y")
    }
    return s
}

func parseMoney(_ text: String, field: String) throws(Failure) -> Money {
    do {
        return try Money.parse(text)
    } catch {
        throw Failure.usage("\(field): \(error.message)")
    }
}

func checkName(_ text: String, field: String) throws(Failure) -> String {
    switch TextRule.name(text, field: field) {
    case .success(let s): return s
    case .failure(let e): throw e.failure
    }
}

/// A name that finds something stored (`TextRule.existingName`).
func checkExistingName(_ text: String, field: String) throws(Failure) -> String {
    switch TextRule.existingName(text, field: field) {
    case .success(let s): return s
    case .failure(let e): throw e.failure
    }
}

func checkText(_ text: String, field: String) throws(Failure) -> String {
    switch TextRule.text(text, field: field) {
    case .success(let s): return s
    case .failure(let e): throw e.failure
    }
}

func parseCount(_ text: String, field: String) throws(Failure) -> Int64 {
    let t = text.trimmingWhitespace().replacingUnderscoresAndCommas()
    if t.count > 1, t.hasPrefix("-"), t.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) {
        throw Failure.usage("\(field) '\(text)' is negative; give 0 or more")
    }
    guard !t.isEmpty, t.count <= 15, t.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int64(t) else {
        throw Failure.usage("\(field) '\(text)' is not a whole number; use digits like 500")
    }
    return n
}

extension String {
    func replacingUnderscoresAndCommas() -> String {
        String(filter { $0 != "_" && $0 != "," })
    }
}
