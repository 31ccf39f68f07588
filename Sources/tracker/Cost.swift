import ArgumentParser
import TrackerCore
import TrackerStore

extension Tracker {
    /// `tracker cost NAME`: total cost of ownership, the fine-tune path
    /// against the prompt path, over a horizon.
    struct Cost: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cost",
            abstract: "Compare a fine-tune's total cost of ownership with the prompt path on its base model.",
            discussion: """
                The fine-tune path: training spent so far, the expected retrains within the horizon and \
                fine-tuned inference. The prompt path: the same calls on the base model, with --prompt-tokens \
                more input tokens per call. Volume options override the fine-tune's stored volume ('tracker \
                set'); prices are the base's ('tracker base set', else 'tracker sync catalog'). Each month of \
                inference is rounded once, half up, to the currency's minor unit.
                """
        )

        @Argument(help: ArgumentHelp("The fine-tune's name.", valueName: "name"))
        var name: String

        @Option(name: .customLong("calls-per-month"), help: ArgumentHelp("Expected calls a month (default: the fine-tune's).", valueName: "n"))
        var callsPerMonth: String?

        @Option(name: .customLong("tokens-in"), help: ArgumentHelp("Input tokens per call (default: the fine-tune's).", valueName: "n"))
        var tokensIn: String?

        @Option(name: .customLong("tokens-out"), help: ArgumentHelp("Output tokens per call (default: the fine-tune's).", valueName: "n"))
        var tokensOut: String?

        @Option(name: .customLong("prompt-tokens"), help: ArgumentHelp(
            "Extra input tokens per call the prompt path needs (instructions, examples).", valueName: "n"))
        var promptTokens: String = "0"

        @Option(help: ArgumentHelp("How many months ahead, from today: 1 to 120.", valueName: "n"))
        var months: String = "12"

        @OptionGroup var format: FormatOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let wanted = try checkExistingName(self.name, field: "name")
            let today = try clock.today()
            let months = try parseMonths(self.months)
            let calls = try callsPerMonth.map { (t: String) throws(Failure) in try parseVolume(t, field: "--calls-per-month") }
            let tin = try tokensIn.map { (t: String) throws(Failure) in try parseVolume(t, field: "--tokens-in") }
            let tout = try tokensOut.map { (t: String) throws(Failure) in try parseVolume(t, field: "--tokens-out") }
            let extra = try parseVolume(promptTokens, field: "--prompt-tokens")
            let until = today.adding(months: months)
            let store = try database.openForReading(today: today)
            let (ft, base, question) = try store.read { () throws(Failure) -> (FineTune, BaseVersion, Ownership.Question) in
                guard let ft = try store.fineTune(named: wanted) else { throw try unknownFineTune(wanted, in: store) }
                if let retired = ft.retiredOn {
                    throw Failure.data("cannot compare costs for \(ft.name): it was retired on \(retired), so there is no fine-tune to keep; see 'tracker show \(ft.name)'")
                }
                let lineage = try store.generations(of: ft.id)
                guard let current = lineage.last, let base = try store.base(id: current.facts.baseID) else {
                    throw Failure.data("cannot compare costs for \(ft.name): it has no generation on a recorded base; see 'tracker show \(ft.name)'")
                }
                var volume = ft.volume
                if let calls { volume.callsPerMonth = calls }
                if let tin { volume.tokensIn = tin }
                if let tout { volume.tokensOut = tout }
                let model = try store.forecastModel(now: today)
                let events = model.events(of: CostSubject(ft, current: current), through: until.adding(days: -1))
                let q = Ownership.Question(fineTune: ft.name, base: base.ref, volume: volume, promptTokens: extra,
                                           months: months, now: today, prices: try store.effectivePrices(base),
                                           spent: lineage.map(\.facts.cost), events: events)
                return (ft, base, q)
            }
            switch Ownership.compare(question) {
            case .success(let answer):
                CostListing.listing(ft.name, base: base.ref, question: question, answer: answer)
                    .write(CostListing.rows(answer), as: format.format, to: Console.stdout)
            case .failure(let problem):
                throw CostListing.failure(problem, name: ft.name, base: base.ref)
            }
        }
    }
}
