import ArgumentParser
import TrackerCore
import TrackerNotify
import TrackerStore

extension ChannelCommand {
    /// `tracker channel set NAME ...`: changes a channel in place.
    struct ChannelSet: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Change a channel in place: it keeps its delivery log, so nothing already delivered is sent again.",
            discussion: """
                Takes the options of 'channel add' (not the kind) and --rename. Give 'none' to clear --owner, --task, \
                --secret-env/--secret-file, --user (with its password) or --ca-file. Giving --url-env replaces \
                --url-file and the other way round; the same for the secret and the password.
                """
        )

        @Argument(help: ArgumentHelp("The channel's name.", valueName: "name"))
        var name: String

        @Option(help: ArgumentHelp("A new name.", valueName: "new-name"))
        var rename: String?

        @Option(name: .customLong("url-env"), help: ArgumentHelp("Environment variable holding the webhook URL.", valueName: "var"))
        var urlEnv: String?

        @Option(name: .customLong("url-file"), help: ArgumentHelp("File holding the webhook URL.", valueName: "path"))
        var urlFile: String?

        @Option(name: .customLong("secret-env"), help: ArgumentHelp("Webhook: variable holding the signing secret, or 'none'.", valueName: "var"))
        var secretEnv: String?

        @Option(name: .customLong("secret-file"), help: ArgumentHelp("Webhook: file holding the signing secret, or 'none'.", valueName: "path"))
        var secretFile: String?

        @Option(help: ArgumentHelp("Email: smtp://host:587 (STARTTLS) or smtps://host:465 (TLS).", valueName: "url"))
        var smtp: String?

        @Option(help: ArgumentHelp("Email: sender address.", valueName: "addr"))
        var from: String?

        @Option(help: ArgumentHelp("Email: recipient address (repeat for several); replaces the list.", valueName: "addr"))
        var to: [String] = []

        @Option(help: ArgumentHelp("Email: SMTP user name, or 'none'.", valueName: "user"))
        var user: String?

        @Option(name: .customLong("password-env"), help: ArgumentHelp("Email: variable holding the SMTP password.", valueName: "var"))
        var passwordEnv: String?

        @Option(name: .customLong("password-file"), help: ArgumentHelp("Email: file holding the SMTP password.", valueName: "path"))
        var passwordFile: String?

        @Option(name: .customLong("insecure-plaintext"), help: ArgumentHelp(
            "Email: allow smtp:// without STARTTLS (a local relay only): yes or no.", valueName: "yes|no"))
        var insecurePlaintext: String?

        @Option(name: .customLong("ca-file"), help: ArgumentHelp("Email: CA certificates for a private relay's TLS, or 'none'.", valueName: "path"))
        var caFile: String?

        @Option(help: ArgumentHelp("Only alerts for this owner's fine-tunes, or 'none'.", valueName: "owner"))
        var owner: String?

        @Option(help: ArgumentHelp("Only alerts for this task, or 'none'.", valueName: "task"))
        var task: String?

        @Option(name: .customLong("min-urgency"), help: ArgumentHelp(
            "Only alerts at least this urgent: planned, soon, critical or overdue.", valueName: "level"))
        var minUrgency: String?

        @Option(help: ArgumentHelp("Repeat an open alert after this long: 1d, 7d, 2w.", valueName: "duration"))
        var `repeat`: String?

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func validate() throws {
            let given: [Any?] = [rename, urlEnv, urlFile, secretEnv, secretFile, smtp, from, user, passwordEnv, passwordFile,
                                 insecurePlaintext, caFile, owner, task, minUrgency, `repeat`]
            if given.allSatisfy({ $0 == nil }) && to.isEmpty {
                throw ValidationError("nothing to change; give --rename or an option of 'channel add' (see 'tracker channel set --help')")
            }
            if urlEnv != nil && urlFile != nil { throw ValidationError("give --url-env or --url-file, not both") }
            if secretEnv != nil && secretFile != nil { throw ValidationError("give --secret-env or --secret-file, not both") }
            if passwordEnv != nil && passwordFile != nil { throw ValidationError("give --password-env or --password-file, not both") }
        }

        func run() throws {
            let today = try clock.today()
            let wanted = try checkExistingName(self.name, field: "name")
            let newName = try rename.map { (s: String) throws(Failure) in try checkName(s, field: "--rename") }
            let store = try database.openForWriting(today: today)
            let (oldName, channel) = try store.write { () throws(Failure) -> (String, Channel) in
                guard let old = try store.channel(named: wanted) else {
                    throw Failure.data("no channel named '\(wanted)'; see 'tracker channel list'")
                }
                let new = try changed(old, newName: newName)
                if new != old { try store.updateChannel(new) }
                return (old.name, new)
            }
            // A new --owner that no fine-tune has routes nothing: most likely a typo.
            if owner != nil, let o = channel.route.owner, let warning = try unknownOwnerWarning(o, in: store) {
                Console.warning(warning)
            }
            Console.stdout.line(channelChangeLine(oldName: oldName, channel))
        }

        /// `old` with the options applied, checked by the rules `channel add` and `import` use.
        func changed(_ old: Channel, newName: String?) throws(Failure) -> Channel {
            var c = old
            let kind = old.kind.rawValue
            func cleared(_ text: String?) -> String?? {
                guard let text else { return nil }
                return isNone(text) ? .some(nil) : .some(text)
            }
            if let newName { c.name = newName }
            if let urlEnv { c.urlEnv = try checkVariableName(urlEnv, field: "--url-env"); c.urlFile = nil }
            if let urlFile { c.urlFile = try checkPath(urlFile, field: "--url-file"); c.urlEnv = nil }
            if let v = cleared(secretEnv) {
                c.secretEnv = try v.map { (s: String) throws(Failure) in try checkVariableName(s, field: "--secret-env") }
                c.secretFile = nil
            }
            if let v = cleared(secretFile) {
                c.secretFile = try v.map { (s: String) throws(Failure) in try checkPath(s, field: "--secret-file") }
                c.secretEnv = nil
            }
            if c.kind != .email {
                if smtp != nil || from != nil || !to.isEmpty || user != nil || passwordEnv != nil || passwordFile != nil
                    || insecurePlaintext != nil || caFile != nil {
                    throw Failure.usage("--smtp, --from, --to, --user, --password-*, --insecure-plaintext and --ca-file are for email channels; '\(old.name)' is a \(kind) channel")
                }
                if c.kind == .slack && (secretEnv != nil || secretFile != nil) {
                    throw Failure.usage("--secret-env and --secret-file are for webhook channels; Slack URLs carry their own secret")
                }
            } else {
                if urlEnv != nil || urlFile != nil || secretEnv != nil || secretFile != nil {
                    throw Failure.usage("--url-* and --secret-* are for slack and webhook channels; '\(old.name)' is an email channel")
                }
                if let smtp { c.smtpURL = try ChannelAdd.checkSMTPURL(smtp) }
                if let from { c.mailFrom = try ChannelAdd.checkAddress(from, field: "--from") }
                if !to.isEmpty { c.mailTo = try to.map { (s: String) throws(Failure) in try ChannelAdd.checkAddress(s, field: "--to") } }
                if let v = cleared(user) {
                    c.smtpUser = try v.map { (s: String) throws(Failure) in try checkName(s, field: "--user") }
                    if v == nil { c.passwordEnv = nil; c.passwordFile = nil }
                }
                if let passwordEnv { c.passwordEnv = try checkVariableName(passwordEnv, field: "--password-env"); c.passwordFile = nil }
                if let passwordFile { c.passwordFile = try checkPath(passwordFile, field: "--password-file"); c.passwordEnv = nil }
                if let insecurePlaintext {
                    switch insecurePlaintext.lowercased() {
                    case "yes": c.insecurePlaintext = true
                    case "no": c.insecurePlaintext = false
                    default: throw Failure.usage("--insecure-plaintext takes yes or no, not '\(insecurePlaintext)'")
                    }
                }
                if let v = cleared(caFile) { c.caFile = try v.map { (s: String) throws(Failure) in try checkPath(s, field: "--ca-file") } }
                if c.insecurePlaintext, c.smtpURL?.hasPrefix("smtps://") == true {
                    throw Failure.usage("--insecure-plaintext does not apply to smtps:// (always TLS); give --insecure-plaintext no")
                }
                if (c.passwordEnv != nil || c.passwordFile != nil) && c.smtpUser == nil {
                    throw Failure.usage("--password-env/--password-file need --user")
                }
                if c.smtpUser != nil && c.passwordEnv == nil && c.passwordFile == nil {
                    throw Failure.usage("--user needs --password-env VAR or --password-file PATH")
                }
            }
            if let v = cleared(owner) { c.route.owner = try v.map { (s: String) throws(Failure) in try checkName(s, field: "--owner") } }
            if let v = cleared(task) { c.route.task = try v.map { (s: String) throws(Failure) in try checkName(s, field: "--task") } }
            if let minUrgency {
                guard let level = Urgency(name: minUrgency.lowercased()) else {
                    throw Failure.usage("--min-urgency '\(minUrgency)' is not a level; use planned, soon, critical or overdue")
                }
                c.route.minUrgency = level
            }
            if let `repeat` {
                let span = try parseSpan(`repeat`, field: "--repeat")
                guard span.count > 0 else { throw Failure.usage("--repeat must be at least 1d") }
                c.route.repeatEvery = span
            }
            // The rules `channel add` and `import` apply.
            if let problem = ChannelRules.problem(c) { throw Failure.usage(problem) }
            return c
        }
    }
}

/// `updated channel NAME: ...` or `no change to channel NAME`.
func channelChangeLine(oldName: String, _ c: Channel) -> String {
    oldName == c.name && c.name.utf8.elementsEqual(oldName.utf8)
        ? "updated channel \(c.name); its delivery log is kept"
        : "renamed channel \(oldName) to \(c.name); its delivery log is kept"
}
