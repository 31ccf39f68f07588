import ArgumentParser
import TrackerCore
import TrackerNotify
import TrackerStore

extension ChannelCommand {
    /// `tracker channel add KIND NAME ...`
    struct ChannelAdd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a channel. Secrets are read at send time from the variable or file you name, never stored.",
            discussion: """
                slack NAME (--url-env VAR | --url-file PATH)
                email NAME --smtp URL --from ADDR --to ADDR [--to ADDR ...] [--user U (--password-env VAR | --password-file PATH)]
                webhook NAME (--url-env VAR | --url-file PATH) [--secret-env VAR | --secret-file PATH]
                smtp://host:587 requires STARTTLS unless --insecure-plaintext; smtps://host:465 uses implicit TLS.
                """
        )

        @Argument(help: ArgumentHelp("slack, email or webhook.", valueName: "kind"))
        var kind: Channel.Kind

        @Argument(help: ArgumentHelp("The channel's name.", valueName: "name"))
        var name: String

        @Option(name: .customLong("url-env"), help: ArgumentHelp("Environment variable holding the webhook URL.", valueName: "var"))
        var urlEnv: String?

        @Option(name: .customLong("url-file"), help: ArgumentHelp("File holding the webhook URL.", valueName: "path"))
        var urlFile: String?

        @Option(name: .customLong("secret-env"), help: ArgumentHelp("Webhook: variable holding the signing secret.", valueName: "var"))
        var secretEnv: String?

        @Option(name: .customLong("secret-file"), help: ArgumentHelp("Webhook: file holding the signing secret.", valueName: "path"))
        var secretFile: String?

        @Option(help: ArgumentHelp("Email: smtp://host:587 (STARTTLS) or smtps://host:465 (TLS).", valueName: "url"))
        var smtp: String?

        @Option(help: ArgumentHelp("Email: sender address.", valueName: "addr"))
        var from: String?

        @Option(help: ArgumentHelp("Email: recipient address (repeat for several).", valueName: "addr"))
        var to: [String] = []

        @Option(help: ArgumentHelp("Email: SMTP user name.", valueName: "user"))
        var user: String?

        @Option(name: .customLong("password-env"), help: ArgumentHelp("Email: variable holding the SMTP password.", valueName: "var"))
        var passwordEnv: String?

        @Option(name: .customLong("password-file"), help: ArgumentHelp("Email: file holding the SMTP password.", valueName: "path"))
        var passwordFile: String?

        @Flag(name: .customLong("insecure-plaintext"), help: "Email: allow smtp:// without STARTTLS (a local relay only).")
        var insecurePlaintext = false

        @Option(name: .customLong("ca-file"), help: ArgumentHelp("Email: CA certificates for a private relay's TLS.", valueName: "path"))
        var caFile: String?

        @OptionGroup var routing: RouteOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func validate() throws {
            let urlGiven = [urlEnv, urlFile].compactMap { $0 }.count
            switch kind {
            case .slack, .webhook:
                guard urlGiven == 1 else { throw ValidationError("a \(kind.rawValue) channel needs exactly one of --url-env VAR or --url-file PATH") }
                if smtp != nil || from != nil || !to.isEmpty || user != nil || passwordEnv != nil || passwordFile != nil || insecurePlaintext || caFile != nil {
                    throw ValidationError("--smtp, --from, --to, --user, --password-*, --insecure-plaintext and --ca-file are for email channels")
                }
                if kind == .slack && (secretEnv != nil || secretFile != nil) {
                    throw ValidationError("--secret-env and --secret-file are for webhook channels; Slack URLs carry their own secret")
                }
                if secretEnv != nil && secretFile != nil { throw ValidationError("give --secret-env or --secret-file, not both") }
            case .email:
                guard urlGiven == 0, secretEnv == nil, secretFile == nil else {
                    throw ValidationError("--url-* and --secret-* are for slack and webhook channels; email uses --smtp")
                }
                guard smtp != nil, from != nil, !to.isEmpty else {
                    throw ValidationError("an email channel needs --smtp URL, --from ADDR and at least one --to ADDR")
                }
                if passwordEnv != nil && passwordFile != nil { throw ValidationError("give --password-env or --password-file, not both") }
                if (passwordEnv != nil || passwordFile != nil) && user == nil { throw ValidationError("--password-env/--password-file need --user") }
                if user != nil && passwordEnv == nil && passwordFile == nil { throw ValidationError("--user needs --password-env VAR or --password-file PATH") }
            }
        }

        func run() throws {
            let today = try clock.today()
            let name = try checkName(self.name, field: "name")
            var channel = Channel(name: name, kind: kind, route: try routing.route(), createdOn: today)
            channel.urlEnv = try urlEnv.map { (s: String) throws(Failure) in try checkVariableName(s, field: "--url-env") }
            channel.urlFile = try urlFile.map { (s: String) throws(Failure) in try checkPath(s, field: "--url-file") }
            channel.secretEnv = try secretEnv.map { (s: String) throws(Failure) in try checkVariableName(s, field: "--secret-env") }
            channel.secretFile = try secretFile.map { (s: String) throws(Failure) in try checkPath(s, field: "--secret-file") }
            channel.passwordEnv = try passwordEnv.map { (s: String) throws(Failure) in try checkVariableName(s, field: "--password-env") }
            channel.passwordFile = try passwordFile.map { (s: String) throws(Failure) in try checkPath(s, field: "--password-file") }
            channel.caFile = try caFile.map { (s: String) throws(Failure) in try checkPath(s, field: "--ca-file") }
            if kind == .email {
                channel.smtpURL = try Self.checkSMTPURL(smtp ?? "")
                if insecurePlaintext && channel.smtpURL!.hasPrefix("smtps://") {
                    throw Failure.usage("--insecure-plaintext does not apply to smtps:// (always TLS); drop it")
                }
                channel.insecurePlaintext = insecurePlaintext
                channel.mailFrom = try Self.checkAddress(from ?? "", field: "--from")
                channel.mailTo = try to.map { (s: String) throws(Failure) in try Self.checkAddress(s, field: "--to") }
                channel.smtpUser = try user.map { (s: String) throws(Failure) in try checkName(s, field: "--user") }
            }
            // The rules `import` applies too; the flags were checked above
            // with messages that name them.
            if let problem = ChannelRules.problem(channel) { throw Failure.usage(problem) }
            // A signing secret that can be read is checked now (only
            // checked: never stored or shown); one set later is checked by
            // `channel test` and at send time.
            if let source = channel.secretEnv.map({ SecretSource.environment($0) }) ?? channel.secretFile.map({ SecretSource.file($0) }),
               let secret = try? source.read(for: "signing secret"),
               let problem = WebhookPayload.secretProblem(secret, source: source.description) {
                throw Failure(.config, problem)
            }
            let store = try database.openForWriting(today: today)
            _ = try store.write { () throws(Failure) in try store.insertChannel(channel) }
            if let owner = channel.route.owner, let warning = try unknownOwnerWarning(owner, in: store) {
                Console.warning(warning)
            }
            Console.stdout.line("added \(kind.rawValue) channel \(name); try it with 'tracker channel test \(name)'")
        }

        static func checkAddress(_ s: String, field: String) throws(Failure) -> String {
            let t = s.trimmingWhitespace()
            guard EmailMessage.isMailbox(t) else {
                throw Failure.usage("\(field) '\(EmailMessage.headerSafe(s))' is not an email address; write it like alerts@example.com or 'Tracker Bot <alerts@example.com>'")
            }
            return t
        }

        /// smtp://host[:port] or smtps://host[:port]; no credentials, no path.
        static func checkSMTPURL(_ s: String) throws(Failure) -> String {
            var t = s.trimmingWhitespace()
            if let problem = ChannelRules.smtpURLProblem(t) {
                // Not echoed: it may carry a password.
                throw Failure.usage("--smtp \(problem)")
            }
            if t.hasSuffix("/") { t.removeLast() }
            let schemeEnd = t.firstRange(of: "://")!.upperBound
            return t[..<schemeEnd].lowercased() + t[schemeEnd...]
        }
    }
}

