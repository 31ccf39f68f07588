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

        func run() throws {
            let store = try database.openForReading(today: try clock.today())
            let channels = try store.read { () throws(Failure) in try store.channels() }
            ChannelListing.listing.write(channels, as: format.format, to: Console.stdout)
        }
    }
}
