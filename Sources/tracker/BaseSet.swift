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

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func validate() throws {
            if deprecated != nil && deprecatedUndated {
                throw ValidationError("give --deprecated DATE or --deprecated-undated, not both")
            }
            if modelID == nil && released == nil && deprecated == nil && !deprecatedUndated && shutdown == nil && successor == nil
                && trainPrice == nil {
                throw ValidationError("nothing to change; give --released, --deprecated, --deprecated-undated, --shutdown, --successor, --model-id or --train-price")
            }
        }

        /// A date, or nil for 'none'.
        func optionalDay(_ text: String, field: String) throws(Failure) -> Day? {
            let t = text.trimmingWhitespace().lowercased()
            if t == "none" || t == "unknown" { return nil }
            return try parseDay(text, field: field)
        }

        func run() throws {
            let today = try clock.today()
            let newModelID = try modelID.map { (id: String) throws(Failure) in try checkName(id, field: "--model-id") }
            let newReleased = try released.map { (s: String) throws(Failure) in try optionalDay(s, field: "--released") }
            let newDeprecated = try deprecated.map { (s: String) throws(Failure) in try optionalDay(s, field: "--deprecated") }
            let newShutdown = try shutdown.map { (s: String) throws(Failure) in try optionalDay(s, field: "--shutdown") }
            let newTrainPrice = try trainPrice.map { (s: String) throws(Failure) -> Money? in
                let t = s.trimmingWhitespace().lowercased()
                return t == "none" ? nil : try parseMoney(s, field: "--train-price")
            }
            let store = try database.openForWriting(today: today)
            let (name, changed, modelChanged, priceChanged) = try store.write {
                () throws(Failure) -> (String, [DateChange.Field], Bool, Bool) in
                let old = try store.requireBase(ref, field: "base")
                var new = old
                if let newModelID { new.modelID = newModelID }
                if let newReleased { new.released = newReleased }
                if let newDeprecated { new.deprecation = newDeprecated.map { .on($0) } ?? .none }
                if deprecatedUndated { new.deprecation = .undated }
                if let newShutdown { new.shutdown = newShutdown }
                if let successor {
                    let t = successor.trimmingWhitespace().lowercased()
                    if t == "none" {
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
                var priceChanged = false
                if let newTrainPrice, try store.trainPrice(base: old.id)?.perMillion != newTrainPrice {
                    try store.setTrainPrice(base: old.id, newTrainPrice.map { TrainPrice(perMillion: $0, source: "manual", readOn: today) })
                    priceChanged = true
                }
                return (old.ref.description, changed, old.modelID != new.modelID, priceChanged)
            }
            if changed.isEmpty && !modelChanged && !priceChanged {
                Console.stdout.line("no change to \(name)")
            } else {
                let fields = changed.map(\.rawValue) + (modelChanged ? ["model id"] : []) + (priceChanged ? ["train price"] : [])
                Console.stdout.line("updated \(name): \(fields.joined(separator: ", "))")
            }
        }
    }
}
