import ArgumentParser
import TrackerCore
import TrackerStore

extension Tracker {
    /// `tracker retrain NAME ...`: adds a generation, which becomes current.
    struct Retrain: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retrain",
            abstract: "Record a new generation of a fine-tune; it becomes the current one."
        )

        @Argument(help: ArgumentHelp("The fine-tune's name.", valueName: "name"))
        var name: String

        @OptionGroup var generation: GenerationOptions

        @Option(name: .customLong("retrain-every"), help: ArgumentHelp(
            "Change the retrain policy: 90d, 12w, 6m, 1y or never.", valueName: "duration"))
        var retrainEvery: String?

        @OptionGroup var volume: VolumeOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            let wanted = try checkExistingName(self.name, field: "name")
            let policy = try retrainEvery.map { (s: String) throws(Failure) in try parsePolicy(s) }
            var facts = try generation.facts(today: today)
            let values = try volume.parsed(allowNone: true)
            let store = try database.openForWriting(today: today)
            var baseNote: String?
            var baseWarning: String?
            var taskNotice: String?
            let (name, number, base) = try store.write { () throws(Failure) -> (String, Int, BaseVersion) in
                guard let ft = try store.fineTune(named: wanted) else {
                    throw try unknownFineTune(wanted, in: store)
                }
                if let retired = ft.retiredOn {
                    throw Failure.data("fine-tune '\(ft.name)' was retired on \(retired); reopen it with 'tracker reopen \(ft.name)', or record a new one with 'tracker add'")
                }
                if let task = ft.task { _ = try resolveTask(task, in: store, today: today, notice: &taskNotice) }
                let lineage = try store.generations(of: ft.id)
                if let last = lineage.last, facts.trained < last.facts.trained {
                    throw Failure.data("--trained \(facts.trained) is before generation \(last.number) (trained \(last.facts.trained)); give the day this run finished")
                }
                let (base, note, warning) = try generation.resolveBase(in: store, today: today)
                baseNote = note
                baseWarning = warning
                try GenerationOptions.refuseBeforeRelease(facts.trained, on: base, in: store)
                facts.baseID = base.id
                let number = (lineage.last?.number ?? 0) + 1
                try store.insertGeneration(fineTune: ft.id, number: number, facts, today: today)
                // A new policy, volume or retrain cost is a settings change, kept in the history.
                var settings = ft
                if let policy { settings.retrainEvery = policy }
                values.apply(to: &settings)
                try store.updateFineTune(from: ft, to: settings, today: today)
                try store.checkCurrencies(of: settings)
                return (ft.name, number, base)
            }
            if let baseWarning { Console.warning(baseWarning) }
            if let taskNotice { Console.notice(taskNotice) }
            generation.warnAboutExamples(facts)
            if let baseNote { Console.stdout.line(baseNote) }
            Console.stdout.line("retrained \(name): generation \(number) on \(base.ref), trained \(facts.trained), cost \(facts.cost)")
        }
    }
}

/// The error for a fine-tune name nobody recorded, with the closest names.
func unknownFineTune(_ name: String, in store: any Store) throws(Failure) -> Failure {
    let close = Closest.matches(for: name, in: try store.allFineTuneNames())
    let hint = close.isEmpty ? "; see 'tracker list --all'" : "; did you mean \(close.map { "'\($0)'" }.joined(separator: ", "))?"
    return Failure.data("no fine-tune named '\(name)'\(hint)")
}
