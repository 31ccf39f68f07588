import ArgumentParser
import TrackerCore
import TrackerStore

extension BaseCommand {
    /// `tracker base list`: versions of each family in `VersionOrder`.
    struct BaseList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List base versions; versions of a family are ordered by the date or number in their ids."
        )

        @Option(help: ArgumentHelp("Only this provider.", valueName: "provider"))
        var provider: String?

        @Option(help: ArgumentHelp("Only this family.", valueName: "family"))
        var family: String?

        @OptionGroup var format: FormatOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            let store = try database.openForReading(today: today)
            let (all, catalog, trainPrices, setPrices) = try store.read { () throws(Failure) in
                (try store.allBases(), try store.allCatalogRows(), try store.allTrainPrices(), try store.allPrices())
            }
            var byModel: [String: [CatalogRow]] = [:]
            for row in catalog { byModel[row.modelID, default: []].append(row) }
            let shown = all.sortedForListing().filter {
                (provider == nil || $0.ref.provider == provider!.lowercased()) && (family == nil || $0.ref.family == family!)
            }
            BaseListing.listing(now: today, anyRecorded: !all.isEmpty)
                .write(BaseRow.rows(shown, all: all, now: today).map { row in
                    var row = row
                    let catalog = BasePrices.from(byModel[row.base.modelID] ?? [], provider: row.base.ref.provider,
                                                  modelID: row.base.modelID)
                    row.prices = EffectivePrices.merge(set: setPrices[row.base.id] ?? [:], catalog: catalog,
                                                       train: trainPrices[row.base.id])
                    row.trainPrice = trainPrices[row.base.id]
                    return row
                }, as: format.format, to: Console.stdout)
        }
    }
}
