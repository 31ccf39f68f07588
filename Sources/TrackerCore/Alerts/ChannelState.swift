/// A channel's delivery health: a code for scripts and a detail for people.
public struct ChannelState: Equatable, Sendable {
    public enum Code: String, Sendable, CaseIterable {
        /// The last delivery (or test) was accepted.
        case ok
        /// The last delivery failed; `detail` says how.
        case failing
        /// Nothing was delivered through it yet.
        case neverUsed = "never-used"
    }

    public var code: Code
    /// The last error, for `failing`; nil otherwise.
    public var detail: String?

    public init(_ code: Code, detail: String? = nil) {
        self.code = code
        self.detail = detail
    }

    /// Failing wins (its error is the detail); then ok once anything was delivered.
    public static func of(failing: Bool, lastError: String?, lastOkAt: String?) -> ChannelState {
        if failing { return ChannelState(.failing, detail: lastError ?? "unknown error") }
        return lastOkAt == nil ? ChannelState(.neverUsed) : ChannelState(.ok)
    }

    /// For people: `ok`, `never-used`, `failing: 403 invalid_token`.
    public var text: String { code.rawValue + (detail.map { ": \($0)" } ?? "") }
}

/// The names of a channel's fields, shared by every output that shows a
/// channel (`tracker channel list --format json|csv`, and `tracker export`),
/// so the same fact has the same name everywhere.
public enum ChannelFields {
    public static let name = "name"
    /// `slack`, `email` or `webhook`.
    public static let kind = "kind"
    /// Routing: only alerts of this owner / task, at least this urgency, repeated this often.
    public static let owner = "owner"
    public static let task = "task"
    public static let minUrgency = "min_urgency"
    public static let repeatEvery = "repeat"
    /// Where secrets come from (a variable name or a file path), never their values.
    public static let urlEnv = "url_env"
    public static let urlFile = "url_file"
    public static let secretEnv = "secret_env"
    public static let secretFile = "secret_file"
    /// Email: the SMTP URL, the sender, the recipients (an array), the login.
    public static let smtp = "smtp"
    public static let from = "from"
    public static let to = "to"
    public static let smtpUser = "smtp_user"
    public static let passwordEnv = "password_env"
    public static let passwordFile = "password_file"
    public static let insecurePlaintext = "insecure_plaintext"
    public static let caFile = "ca_file"
    /// The ISO day the channel was added.
    public static let createdOn = "created_on"
    /// `ChannelState`: its code and detail.
    public static let state = "state"
    public static let stateDetail = "state_detail"
    /// RFC 3339 UTC instants of the last accepted and the last failed delivery.
    public static let lastOkAt = "last_ok_at"
    public static let lastErrorAt = "last_error_at"
    /// In `tracker export` only, where the raw state travels: the failure
    /// text of the last attempt (never a secret) and whether it is failing.
    public static let lastError = "last_error"
    public static let failing = "failing"

    /// Every field, in the order `tracker channel list` writes them.
    public static let all: [String] = [
        name, kind, owner, task, minUrgency, repeatEvery, urlEnv, urlFile, secretEnv, secretFile, smtp, from, to,
        smtpUser, passwordEnv, passwordFile, insecurePlaintext, caFile, createdOn, state, stateDetail, lastOkAt,
        lastErrorAt,
    ]
}
