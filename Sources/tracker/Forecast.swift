import ArgumentParser
import TrackerCore
import TrackerStore

/// How `tracker forecast` groups the expected retrains.
enum ForecastBucketing: String, CaseIterable, ExpressibleByArgument, Sendable {
    case month, owner, task, family
}

extension Tracker {
    /// `tracker forecast`: the expected retrains over the coming months and
    /// what they will cost, by month, owner, task or base family.
    struct Forecast: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "forecast",
            abstract: "Forecast the retrains of the active fine-tunes and their cost, by month, owner, task or base family.",
            discussion: """
                A retrain is expected at the earliest of the base's shutdown, its leaving the provider's list, \
                its deprecation, a newer snapshot already out, the family's next expected snapshot (from its \
                release cadence) and the retrain policy; each costs the fine-tune's retrain estimate. Rows are \
                per bucket and currency; only buckets with retrains are listed. 'planned' counts retrains \
                already due (within 90 days, as 'tracker due' shows them).
                """
        )

        @Option(help: ArgumentHelp("How many months ahead, from today: 1 to 120.", valueName: "n"))
        var months: String = "12"

        @Option(help: ArgumentHelp("Group by month, owner, task or family.", valueName: "bucket"))
        var by: ForecastBucketing = .month

        @OptionGroup var format: FormatOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            let months = try parseMonths(self.months)
            let until = today.adding(months: months)
            let store = try database.openForReading(today: today)
            let (model, events) = try store.read { () throws(Failure) -> (ForecastModel, [RetrainEvent]) in
                let model = try store.forecastModel(now: today)
                return (model, model.events(through: until.adding(days: -1)))
            }
            let rows = ForecastListing.rows(events, by: by)
            let totals = ForecastListing.totals(events)
            if events.isEmpty {
                Console.writeAll(2, Array((Console.oneLine(ForecastListing.whyEmpty(model, months: months, until: until)) + "\n").utf8))
            }
            ForecastListing.listing(by: by, now: today, months: months, until: until, totals: totals)
                .write(rows, as: format.format, to: Console.stdout)
        }
    }
}

/// `--months`: a whole number from 1 to 120.
func parseMonths(_ text: String) throws(Failure) -> Int {
    let n = try parseCount(text, field: "--months")
    guard (1...120).contains(n) else {
        throw Failure.usage("--months '\(text)' is out of range; give 1 to 120")
    }
    return Int(n)
}
