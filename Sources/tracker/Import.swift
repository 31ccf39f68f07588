import ArgumentParser
import TrackerCore
import TrackerStore
import TrackerSync
#if canImport(Glibc)
import Glibc
#endif

extension Tracker {
    /// `tracker import ...`: OpenAI fine-tuning jobs, or a whole export.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import OpenAI fine-tuning jobs, or a whole database exported with 'tracker export'.",
            subcommands: [ImportDatabase.self, ImportOpenAIJobs.self],
            defaultSubcommand: ImportDatabase.self
        )
    }

    /// `tracker import openai-jobs (FILE | --api)`.
    struct ImportOpenAIJobs: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "openai-jobs",
            abstract: "Turn succeeded OpenAI fine-tuning jobs into fine-tunes (idempotent by job id).",
            discussion: """
                Reads a saved GET /v1/fine_tuning/jobs answer (or a JSON array of jobs), or the API itself \
                with --api (OPENAI_API_KEY). The fine-tune's name is the job's suffix, so jobs with one suffix \
                become generations of one lineage; the base comes from `model`, the trained day from \
                `finished_at`. A job whose fine-tuned model is already recorded (tracker add --model-id) \
                attaches its job id to that generation. Costs: the base's training price, else \
                --cost-per-1m-tokens, else 0.
                """
        )

        @Argument(help: ArgumentHelp("A JSON file of jobs ('-' for standard input).", valueName: "file"))
        var file: String?

        @Flag(help: "Read the jobs from the OpenAI API instead of a file.")
        var api = false

        @Option(name: .customLong("base-url"), help: ArgumentHelp("With --api: the API root (default https://api.openai.com).", valueName: "url"))
        var baseURL: String?

        @Option(name: .customLong("cost-per-1m-tokens"), help: ArgumentHelp(
            "Training price per million trained tokens for jobs whose base has none ('tracker base set --train-price'); else cost 0.", valueName: "money"))
        var costPerMillion: String?

        @Flag(help: "Show no progress on stderr (it shows only on a terminal).")
        var quiet = false

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func validate() throws {
            if (file == nil) == !api { throw ValidationError("give a FILE of jobs or --api, not both") }
            if baseURL != nil && !api { throw ValidationError("--base-url goes with --api") }
        }

        func run() throws {
            let today = try clock.today()
            let rate = try costPerMillion.map { (s: String) throws(Failure) in try parseMoney(s, field: "--cost-per-1m-tokens") }
            let jobs: [OpenAIJob], refused: [Refusal]
            let meter = ProgressMeter.start("import openai-jobs", quiet: quiet)
            defer { meter?.finish() }
            if let file {
                let page = try JobImport.decode(try readFile(file, limit: 64 * 1024 * 1024), what: file == "-" ? "standard input" : file)
                (jobs, refused) = (page.jobs, page.refused)
                Progress.advance(jobs.count)
            } else {
                (jobs, refused) = try JobImport.fetch(baseURL: baseURL)
            }
            for line in Refusal.warnings(refused) { Console.warning(line) }
            try Refusal.requireAccepted(jobs.count, refused, every: "job in \(file ?? "OpenAI's list")")
            let store = try database.openForWriting(today: today)
            let outcome = try store.write { () throws(Failure) in
                try JobImport.apply(jobs, to: store, costPerMillion: rate, today: today)
            }
            let out = Console.stdout
            for b in outcome.newBases { out.line("new base \(b) (no dates yet; 'tracker sync openai' or 'tracker base set' adds them)") }
            for i in outcome.imported { out.line("imported \(i.jobID) as \(i.name) generation \(i.generation)") }
            for a in outcome.attached {
                out.line("attached \(a.jobID) to \(a.name) generation \(a.generation) (its fine-tuned model was recorded already)")
            }
            for s in outcome.skipped { out.line("skipped \(s.jobID): \(s.reason)") }
            out.line(outcome.summary)
            if !outcome.unpriced.isEmpty {
                let n = outcome.unpriced.count
                Console.warning("\(n) job\(n == 1 ? "'s" : "s'") cost recorded as 0 (no training price for the base or no trained tokens); set one with 'tracker base set REF --train-price MONEY' or pass --cost-per-1m-tokens")
            }
        }
    }
}

extension Tracker {
    /// `tracker import FILE`: a whole export, into an empty database.
    struct ImportDatabase: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "database",
            abstract: "Read a 'tracker export' file into an empty database (the default: 'tracker import FILE')."
        )

        @Argument(help: ArgumentHelp("The export file ('-' for standard input).", valueName: "file"))
        var file: String

        @Flag(help: "Show no progress on stderr (it shows only on a terminal).")
        var quiet = false

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            let meter = ProgressMeter.start("import", quiet: quiet)
            defer { meter?.finish() }
            let bytes = try readFile(file, limit: 1024 * 1024 * 1024)
            let store = try database.openForWriting(today: today)
            let counts = try store.write { () throws(Failure) in try Archive.importDocument(bytes, path: file == "-" ? "standard input" : file, into: store) }
            meter?.finish()
            let nouns = [("bases", "base", "bases"), ("fine_tunes", "fine-tune", "fine-tunes"), ("channels", "channel", "channels"),
                         ("alerts", "alert", "alerts"), ("catalog", "catalog entry", "catalog entries"), ("tasks", "task", "tasks")]
            let parts = nouns.map { counted(counts[$0.0] ?? 0, $0.1, $0.2) }
            Console.stdout.line("imported \(parts.joined(separator: ", ")) from \(file == "-" ? "standard input" : file)")
        }
    }

    /// `tracker export`: the whole database as JSON on stdout.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the whole database as JSON (for backups and moves; 'tracker import FILE' reads it back)."
        )

        @Option(help: "Output format: json (the only one).")
        var format: String = "json"

        @Option(help: ArgumentHelp("Write to this file instead of standard output; it appears complete or not at all.",
                                   valueName: "file"))
        var out: String?

        @Flag(help: "Show no progress on stderr (it shows only on a terminal).")
        var quiet = false

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func validate() throws {
            if format != "json" { throw ValidationError("export writes json only; drop --format or give --format json") }
        }

        func run() throws {
            let meter = ProgressMeter.start("export", verb: "written", quiet: quiet, writesStdoutAsItGoes: out == nil)
            defer { meter?.finish() }
            let store = try database.openForReading(today: try clock.today())
            let file = try out.map { (path: String) throws(Failure) in try AtomicOutputFile(path) }
            try store.read { () throws(Failure) in try Archive.export(store, to: file?.output ?? Console.stdout) }
            try file?.commit()
        }
    }
}
