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
        subcommands: [ChannelAdd.self, ChannelList.self, ChannelTest.self, ChannelRemove.self]
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
    func isLetter(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 }
    let bytes = Array(name.utf8)
    let valid = !bytes.isEmpty && bytes.count <= 128 && isLetter(bytes[0])
        && bytes.allSatisfy { isLetter($0) || ($0 >= 48 && $0 <= 57) }
    guard valid else {
        throw Failure.usage("\(field) '\(name)' is not an environment variable name; use letters, digits and _ (e.g. SLACK_WEBHOOK_URL)")
    }
    return name
}

/// An absolute or relative path with no control characters; stored absolute.
func checkPath(_ path: String, field: String) throws(Failure) -> String {
    let p = try checkText(path, field: field)
    if p.hasPrefix("/") { return p }
    return currentDirectory() + "/" + p
}
