import ArgumentParser
import TrackerCore
import TrackerStore
import TrackerSync

/// `tracker prompt ...`: a task's prompt revisions, numbered r1, r2, ...
struct PromptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompt",
        abstract: "Record, list, show and diff a task's prompt revisions.",
        subcommands: [PromptAdd.self, PromptList.self, PromptShow.self, PromptDiff.self]
    )
}

/// `r3` (or `3`), refused with exit 64.
func parseRevision(_ text: String, field: String) throws(Failure) -> Int {
    var t = text.trimmingWhitespace()
    if t.hasPrefix("r") || t.hasPrefix("R") { t.removeFirst() }
    guard !t.isEmpty, t.count <= 9, t.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(t), n >= 1 else {
        throw Failure.usage("\(field) '\(text)' is not a prompt revision; give it as r1, r2, ...")
    }
    return n
}

/// The task named `name` and its revision `number`, or a data error that
/// says what exists.
func findRevision(_ name: String, _ number: Int, in store: any Store) throws(Failure) -> (TaskRecord, PromptRevision) {
    guard let task = try store.task(named: name) else { throw try unknownTask(name, in: store) }
    guard let r = try store.promptRevision(task: task.id, number: number) else {
        let count = try store.promptRevisions(task: task.id).count
        let has = count == 0 ? "no revisions yet; add one with 'tracker prompt add \(task.name) --file FILE'"
            : count == 1 ? "only r1" : "r1 to r\(count)"
        throw Failure.data("task '\(task.name)' has no r\(number); it has \(has)")
    }
    return (task, r)
}

extension PromptCommand {
    /// `tracker prompt add TASK (--file F | --text T | -) ...`.
    struct PromptAdd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Record the next revision of a task's prompt (r1, r2, ...; never rewritten).",
            discussion: """
                The text comes from exactly one of --file FILE, --text TEXT or - (standard input). It is kept \
                exactly as given, with its SHA-256: valid UTF-8, at most 1 MiB, not blank, no control characters \
                but tab, newline and carriage return. Text identical to the latest revision is refused. An unknown \
                TASK is created with the default 80% target.
                """
        )

        @Argument(help: ArgumentHelp("The task the prompt serves.", valueName: "task"))
        var task: String

        @Argument(help: ArgumentHelp("'-' to read the text from standard input.", valueName: "-"))
        var stdin: String?

        @Option(help: ArgumentHelp("Read the prompt's text from this file.", valueName: "file"))
        var file: String?

        @Option(help: ArgumentHelp("The prompt's text.", valueName: "text"))
        var text: String?

        @Option(help: ArgumentHelp("What changed in this revision.", valueName: "text"))
        var note: String?

        @Option(help: ArgumentHelp("The base model it was tested on: PROVIDER/FAMILY@VERSION or a model id.", valueName: "ref"))
        var model: String?

        @Option(help: ArgumentHelp("Eval result as PASSED/TOTAL, e.g. 17/20 (recorded as of today).", valueName: "passed/total"))
        var eval: String?

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func validate() throws {
            if let stdin, stdin != "-" {
                throw ValidationError("unexpected argument '\(stdin)'; give the text with --file FILE, --text TEXT or - (standard input)")
            }
            let sources = [file != nil, text != nil, stdin != nil].filter { $0 }.count
            if sources != 1 {
                throw ValidationError("give the prompt's text exactly once: --file FILE, --text TEXT or - (standard input)")
            }
        }

        func run() throws {
            let today = try clock.today()
            let taskName = try checkName(self.task, field: "task")
            let note = try note.map { (s: String) throws(Failure) in try checkText(s, field: "--note") }
            let evalResult = try eval.map { (s: String) throws(Failure) in try parseEval(s, field: "--eval") }
            let bytes: [UInt8], source: String
            if let file {
                bytes = try readFile(file, limit: 4 * PromptText.maxBytes)
                source = file
            } else if let text {
                bytes = Array(text.utf8)
                source = "--text"
            } else {
                bytes = try readFile("/dev/stdin", limit: 4 * PromptText.maxBytes)
                source = "standard input"
            }
            let promptText: String
            switch PromptText.check(bytes, source: source) {
            case .success(let t): promptText = t
            case .failure(let f): throw f
            }
            let sha = PromptText.sha256(promptText)
            let store = try database.openForWriting(today: today)
            var notice: String?
            let revision = try store.write { () throws(Failure) -> PromptRevision in
                let task = try resolveTask(taskName, in: store, today: today, notice: &notice)
                var baseID: Int64?
                if let model {
                    guard let b = try store.findBase(model) else { throw try store.unknownBase(model, field: "--model", createHint: false) }
                    baseID = b.id
                }
                if let latest = try store.promptRevisions(task: task.id).last, latest.sha256 == sha {
                    throw Failure.data("nothing changed: \(latest.label) has the same text (sha256 \(sha.prefix(12))); edit the text or record an eval of \(task.name)@\(latest.label) with 'tracker eval add'")
                }
                let r = try store.insertPromptRevision(task: task, text: promptText, sha256: sha, note: note, baseID: baseID, today: today)
                if let evalResult {
                    _ = try store.insertEval(.prompt(task: task.name, revision: r.number), result: evalResult, dataset: nil,
                                             day: today, today: today)
                }
                return r
            }
            if let notice { Console.notice(notice) }
            var line = "added \(revision.task) \(revision.label): \(revision.characters) characters, sha256 \(sha.prefix(12))"
            if let evalResult { line += ", eval \(WilsonInterval(evalResult).description)" }
            Console.stdout.line(line)
        }
    }

    /// `tracker prompt list TASK`.
    struct PromptList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List a task's prompt revisions with their latest eval and its 95% interval."
        )

        @Argument(help: ArgumentHelp("The task.", valueName: "task"))
        var task: String

        @OptionGroup var format: FormatOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let wanted = try checkExistingName(task, field: "task")
            let store = try database.openForReading(today: try clock.today())
            let (task, revisions) = try store.read { () throws(Failure) -> (TaskRecord, [PromptRevision]) in
                guard let t = try store.task(named: wanted) else { throw try unknownTask(wanted, in: store) }
                return (t, try store.promptRevisions(task: t.id))
            }
            PromptListing.listing(task).write(revisions, as: format.format, to: Console.stdout)
        }
    }

    /// `tracker prompt show TASK rN`.
    struct PromptShow: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show a prompt revision: its facts, its evals, and its full text as stored."
        )

        @Argument(help: ArgumentHelp("The task.", valueName: "task"))
        var task: String

        @Argument(help: ArgumentHelp("The revision: r1, r2, ...", valueName: "rN"))
        var revision: String

        @OptionGroup var format: FormatOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let wanted = try checkExistingName(task, field: "task")
            let number = try parseRevision(revision, field: "revision")
            let store = try database.openForReading(today: try clock.today())
            let (task, r, evals) = try store.read { () throws(Failure) -> (TaskRecord, PromptRevision, [EvalRecord]) in
                let (t, r) = try findRevision(wanted, number, in: store)
                return (t, r, try store.evals(of: .prompt(task: t.name, revision: r.number)))
            }
            PromptListing.show(r, task: task).write(evals, as: format.format, to: Console.stdout)
            if format.format == .table {
                Console.stdout.line("")
                Console.stdout.line("text:")
                Console.stdout.write(r.text.hasSuffix("\n") ? r.text : r.text + "\n")
            }
        }
    }

    /// `tracker prompt diff TASK rA rB`.
    struct PromptDiff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "Show how two prompt revisions differ, as a unified diff (the format of 'diff -u').",
            discussion: "Identical revisions print nothing."
        )

        @Argument(help: ArgumentHelp("The task.", valueName: "task"))
        var task: String

        @Argument(help: ArgumentHelp("The older revision, e.g. r1.", valueName: "rA"))
        var from: String

        @Argument(help: ArgumentHelp("The newer revision, e.g. r2.", valueName: "rB"))
        var to: String

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let wanted = try checkExistingName(task, field: "task")
            let a = try parseRevision(from, field: "rA"), b = try parseRevision(to, field: "rB")
            let store = try database.openForReading(today: try clock.today())
            let (old, new) = try store.read { () throws(Failure) -> (PromptRevision, PromptRevision) in
                (try findRevision(wanted, a, in: store).1, try findRevision(wanted, b, in: store).1)
            }
            let diff = UnifiedDiff.render(old: old.text, new: new.text,
                                          oldHeader: "\(old.task) \(old.label)\t\(old.createdOn)",
                                          newHeader: "\(new.task) \(new.label)\t\(new.createdOn)")
            Console.stdout.write(diff)
        }
    }
}

/// `PASSED/TOTAL`, refused with exit 64.
func parseEval(_ text: String, field: String) throws(Failure) -> EvalResult {
    guard let e = EvalResult(text.trimmingWhitespace()) else {
        throw Failure.usage("\(field) '\(text)' is not PASSED/TOTAL; write it like 17/20: whole numbers, total more than 0, passed no more than total")
    }
    return e
}
