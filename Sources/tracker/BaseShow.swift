import ArgumentParser
import TrackerCore
import TrackerStore

extension BaseCommand {
    /// `tracker base show REF`: the facts and the history of each date.
    struct BaseShow: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show a base version and the history of its dates."
        )

        @Argument(help: ArgumentHelp("The snapshot: PROVIDER/FAMILY@VERSION or a known model id.", valueName: "ref"))
        var ref: String

        @OptionGroup var format: FormatOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            let store = try database.openForReading(today: today)
            let (base, all, history, count, prices) = try store.read {
                () throws(Failure) -> (BaseVersion, [BaseVersion], [DateChange], Int, EffectivePrices) in
                let b = try store.requireBase(ref, field: "base")
                return (b, try store.allBases(), try store.history(base: b.id), try store.generationCount(base: b.id),
                        try store.effectivePrices(b))
            }
            var row = BaseRow.rows([base], all: all, now: today)[0]
            row.prices = prices
            row.trainPrice = prices.train
            BaseHistoryListing.listing(row, generations: count).write(history, as: format.format, to: Console.stdout)
        }
    }
}
