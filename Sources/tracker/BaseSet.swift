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

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func validate() throws {
            if deprecated != nil && deprecatedUndated {
                throw ValidationError("give --deprecated DATE or --deprecated-undated, not both")
            }
            if modelID == nil && released == nil && deprecated == nil && !deprecatedUndated && shutdown == nil && successor == nil {
                throw ValidationError("nothing to change; give --released, --deprecated, --deprecated-undated, --shutdown, --successor or --model-id")
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
            let store = try database.openForWriting(today: today)
            let (name, changed, modelChanged) = try store.write { () throws(Failure) -> (String, [DateChange.Field], Bool) in
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
                return (old.ref.description, changed, old.modelID != new.modelID)
            }
            if changed.isEmpty && !modelChanged {
                Console.stdout.line("no change to \(name)")
            } else {
                let fields = changed.map(\.rawValue) + (modelChanged ? ["model id"] : [])
                Console.stdout.line("updated \(name): \(fields.joined(separator: ", "))")
            }
        }
    }
}
