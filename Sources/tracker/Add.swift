import ArgumentParser
import TrackerCore
import TrackerStore

extension Tracker {
    /// `tracker add NAME ...`: records a new fine-tune and its first generation.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Record a new fine-tune against the base snapshot it was trained on."
        )

        @Argument(help: ArgumentHelp("The fine-tune's stable name (what people call it).", valueName: "name"))
        var name: String

        @OptionGroup var generation: GenerationOptions

        @Option(help: ArgumentHelp("The task it serves.", valueName: "task"))
        var task: String?

        @Option(help: ArgumentHelp("Who owns it (a person or team).", valueName: "owner"))
        var owner: String?

        @Option(name: .customLong("retrain-every"), help: ArgumentHelp(
            "Retrain policy: 90d, 12w, 6m, 1y (default) or never.", valueName: "duration"))
        var retrainEvery: String?

        @OptionGroup var volume: VolumeOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            let name = try checkName(self.name, field: "name")
            let task = try task.map { (s: String) throws(Failure) in try checkName(s, field: "--task") }
            let owner = try owner.map { (s: String) throws(Failure) in try checkName(s, field: "--owner") }
            let policy = try retrainEvery.map { (s: String) throws(Failure) in try parsePolicy(s) } ?? .default
            var facts = try generation.facts(today: today)
            var settings = FineTune(id: 0, name: name, task: task, owner: owner, retrainEvery: policy, createdOn: today,
                                    retiredOn: nil, retireReason: nil)
            try volume.parsed(allowNone: false).apply(to: &settings)
            let store = try database.openForWriting(today: today)
            var baseNote: String?
            var baseWarning: String?
            var taskNotice: String?
            let base = try store.write { () throws(Failure) -> BaseVersion in
                let storedTask = try task.map { (t: String) throws(Failure) in try resolveTask(t, in: store, today: today, notice: &taskNotice).name }
                let (base, note, warning) = try generation.resolveBase(in: store, today: today)
                baseNote = note
                baseWarning = warning
                try GenerationOptions.refuseBeforeRelease(facts.trained, on: base, in: store)
                facts.baseID = base.id
                _ = try store.insertFineTune(name: name, task: storedTask, owner: owner, retrainEvery: policy, volume: settings.volume, retrainCost: settings.retrainCost,
                                             first: facts, today: today)
                if let ft = try store.fineTune(named: name) { try store.checkCurrencies(of: ft) }
                return base
            }
            if let baseWarning { Console.warning(baseWarning) }
            if let taskNotice { Console.notice(taskNotice) }
            generation.warnAboutExamples(facts)
            if let baseNote { Console.stdout.line(baseNote) }
            Console.stdout.line("added \(name): generation 1 on \(base.ref), trained \(facts.trained), cost \(facts.cost)")
        }
    }
}
