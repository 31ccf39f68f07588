import ArgumentParser
import TrackerCore
import TrackerStore

extension Tracker {
    /// `tracker set NAME ...`: changes a fine-tune's settings, keeping history.
    struct SetCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Change a fine-tune's name, owner, task, retrain policy, expected volume or retrain cost; each change is kept in its history.",
            discussion: "Give 'none' to clear a value. 'tracker show NAME' lists the changes. After --rename, alerts under the old name resolve and open again under the new one on the next notify."
        )

        @Argument(help: ArgumentHelp("The fine-tune's name.", valueName: "name"))
        var name: String

        @Option(help: ArgumentHelp("Who owns it, or 'none'.", valueName: "owner"))
        var owner: String?

        @Option(help: ArgumentHelp("The task it serves, or 'none'.", valueName: "task"))
        var task: String?

        @Option(name: .customLong("retrain-every"), help: ArgumentHelp(
            "Retrain policy: 90d, 12w, 6m, 1y or never.", valueName: "duration"))
        var retrainEvery: String?

        @Option(help: ArgumentHelp("A new name (refused when another fine-tune has it, in any case).", valueName: "new-name"))
        var rename: String?

        @OptionGroup var volume: VolumeOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func validate() throws {
            if owner == nil && task == nil && retrainEvery == nil && rename == nil && volume.isEmpty {
                throw ValidationError("nothing to change; give --rename, --owner, --task, --retrain-every, --calls-per-month, --tokens-in, --tokens-out or --retrain-cost")
            }
        }

        func run() throws {
            let today = try clock.today()
            let wanted = try checkExistingName(self.name, field: "name")
            func nameOrNone(_ text: String?, _ field: String) throws(Failure) -> String?? {
                guard let text else { return nil }
                return isNone(text) ? .some(nil) : .some(try checkName(text, field: field))
            }
            let newOwner = try nameOrNone(owner, "--owner")
            let newTask = try nameOrNone(task, "--task")
            let policy = try retrainEvery.map { (s: String) throws(Failure) in try parsePolicy(s) }
            let values = try volume.parsed(allowNone: true)
            let newName = try rename.map { (s: String) throws(Failure) in try checkName(s, field: "--rename") }
            let store = try database.openForWriting(today: today)
            var taskNotice: String?
            let (name, changed) = try store.write { () throws(Failure) -> (String, [FineTuneChange.Field]) in
                guard let old = try store.fineTune(named: wanted) else { throw try unknownFineTune(wanted, in: store) }
                var new = old
                if let newOwner { new.owner = newOwner }
                if let newTask { new.task = try newTask.map { (t: String) throws(Failure) in try resolveTask(t, in: store, today: today, notice: &taskNotice).name } }
                if let policy { new.retrainEvery = policy }
                values.apply(to: &new)
                if new.owner != old.owner || new.task != old.task || new.retrainCost != old.retrainCost {
                    try store.checkCurrencies(of: new)
                }
                var changed = try store.updateFineTune(from: old, to: new, today: today)
                if let newName, newName != old.name {
                    try store.renameFineTune(old, to: newName, today: today)
                    changed.insert(.name, at: 0)
                    return ("\(old.name) (now \(newName))", changed)
                }
                return (old.name, changed)
            }
            if let taskNotice { Console.notice(taskNotice) }
            if changed.isEmpty {
                Console.stdout.line("no change to \(name)")
            } else {
                Console.stdout.line("updated \(name): \(changed.map(\.label).joined(separator: ", "))")
            }
        }
    }
}

extension Store {
    /// Refuses settings that would put a fine-tune's costs (its training
    /// costs and its retrain cost) under a budget in another currency.
    func checkCurrencies(of ft: FineTune) throws(Failure) {
        var amounts = try generations(of: ft.id).map { ("the training costs of '\(ft.name)' are", $0.facts.cost) }
        if let c = ft.retrainCost { amounts.append(("--retrain-cost is", c)) }
        for b in try budgets() where b.scope.covers(owner: ft.owner, task: ft.task) {
            if let (what, m) = amounts.first(where: { $0.1.currency != b.amount.currency }) {
                throw Failure.data("\(what) in \(m.currency), but budget \(b.scope) \(b.period), which would cover '\(ft.name)', is in \(b.amount.currency); currencies are never mixed: give amounts in \(b.amount.currency), or set that budget in \(m.currency) with 'tracker budget set \(b.scope) \(b.period) AMOUNT --replace'")
            }
        }
    }
}
