import ArgumentParser
import TrackerCore
import TrackerStore

extension Tracker {
    /// `tracker migrate`: applies or lists schema migrations.
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate",
            abstract: "Apply pending schema migrations (every command also does this), or list them.",
            discussion: "Migrations are embedded in the binary; a database written by a newer tracker is refused (exit 65)."
        )

        @Flag(help: "Show applied and pending migrations without changing anything.")
        var list = false

        @OptionGroup var format: FormatOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            let out = Console.stdout
            if list {
                let db = try Database(path: try database.path(), create: false)
                let status = try Migrator(database: db).status()
                MigrationListing.listing.write(status, as: format.format, to: out)
                return
            }
            let path = try database.path()
            let db = try Database(path: path, create: true)
            let before = try Migrator(database: db).status().filter { $0.appliedOn == nil }.count
            _ = try Store(path: path, mode: .write, today: today)
            let total = try Migrator(database: db).status().count
            out.line(before == 0 ? "database \(path) is up to date (\(total) migration\(total == 1 ? "" : "s"))"
                                 : "applied \(before) migration\(before == 1 ? "" : "s") to \(path)")
        }
    }
}
