import ArgumentParser
import TrackerCore
import TrackerStore

/// `tracker task ...`: the tasks fine-tunes and prompt revisions serve.
struct TaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Record tasks and their target success rate (default 80%).",
        subcommands: [TaskAdd.self, TaskList.self, TaskSet.self]
    )
}

/// `80%` or `80`: a whole percent from 1 to 100, refused with exit 64.
func parseTarget(_ text: String) throws(Failure) -> Int {
    var t = text.trimmingWhitespace()
    if t.hasSuffix("%") { t.removeLast() }
    guard !t.isEmpty, t.count <= 3, t.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(t), (1...100).contains(n) else {
        throw Failure.usage("--target '\(text)' is not a target rate; give a whole percent from 1 to 100, like 80%")
    }
    return n
}

/// The task a fine-tune or prompt names, as stored (its first spelling);
/// an unknown one is created with the default target, and `notice` gets
/// the line to print once the transaction committed.
func resolveTask(_ name: String, in store: any Store, today: Day, notice: inout String?) throws(Failure) -> TaskRecord {
    let (task, created) = try store.ensureTask(named: name, today: today)
    if created { notice = TaskRecord.createdNotice(task.name) }
    return task
}

/// The error for a task nobody recorded, with the closest names.
func unknownTask(_ name: String, in store: any Store) throws(Failure) -> Failure {
    let close = Closest.matches(for: name, in: try store.tasks().map(\.name))
    let hint = close.isEmpty ? "; see 'tracker task list'" : "; did you mean \(close.map { "'\($0)'" }.joined(separator: ", "))?"
    return Failure.data("no task named '\(name)'\(hint)")
}

extension TaskCommand {
    /// `tracker task add NAME [--target 80%] [--description TEXT]`.
    struct TaskAdd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Record a task with its target success rate."
        )

        @Argument(help: ArgumentHelp("The task's name (compared case-insensitively).", valueName: "name"))
        var name: String

        @Option(help: ArgumentHelp("The success rate that is good enough: 1% to 100% (default 80%).", valueName: "percent"))
        var target: String?

        @Option(help: ArgumentHelp("What the task is.", valueName: "text"))
        var description: String?

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            let name = try checkName(self.name, field: "name")
            let target = try target.map { (s: String) throws(Failure) in try parseTarget(s) } ?? TaskRecord.defaultTarget
            let description = try description.map { (s: String) throws(Failure) in try checkText(s, field: "--description") }
            let store = try database.openForWriting(today: today)
            let task = try store.write { () throws(Failure) in
                try store.insertTask(name: name, targetPercent: target, description: description, today: today)
            }
            Console.stdout.line("added task \(task.name): target \(task.targetPercent)%")
        }
    }

    /// `tracker task set NAME [--target N%] [--description TEXT|none]`.
    struct TaskSet: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Change a task's target success rate or description."
        )

        @Argument(help: ArgumentHelp("The task's name.", valueName: "name"))
        var name: String

        @Option(help: ArgumentHelp("The new target: 1% to 100%.", valueName: "percent"))
        var target: String?

        @Option(help: ArgumentHelp("The new description, or 'none'.", valueName: "text"))
        var description: String?

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func validate() throws {
            if target == nil && description == nil {
                throw ValidationError("nothing to change; give --target or --description")
            }
        }

        func run() throws {
            let today = try clock.today()
            let wanted = try checkExistingName(self.name, field: "name")
            let target = try target.map { (s: String) throws(Failure) in try parseTarget(s) }
            let description = try description.map { (s: String) throws(Failure) -> String? in
                isNone(s) ? nil : try checkText(s, field: "--description")
            }
            let store = try database.openForWriting(today: today)
            let (old, new) = try store.write { () throws(Failure) -> (TaskRecord, TaskRecord) in
                guard let old = try store.task(named: wanted) else { throw try unknownTask(wanted, in: store) }
                var new = old
                if let target { new.targetPercent = target }
                if let description { new.description = description }
                if new != old { try store.updateTask(new) }
                return (old, new)
            }
            if new == old {
                Console.stdout.line("no change to task \(new.name)")
            } else {
                Console.stdout.line("updated task \(new.name): target \(new.targetPercent)%" +
                                    (new.description != old.description ? ", description" : ""))
            }
        }
    }

    /// `tracker task list`.
    struct TaskList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the tasks: target, description, prompt revisions and fine-tunes."
        )

        @OptionGroup var format: FormatOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let store = try database.openForReading(today: try clock.today())
            let rows = try store.read { () throws(Failure) -> [TaskListing.Row] in
                let revisions = try store.allPromptRevisions()
                var fineTunes: [String: Int] = [:]
                for f in try store.listFineTunes(FineTuneFilter()) { if let t = f.task { fineTunes[NameKey.of(t), default: 0] += 1 } }
                return try store.tasks().map { t in
                    let mine = revisions.filter { $0.task == t.name }
                    return TaskListing.Row(task: t, revisions: mine.count, latest: mine.last,
                                           fineTunes: fineTunes[NameKey.of(t.name)] ?? 0)
                }
            }
            TaskListing.listing.write(rows, as: format.format, to: Console.stdout)
        }
    }
}
