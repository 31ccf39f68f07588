import TrackerCore

/// An eval as a listing value: `17/20 (85%, 95% CI 64-95%)` in tables and
/// CSV, `{"passed", "total", "rate", "ci95"}` in JSON.
func evalValue(_ e: EvalResult?) -> Value { WilsonInterval.value(e) }

/// `tracker task list`.
enum TaskListing {
    struct Row: Sendable {
        var task: TaskRecord
        var revisions: Int
        var latest: PromptRevision?
        var fineTunes: Int
    }

    static let columns: [Column<Row>] = [
        Column("NAME", "name") { .text($0.task.name) },
        Column("TARGET", "target", in: .table) { .text("\($0.task.targetPercent)%") },
        Column("TARGET", "target_percent", in: .data) { .int($0.task.targetPercent) },
        Column("PROMPTS", "prompt_revisions") { .int($0.revisions) },
        Column("LATEST", "latest_revision") { .text($0.latest?.label) },
        Column("LATEST EVAL", "latest_eval") { evalValue($0.latest?.latestEval) },
        Column("FINE-TUNES", "fine_tunes") { .int($0.fineTunes) },
        Column("CREATED", "created") { .day($0.task.createdOn) },
        Column("DESCRIPTION", "description") { .text($0.task.description) },
    ]

    static let listing = Listing(columns, key: "tasks",
                                 empty: "No tasks. Add one with 'tracker task add support-triage --target 80%'.")
}

/// `tracker prompt list TASK` and the facts of `tracker prompt show`.
enum PromptListing {
    static let columns: [Column<PromptRevision>] = [
        Column("REV", "revision", in: .table) { .text($0.label) },
        Column("REV", "revision", in: .data) { .int($0.number) },
        Column("CREATED", "created") { .day($0.createdOn) },
        Column("SHA256", "sha256", in: .table) { .text(String($0.sha256.prefix(12))) },
        Column("SHA256", "sha256", in: .data) { .text($0.sha256) },
        Column("CHARS", "chars") { .int($0.characters) },
        Column("NOTE", "note") { .text($0.note) },
        Column("MODEL", "model") { .text($0.model?.description) },
        Column("LATEST EVAL", "latest_eval") { evalValue($0.latestEval) },
        Column("EVALS", "evals") { .int($0.evalCount) },
    ]

    static func listing(_ task: TaskRecord) -> Listing<PromptRevision> {
        Listing(columns, key: "revisions", head: [
            Field("task", key: "task", .text(task.name)),
            Field("target", key: "target", in: .table, .text("\(task.targetPercent)%")),
            Field("", key: "target_percent", in: .json, .int(task.targetPercent)),
        ], empty: "No prompt revisions of \(task.name). Add one with 'tracker prompt add \(task.name) --file prompt.txt'.")
    }

    /// `tracker prompt show TASK rN`: the revision's facts, then its evals
    /// (JSON also has the text; the table prints it after the evals).
    static func show(_ r: PromptRevision, task: TaskRecord) -> Listing<EvalRecord> {
        Listing(EvalListing.columns.filter { $0.key != "subject" }, key: "evals", head: [
            Field("task", key: "task", .text(r.task)),
            Field("revision", key: "revision", in: .table, .text(r.label)),
            Field("", key: "revision", in: .json, .int(r.number)),
            Field("created", key: "created", .day(r.createdOn)),
            Field("sha256", key: "sha256", .text(r.sha256)),
            Field("characters", key: "chars", .int(r.characters)),
            Field("note", key: "note", .text(r.note)),
            Field("model", key: "model", .text(r.model?.description)),
            Field("latest eval", key: "latest_eval", evalValue(r.latestEval)),
            Field("target", key: "target", in: .table, .text("\(task.targetPercent)%")),
            Field("", key: "target_percent", in: .json, .int(task.targetPercent)),
            Field("", key: "text", in: .json, .text(r.text)),
        ], empty: "No evals yet; add one with 'tracker eval add \(r.task)@\(r.label) PASSED/TOTAL'.")
    }
}

/// `tracker eval list SUBJECT`.
enum EvalListing {
    static let columns: [Column<EvalRecord>] = [
        Column("SUBJECT", "subject") { .text($0.subject.description) },
        Column("DAY", "day") { .day($0.day) },
        Column("EVAL", "eval") { evalValue($0.result) },
        Column("DATASET", "dataset") { .text($0.dataset) },
        Column("RECORDED", "recorded") { .day($0.recordedOn) },
    ]

    static func listing(_ subject: EvalSubject) -> Listing<EvalRecord> {
        Listing(columns, key: "evals", head: [Field("", key: "subject", in: .json, .text(subject.description))],
                empty: "No evals of \(subject). Add one with 'tracker eval add \(subject) PASSED/TOTAL'.")
    }
}
