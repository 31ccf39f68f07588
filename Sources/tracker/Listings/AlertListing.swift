import TrackerCore
import TrackerStore

/// One alert of `tracker alerts`, with its state and where it stands on
/// each channel.
struct AlertRow {
    var stored: StoredAlert
    var state: AlertState
    var channels: [(name: String, state: String)]
}

/// `tracker alerts`: the alert's own fields (shared with the webhook
/// payload), then its state as a code with its until-day, and its channels.
enum AlertListing {
    static let columns: [Column<AlertRow>] = {
        func alert(_ c: Column<Alert>, in formats: Formats = .all) -> Column<AlertRow> {
            c.pulledBack { $0.stored.alert }.only(formats)
        }
        return [
            alert(AlertColumns.id),
            alert(AlertColumns.urgency),
            Column("FINE-TUNE", "fine_tune", in: .table) { row in
                .text(row.stored.alert.budget.map { "budget \($0)" } ?? row.stored.alert.fineTune)
            },
            alert(AlertColumns.fineTune, in: .data),
            alert(AlertColumns.owner, in: .json),
            alert(AlertColumns.task, in: .json),
            alert(AlertColumns.generation),
            alert(AlertColumns.reason),
            alert(AlertColumns.base, in: .data),
            alert(AlertColumns.budget, in: .data),
            alert(AlertColumns.date, in: .json),
            alert(AlertColumns.threshold, in: .json),
            alert(AlertColumns.text, in: .json),
            Column("SINCE", "since") { .day($0.stored.firstSeen) },
            Column("STATE", "state", in: .table) { .text($0.state.text(resolvedOn: $0.stored.resolvedOn)) },
            Column("STATE", "state", in: .data) { .text($0.state.code.rawValue) },
            Column("UNTIL", "state_until", in: .data) { .day($0.state.until) },
            Column("RESOLVED", "resolved", in: .json) { .day($0.stored.resolvedOn) },
            Column("CHANNELS", "channels") { row in
                .objects(row.channels.map { [Field("channel", .text($0.name)), Field("state", .text($0.state))] },
                         flat: row.channels.map { "\($0.name): \($0.state)" }.joined(separator: "; "))
            },
            alert(AlertColumns.key, in: .data),
        ]
    }()

    static func listing(now: Day, all: Bool) -> Listing<AlertRow> {
        Listing(columns, key: "alerts", head: [Field("", key: "now", in: .json, .day(now))],
                empty: all ? "No alerts recorded." : "No open alerts (as of \(now)).")
    }
}
