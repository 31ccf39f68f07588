import TrackerCore
import TrackerTransport

/// What `tracker doctor` asks of the delivery side: can each channel's
/// secrets be read now, and does libcurl load. Values are read and dropped;
/// only their sources are named.
public enum SetupProbe {
    /// The secret sources a channel reads at send time, with what each is for.
    public static func secretSources(of channel: Channel) -> [(what: String, source: SecretSource)] {
        var out: [(what: String, source: SecretSource)] = []
        func add(_ what: String, _ env: String?, _ file: String?) {
            if let env { out.append((what, .environment(env))) } else if let file { out.append((what, .file(file))) }
        }
        switch channel.kind {
        case .slack:
            add("URL", channel.urlEnv, channel.urlFile)
        case .webhook:
            add("URL", channel.urlEnv, channel.urlFile)
            add("signing secret", channel.secretEnv, channel.secretFile)
        case .email:
            add("SMTP password", channel.passwordEnv, channel.passwordFile)
        }
        return out
    }

    /// One check per channel: every secret source it names can be read.
    public static func channelSecrets(_ channel: Channel) -> SetupCheck {
        let name = "channel \(channel.name)"
        let sources = secretSources(of: channel)
        if sources.isEmpty {
            if channel.kind == .email {
                return SetupCheck(.ok, name, "email without SMTP login: no secret to read")
            }
            return SetupCheck(.fail, name, "\(channel.kind.rawValue) channel has no URL source; set one with --url-env or --url-file")
        }
        for (what, source) in sources {
            do {
                _ = try source.read(for: "\(what) from \(source)")
            } catch {
                return SetupCheck(.fail, name, error.message)
            }
        }
        let list = sources.map { "\($0.what) from \($0.source)" }.joined(separator: ", ")
        return SetupCheck(.ok, name, "\(list) readable")
    }

    /// libcurl, which `sync` and `notify` load on first use.
    public static func transport() -> SetupCheck {
        do {
            try loadTransport()
            return SetupCheck(.ok, "libcurl", "loads (sync and notify can reach the network)")
        } catch {
            return SetupCheck(.fail, "libcurl", "\(error.message); sync and notify need it")
        }
    }
}
