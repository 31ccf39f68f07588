/// What a channel has already been told about one alert.
public struct DeliveryState: Sendable, Equatable {
    /// Day of the last delivery of the alert (new, repeat or threshold).
    public var lastSent: Day?
    /// The lowest shutdown step already delivered.
    public var lastThreshold: Int?
    /// Whether the resolution was delivered.
    public var resolutionSent: Bool
    /// How many deliveries of this alert the channel accepted (this episode).
    public var count: Int

    public init(lastSent: Day?, lastThreshold: Int?, resolutionSent: Bool, count: Int = 0) {
        self.lastSent = lastSent
        self.lastThreshold = lastThreshold
        self.resolutionSent = resolutionSent
        self.count = count
    }
}

/// Which alerts a channel wants.
public struct Route: Sendable, Equatable {
    public var owner: String?
    public var task: String?
    public var minUrgency: Urgency
    public var repeatEvery: Span

    public static let defaultRepeat = Span(count: 7, unit: .day)

    public init(owner: String? = nil, task: String? = nil, minUrgency: Urgency = .planned, repeatEvery: Span = Route.defaultRepeat) {
        self.owner = owner
        self.task = task
        self.minUrgency = minUrgency
        self.repeatEvery = repeatEvery
    }

    /// Owners and tasks are matched as names are (`NameKey`): `Platform-ML`
    /// routes the alerts of `platform-ml`.
    public func matches(_ a: Alert) -> Bool {
        func same(_ wanted: String?, _ actual: String?) -> Bool {
            guard let wanted else { return true }
            guard let actual else { return false }
            return NameKey.same(wanted, actual)
        }
        return same(owner, a.owner) && same(task, a.task) && a.urgency >= minUrgency
    }
}

/// One line of a digest.
public struct DigestEntry: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// First delivery of the alert to this channel.
        case new
        /// The repeat interval has passed.
        case `repeat`
        /// A shutdown step (90/60/30/7/1 days) was crossed.
        case threshold
        /// The cause went away.
        case resolved
    }
    public var kind: Kind
    public var alert: Alert

    public init(kind: Kind, alert: Alert) {
        self.kind = kind
        self.alert = alert
    }
}

/// An open alert with its channel state, as the planner sees it.
public struct PlannedAlert: Sendable {
    public var alert: Alert
    public var state: DeliveryState?
    /// Acknowledged or snoozed: no repeats until that ends.
    public var quiet: Bool
    /// Snoozed: not even shutdown steps until the snooze ends.
    public var snoozed: Bool

    public init(alert: Alert, state: DeliveryState?, quiet: Bool, snoozed: Bool? = nil) {
        self.alert = alert
        self.state = state
        self.quiet = quiet
        self.snoozed = snoozed ?? quiet
    }
}

/// Decides what one channel receives in this run.
public enum DigestPlanner {
    /// New alerts, due repeats and step crossings for open alerts matching the
    /// route; resolutions of alerts this channel was told about. In
    /// `DigestOrder`.
    public static func plan(open: [PlannedAlert], resolved: [(alert: Alert, state: DeliveryState)],
                            route: Route, now: Day) -> [DigestEntry] {
        var entries: [DigestEntry] = []
        for p in open where route.matches(p.alert) {
            guard let state = p.state, let last = state.lastSent else {
                // Never told: new, unless snoozed or acknowledged.
                if !p.quiet { entries.append(DigestEntry(kind: .new, alert: p.alert)) }
                continue
            }
            // A shutdown step is news: it goes out even when acknowledged
            // (a snooze silences it until the snooze ends).
            if let t = p.alert.threshold, t < (state.lastThreshold ?? Int.max), !p.snoozed {
                entries.append(DigestEntry(kind: .threshold, alert: p.alert))
            } else if p.quiet {
                continue
            } else if route.repeatEvery.after(last) <= now {
                entries.append(DigestEntry(kind: .repeat, alert: p.alert))
            }
        }
        for r in resolved where r.state.lastSent != nil && !r.state.resolutionSent {
            entries.append(DigestEntry(kind: .resolved, alert: r.alert))
        }
        return DigestOrder.sorted(entries)
    }
}
