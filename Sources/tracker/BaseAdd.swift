import ArgumentParser
import TrackerCore
import TrackerStore

extension BaseCommand {
    /// `tracker base add PROVIDER/FAMILY@VERSION ...`
    struct BaseAdd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Record a base-model version.",
            discussion: """
                Examples: openai/gpt-4o@2024-08-06, anthropic/claude-3-5-sonnet@20241022, \
                ollama/llama3.1:8b@<digest>.
                """
        )

        @Argument(help: ArgumentHelp("The snapshot, as PROVIDER/FAMILY@VERSION.", valueName: "ref"))
        var ref: String

        @Option(name: .customLong("model-id"), help: ArgumentHelp(
            "The provider's model id. Default: FAMILY-VERSION (Ollama: FAMILY).", valueName: "id"))
        var modelID: String?

        @Option(help: ArgumentHelp("Release day (or first-seen day).", valueName: "date"))
        var released: String?

        @Option(help: ArgumentHelp("Day the provider deprecated it.", valueName: "date"))
        var deprecated: String?

        @Flag(name: .customLong("deprecated-undated"), help: "Deprecated, date not announced.")
        var deprecatedUndated = false

        @Option(help: ArgumentHelp("Shutdown (retirement) day.", valueName: "date"))
        var shutdown: String?

        @Option(help: ArgumentHelp("The snapshot that replaces it, as PROVIDER/FAMILY@VERSION.", valueName: "ref"))
        var successor: String?

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func validate() throws {
            if deprecated != nil && deprecatedUndated {
                throw ValidationError("give --deprecated DATE or --deprecated-undated, not both")
            }
        }

        func run() throws {
            guard let parsed = BaseRef(ref) else {
                throw Failure.usage("base '\(ref)' is not PROVIDER/FAMILY@VERSION; write it like openai/gpt-4o@2024-08-06")
            }
            let today = try clock.today()
            let modelID = try modelID.map { (id: String) throws(Failure) in try checkName(id, field: "--model-id") }
            var base = BaseVersion(
                id: 0, ref: parsed, modelID: modelID ?? parsed.defaultModelID,
                released: try released.map { (s: String) throws(Failure) in try parseDay(s, field: "--released") },
                deprecation: deprecatedUndated ? .undated
                    : try deprecated.map { (s: String) throws(Failure) in Deprecation.on(try parseDay(s, field: "--deprecated")) } ?? .none,
                shutdown: try shutdown.map { (s: String) throws(Failure) in try parseDay(s, field: "--shutdown") },
                successorID: nil)
            try checkLifecycleOrder(base)
            let store = try database.openForWriting(today: today)
            try store.write { () throws(Failure) in
                if let successor {
                    let s = try store.requireBase(successor, field: "--successor")
                    base.successorID = s.id
                }
                _ = try store.insertBase(base, source: "manual", today: today)
            }
            Console.stdout.line("added base \(parsed) (model id \(base.modelID))")
        }
    }
}

/// Refuses lifecycle dates in an impossible order: a usage error when the
/// command line contradicts itself, a data error when it contradicts what is
/// stored (`base set`).
func checkLifecycleOrder(_ b: BaseVersion, kind: Failure.Kind = .usage) throws(Failure) {
    try LifecycleOrder.check(b, kind: kind)
}
