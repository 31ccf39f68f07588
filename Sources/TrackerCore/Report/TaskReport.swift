/// One task's part of `tracker report`: its prompt revisions and evals,
/// its active fine-tunes with their due status and cost, and the verdict.
public struct TaskSection: Sendable {
    public var task: TaskRecord
    /// Oldest first.
    public var prompts: [PromptRevision]
    public var fineTunes: [FineTuneStanding]
    public var verdict: Verdict

    public init(task: TaskRecord, prompts: [PromptRevision], fineTunes: [FineTuneStanding]) {
        self.task = task
        self.prompts = prompts
        self.fineTunes = fineTunes
        verdict = Verdict.of(target: task.targetPercent,
                             prompts: prompts.map { PromptStanding(revision: $0.number, eval: $0.latestEval, model: $0.model?.description) },
                             fineTunes: fineTunes)
    }

    public var latest: PromptRevision? { prompts.last }

    /// The revision with the best latest eval (the later one on a tie).
    public var best: PromptRevision? {
        guard let b = Verdict.best(prompts.map { PromptStanding(revision: $0.number, eval: $0.latestEval, model: nil) }) else { return nil }
        return prompts.first { $0.number == b.revision }
    }
}

/// The whole report: the sections, the fine-tunes without a task, and the
/// timeline of what they run on.
public struct TaskReport: Sendable {
    public var now: Day
    public var sections: [TaskSection]
    /// Active fine-tunes that name no task (the report cannot judge them).
    public var withoutTask: [String]
    public var timeline: Timeline

    public init(now: Day, sections: [TaskSection], withoutTask: [String], timeline: Timeline) {
        self.now = now
        self.sections = sections
        self.withoutTask = withoutTask
        self.timeline = timeline
    }

    // MARK: Pieces shared by the formats

    /// `r4 17/20 (85%, 95% CI 64-95%) on openai/gpt-4o@2024-11-20`.
    static func revisionText(_ p: PromptRevision?) -> String {
        guard let p else { return "none" }
        let rate = p.latestEval.map { WilsonInterval($0).description } ?? "no eval"
        return "\(p.label) \(rate)" + (p.model.map { " on \($0)" } ?? "")
    }

    static func promptsSummary(_ s: TaskSection) -> String {
        let n = s.prompts.count
        guard n > 0 else { return "no revisions" }
        return "\(n) revision\(n == 1 ? "" : "s"); latest \(revisionText(s.latest)); best \(revisionText(s.best))"
    }

    static let fineTuneColumns: [Column<FineTuneStanding>] = [
        Column("FINE-TUNE", "name") { .text($0.name) },
        Column("GEN", "generation") { .int($0.generation) },
        Column("BASE", "base") { .text($0.base) },
        Column("EXAMPLES", "examples") { .int($0.examples) },
        Column("EVAL", "eval") { WilsonInterval.value($0.eval) },
        Column("DUE", "due", in: .table) { .text($0.dueText ?? "no") },
        Column("SPENT", "spent", in: .table) { .text(Money.describe(totals: $0.spent)) },
        Column("NEXT 12 MONTHS", "forecast_12m", in: .table) { f in
            .text(f.expectedRetrains == 0 ? "no retrain expected"
                  : "\(f.expectedRetrains) retrain\(f.expectedRetrains == 1 ? "" : "s"), \(Money.describe(totals: f.forecast))")
        },
    ]

    // MARK: Table

    public func writeTable(to out: TextOutput) {
        out.line("report as of \(now): \(sections.count) task\(sections.count == 1 ? "" : "s")")
        for s in sections {
            out.line()
            out.line("TASK \(ControlEscape.escape(s.task.name)) (target \(s.task.targetPercent)%)")
            if let d = s.task.description { out.line("description: \(ControlEscape.escape(d))") }
            out.line("verdict:     \(ControlEscape.escape(s.verdict.text))")
            out.line("prompts:     \(ControlEscape.escape(Self.promptsSummary(s)))")
            if s.fineTunes.isEmpty {
                out.line("fine-tunes:  none")
            } else {
                out.line()
                Listing(Self.fineTuneColumns, key: "fine_tunes").write(s.fineTunes, as: .table, to: out)
            }
        }
        if !withoutTask.isEmpty {
            out.line()
            out.line("without a task (not judged; give one with 'tracker set NAME --task TASK'): "
                     + withoutTask.map(ControlEscape.escape).joined(separator: ", "))
        }
    }

    // MARK: JSON

    static func revisionFields(_ p: PromptRevision?) -> Value {
        guard let p else { return .object(nil, flat: nil) }
        return .object([Field("revision", .int(p.number)), Field("created", .day(p.createdOn)),
                        Field("model", .text(p.model?.description)), Field("eval", WilsonInterval.value(p.latestEval))], flat: nil)
    }

    public func writeJSON(to out: TextOutput) {
        var j = JSONWriter(out)
        j.beginObject()
        j.field("now", day: now)
        j.key("tasks")
        j.beginArray()
        for s in sections {
            j.beginObject()
            j.field("task", s.task.name)
            j.field("target", s.task.targetPercent)
            j.field("description", s.task.description)
            j.key("verdict")
            j.value(.object([Field("kind", .text(s.verdict.kind.rawValue)), Field("text", .text(s.verdict.text))], flat: nil))
            j.key("prompts")
            j.value(.object([Field("count", .int(s.prompts.count)), Field("latest", Self.revisionFields(s.latest)),
                             Field("best", Self.revisionFields(s.best))], flat: nil))
            j.key("fine_tunes")
            j.beginArray()
            for f in s.fineTunes {
                j.beginObject()
                j.field("name", f.name)
                j.field("generation", f.generation)
                j.field("base", f.base)
                j.field("examples", f.examples)
                j.key("eval"); j.value(WilsonInterval.value(f.eval))
                j.field("due", !f.dueCodes.isEmpty)
                j.key("reasons"); j.value(.list(f.dueCodes))
                j.field("due_text", f.dueText)
                j.key("spent"); j.value(.objects(f.spent.map(Field.money), flat: nil))
                j.field("expected_retrains", f.expectedRetrains)
                j.key("forecast_12m"); j.value(.objects(f.forecast.map(Field.money), flat: nil))
                j.endObject()
            }
            j.endArray()
            j.endObject()
        }
        j.endArray()
        j.key("without_task")
        j.value(.list(withoutTask))
        j.endObject()
        j.flush()
        out.line()
    }

    // MARK: HTML

    public func writeHTML(to out: TextOutput) {
        let page = HTMLPage(title: "tracker report, \(now)")
        page.begin(out)
        out.line("<h1>tracker report</h1>")
        out.line("<p class=\"meta\">As of \(now): \(sections.count) task\(sections.count == 1 ? "" : "s"), "
                 + "\(sections.reduce(0) { $0 + $1.fineTunes.count }) active fine-tunes. Prompt first; retrain only what a prompt cannot do.</p>")
        out.line("<h2>Timeline</h2>")
        out.line("<p class=\"muted\">Base-model snapshots (release, deprecated span, shutdown), each fine-tune's generations, today, and the retrains the forecast expects.</p>")
        out.line("<div class=\"wide\">")
        out.line(timeline.svg())
        out.line("</div>")
        for s in sections {
            out.line("<section>")
            out.line("<h2>Task \(HTML.escape(s.task.name))</h2>")
            out.line("<p class=\"meta\">Target \(s.task.targetPercent)%" + (s.task.description.map { " · \(HTML.escape($0))" } ?? "") + "</p>")
            let cls: String
            switch s.verdict.kind {
            case .retireFineTune: cls = "retire"
            case .promptMeetsTarget: cls = "ok"
            case .tooFewExamples: cls = "bad"
            case .iteratePrompt, .fineTuneJustified: cls = ""
            }
            out.line("<div class=\"verdict \(cls)\"><strong>Verdict:</strong> \(HTML.escape(s.verdict.text))</div>")
            out.line("<h3>Prompt revisions</h3>")
            out.line("<dl><dt>revisions</dt><dd>\(s.prompts.count)</dd>"
                     + "<dt>latest</dt><dd>\(HTML.escape(Self.revisionText(s.latest)))</dd>"
                     + "<dt>best</dt><dd>\(HTML.escape(Self.revisionText(s.best)))</dd></dl>")
            out.line("<h3>Fine-tunes</h3>")
            if s.fineTunes.isEmpty {
                out.line("<p class=\"muted\">None.</p>")
            } else {
                // Wide tables scroll in their own box, not the whole page.
                out.line("<div class=\"wide\">")
                Listing(Self.fineTuneColumns, key: "fine_tunes").writeFragment(s.fineTunes, to: out)
                out.line("</div>")
            }
            out.line("</section>")
        }
        if !withoutTask.isEmpty {
            out.line("<h2>Fine-tunes without a task</h2>")
            out.line("<p>Not judged; give each a task with <code>tracker set NAME --task TASK</code>: "
                     + withoutTask.map(HTML.escape).joined(separator: ", ") + ".</p>")
        }
        page.end(out)
    }
}
