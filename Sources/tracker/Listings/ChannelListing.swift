import TrackerCore
import TrackerStore

/// `tracker channel list`: where alerts go and how delivery went. Secrets
/// are named by where they come from, never shown. JSON and CSV use the
/// shared `ChannelFields` names.
enum ChannelListing {
    typealias F = ChannelFields

    static let columns: [Column<Channel>] = [
        Column("NAME", F.name) { .text($0.name) },
        Column("KIND", F.kind) { .text($0.kind.rawValue) },
        Column("TARGET", "target", in: .table) { .text(target($0)) },
        Column("ROUTING", "routing", in: .table) { .text(routing($0)) },
        Column("OWNER", F.owner, in: .data) { .text($0.route.owner) },
        Column("TASK", F.task, in: .data) { .text($0.route.task) },
        Column("MIN URGENCY", F.minUrgency, in: .data) { .text($0.route.minUrgency.name) },
        Column("REPEAT", F.repeatEvery, in: .data) { .text($0.route.repeatEvery.description) },
        Column("URL ENV", F.urlEnv, in: .data) { .text($0.urlEnv) },
        Column("URL FILE", F.urlFile, in: .data) { .text($0.urlFile) },
        Column("SECRET ENV", F.secretEnv, in: .data) { .text($0.secretEnv) },
        Column("SECRET FILE", F.secretFile, in: .data) { .text($0.secretFile) },
        Column("SMTP", F.smtp, in: .data) { .text($0.smtpURL) },
        Column("FROM", F.from, in: .data) { .text($0.mailFrom) },
        Column("TO", F.to, in: .data) { .list($0.mailTo) },
        Column("SMTP USER", F.smtpUser, in: .data) { .text($0.smtpUser) },
        Column("PASSWORD ENV", F.passwordEnv, in: .data) { .text($0.passwordEnv) },
        Column("PASSWORD FILE", F.passwordFile, in: .data) { .text($0.passwordFile) },
        Column("INSECURE PLAINTEXT", F.insecurePlaintext, in: .data) { .bool($0.insecurePlaintext) },
        Column("CA FILE", F.caFile, in: .data) { .text($0.caFile) },
        Column("CREATED", F.createdOn, in: .data) { .day($0.createdOn) },
        Column("LAST OK", F.lastOkAt, in: .table) { .instant(text: $0.lastOkAt) },
        Column("STATE", F.state, in: .table) { .text(state($0).text) },
        Column("STATE", F.state, in: .data) { .text(state($0).code.rawValue) },
        Column("STATE DETAIL", F.stateDetail, in: .data) { .text(state($0).detail) },
        Column("LAST OK", F.lastOkAt, in: .data) { .instant(text: $0.lastOkAt) },
        Column("LAST ERROR AT", F.lastErrorAt, in: .data) { .instant(text: $0.lastErrorAt) },
    ]

    static let listing = Listing(columns, key: "channels",
                                 empty: "No channels. Add one with 'tracker channel add slack NAME --url-env VAR'.")

    static func state(_ c: Channel) -> ChannelState {
        ChannelState.of(failing: c.failing, lastError: c.lastError, lastOkAt: c.lastOkAt)
    }

    /// Where a channel delivers, naming secret sources, never values.
    static func target(_ c: Channel) -> String {
        switch c.kind {
        case .slack:
            return "url from " + (c.urlEnv.map { "$\($0)" } ?? c.urlFile ?? "?")
        case .webhook:
            let signed = c.secretEnv.map { ", signed with $\($0)" } ?? c.secretFile.map { ", signed with \($0)" } ?? ", unsigned"
            return "url from " + (c.urlEnv.map { "$\($0)" } ?? c.urlFile ?? "?") + signed
        case .email:
            let auth = c.smtpUser.map { " as \($0)" } ?? ""
            return "\(c.smtpURL ?? "?")\(auth)\(c.insecurePlaintext ? " (plaintext)" : "") to \(c.mailTo.joined(separator: ", "))"
        }
    }

    /// Which alerts a channel takes, and how often they repeat.
    static func routing(_ c: Channel) -> String {
        var parts: [String] = []
        if let o = c.route.owner { parts.append("owner \(o)") }
        if let t = c.route.task { parts.append("task \(t)") }
        if c.route.minUrgency != .planned { parts.append("\(c.route.minUrgency.name)+") }
        parts.append("repeat \(c.route.repeatEvery)")
        return parts.joined(separator: ", ")
    }
}
