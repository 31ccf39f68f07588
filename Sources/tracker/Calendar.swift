import ArgumentParser
import TrackerCore
import TrackerStore

extension Tracker {
    /// `tracker calendar`: the deadlines of the active fine-tunes as an
    /// iCalendar (RFC 5545) feed.
    struct CalendarCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "calendar",
            abstract: "Write the deadlines of the active fine-tunes as an iCalendar (.ics) feed.",
            discussion: """
                One all-day event per fine-tune end of life (its base's shutdown day, when known) and per \
                next retrain within 12 months (planned when already due, else expected from the forecast), \
                each with display alarms 90, 30 and 7 days before. UIDs stay the same across runs and when \
                a date moves, so a subscribed calendar updates its events instead of duplicating them; \
                DTSTAMP is --now at midnight UTC, so two runs on one day write the same bytes.
                """
        )

        @Option(help: ArgumentHelp("Write to this file instead of standard output; it appears complete or not at all.",
                                   valueName: "file"))
        var out: String?

        @Option(help: ArgumentHelp("Only this owner's fine-tunes.", valueName: "owner"))
        var owner: String?

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            let store = try database.openForReading(today: today)
            let file = try out.map { (path: String) throws(Failure) in try AtomicOutputFile(path) }
            let owner = self.owner
            let (model, bases) = try store.read { () throws(Failure) -> (ForecastModel, [BaseVersion]) in
                var subjects = try store.costSubjects()
                if let owner { subjects = subjects.filter { $0.owner.map { NameKey.same($0, owner) } ?? false } }
                let bases = try store.allBases()
                return (ForecastModel(subjects: subjects, bases: bases, trainPrices: try store.allTrainPrices(), now: today), bases)
            }
            let events = Deadlines.events(model, bases: bases)
            if events.isEmpty {
                Console.writeAll(2, Array(("note: the calendar is empty: "
                    + Console.oneLine(Deadlines.whyEmpty(subjects: model.subjects.count, owner: owner)) + "\n").utf8))
            }
            ICalendar.write(events, stamp: today, to: file?.output ?? Console.stdout)
            try file?.commit()
        }
    }
}
