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

        struct Row {
            var stored: StoredAlert
            var channels: [(name: String, state: String)]
        }

        func run() throws {
            let today = try clock.today()
            let store = try database.openForReading(today: today)
            // Shows the alerts as notify would compute them today, inside a
            // transaction that is rolled back: a listing changes nothing.
            let rows = try store.rolledBack { () throws(Failure) -> [Row] in
                try store.refreshAlerts(now: today)
                let alerts = try store.storedAlerts(states: all ? nil : [.open], now: today)
                let channels = try store.channels()
                var states: [Int64: [Int64: DeliveryState]] = [:]
                for c in channels { states[c.id] = try store.deliveryStates(channel: c.id) }
                return alerts.map { a in
                    Row(stored: a, channels: channels.compactMap { c in
                        let s = states[c.id]?[a.rowID]
                        guard c.route.matches(a.alert) || s != nil else { return nil }
                        return (c.name, Self.channelState(c, s, a, today))
                    })
                }
            }.sorted { a, b in
                if a.stored.alert.urgency != b.stored.alert.urgency { return a.stored.alert.urgency > b.stored.alert.urgency }
                return a.stored.alert.key < b.stored.alert.key
            }
            let out = Console.stdout
            switch format.format {
            case .table:
                if rows.isEmpty {
                    out.line(all ? "No alerts recorded." : "No open alerts (as of \(today)).")
                    return
                }
                var t = Table(["ID", "URGENCY", "FINE-TUNE", "GEN", "REASON", "SINCE", "STATE", "CHANNELS"])
                for r in rows {
                    let a = r.stored.alert
                    t.append([a.id, a.urgency.name, a.fineTune, String(a.generation), a.reason, r.stored.firstSeen.description,
                              Self.state(r.stored, today),
                              r.channels.isEmpty ? "-" : r.channels.map { "\($0.name): \($0.state)" }.joined(separator: "; ")])
                }
                t.write(to: out)
            case .json:
                var j = JSONWriter(out)
                j.beginObject()
                j.field("now", today.description)
                j.key("alerts")
                j.beginArray()
                for r in rows {
                    let a = r.stored.alert
                    j.beginObject()
                    j.alertFields(a)
                    j.field("threshold", a.threshold)
                    j.field("text", a.text)
                    j.field("state", r.stored.state.rawValue)
                    j.field("since", r.stored.firstSeen.description)
                    j.field("resolved", r.stored.resolvedOn?.description)
                    j.field("acked", r.stored.acked && (r.stored.ackUntil.map { today < $0 } ?? true))
                    j.field("ack_until", r.stored.ackUntil?.description)
                    j.field("snoozed_until", r.stored.snoozedUntil.flatMap { today < $0 ? $0.description : nil })
                    j.key("channels")
                    j.beginArray()
                    for c in r.channels {
                        j.beginObject()
                        j.field("channel", c.name)
                        j.field("state", c.state)
                        j.endObject()
                    }
                    j.endArray()
                    j.endObject()
                }
                j.endArray()
                j.endObject()
            case .csv:
                out.line(CSV.row(["id", "urgency", "fine_tune", "generation", "reason", "base", "since", "state", "channels", "key"]))
                for r in rows {
                    let a = r.stored.alert
                    out.line(CSV.row([a.id, a.urgency.name, a.fineTune, String(a.generation), a.reason, a.base,
                                      r.stored.firstSeen.description, Self.state(r.stored, today),
                                      r.channels.map { "\($0.name): \($0.state)" }.joined(separator: "; "), a.key]))
                }
            }
        }

        static func state(_ s: StoredAlert, _ today: Day) -> String {
            switch s.state {
            case .resolved: return "resolved \(s.resolvedOn?.description ?? "")"
            case .inhibited: return "inhibited"
            case .open:
                if let until = s.snoozedUntil, today < until { return "snoozed until \(until)" }
                if s.acked {
                    if let until = s.ackUntil { return today < until ? "acked until \(until)" : "open" }
                    return "acked"
                }
                return "open"
            }
        }

        static func channelState(_ c: Channel, _ s: DeliveryState?, _ a: StoredAlert, _ today: Day) -> String {
            guard let s, let last = s.lastSent else {
                return c.failing ? "pending (channel failing)" : "pending"
            }
            if a.state == .resolved { return s.resolutionSent ? "resolution sent" : "resolution pending" }
            let next = c.route.repeatEvery.after(last)
            return "sent \(last), next \(next)" + (c.failing ? " (channel failing)" : "")
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
            Console.stdout.line("acknowledged \(alert.alert.id) (\(alert.alert.fineTune): \(alert.alert.reason))" +
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
            Console.stdout.line("snoozed \(alert.alert.id) (\(alert.alert.fineTune): \(alert.alert.reason)) until \(until)")
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
