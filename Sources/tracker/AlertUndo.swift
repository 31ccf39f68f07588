import ArgumentParser
import TrackerCore
import TrackerStore

extension Tracker {
    /// `tracker unack KEY`: takes an acknowledgement back.
    struct Unack: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unack",
            abstract: "Take an acknowledgement back: the alert repeats on schedule again."
        )

        @Argument(help: ArgumentHelp("The alert's id or key (see 'tracker alerts').", valueName: "key"))
        var key: String

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            var was = false
            let alert = try quietAlert(key, database: database, today: today) { (store, a) throws(Failure) in
                was = a.acked && (a.ackUntil.map { $0 > today } ?? true)
                if a.acked { try store.clearAck(alert: a.rowID) }
            }
            let subject = "\(alert.alert.id) (\(alert.alert.subject): \(alert.alert.reason))"
            Console.stdout.line(was ? "took back the acknowledgement of \(subject)" : "\(subject) is not acknowledged; nothing changed")
        }
    }

    /// `tracker unsnooze KEY`: ends a snooze now.
    struct Unsnooze: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unsnooze",
            abstract: "End an alert's snooze now: it is delivered again on the next notify when due."
        )

        @Argument(help: ArgumentHelp("The alert's id or key (see 'tracker alerts').", valueName: "key"))
        var key: String

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            var was = false
            let alert = try quietAlert(key, database: database, today: today) { (store, a) throws(Failure) in
                was = a.snoozedUntil.map { $0 > today } ?? false
                if a.snoozedUntil != nil { try store.clearSnooze(alert: a.rowID) }
            }
            let subject = "\(alert.alert.id) (\(alert.alert.subject): \(alert.alert.reason))"
            Console.stdout.line(was ? "ended the snooze of \(subject)" : "\(subject) is not snoozed; nothing changed")
        }
    }
}
