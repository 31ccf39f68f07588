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
                let store = try SQLStore.open(try database.path(), mode: .inspect, today: today, environment: Console.environmentDictionary)
                MigrationListing.listing.write(try store.migrationStatus(), as: format.format, to: out)
                return
            }
            let store = try database.openForWriting(today: today)
            let path = store.location
            let before = store.migrationsAppliedAtOpen.count
            let total = try store.migrationStatus().count
            out.line(before == 0 ? "database \(path) is up to date (\(total) migration\(total == 1 ? "" : "s"))"
                                 : "applied \(before) migration\(before == 1 ? "" : "s") to \(path)")
        }
    }
}
