import ArgumentParser
import TrackerCore
import TrackerStore

/// `tracker eval ...`: eval results of prompt revisions and fine-tune generations.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Record and list eval results of prompt revisions (TASK@rN) and fine-tune generations (NAME[@gN]).",
        subcommands: [EvalAdd.self, EvalList.self]
    )
}

/// `TASK@rN`, `NAME@gN` or `NAME`, refused with exit 64.
func parseSubject(_ text: String) throws(Failure) -> EvalSubject.Reference {
    let wanted = try checkExistingName(text, field: "subject")
    guard let ref = EvalSubject.parse(wanted) else {
        throw Failure.usage("subject '\(text)' is not TASK@rN (a prompt revision) or NAME[@gN] (a fine-tune generation; without @gN the current one)")
    }
    return ref
}

/// The stored subject a reference names (names as stored), or a data error
/// with the closest names.
func resolveSubject(_ ref: EvalSubject.Reference, in store: any Store) throws(Failure) -> EvalSubject {
    switch ref {
    case .prompt(let task, let number):
        let (t, r) = try findRevision(task, number, in: store)
        return .prompt(task: t.name, revision: r.number)
    case .generation(let name, let number):
        guard let ft = try store.fineTune(named: name) else { throw try unknownFineTune(name, in: store) }
        let lineage = try store.generations(of: ft.id)
        guard let last = lineage.last else { throw Failure.data("fine-tune '\(ft.name)' has no generations") }
        let n = number ?? last.number
        guard lineage.contains(where: { $0.number == n }) else {
            throw Failure.data("fine-tune '\(ft.name)' has no generation \(n); it has \(lineage.count == 1 ? "only g1" : "g1 to g\(last.number)")")
        }
        return .generation(fineTune: ft.name, number: n)
    }
}

extension EvalCommand {
    /// `tracker eval add SUBJECT PASSED/TOTAL [--dataset REF] [--date DATE]`.
    struct EvalAdd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Record an eval result of a prompt revision or a fine-tune generation.",
            discussion: """
                SUBJECT is TASK@rN for a prompt revision, or NAME@gN for a generation of a fine-tune (NAME alone: \
                its current generation). A subject can have many evals; the latest (by day) is the one shown \
                and alerted on.
                """
        )

        @Argument(help: ArgumentHelp("TASK@rN or NAME[@gN].", valueName: "subject"))
        var subject: String

        @Argument(help: ArgumentHelp("The result as PASSED/TOTAL, e.g. 17/20.", valueName: "passed/total"))
        var result: String

        @Option(help: ArgumentHelp("The eval data set (path, URL, name).", valueName: "ref"))
        var dataset: String?

        @Option(help: ArgumentHelp("The day the eval ran (default: today).", valueName: "date"))
        var date: String?

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            let ref = try parseSubject(subject)
            let result = try parseEval(self.result, field: "PASSED/TOTAL")
            let dataset = try dataset.map { (s: String) throws(Failure) in try checkText(s, field: "--dataset") }
            let day = try date.map { (s: String) throws(Failure) in try parseDay(s, field: "--date") } ?? today
            if day > today { throw Failure.usage("--date \(day) is after today (\(today)); give the day the eval ran") }
            let store = try database.openForWriting(today: today)
            let record = try store.write { () throws(Failure) -> EvalRecord in
                let subject = try resolveSubject(ref, in: store)
                return try store.insertEval(subject, result: result, dataset: dataset, day: day, today: today)
            }
            Console.stdout.line("recorded eval of \(record.subject) on \(record.day): \(record.interval.description)")
        }
    }

    /// `tracker eval list SUBJECT`.
    struct EvalList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List a subject's evals, oldest first, each with its 95% interval."
        )

        @Argument(help: ArgumentHelp("TASK@rN or NAME[@gN].", valueName: "subject"))
        var subject: String

        @OptionGroup var format: FormatOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let ref = try parseSubject(subject)
            let store = try database.openForReading(today: try clock.today())
            let (subject, evals) = try store.read { () throws(Failure) -> (EvalSubject, [EvalRecord]) in
                let s = try resolveSubject(ref, in: store)
                return (s, try store.evals(of: s))
            }
            EvalListing.listing(subject).write(evals, as: format.format, to: Console.stdout)
        }
    }
}
