import ArgumentParser
import TrackerCore
import TrackerStore

/// The facts of one training run, shared by `add` and `retrain`.
struct GenerationOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Base snapshot: PROVIDER/FAMILY@VERSION or a model id (gpt-4o-2024-08-06) of a base or of the synced catalog, which records it.", valueName: "ref"))
    var base: String

    @Option(help: ArgumentHelp("Day the training run finished.", valueName: "date"))
    var trained: String

    @Option(help: ArgumentHelp("Training cost: 1200, 1,200.50, $1200 or 1200 USD.", valueName: "money"))
    var cost: String

    @Option(name: .customLong("model-id"), help: ArgumentHelp("The provider's fine-tuned model id.", valueName: "ft-id"))
    var modelID: String?

    @Option(help: ArgumentHelp("Training examples (100 minimum for stable results; 500+ recommended).", valueName: "n"))
    var examples: String?

    @Option(help: ArgumentHelp("Trained tokens.", valueName: "n"))
    var tokens: String?

    @Option(help: ArgumentHelp("Where the training data lives (path, URL, dataset name).", valueName: "ref"))
    var dataset: String?

    @Option(name: .customLong("dataset-sha256"), help: ArgumentHelp("SHA-256 of the training data (64 hex digits).", valueName: "hex"))
    var datasetSHA256: String?

    @Option(help: ArgumentHelp("Eval result as PASSED/TOTAL, e.g. 46/50.", valueName: "passed/total"))
    var eval: String?

    @Flag(name: .customLong("create-base"), help: "Record the base (PROVIDER/FAMILY@VERSION) if it is not known yet.")
    var createBase = false

    /// Recommended minimum number of examples for a stable fine-tune.
    static let minimumExamples: Int64 = 100

    /// Checks every value before the database is touched; the base is
    /// resolved later, inside the write transaction.
    func facts(today: Day) throws(Failure) -> NewGeneration {
        let trainedDay = try parseDay(trained, field: "--trained")
        if trainedDay > today {
            throw Failure.usage("--trained \(trainedDay) is after today (\(today)); give the day the run finished")
        }
        let money = try parseMoney(cost, field: "--cost")
        let modelID = try modelID.map { (s: String) throws(Failure) in try checkName(s, field: "--model-id") }
        let examples = try examples.map { (s: String) throws(Failure) in try parseCount(s, field: "--examples") }
        let tokens = try tokens.map { (s: String) throws(Failure) in try parseCount(s, field: "--tokens") }
        let datasetRef = try dataset.map { (s: String) throws(Failure) in try checkText(s, field: "--dataset") }
        let sha = try datasetSHA256.map { (s: String) throws(Failure) -> String in
            guard let h = TextRule.sha256(s.trimmingWhitespace()) else {
                throw Failure.usage("--dataset-sha256 '\(s)' is not a SHA-256; give 64 hex digits (e.g. from 'sha256sum FILE')")
            }
            return h
        }
        let evalResult = try eval.map { (s: String) throws(Failure) -> EvalResult in
            guard let e = EvalResult(s.trimmingWhitespace()) else {
                throw Failure.usage("--eval '\(s)' is not PASSED/TOTAL; write it like 46/50, with passed no more than total")
            }
            return e
        }
        return NewGeneration(modelID: modelID, baseID: 0, trained: trainedDay, cost: money, tokens: tokens,
                             examples: examples, datasetRef: datasetRef, datasetSHA256: sha, eval: evalResult)
    }

    /// Finds the base inside a write transaction; a model id only the
    /// catalog knows is recorded from its facts (`note` says so, for stdout),
    /// and `--create-base` records a new PROVIDER/FAMILY@VERSION (`warning`,
    /// for stderr). Both are printed by the caller once the transaction
    /// committed.
    func resolveBase(in store: any Store, today: Day) throws(Failure) -> (base: BaseVersion, note: String?, warning: String?) {
        if let b = try store.findBase(base) { return (b, nil, nil) }
        if let known = try store.catalogBase(base) {
            var b = known.base
            if let existing = try store.base(b.ref) { return (existing, nil, nil) }
            b.id = try store.insertBase(b, source: DateSource(known.row.source), today: today)
            return (b, CatalogNote.line(b, row: known.row, prices: known.prices), nil)
        }
        guard createBase else { throw try store.unknownBase(base, field: "--base", createHint: true) }
        guard let ref = BaseRef(base) else {
            throw Failure.usage("--create-base needs --base as PROVIDER/FAMILY@VERSION, not '\(base)'")
        }
        var b = BaseVersion(id: 0, ref: ref, modelID: ref.defaultModelID, released: nil, deprecation: .none,
                            shutdown: nil, successorID: nil)
        b.id = try store.insertBase(b, source: "manual", today: today)
        return (b, nil, "recorded new base \(ref) with no release or shutdown date; add them with 'tracker base set \(ref) ...'")
    }

    /// A generation cannot be trained on a base before the base's release
    /// day: one given by hand, or by a provider list that states when a
    /// model was created (OpenAI, Anthropic). A release day that is only the
    /// day a sync first saw the model (Gemini, Ollama, a catalog) proves
    /// nothing about earlier training.
    static func refuseBeforeRelease(_ trained: Day, on base: BaseVersion, in store: any Store) throws(Failure) {
        guard let released = base.released, trained < released else { return }
        let source = try store.dateSources(base: base.id)[.released]
        if let source, ["manual", "openai", "anthropic"].contains(source.name) {
            throw Failure.data("--trained \(trained) is before \(base.ref) was released (\(released)); check --trained and --base (a fine-tune is trained on a base that exists)")
        }
    }

    func warnAboutExamples(_ g: NewGeneration) {
        if let n = g.examples, n < GenerationOptions.minimumExamples {
            Console.warning("\(n) training examples is below 100, the minimum for stable results (500+ recommended); recorded anyway")
        }
    }
}

/// `--retrain-every DURATION|never`.
func parsePolicy(_ text: String) throws(Failure) -> RetrainPolicy {
    guard let p = RetrainPolicy(text.trimmingWhitespace()) else {
        throw Failure.usage("--retrain-every '\(text)' is not a duration; use 90d, 12w, 6m, 1y or never")
    }
    return p
}
