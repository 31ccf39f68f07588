/// An alert as stored, with its lifecycle and quieting.
public struct StoredAlert: Sendable {
    public enum State: String, Sendable { case open, inhibited, resolved }
    public var rowID: Int64
    public var alert: Alert
    public var state: State
    public var episode: Int
    public var firstSeen: Day
    public var lastSeen: Day
    public var resolvedOn: Day?
    public var acked: Bool
    public var ackUntil: Day?
    public var snoozedUntil: Day?

    public init(rowID: Int64, alert: Alert, state: State, episode: Int, firstSeen: Day, lastSeen: Day, resolvedOn: Day?,
                acked: Bool, ackUntil: Day?, snoozedUntil: Day?) {
        self.rowID = rowID
        self.alert = alert
        self.state = state
        self.episode = episode
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.resolvedOn = resolvedOn
        self.acked = acked
        self.ackUntil = ackUntil
        self.snoozedUntil = snoozedUntil
    }
}

/// One digest entry a receiver accepted, as the delivery log keeps it.
public struct DeliveryRecord: Sendable, Equatable {
    public var alertRowID: Int64
    public var episode: Int
    public var kind: DigestEntry.Kind
    public var threshold: Int?

    public init(alertRowID: Int64, episode: Int, kind: DigestEntry.Kind, threshold: Int?) {
        self.alertRowID = alertRowID
        self.episode = episode
        self.kind = kind
        self.threshold = threshold
    }
}
