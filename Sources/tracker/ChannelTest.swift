import ArgumentParser
import TrackerCore
import TrackerNotify
import TrackerStore

extension ChannelCommand {
    /// `tracker channel test NAME`: one test message, and the receiver's answer.
    struct ChannelTest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Send one test message through a channel and report the receiver's answer."
        )

        @Argument(help: ArgumentHelp("The channel's name.", valueName: "name"))
        var name: String

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            let store = try database.openForReading(today: today)
            guard let channel = try store.read({ () throws(Failure) in try store.channel(named: name) }) else {
                throw Failure.data("no channel named '\(name)'; see 'tracker channel list'")
            }
            let notifier = Notifier(store: store, retry: .fromEnvironment())
            let outcome = notifier.test(channel: channel, now: today)
            let stamp = wallClock().iso
            switch outcome {
            case .delivered(let answer):
                try store.write { () throws(Failure) in try store.setChannelStatus(id: channel.id, error: nil, at: stamp) }
                Console.stdout.line("\(channel.kind.rawValue) channel \(channel.name): delivered; the receiver answered \(answer)")
            case .retryLater(let reason):
                try store.write { () throws(Failure) in try store.setChannelStatus(id: channel.id, error: reason, at: stamp) }
                throw Failure(.temporary, reason)
            case .configError(let reason):
                try store.write { () throws(Failure) in try store.setChannelStatus(id: channel.id, error: reason, at: stamp) }
                throw Failure(.config, reason)
            }
        }
    }

    /// `tracker channel remove NAME`.
    struct ChannelRemove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a channel and its delivery log."
        )

        @Argument(help: ArgumentHelp("The channel's name.", valueName: "name"))
        var name: String

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let store = try database.openForReading(today: try clock.today())
            let removed = try store.write { () throws(Failure) -> String in
                guard let c = try store.channel(named: name) else {
                    throw Failure.data("no channel named '\(name)'; see 'tracker channel list'")
                }
                try store.removeChannel(id: c.id)
                return c.name
            }
            Console.stdout.line("removed channel \(removed)")
        }
    }
}
