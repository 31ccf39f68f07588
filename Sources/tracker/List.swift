import ArgumentParser
import TrackerCore
import TrackerStore

extension Tracker {
    /// `tracker list`: every fine-tune with its current generation.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List fine-tunes with their current generation and base."
        )

        @Option(help: ArgumentHelp("Only this owner.", valueName: "owner"))
        var owner: String?

        @Option(help: ArgumentHelp("Only this task.", valueName: "task"))
        var task: String?

        @Option(help: ArgumentHelp("Only fine-tunes whose current base is of this family (gpt-4o or openai/gpt-4o).", valueName: "family"))
        var family: String?

        @Flag(help: "Include retired fine-tunes.")
        var all = false

        @OptionGroup var format: FormatOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let store = try database.openForReading(today: try clock.today())
            // The provider part of PROVIDER/FAMILY is lower-cased, as everywhere.
            let familyFilter = family.map { f -> String in
                guard let slash = f.firstIndex(of: "/") else { return f }
                return f[..<slash].lowercased() + f[slash...]
            }
            let filter = FineTuneFilter(owner: owner, task: task, family: familyFilter, includeRetired: all)
            let listing = FineTuneListing.listing(filtered: owner != nil || task != nil || family != nil, includeRetired: all)
            // Rows stream from the database (twice for a table: widths, then
            // rows), in one read transaction, so memory stays flat.
            try store.read { () throws(Failure) in
                try listing.write(as: format.format, to: Console.stdout) { (row: (FineTuneRow) -> Void) throws(Failure) in
                    try store.forEachFineTune(filter, row)
                }
            }
        }
    }
}
