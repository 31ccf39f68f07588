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
                let store = try SQLiteStore(path: try database.path(), mode: .inspect, today: today)
                let status = try store.migrationStatus()
                switch format.format {
                case .table:
                    var t = Table(["VERSION", "NAME", "STATUS", "APPLIED"])
                    for s in status {
                        t.append([threeDigits(s.version), s.name, s.appliedOn == nil ? "pending" : "applied", s.appliedOn ?? "-"])
                    }
                    t.write(to: out)
                case .json:
                    var j = JSONWriter(out)
                    j.beginObject()
                    j.key("migrations")
                    j.beginArray()
                    for s in status {
                        j.beginObject()
                        j.field("version", s.version)
                        j.field("name", s.name)
                        j.field("status", s.appliedOn == nil ? "pending" : "applied")
                        j.field("applied", s.appliedOn)
                        j.endObject()
                    }
                    j.endArray()
                    j.endObject()
                case .csv:
                    out.line(CSV.row(["version", "name", "status", "applied"]))
                    for s in status {
                        out.line(CSV.row([String(s.version), s.name, s.appliedOn == nil ? "pending" : "applied", s.appliedOn]))
                    }
                }
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

/// A zero-padded three-digit migration number, like the file names.
func threeDigits(_ n: Int) -> String {
    let s = String(n)
    return String(repeating: "0", count: max(0, 3 - s.count)) + s
}
