/// A notification channel as stored: where to deliver, how to find its
/// secrets at send time (never the secrets themselves), and its routing.
public struct Channel: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable { case slack, email, webhook }

    public var id: Int64 = 0
    public var name: String
    public var kind: Kind
    public var urlEnv: String?
    public var urlFile: String?
    public var secretEnv: String?
    public var secretFile: String?
    public var smtpURL: String?
    public var mailFrom: String?
    public var mailTo: [String] = []
    public var smtpUser: String?
    public var passwordEnv: String?
    public var passwordFile: String?
    public var insecurePlaintext = false
    public var caFile: String?
    public var route: Route
    public var createdOn: Day
    public var lastOkAt: String?
    public var lastError: String?
    public var lastErrorAt: String?
    public var failing = false

    public init(name: String, kind: Kind, route: Route, createdOn: Day) {
        self.name = name
        self.kind = kind
        self.route = route
        self.createdOn = createdOn
    }
}

