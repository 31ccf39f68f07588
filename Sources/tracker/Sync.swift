import ArgumentParser
import TrackerCore
import TrackerStore
import TrackerSync

extension Tracker {
    /// `tracker sync openai|anthropic|gemini|ollama|catalog`.
    struct Sync: ParsableCommand {
        enum Source: String, ExpressibleByArgument, CaseIterable {
            case openai, anthropic, gemini, ollama, catalog
        }

        static let configuration = CommandConfiguration(
            commandName: "sync",
            abstract: "Learn base-model snapshots and lifecycle dates from provider model lists or LiteLLM's catalog.",
            discussion: """
                openai, anthropic and gemini read their API key from OPENAI_API_KEY, ANTHROPIC_API_KEY and \
                GEMINI_API_KEY; ollama needs none (default http://127.0.0.1:11434). `catalog FILE|URL` reads \
                LiteLLM's model_prices_and_context_window.json: prices, and shutdown dates for known bases. \
                Every date keeps its source and the day it was read; a date entered by hand is never \
                overwritten (a differing provider date is recorded and reported). Running it again with the \
                same answer changes nothing.
                """
        )

        @Argument(help: ArgumentHelp("openai, anthropic, gemini, ollama or catalog.", valueName: "source"))
        var source: Source

        @Argument(help: ArgumentHelp("For catalog: the JSON file, its URL, or '-' for standard input.", valueName: "file-or-url"))
        var location: String?

        @Option(name: .customLong("base-url"), help: ArgumentHelp(
            "The API root, e.g. a proxy or test server (default: the provider's).", valueName: "url"))
        var baseURL: String?

        @Flag(name: .customLong("dry-run"), help: "Report what would change; change nothing.")
        var dryRun = false

        @Flag(name: .customLong("quiet"), help: "Print nothing unless something changed (for cron); warnings still go to stderr.")
        var quiet = false

        @Flag(name: .customLong("verbose"), help: "Also list the models skipped because they are not chat or completion models.")
        var verbose = false

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func validate() throws {
            if source == .catalog && location == nil { throw ValidationError("catalog needs a FILE or URL, e.g. model_prices_and_context_window.json") }
            if source != .catalog && location != nil { throw ValidationError("only catalog takes a FILE or URL; use --base-url for \(source.rawValue)") }
            if source == .catalog && baseURL != nil { throw ValidationError("--base-url is for provider lists; give the catalog's URL directly") }
            if quiet && verbose { throw ValidationError("--quiet and --verbose contradict each other; pass one") }
        }

        func run() throws {
            let today = try clock.today()
            let report: SyncReport
            var catalogLine = ""
            var skippedModels: [(id: String, why: String)] = []
            var catalogNews = false
            let meter = ProgressMeter.start("sync \(source.rawValue)", quiet: quiet)
            defer { meter?.finish() }
            if source == .catalog, let location {
                let bytes = try CatalogSync.load(location)
                let (entries, skipped, refused) = try CatalogSync.parse(bytes, location: location == "-" ? "standard input" : location)
                Progress.advance(entries.count + skipped.count)
                for line in Refusal.warnings(refused) { Console.warning(line) }
                try Refusal.requireAccepted(entries.count, refused, every: "chat/completion entry of \(location == "-" ? "standard input" : location)")
                let store = dryRun ? try database.openForReading(today: today) : try database.openForWriting(today: today)
                let (facts, conflicts) = try store.read { () throws(Failure) in try CatalogSync.shutdownFacts(entries, in: store) }
                for c in conflicts { Console.warning(c.message) }
                var counts = CatalogChanges()
                report = try store.applySync(source: "litellm", read: entries.count, facts: facts, unrecognized: [],
                                             skippedFineTunes: 0, today: today, dryRun: dryRun, createMissing: false) {
                    (s: any Store) throws(Failure) in
                    counts = try s.upsertCatalog(entries, source: "litellm", today: today)
                }
                catalogLine = "catalog: \(counted(entries.count, "chat/completion model")) read (\(counted(skipped.count, "entry", "entries")) skipped); \(counts.summary)"
                // A reason starts with the key ("KEY: mode ..."); the key is shown quoted.
                skippedModels = skipped.map { s in
                    let why = s.reason.hasPrefix(s.key) ? String(s.reason.dropFirst(s.key.count)) : s.reason
                    return (id: s.key, why: String(why.drop { $0 == ":" || $0 == " " || $0 == "." }))
                }
                catalogNews = !counts.isEmpty
            } else {
                let provider = SyncProvider(rawValue: source.rawValue)!
                let sync = try ProviderSync(provider: provider, baseURL: baseURL)
                let (models, refused) = try sync.fetchModels()
                for line in Refusal.warnings(refused) { Console.warning(line) }
                try Refusal.requireAccepted(models.count, refused, every: "model \(provider.serviceName) listed")
                let (facts, unrecognized, fineTunes) = ProviderSync.facts(from: models, provider: provider)
                skippedModels = ProviderSync.notPromptable(models).map { (id: $0.id, why: $0.use.label) }
                let store = dryRun ? try database.openForReading(today: today) : try database.openForWriting(today: today)
                report = try store.applySync(source: DateSource(provider.rawValue), read: models.count, facts: facts,
                                             unrecognized: unrecognized, skippedFineTunes: fineTunes, today: today,
                                             dryRun: dryRun,
                                             // A read with refused entries is not a complete picture:
                                             // a refused id must not count as gone.
                                             listing: refused.isEmpty
                                                 ? ListingRead(provider: provider.providerName, modelIDs: Set(models.map(\.modelID)))
                                                 : nil)
            }
            // Cron: silent unless something changed (failures exit non-zero
            // with their error on stderr before this point).
            meter?.finish()
            if quiet && report.changes.isEmpty && report.madeDue.isEmpty && !catalogNews { return }
            print(report, catalogLine: catalogLine, skipped: skippedModels, catalogNews: catalogNews)
        }

        func print(_ r: SyncReport, catalogLine: String, skipped: [(id: String, why: String)], catalogNews: Bool) {
            let out = Console.stdout
            let prefix = dryRun ? "would: " : ""
            var notes: [String] = []
            if r.skippedFineTunes > 0 { notes.append("\(counted(r.skippedFineTunes, "fine-tuned id")) left to 'tracker import openai-jobs'") }
            if !skipped.isEmpty { notes.append("\(skipped.count) not chat or completion skipped") }
            out.line(catalogLine.isEmpty
                     ? "\(source.rawValue): \(counted(r.read, "model")) read" + (notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))")
                     : catalogLine)
            if verbose {
                for m in skipped { out.line("skipped \(IDRule.quoted(m.id)): \(ControlEscape.escape(m.why))") }
            }
            if r.changes.isEmpty && !catalogNews {
                out.line("nothing new")
            }
            for c in r.changes { out.line(prefix + c.text) }
            if !r.unrecognized.isEmpty {
                let shown = r.unrecognized.prefix(10).joined(separator: ", ")
                out.line("kept as their own family (no naming rule matched): \(shown)" +
                         (r.unrecognized.count > 10 ? " and \(r.unrecognized.count - 10) more" : ""))
            }
            for d in r.madeDue {
                out.line(prefix + "now due: \(d.name) (\(d.reasons.map(\.rawValue).joined(separator: ", ")))")
            }
            if dryRun { out.line("dry run: nothing was changed") }
        }
    }
}
