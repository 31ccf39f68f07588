import ArgumentParser
import TrackerCore
import TrackerStore

extension BaseCommand {
    /// `tracker base set REF ...`: changes lifecycle facts, keeping history.
    struct BaseSet: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Change a base version's dates; every change is kept with the day it was recorded.",
            discussion: "Give 'none' instead of a date to clear it (unknown again)."
        )

        @Argument(help: ArgumentHelp("The snapshot: PROVIDER/FAMILY@VERSION or a known model id.", valueName: "ref"))
        var ref: String

        @Option(name: .customLong("model-id"), help: ArgumentHelp("The provider's model id.", valueName: "id"))
        var modelID: String?

        @Option(help: ArgumentHelp("Release day, or 'none'.", valueName: "date"))
        var released: String?

        @Option(help: ArgumentHelp("Deprecation day, or 'none' (not deprecated).", valueName: "date"))
        var deprecated: String?

        @Flag(name: .customLong("deprecated-undated"), help: "Deprecated, date not announced.")
        var deprecatedUndated = false

        @Option(help: ArgumentHelp("Shutdown day, or 'none'.", valueName: "date"))
        var shutdown: String?

        @Option(help: ArgumentHelp("The snapshot that replaces it, or 'none'.", valueName: "ref"))
        var successor: String?

        @Option(name: .customLong("train-price"), help: ArgumentHelp(
            "Training price per 1M trained tokens (25, $25, 25 USD), or 'none'; 'import openai-jobs' prices jobs with it.",
            valueName: "money-per-1m"))
        var trainPrice: String?

        @Option(name: .customLong("price-in"), help: ArgumentHelp("Input price per 1M tokens (2.50, $2.50, 2.50 USD; up to 6 decimals), or 'none'.", valueName: "money-per-1m"))
        var priceIn: String?

        @Option(name: .customLong("price-out"), help: ArgumentHelp("Output price per 1M tokens, or 'none'.", valueName: "money-per-1m"))
        var priceOut: String?

        @Option(name: .customLong("ft-price-in"), help: ArgumentHelp("Input price per 1M tokens of its fine-tunes, or 'none'.", valueName: "money-per-1m"))
        var ftPriceIn: String?

        @Option(name: .customLong("ft-price-out"), help: ArgumentHelp("Output price per 1M tokens of its fine-tunes, or 'none'.", valueName: "money-per-1m"))
        var ftPriceOut: String?

        /// The price options by kind, as given.
        var priceOptions: [(PriceKind, String?)] {
            [(.input, priceIn), (.output, priceOut), (.fineTunedInput, ftPriceIn), (.fineTunedOutput, ftPriceOut)]
        }

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func validate() throws {
            if deprecated != nil && deprecatedUndated {
                throw ValidationError("give --deprecated DATE or --deprecated-undated, not both")
            }
            if modelID == nil && released == nil && deprecated == nil && !deprecatedUndated && shutdown == nil && successor == nil
                && trainPrice == nil && priceOptions.allSatisfy({ $0.1 == nil }) {
                throw ValidationError("nothing to change; give --released, --deprecated, --deprecated-undated, --shutdown, --successor, --model-id, --train-price, --price-in, --price-out, --ft-price-in or --ft-price-out")
            }
        }

        /// A date, or nil for 'none'.
        func optionalDay(_ text: String, field: String) throws(Failure) -> Day? {
            if isNone(text) { return nil }
            return try parseDay(text, field: field)
        }

        func run() throws {
            let today = try clock.today()
            let newModelID = try modelID.map { (id: String) throws(Failure) in try checkName(id, field: "--model-id") }
            let newReleased = try released.map { (s: String) throws(Failure) in try optionalDay(s, field: "--released") }
            let newDeprecated = try deprecated.map { (s: String) throws(Failure) in try optionalDay(s, field: "--deprecated") }
            let newShutdown = try shutdown.map { (s: String) throws(Failure) in try optionalDay(s, field: "--shutdown") }
            let newTrainPrice = try trainPrice.map { (s: String) throws(Failure) -> Money? in
                isNone(s) ? nil : try parseMoney(s, field: "--train-price")
            }
            var newRates: [(PriceKind, TokenRate?)] = []
            for (kind, text) in priceOptions {
                guard let text else { continue }
                newRates.append((kind, isNone(text) ? nil : try parseRate(text, field: kind.option)))
            }
            let store = try database.openForWriting(today: today)
            let (name, changed, modelChanged, priceChanges) = try store.write {
                () throws(Failure) -> (String, [DateChange.Field], Bool, [String]) in
                let old = try store.requireBase(ref, field: "base")
                var new = old
                if let newModelID { new.modelID = newModelID }
                if let newReleased { new.released = newReleased }
                if let newDeprecated { new.deprecation = newDeprecated.map { .on($0) } ?? .none }
                if deprecatedUndated { new.deprecation = .undated }
                if let newShutdown { new.shutdown = newShutdown }
                if let successor {
                    if isNone(successor) {
                        new.successorID = nil
                    } else {
                        let s = try store.requireBase(successor, field: "--successor")
                        guard s.id != old.id else {
                            throw Failure.usage("--successor is \(old.ref) itself; name the newer snapshot")
                        }
                        new.successorID = s.id
                    }
                }
                try checkLifecycleOrder(new, kind: .data)
                let changed = try store.updateBase(from: old, to: new, source: "manual", today: today)
                var priceChanges: [String] = []
                if let newTrainPrice, try store.trainPrice(base: old.id)?.perMillion != newTrainPrice {
                    try store.setTrainPrice(base: old.id, newTrainPrice.map { TrainPrice(perMillion: $0, source: "manual", readOn: today) })
                    priceChanges.append("train price")
                }
                let before = try store.prices(base: old.id)
                for (kind, rate) in newRates where before[kind]?.rate != rate {
                    try store.setPrice(base: old.id, kind, rate.map { StoredPrice(rate: $0, source: "manual", readOn: today) })
                    priceChanges.append(kind.label + " price")
                }
                try checkOneCurrency(old.ref, prices: try store.prices(base: old.id), train: try store.trainPrice(base: old.id))
                return (old.ref.description, changed, old.modelID != new.modelID, priceChanges)
            }
            if changed.isEmpty && !modelChanged && priceChanges.isEmpty {
                Console.stdout.line("no change to \(name)")
            } else {
                let fields = changed.map(\.rawValue) + (modelChanged ? ["model id"] : []) + priceChanges
                Console.stdout.line("updated \(name): \(fields.joined(separator: ", "))")
            }
        }
    }
}

/// A price per 1M tokens, exact to 6 decimals.
func parseRate(_ text: String, field: String) throws(Failure) -> TokenRate {
    do {
        return try TokenRate.parse(text)
    } catch {
        throw Failure.usage("\(field): \(error.message)")
    }
}

/// The prices set on one base share one currency: a comparison never
/// mixes two.
func checkOneCurrency(_ ref: BaseRef, prices: [PriceKind: StoredPrice], train: TrainPrice?) throws(Failure) {
    var named = PriceKind.allCases.compactMap { k in prices[k].map { (k.option, $0.rate.currency) } }
    if let train { named.append(("--train-price", train.perMillion.currency)) }
    guard let first = named.first, let other = named.first(where: { $0.1 != first.1 }) else { return }
    throw Failure.usage("\(other.0) is in \(other.1) but \(first.0) of \(ref) is in \(first.1); give every price of a base in one currency")
}
