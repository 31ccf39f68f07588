import ArgumentParser
import TrackerCore
import TrackerNotify
import TrackerStore

extension Tracker {
    /// `tracker alerts`: open alerts and their state per channel.
    struct Alerts: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "alerts",
            abstract: "List open alerts with their state per channel (sent when, next repeat, failing)."
        )

        @Flag(help: "Include inhibited and resolved alerts.")
        var all = false

        @OptionGroup var format: FormatOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            let store = try database.openForReading(today: today)
            // Shows the alerts as notify would compute them today, inside a
            // transaction that is rolled back: a listing changes nothing.
            let rows = try store.rolledBack { () throws(Failure) -> [AlertRow] in
                try store.refreshAlerts(now: today)
                let alerts = try store.storedAlerts(states: all ? nil : [.open], now: today)
                let channels = try store.channels()
                var states: [Int64: [Int64: DeliveryState]] = [:]
                for c in channels { states[c.id] = try store.deliveryStates(channel: c.id) }
                return alerts.map { a in
                    AlertRow(stored: a, state: a.state(on: today), channels: channels.compactMap { c in
                        let s = states[c.id]?[a.rowID]
                        guard c.route.matches(a.alert) || s != nil else { return nil }
                        return (c.name, DeliveryStatus.text(lastSent: s?.lastSent, resolutionSent: s?.resolutionSent ?? false,
                                                            alertResolved: a.state == .resolved,
                                                            repeatEvery: c.route.repeatEvery, channelFailing: c.failing,
                                                            quiet: a.state(on: today)))
                    })
                }
            }.sorted { a, b in
                if a.stored.alert.urgency != b.stored.alert.urgency { return a.stored.alert.urgency > b.stored.alert.urgency }
                return a.stored.alert.key < b.stored.alert.key
            }
            AlertListing.listing(now: today, all: all).write(rows, as: format.format, to: Console.stdout)
        }
    }

    /// `tracker ack KEY [--until DATE]`.
    struct Ack: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ack",
            abstract: "Acknowledge an alert: no repeats until it resolves (or until --until)."
        )

        @Argument(help: ArgumentHelp("The alert's id or key (see 'tracker alerts').", valueName: "key"))
        var key: String

        @Option(help: ArgumentHelp("Repeat again from this day.", valueName: "date"))
        var until: String?

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            let untilDay = try until.map { (s: String) throws(Failure) in try parseDay(s, field: "--until") }
            if let untilDay, untilDay <= today {
                throw Failure.usage("--until \(untilDay) is not after today (\(today)); give a later day")
            }
            let alert = try quietAlert(key, database: database, today: today) { (store, a) throws(Failure) in
                try store.setAck(alert: a.rowID, until: untilDay)
            }
            Console.stdout.line("acknowledged \(alert.alert.id) (\(alert.alert.subject): \(alert.alert.reason))" +
                                (untilDay.map { " until \($0)" } ?? " until it resolves"))
        }
    }

    /// `tracker snooze KEY DURATION`.
    struct Snooze: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "snooze",
            abstract: "Silence an alert for a while (e.g. 7d); it comes back by itself."
        )

        @Argument(help: ArgumentHelp("The alert's id or key (see 'tracker alerts').", valueName: "key"))
        var key: String

        @Argument(help: ArgumentHelp("How long: 1d, 7d, 2w, 1m.", valueName: "duration"))
        var duration: String

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            let span = try parseSpan(duration, field: "duration")
            guard span.count > 0 else { throw Failure.usage("duration must be at least 1d") }
            let until = span.after(today)
            let alert = try quietAlert(key, database: database, today: today) { (store, a) throws(Failure) in
                try store.setSnooze(alert: a.rowID, until: until)
            }
            Console.stdout.line("snoozed \(alert.alert.id) (\(alert.alert.subject): \(alert.alert.reason)) until \(until)")
        }
    }
}

/// Finds the alert `key` names and applies `change` (ack or snooze) in one
/// transaction. The alerts in force are recorded first, as notify would, so
/// any id shown by `tracker alerts` can be used.
func quietAlert(_ key: String, database: DatabaseOptions, today: Day,
                _ change: (any Store, StoredAlert) throws(Failure) -> Void) throws(Failure) -> StoredAlert {
    let store = try database.openForReading(today: today)
    return try store.write { () throws(Failure) -> StoredAlert in
        try store.refreshAlerts(now: today)
        guard let a = try store.findAlert(key) else {
            throw Failure.data("no alert '\(key)'; see 'tracker alerts' for ids")
        }
        try change(store, a)
        return a
    }
}
