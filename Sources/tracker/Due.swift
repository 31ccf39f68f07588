import ArgumentParser
import TrackerCore
import TrackerStore

extension Tracker {
    /// `tracker due`: what must be retrained, why, and how urgently.
    struct Due: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "due",
            abstract: "List active fine-tunes whose current generation needs retraining.",
            discussion: """
                Reasons: base-superseded, base-deprecated, base-shutdown-soon, base-shut-down, base-gone, \
                age. Urgency: overdue (a shutdown or retrain-by day has passed, or the base is gone from its \
                provider's list), critical (30 days or less), \
                soon (90 days or less, or a deprecation day within 90 days or past), planned (everything \
                else). Sorted by urgency, then deadline.
                """
        )

        @Option(help: ArgumentHelp("How far ahead to look: 90d, 12w, 6m, 1y.", valueName: "duration"))
        var within: String = "90d"

        @Option(help: ArgumentHelp("Only this owner's fine-tunes.", valueName: "owner"))
        var owner: String?

        @Flag(name: .customLong("exit-code"), help: "Exit 1 when anything is due (for scripts and CI).")
        var exitCode = false

        @OptionGroup var format: FormatOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            let span = try parseSpan(within, field: "--within")
            let store = try database.openForReading(today: today)
            let policy = DuePolicy(now: today, within: span)
            // One read transaction: every scan the report makes sees the same data.
            let result = try store.read { () throws(Failure) in
                try DueReport.write(as: format.format, to: Console.stdout, bases: try store.allBases(), policy: policy,
                                    within: span, owner: owner, taskFacts: try store.taskFacts(), spill: TemporarySpill()) { (list: inout DueList) throws(Failure) in
                    try store.collectDue(into: &list, owner: owner)
                }
            }
            if exitCode && result.due > 0 { throw ExitCode(1) }
        }
    }
}
