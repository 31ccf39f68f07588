import ArgumentParser
import TrackerCore
import TrackerStore

extension BudgetCommand {
    /// `tracker budget list`: the budgets as set.
    struct BudgetList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the budgets: scope, period, amount and the day each was set."
        )

        @OptionGroup var format: FormatOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let store = try database.openForReading(today: try clock.today())
            let budgets = try store.read { () throws(Failure) in try store.budgets() }
            BudgetListing.listing.write(budgets, as: format.format, to: Console.stdout)
        }
    }
}
