import TrackerCore
import TrackerStore
import TrackerTransport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one channel got (or would get) in a run.
public struct ChannelReport: Sendable {
    public var channel: Channel
    public var digest: Digest
    /// The exact bytes sent (or that would be sent).
    public var payload: String
    /// nil for a dry run.
    public var outcome: DeliveryOutcome?
}

/// One `tracker notify` run: compute the alerts, then deliver one digest per
/// channel, recording each delivery only after the receiver accepted it.
public struct Notifier {
    public let store: any Store
    public let retry: RetryPolicy

    public init(store: any Store, retry: RetryPolicy) {
        self.store = store
        self.retry = retry
    }

    /// Recomputes the alerts in force and stores them (opened, resolved).
    public func refreshAlerts(now: Day) throws(Failure) -> (opened: Int, resolved: Int) {
        try store.write { () throws(Failure) in try store.refreshAlerts(now: now) }
    }

    /// The digest a channel is due, with each entry's stored alert.
    func plan(for channel: Channel, now: Day) throws(Failure) -> (Digest, [String: StoredAlert], [Int64: DeliveryState]) {
        try store.read { () throws(Failure) in try planInsideTransaction(for: channel, now: now) }
    }

    /// A delivery id that is the same whenever the same digest is sent again
    /// (e.g. after a run was killed before it recorded the delivery, even on
    /// a later day), so a receiver can drop the repeat by `webhook-id` or
    /// `Message-ID`. Each entry counts the deliveries the channel already
    /// accepted for its alert, so a legitimate later repeat gets a new id.
    public static func digestID(channel: Channel, digest: Digest, stored: [String: StoredAlert],
                                states: [Int64: DeliveryState]) -> String {
        var text = "\(channel.kind.rawValue):\(channel.name)"
        for e in digest.entries {
            let s = stored[e.alert.key]
            let delivered = s.flatMap { states[$0.rowID]?.count } ?? 0
            text += "\n\(e.kind.rawValue) \(s?.episode ?? 1) \(delivered) \(e.alert.threshold ?? -1) \(e.alert.key)"
        }
        return String(SHA256.hex(SHA256.hash(Array(text.utf8))).prefix(32))
    }

    /// One message of a channel's digest: the exact bytes, the entries it
    /// carries and its delivery id.
    public struct Message: Sendable {
        public var payload: String
        public var entries: [DigestEntry]
        public var deliveryID: String
    }

    /// The exact messages for a channel and digest: one for email and
    /// webhook; for Slack as many as its limits need (`SlackMessage.messages`),
    /// each with the delivery id of the entries it carries.
    public static func messages(for channel: Channel, digest: Digest, stored: [String: StoredAlert],
                                states: [Int64: DeliveryState], clock: (seconds: Int, iso: String)) -> [Message] {
        switch channel.kind {
        case .slack:
            return SlackMessage.messages(digest).map { part in
                let sub = Digest(channel: digest.channel, now: digest.now, entries: part.entries)
                return Message(payload: part.json, entries: part.entries,
                               deliveryID: digestID(channel: channel, digest: sub, stored: stored, states: states))
            }
        case .webhook:
            let id = digestID(channel: channel, digest: digest, stored: stored, states: states)
            return [Message(payload: WebhookPayload.render(digest, deliveryID: id), entries: digest.entries, deliveryID: id)]
        case .email:
            let id = digestID(channel: channel, digest: digest, stored: stored, states: states)
            let domain = channel.mailFrom?.split(separator: "@").last.map(String.init) ?? "tracker.invalid"
            let bytes = EmailMessage.message(from: channel.mailFrom ?? "", to: channel.mailTo,
                                             subject: EmailMessage.subject(digest), body: EmailMessage.body(digest),
                                             html: EmailMessage.htmlBody(digest),
                                             date: .init(unixSeconds: clock.seconds), messageID: "\(id)@\(domain)")
            return [Message(payload: String(decoding: bytes, as: UTF8.self), entries: digest.entries, deliveryID: id)]
        }
    }

    /// Milliseconds between two messages to one Slack webhook: Slack allows
    /// about one message per second per webhook. `TRACKER_SLACK_PACING_MS`
    /// overrides it (tests use a small value).
    public static func slackPacingMilliseconds() -> Int {
        guard let p = getenv("TRACKER_SLACK_PACING_MS"), let n = Int(String(cString: p)), n >= 0 else { return 1000 }
        return min(n, 60_000)
    }

    /// Runs the pipeline. With `dryRun`, nothing is sent and the database
    /// is left exactly as it was.
    public func run(now: Day, only channelName: String?, dryRun: Bool) throws(Failure) -> [ChannelReport] {
        if dryRun {
            // A dry run changes nothing and needs no lock: it computes inside
            // a transaction that is always rolled back.
            let channels = try selectedChannels(only: channelName)
            return try store.rolledBack { () throws(Failure) -> [ChannelReport] in
                var reports: [ChannelReport] = []
                try store.refreshAlerts(now: now)
                for channel in channels {
                    let (digest, byKey, states) = try planInsideTransaction(for: channel, now: now)
                    guard !digest.entries.isEmpty else { continue }
                    let messages = Notifier.messages(for: channel, digest: digest, stored: byKey, states: states, clock: wallClock())
                    let payload = messages.map(\.payload).joined(separator: "\n")
                    reports.append(ChannelReport(channel: channel, digest: digest, payload: payload, outcome: nil))
                }
                return reports
            }
        }
        // The lock is taken before anything is read, so a run that waited
        // sees what the previous run recorded.
        return try store.withNotifyLock { () throws(Failure) in try deliver(now: now, only: channelName) }
    }

    /// The channels a run serves: all, or the one named.
    func selectedChannels(only channelName: String?) throws(Failure) -> [Channel] {
        guard let channelName else { return try store.read { () throws(Failure) in try store.channels() } }
        // Found as every name is (`NameKey`), the same way `channel test` finds it.
        guard let channel = try store.read({ () throws(Failure) in try store.channel(named: channelName) }) else {
            throw Failure.data("no channel named '\(channelName)'; see 'tracker channel list'")
        }
        return [channel]
    }

    /// Delivers each channel's digest; called under the notify lock.
    func deliver(now: Day, only channelName: String?) throws(Failure) -> [ChannelReport] {
        let channels = try selectedChannels(only: channelName)
        _ = try refreshAlerts(now: now)
        var reports: [ChannelReport] = []
        for channel in channels {
            let (digest, byKey, states) = try plan(for: channel, now: now)
            guard !digest.entries.isEmpty else { continue }
            let messages = Notifier.messages(for: channel, digest: digest, stored: byKey, states: states, clock: wallClock())
            let sender = Sender(channel: channel, retry: retry)
            var outcome: DeliveryOutcome = .delivered(answer: "")
            var recorded = outcome
            var sentEntries: [DigestEntry] = []
            var sentPayloads: [String] = []
            // Message by message: each is recorded as soon as it was
            // accepted, so a failure half-way leaves only the rest pending
            // for the next run, and nothing accepted is sent again.
            for (i, message) in messages.enumerated() {
                if i > 0 && channel.kind == .slack { sleepMilliseconds(Notifier.slackPacingMilliseconds()) }
                let clock = wallClock()
                switch channel.kind {
                case .slack: outcome = sender.sendSlack(message.payload)
                case .webhook: outcome = sender.sendWebhook(message.payload, deliveryID: message.deliveryID, timestamp: clock.seconds)
                case .email: outcome = sender.sendEmail(Array(message.payload.utf8))
                }
                let done = wallClock()
                recorded = outcome
                sentPayloads.append(message.payload)
                do {
                    try recordOutcome(outcome, channel: channel, entries: message.entries, byKey: byKey,
                                      now: now, at: done.iso, messageID: message.deliveryID)
                } catch {
                    // Go on with the other channels and report it. Delivered but
                    // not recorded means the next run sends it again.
                    switch outcome {
                    case .delivered:
                        recorded = .retryLater(reason: "\(channel.kind.rawValue) channel '\(channel.name)': delivered, but recording it failed (\(error.message)); the next run may send it again")
                    case .configError(let reason):
                        // Still a configuration problem (exit 78), whatever the database said.
                        recorded = .configError(reason: "\(reason) (recording it failed too: \(error.message))")
                    case .retryLater(let reason):
                        recorded = .retryLater(reason: "\(reason) (recording it failed too: \(error.message))")
                    }
                }
                guard case .delivered = recorded else {
                    if messages.count > 1 {
                        let left = digest.entries.count - sentEntries.count
                        let more = " (\(sentEntries.count) of \(digest.entries.count) alerts delivered; the next run sends the other \(left))"
                        switch recorded {
                        case .retryLater(let r): recorded = .retryLater(reason: r + more)
                        case .configError(let r): recorded = .configError(reason: r + more)
                        case .delivered: break
                        }
                    }
                    break
                }
                sentEntries += message.entries
            }
            let payload = sentPayloads.joined(separator: "\n")
            reports.append(ChannelReport(channel: channel, digest: digest, payload: payload, outcome: recorded))
        }
        return reports
    }

    /// Records an accepted digest's entries, or the channel's failure.
    func recordOutcome(_ outcome: DeliveryOutcome, channel: Channel, entries: [DigestEntry], byKey: [String: StoredAlert],
                       now: Day, at timestamp: String, messageID: String) throws(Failure) {
        var lastError: Failure?
        for attempt in 0..<3 {
            do {
                try recordOnce(outcome, channel: channel, entries: entries, byKey: byKey, now: now, at: timestamp, messageID: messageID)
                return
            } catch {
                lastError = error
                if error.kind != .temporary { break }
                sleepMilliseconds(500 << attempt)
            }
        }
        if let lastError { throw lastError }
    }

    func recordOnce(_ outcome: DeliveryOutcome, channel: Channel, entries: [DigestEntry], byKey: [String: StoredAlert],
                    now: Day, at timestamp: String, messageID: String) throws(Failure) {
        try store.write { () throws(Failure) in
            switch outcome {
            case .delivered:
                let rows = entries.compactMap { e -> DeliveryRecord? in
                    guard let s = byKey[e.alert.key] else { return nil }
                    return DeliveryRecord(alertRowID: s.rowID, episode: s.episode, kind: e.kind, threshold: e.alert.threshold)
                }
                try store.recordDeliveries(channel: channel.id, entries: rows, day: now, timestamp: timestamp, messageID: messageID)
                try store.setChannelStatus(id: channel.id, error: nil, at: timestamp)
            case .retryLater(let reason), .configError(let reason):
                try store.setChannelStatus(id: channel.id, error: reason, at: timestamp)
            }
        }
    }

    /// The planning queries, run inside the caller's transaction.
    func planInsideTransaction(for channel: Channel, now: Day) throws(Failure) -> (Digest, [String: StoredAlert], [Int64: DeliveryState]) {
        let states = try store.deliveryStates(channel: channel.id)
        let stored = try store.storedAlerts(states: [.open, .resolved], now: now)
        var byKey: [String: StoredAlert] = [:]
        var open: [PlannedAlert] = []
        var resolved: [(alert: Alert, state: DeliveryState)] = []
        for s in stored {
            byKey[s.alert.key] = s
            if s.state == .open {
                open.append(PlannedAlert(alert: s.alert, state: states[s.rowID], quiet: s.isQuiet(on: now),
                                         snoozed: s.isSnoozed(on: now)))
            } else if let state = states[s.rowID] {
                resolved.append((s.alert, state))
            }
        }
        let entries = DigestPlanner.plan(open: open, resolved: resolved, route: channel.route, now: now)
        return (Digest(channel: channel.name, now: now, entries: entries), byKey, states)
    }

    /// Sends the channel's test message and returns the receiver's answer.
    public func test(channel: Channel, now: Day) -> DeliveryOutcome {
        let sender = Sender(channel: channel, retry: retry)
        let id = randomID()
        let clock = wallClock()
        switch channel.kind {
        case .slack:
            return sender.sendSlack(SlackMessage.test(channel: channel.name, now: now))
        case .webhook:
            return sender.sendWebhook(WebhookPayload.test(channel: channel.name, now: now, deliveryID: id), deliveryID: id, timestamp: clock.seconds)
        case .email:
            let domain = channel.mailFrom?.split(separator: "@").last.map(String.init) ?? "tracker.invalid"
            let message = EmailMessage.message(
                from: channel.mailFrom ?? "", to: channel.mailTo, subject: "tracker: test message for channel \(channel.name)",
                body: "This is a test from tracker (\(now)). Alerts for channel \(channel.name) will arrive like this.\n",
                date: .init(unixSeconds: clock.seconds), messageID: "\(id)@\(domain)")
            return sender.sendEmail(message)
        }
    }
}

/// Open alerts that no channel takes, and why in short.
public struct Unrouted: Sendable, Equatable {
    public var count: Int
    /// `no channel is configured`, `no channel takes owner legal-ai`, ...
    public var reason: String

    /// The one line `tracker notify` prints on stderr.
    public var message: String {
        let what = count == 1 ? "1 open alert reached no channel" : "\(count) open alerts reached no channel"
        if reason == Unrouted.noChannels {
            return "\(what) (\(reason)); add one with 'tracker channel add slack NAME --url-env VAR'"
        }
        return "\(what) (\(reason)); add one with 'tracker channel add ...' or route one with --owner"
    }

    static let noChannels = "no channel is configured"
}

extension Notifier {
    /// The open alerts (not acknowledged or snoozed) that no channel's route
    /// takes, as of `now`, after a run stored them; nil when each reaches a
    /// channel.
    public func unrouted(now: Day) throws(Failure) -> Unrouted? {
        let (alerts, channels) = try store.read { () throws(Failure) in
            (try store.storedAlerts(states: [.open], now: now), try store.channels())
        }
        let lost = alerts.filter { !$0.isQuiet(on: now) }.map(\.alert)
            .filter { a in !channels.contains { $0.route.matches(a) } }
        guard !lost.isEmpty else { return nil }
        guard !channels.isEmpty else { return Unrouted(count: lost.count, reason: Unrouted.noChannels) }
        // Owners no route takes at all; the rest are left out by task or urgency.
        var owners: [String] = []
        var noOwner = false
        var filtered = 0
        for a in lost {
            let ownerTaken = channels.contains { c in c.route.owner.map { o in a.owner.map { NameKey.same(o, $0) } ?? false } ?? true }
            if ownerTaken { filtered += 1; continue }
            if let o = a.owner {
                if !owners.contains(where: { NameKey.same($0, o) }) { owners.append(o) }
            } else {
                noOwner = true
            }
        }
        owners = NaturalOrder.sorted(owners)
        var parts: [String] = []
        if !owners.isEmpty {
            let shown = owners.prefix(3).joined(separator: ", ") + (owners.count > 3 ? " and \(owners.count - 3) more" : "")
            parts.append("no channel takes owner\(owners.count == 1 ? "" : "s") \(shown)")
        }
        if noOwner { parts.append("no channel takes alerts without an owner") }
        if filtered > 0 { parts.append("\(filtered) left out by every channel's --task or --min-urgency") }
        return Unrouted(count: lost.count, reason: parts.joined(separator: "; "))
    }
}
