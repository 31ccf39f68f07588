import ArgumentParser
import TrackerCore
import TrackerNotify
import TrackerStore

extension ChannelCommand {
    /// `tracker channel list`: where alerts go. Secrets are never shown.
    struct ChannelList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List channels with their routing and delivery status; secrets are never shown."
        )

        @OptionGroup var format: FormatOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

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

        static func routing(_ c: Channel) -> String {
            var parts: [String] = []
            if let o = c.route.owner { parts.append("owner \(o)") }
            if let t = c.route.task { parts.append("task \(t)") }
            if c.route.minUrgency != .planned { parts.append("\(c.route.minUrgency.name)+") }
            parts.append("repeat \(c.route.repeatEvery)")
            return parts.joined(separator: ", ")
        }

        static func status(_ c: Channel) -> String {
            if c.failing { return "failing: \(c.lastError ?? "unknown error")" }
            if c.lastOkAt != nil { return "ok" }
            return "not used yet"
        }

        func run() throws {
            let store = try database.openForReading(today: try clock.today())
            let channels = try store.read { () throws(Failure) in try store.channels() }
            let out = Console.stdout
            switch format.format {
            case .table:
                if channels.isEmpty {
                    out.line("No channels. Add one with 'tracker channel add slack NAME --url-env VAR'.")
                    return
                }
                var t = Table(["NAME", "KIND", "TARGET", "ROUTING", "LAST OK", "STATUS"])
                for c in channels {
                    t.append([c.name, c.kind.rawValue, Self.target(c), Self.routing(c), c.lastOkAt ?? "-", Self.status(c)])
                }
                t.write(to: out)
            case .json:
                var j = JSONWriter(out)
                j.beginObject()
                j.key("channels")
                j.beginArray()
                for c in channels {
                    j.beginObject()
                    j.field("name", c.name)
                    j.field("kind", c.kind.rawValue)
                    j.field("url_env", c.urlEnv)
                    j.field("url_file", c.urlFile)
                    j.field("secret_env", c.secretEnv)
                    j.field("secret_file", c.secretFile)
                    j.field("smtp", c.smtpURL)
                    j.field("from", c.mailFrom)
                    j.key("to")
                    j.beginArray()
                    for a in c.mailTo { j.string(a) }
                    j.endArray()
                    j.field("user", c.smtpUser)
                    j.field("password_env", c.passwordEnv)
                    j.field("password_file", c.passwordFile)
                    j.field("insecure_plaintext", c.insecurePlaintext)
                    j.field("owner", c.route.owner)
                    j.field("task", c.route.task)
                    j.field("min_urgency", c.route.minUrgency.name)
                    j.field("repeat", c.route.repeatEvery.description)
                    j.field("last_ok", c.lastOkAt)
                    j.field("failing", c.failing)
                    j.field("last_error", c.lastError)
                    j.field("last_error_at", c.lastErrorAt)
                    j.endObject()
                }
                j.endArray()
                j.endObject()
            case .csv:
                out.line(CSV.row(["name", "kind", "target", "routing", "last_ok", "failing", "last_error"]))
                for c in channels {
                    out.line(CSV.row([c.name, c.kind.rawValue, Self.target(c), Self.routing(c), c.lastOkAt,
                                      c.failing ? "true" : "false", c.lastError]))
                }
            }
        }
    }
}
