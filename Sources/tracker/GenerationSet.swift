import ArgumentParser
import TrackerCore
import TrackerStore

extension GenerationCommand {
    /// `tracker generation set NAME@gN ...`: corrects what was recorded.
    struct GenerationSet: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Correct a generation's cost, trained day, model id, examples, tokens or dataset, or add an eval; each correction is kept in its history.",
            discussion: "Give 'none' to clear --model-id, --examples, --tokens or --dataset. 'tracker show NAME' lists the corrections."
        )

        @Argument(help: ArgumentHelp("The generation: NAME@gN (see 'tracker show NAME').", valueName: "name@gN"))
        var generation: String

        @Option(help: ArgumentHelp("Training cost: 1200, 1,200.50, $1200 or 1200 USD.", valueName: "money"))
        var cost: String?

        @Option(help: ArgumentHelp("Day the training run finished.", valueName: "date"))
        var trained: String?

        @Option(name: .customLong("model-id"), help: ArgumentHelp("The provider's fine-tuned model id, or 'none'.", valueName: "ft-id"))
        var modelID: String?

        @Option(help: ArgumentHelp("Training examples, or 'none'.", valueName: "n"))
        var examples: String?

        @Option(help: ArgumentHelp("Trained tokens, or 'none'.", valueName: "n"))
        var tokens: String?

        @Option(help: ArgumentHelp("Where the training data lives, or 'none'.", valueName: "ref"))
        var dataset: String?

        @Option(help: ArgumentHelp("Add an eval result as PASSED/TOTAL, dated today (as 'tracker eval add' does).", valueName: "passed/total"))
        var eval: String?

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func validate() throws {
            if cost == nil && trained == nil && modelID == nil && examples == nil && tokens == nil && dataset == nil && eval == nil {
                throw ValidationError("nothing to change; give --cost, --trained, --model-id, --examples, --tokens, --dataset or --eval")
            }
        }

        func run() throws {
            let today = try clock.today()
            let text = try checkExistingName(generation, field: "generation")
            guard let (wanted, number) = parseGenerationRef(text) else {
                throw Failure.usage("'\(text)' is not NAME@gN; name the generation like bot@g2 (see 'tracker show NAME')")
            }
            func optional<T>(_ text: String?, _ parse: (String) throws(Failure) -> T) throws(Failure) -> T?? {
                guard let text else { return nil }
                return isNone(text) ? .some(nil) : .some(try parse(text))
            }
            let money = try cost.map { (s: String) throws(Failure) in try parseMoney(s, field: "--cost") }
            let day = try trained.map { (s: String) throws(Failure) in try parseDay(s, field: "--trained") }
            if let day, day > today {
                throw Failure.usage("--trained \(day) is after today (\(today)); give the day the run finished")
            }
            let newModelID = try optional(modelID) { (s: String) throws(Failure) in try checkName(s, field: "--model-id") }
            let newExamples = try optional(examples) { (s: String) throws(Failure) in try parseCount(s, field: "--examples") }
            let newTokens = try optional(tokens) { (s: String) throws(Failure) in try parseCount(s, field: "--tokens") }
            let newDataset = try optional(dataset) { (s: String) throws(Failure) in try checkText(s, field: "--dataset") }
            let evalResult = try eval.map { (s: String) throws(Failure) in try parseEval(s, field: "--eval") }
            let store = try database.openForWriting(today: today)
            let (subject, changed) = try store.write { () throws(Failure) -> (String, [GenerationChange.Field]) in
                let (ft, lineage, old) = try findGeneration(wanted, number, in: store)
                var new = old.facts
                if let money { new.cost = money }
                if let day {
                    if let previous = lineage.last(where: { $0.number < old.number }), day < previous.facts.trained {
                        throw Failure.data("--trained \(day) is before generation \(previous.number) (trained \(previous.facts.trained)); generations are in training order")
                    }
                    if let next = lineage.first(where: { $0.number > old.number }), day > next.facts.trained {
                        throw Failure.data("--trained \(day) is after generation \(next.number) (trained \(next.facts.trained)); generations are in training order")
                    }
                    new.trained = day
                }
                if let newModelID { new.modelID = newModelID }
                if let newExamples { new.examples = newExamples }
                if let newTokens { new.tokens = newTokens }
                if let newDataset { new.datasetRef = newDataset }
                let changed = try store.updateGeneration(old, to: new, today: today)
                if changed.contains(.cost) { try store.checkCurrencies(of: ft) }
                if let evalResult {
                    _ = try store.insertEval(.generation(fineTune: ft.name, number: old.number), result: evalResult,
                                             dataset: nil, day: today, today: today)
                }
                return ("\(ft.name)@g\(old.number)", changed)
            }
            if case .some(.some(let n)) = newExamples, n < GenerationOptions.minimumExamples {
                Console.warning("\(n) training examples is below 100, the minimum for stable results (500+ recommended); recorded anyway")
            }
            var parts: [String] = []
            if !changed.isEmpty { parts.append("corrected \(subject): \(changed.map(\.label).joined(separator: ", "))") }
            if let evalResult { parts.append("recorded eval of \(subject) on \(today): \(WilsonInterval(evalResult).description)") }
            Console.stdout.line(parts.isEmpty ? "no change to \(subject)" : parts.joined(separator: "; "))
        }
    }
}
