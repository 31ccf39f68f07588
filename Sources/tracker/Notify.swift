import ArgumentParser
import TrackerCore
import TrackerNotify
import TrackerStore

extension Tracker {
    /// `tracker notify`: the cron job.
    struct Notify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "notify",
            abstract: "Send each channel one digest of new, repeated, stepped and resolved alerts (run from cron).",
            discussion: """
                Silent when nothing was sent and nothing failed. Exit 0 when every delivery succeeded or there \
                was nothing to send, 75 when some deliveries will be retried by the next run, 78 when a channel \
                is misconfigured or open alerts reached no channel (none configured, or none routed to their owner, \
                task or urgency; one line on stderr says how many and why). Runs on one database never overlap: a second run waits for the first.
                """
        )

        @Flag(name: .customLong("dry-run"), help: "Print exactly what each channel would receive; send and change nothing.")
        var dryRun = false

        @Option(help: ArgumentHelp("Only this channel.", valueName: "name"))
        var channel: String?

        @Flag(help: "Report each delivery on stdout.")
        var verbose = false

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            let store = try database.openForReading(today: today)
            let notifier = Notifier(store: store, retry: .fromEnvironment())
            let reports = try notifier.run(now: today, only: channel, dryRun: dryRun)
            let out = Console.stdout
            if dryRun {
                if reports.isEmpty { out.line("nothing to send (as of \(today))") }
                for r in reports {
                    out.line("=== \(r.channel.kind.rawValue) channel \(r.channel.name): \(r.digest.summary) ===")
                    out.write(r.payload)
                    if !r.payload.hasSuffix("\n") { out.line() }
                }
                return
            }
            var exit: Failure.Kind?
            for r in reports {
                switch r.outcome {
                case .delivered(let answer)?:
                    if verbose {
                        out.line("\(r.channel.kind.rawValue) channel \(r.channel.name): delivered \(r.digest.summary) (\(answer))")
                    }
                case .retryLater(let reason)?:
                    Console.error(reason)
                    if exit == nil { exit = .temporary }
                case .configError(let reason)?:
                    Console.error(reason)
                    exit = .config
                case nil:
                    break
                }
            }
            if verbose && reports.isEmpty { out.line("nothing to send (as of \(today))") }
            // Delivered what it could; alerts no channel takes are a
            // configuration problem too, said in one line.
            if channel == nil, let lost = try notifier.unrouted(now: today) {
                Console.error(lost.message)
                exit = .config
            }
            if let exit { throw ExitCode(exit.rawValue) }
        }
    }
}
