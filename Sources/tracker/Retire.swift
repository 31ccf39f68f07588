import ArgumentParser
import TrackerCore
import TrackerStore

extension Tracker {
    /// `tracker retire NAME`: ends the lineage.
    struct Retire: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retire",
            abstract: "Retire a fine-tune: its lineage ends and it is no longer due.",
            discussion: "Retiring one that is already retired changes nothing and succeeds."
        )

        @Argument(help: ArgumentHelp("The fine-tune's name.", valueName: "name"))
        var name: String

        @Option(help: ArgumentHelp("Why it was retired.", valueName: "text"))
        var reason: String?

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            let wanted = try checkExistingName(self.name, field: "name")
            let reason = try reason.map { (s: String) throws(Failure) in try checkText(s, field: "--reason") }
            let store = try database.openForWriting(today: today)
            let message = try store.write { () throws(Failure) -> String in
                guard let ft = try store.fineTune(named: wanted) else { throw try unknownFineTune(wanted, in: store) }
                if let retired = ft.retiredOn { return "\(ft.name) was already retired on \(retired); nothing changed" }
                try store.retire(fineTune: ft.id, on: today, reason: reason)
                return "retired \(ft.name) on \(today)"
            }
            Console.stdout.line(message)
        }
    }
}
