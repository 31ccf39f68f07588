/// An alert's state as listed by `tracker alerts`: a code, and the day an
/// ack or a snooze runs until (a separate field, so scripts need not parse).
public struct AlertState: Equatable, Sendable {
    public enum Code: String, Sendable, CaseIterable {
        /// In force and repeated on schedule.
        case open
        /// Acknowledged: not repeated until it resolves, or until `until`.
        case acked
        /// Silenced until `until`.
        case snoozed
        /// Hidden by a more severe alert for the same fine-tune and base.
        case inhibited
        /// The cause went away.
        case resolved
    }

    public var code: Code
    /// The ack's or snooze's end (the first day it no longer applies).
    public var until: Day?

    public init(_ code: Code, until: Day? = nil) {
        self.code = code
        self.until = until
    }

    /// A snooze in force wins over an ack; an ack whose until-day has come
    /// is open again; an ack without a day lasts until the alert resolves.
    public static func of(_ record: StoredAlert.State, acked: Bool, ackUntil: Day?, snoozedUntil: Day?, now: Day) -> AlertState {
        switch record {
        case .resolved: return AlertState(.resolved)
        case .inhibited: return AlertState(.inhibited)
        case .open:
            if let until = snoozedUntil, now < until { return AlertState(.snoozed, until: until) }
            if acked {
                guard let until = ackUntil else { return AlertState(.acked) }
                return now < until ? AlertState(.acked, until: until) : AlertState(.open)
            }
            return AlertState(.open)
        }
    }

    /// For people: `open`, `acked`, `acked until 2026-12-15`,
    /// `snoozed until 2026-12-09`, `inhibited`, `resolved 2026-12-01`.
    public func text(resolvedOn: Day?) -> String {
        switch code {
        case .resolved: return "resolved" + (resolvedOn.map { " \($0)" } ?? "")
        default: return code.rawValue + (until.map { " until \($0)" } ?? "")
        }
    }
}

/// Where one alert stands on one channel, for people: `pending`,
/// `sent 2026-11-29, next 2026-12-06`, `resolution sent`, ..., with
/// ` (channel failing)` when the channel's last delivery failed.
///
/// An acknowledgement or snooze (`quiet`, the alert's state as of today)
/// holds repeats back until it ends, so the next send is the later of the
/// repeat day and that end: `sent 2026-11-29, next 2026-12-15 (acked)`;
/// acknowledged until it resolves, there is no next send: `sent
/// 2026-11-29, acked (no repeats)`.
public enum DeliveryStatus {
    public static func text(lastSent: Day?, resolutionSent: Bool, alertResolved: Bool, repeatEvery: Span,
                            channelFailing: Bool, quiet: AlertState? = nil) -> String {
        let failing = channelFailing ? " (channel failing)" : ""
        let held = quiet.flatMap { [.acked, .snoozed].contains($0.code) ? $0 : nil }
        guard let last = lastSent else {
            guard !alertResolved, let held else { return "pending" + failing }
            guard let until = held.until else { return "not sent, \(held.code.rawValue) (no sends)" + failing }
            return "pending from \(until) (\(held.code.rawValue))" + failing
        }
        if alertResolved { return resolutionSent ? "resolution sent" : "resolution pending" }
        let repeatDay = repeatEvery.after(last)
        guard let held else { return "sent \(last), next \(repeatDay)" + failing }
        guard let until = held.until else { return "sent \(last), \(held.code.rawValue) (no repeats)" + failing }
        return "sent \(last), next \(max(repeatDay, until)) (\(held.code.rawValue))" + failing
    }
}

extension StoredAlert {
    /// Its state as of `now`, ack and snooze applied: the one ack/snooze
    /// check, shared by `tracker alerts` and the digest planner.
    public func state(on now: Day) -> AlertState {
        AlertState.of(state, acked: acked, ackUntil: ackUntil, snoozedUntil: snoozedUntil, now: now)
    }

    /// Snoozed as of `now`.
    public func isSnoozed(on now: Day) -> Bool { state(on: now).code == .snoozed }

    /// Acknowledged (until a day, or until resolved) or snoozed, as of `now`.
    public func isQuiet(on now: Day) -> Bool { [.acked, .snoozed].contains(state(on: now).code) }
}
