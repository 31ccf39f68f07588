import ArgumentParser
import TrackerCore
import TrackerNotify
import TrackerStore

extension Channel.Kind: ExpressibleByArgument {}

/// `tracker channel ...`: where alerts are delivered.
struct ChannelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "channel",
        abstract: "Manage alert channels: Slack webhooks, email (SMTP) and signed webhooks.",
        subcommands: [ChannelAdd.self, ChannelSet.self, ChannelList.self, ChannelTest.self, ChannelRemove.self]
    )
}

/// Routing options shared by every channel kind.
struct RouteOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only alerts for this owner's fine-tunes.", valueName: "owner"))
    var owner: String?

    @Option(help: ArgumentHelp("Only alerts for this task.", valueName: "task"))
    var task: String?

    @Option(name: .customLong("min-urgency"), help: ArgumentHelp(
        "Only alerts at least this urgent: planned, soon, critical or overdue.", valueName: "level"))
    var minUrgency: String = "planned"

    @Option(help: ArgumentHelp("Repeat an open alert after this long: 1d, 7d (default), 2w.", valueName: "duration"))
    var `repeat`: String = "7d"

    func route() throws(Failure) -> Route {
        guard let level = Urgency(name: minUrgency.lowercased()) else {
            throw Failure.usage("--min-urgency '\(minUrgency)' is not a level; use planned, soon, critical or overdue")
        }
        let span = try parseSpan(`repeat`, field: "--repeat")
        guard span.count > 0 else { throw Failure.usage("--repeat must be at least 1d") }
        return Route(owner: try owner.map { (s: String) throws(Failure) in try checkName(s, field: "--owner") },
                     task: try task.map { (s: String) throws(Failure) in try checkName(s, field: "--task") },
                     minUrgency: level, repeatEvery: span)
    }
}

/// A shell-style environment variable name.
func checkVariableName(_ name: String, field: String) throws(Failure) -> String {
    guard ChannelRules.isVariableName(name) else {
        // The value is not echoed: it may be the secret itself, pasted by mistake.
        throw Failure.usage("\(field) takes the NAME of an environment variable (letters, digits and _, e.g. SLACK_WEBHOOK_URL), not its value; the value given is not shown")
    }
    return name
}

/// An absolute or relative path with no control characters; stored absolute.
func checkPath(_ path: String, field: String) throws(Failure) -> String {
    if path.contains("://") {
        // A URL here is almost certainly the secret itself: never store or echo it.
        throw Failure.usage("\(field) takes the PATH of a file holding the secret, not the URL itself; put the URL in a file (mode 0600) and give its path, or use the --*-env option; the value given is not shown")
    }
    let p = try checkText(path, field: field)
    if p.hasPrefix("/") { return p }
    return currentDirectory() + "/" + p
}
