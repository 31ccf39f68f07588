import ArgumentParser
import TrackerCore
import TrackerStore

extension Tracker {
    /// `tracker show NAME`: the whole lineage and what it cost.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show a fine-tune's whole lineage: each generation's base, dates, cost and evals, and the total spent."
        )

        @Argument(help: ArgumentHelp("The fine-tune's name.", valueName: "name"))
        var name: String

        @OptionGroup var format: FormatOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let wanted = try checkExistingName(self.name, field: "name")
            let today = try clock.today()
            let store = try database.openForReading(today: today)
            let (ft, lineage, bases, changes, corrections, outlook) = try store.read {
                () throws(Failure) -> (FineTune, [Generation], [Int64: BaseVersion], [FineTuneChange], [GenerationChange], (estimate: RetrainEstimate, next: RetrainEvent?)?) in
                guard let ft = try store.fineTune(named: wanted) else { throw try unknownFineTune(wanted, in: store) }
                let lineage = try store.generations(of: ft.id)
                var bases: [Int64: BaseVersion] = [:]
                for g in lineage where bases[g.facts.baseID] == nil { bases[g.facts.baseID] = try store.base(id: g.facts.baseID) }
                return (ft, lineage, bases, try store.changes(fineTune: ft.id), try store.generationChanges(fineTune: ft.id),
                        try store.retrainOutlook(ft, lineage: lineage, now: today))
            }
            let totals: [Money]
            do {
                totals = try Money.totals(lineage.map(\.facts.cost))
            } catch {
                throw Failure.data("the total spent on '\(ft.name)' in \(error.currency) is too large to add up; check its costs with 'tracker show \(ft.name) --format csv'")
            }
            LineageListing.listing(ft, lineage: lineage, bases: bases, totals: totals, changes: changes,
                                   corrections: corrections, outlook: outlook)
                .write(lineage, as: format.format, to: Console.stdout)
        }
    }
}
