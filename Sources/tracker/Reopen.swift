import ArgumentParser
import TrackerCore
import TrackerStore

extension Tracker {
    /// `tracker reopen NAME`: un-retires a fine-tune.
    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reopen",
            abstract: "Un-retire a fine-tune: it is due and alerted on again, and 'tracker retrain' works. Kept in its history.",
            discussion: "Reopening one that is not retired changes nothing and succeeds."
        )

        @Argument(help: ArgumentHelp("The fine-tune's name.", valueName: "name"))
        var name: String

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            let wanted = try checkExistingName(self.name, field: "name")
            let store = try database.openForWriting(today: today)
            let message = try store.write { () throws(Failure) -> String in
                guard let ft = try store.fineTune(named: wanted) else { throw try unknownFineTune(wanted, in: store) }
                guard let retired = ft.retiredOn else { return "\(ft.name) is not retired; nothing changed" }
                try store.reopen(ft, today: today)
                return "reopened \(ft.name) (retired on \(retired)); record its next training run with 'tracker retrain \(ft.name) ...'"
            }
            Console.stdout.line(message)
        }
    }
}
