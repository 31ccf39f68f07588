import ArgumentParser
import TrackerCore
import TrackerStore

extension BudgetCommand {
    /// `tracker budget show [PERIOD]`: where each budget stands today.
    struct BudgetShow: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show each budget's spent, planned, forecast and remaining amounts and its status.",
            discussion: """
                spent: training costs recorded in the period; planned: the estimated cost of the retrains \
                already due, dated in the period; forecast: the other expected retrains in the rest of the \
                period; remaining: amount - spent - planned - forecast. status is over when spent + planned \
                is over the amount, at-risk when spent + planned + forecast is, else ok. With PERIOD, only \
                the budgets set for exactly that period (2027 does not include 2027-Q1).
                """
        )

        @Argument(help: ArgumentHelp("Only the budgets of this period: 2027, 2027-Q1 or 2027-03.", valueName: "period"))
        var period: String?

        @OptionGroup var format: FormatOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            let period = try self.period.map { (s: String) throws(Failure) in try parseBudgetPeriod(s) }
            let store = try database.openForReading(today: today)
            let results = try store.read { () throws(Failure) in try store.budgetStandings(now: today) }
            var standings: [BudgetStanding] = []
            for r in results {
                switch r {
                case .success(let s):
                    if period == nil || s.budget.period == period { standings.append(s) }
                case .failure(let p):
                    let b: Budget
                    switch p { case .currency(let budget, _, _), .overflow(let budget): b = budget }
                    if period == nil || b.period == period { throw Failure.data(p.message) }
                }
            }
            var listing = BudgetStandingListing.listing(now: today)
            if let period, !results.isEmpty {
                listing.empty = "No budget for \(period). 'tracker budget list' shows the periods that have one."
            }
            listing.write(standings, as: format.format, to: Console.stdout)
        }
    }
}
