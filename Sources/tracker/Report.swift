import ArgumentParser
import TrackerCore
import TrackerStore

/// The formats of `tracker report`.
enum ReportFormat: String, CaseIterable, ExpressibleByArgument {
    case table, json, html
}

extension Tracker {
    /// `tracker report [TASK]`: per task, prompts beside fine-tunes, and a verdict.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "One report per task: prompt revisions and evals beside the fine-tunes, their due status and cost, and one verdict.",
            discussion: """
                --format html writes one self-contained page (no network) with the tables and a timeline of \
                base-model releases, deprecations and shutdowns, each fine-tune's generations, today and the \
                forecast retrains.
                """
        )

        @Argument(help: ArgumentHelp("Only this task.", valueName: "task"))
        var task: String?

        @Option(help: "Output format: table, json or html.")
        var format: ReportFormat = .table

        @Option(help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "file"))
        var out: String?

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            let wanted = try task.map { (t: String) throws(Failure) in try checkExistingName(t, field: "task") }
            let file = try out.map { (p: String) throws(Failure) in try AtomicOutputFile(p) }
            let store = try database.openForReading(today: today)
            let report = try store.read { () throws(Failure) -> TaskReport in try Self.gather(store, task: wanted, now: today) }
            let output = file?.output ?? Console.stdout
            switch format {
            case .table: report.writeTable(to: output)
            case .json: report.writeJSON(to: output)
            case .html: report.writeHTML(to: output)
            }
            try file?.commit()
        }

        /// Everything the report shows, read in one transaction.
        static func gather(_ store: any Store, task wanted: String?, now: Day) throws(Failure) -> TaskReport {
            var tasks = try store.tasks()
            if let wanted {
                guard let t = try store.task(named: wanted) else {
                    let close = Closest.matches(for: wanted, in: tasks.map(\.name))
                    let hint = close.isEmpty ? "; see 'tracker task list'" : "; did you mean \(close.map { "'\($0)'" }.joined(separator: ", "))?"
                    throw Failure.data("no task named '\(wanted)'\(hint)")
                }
                tasks = [t]
            }
            let bases = try store.allBases()
            let byID = Dictionary(bases.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let standings = DueRules.standings(of: bases, now: now)
            let model = try store.forecastModel(now: now)
            let facts = try store.taskFacts()
            let horizonEnd = now.adding(months: 12).adding(days: -1)
            var prompts: [String: [PromptRevision]] = [:]
            for p in try store.allPromptRevisions() { prompts[NameKey.of(p.task), default: []].append(p) }
            var byTask: [String: [FineTuneStanding]] = [:]
            var withoutTask: [String] = []
            var lanes: [Timeline.Lane] = []
            var familyKeys: [Cadence.Family] = []
            let shownKeys = Set(tasks.map { NameKey.of($0.name) })
            for subject in model.subjects {
                guard let taskName = subject.task else {
                    if wanted == nil { withoutTask.append(subject.name) }
                    continue
                }
                guard shownKeys.contains(NameKey.of(taskName)), let ft = try store.fineTune(named: subject.name) else { continue }
                let lineage = try store.generations(of: ft.id)
                guard let current = lineage.last, let base = byID[current.facts.baseID], let standing = standings[base.id] else { continue }
                let verdict = DueRules.verdict(base: standing, trained: current.facts.trained, policy: ft.retrainEvery, in: DuePolicy(now: now))
                    .with(task: facts[NameKey.of(taskName)], eval: current.facts.eval)
                let reasons = verdict.detailedReasons(now: now) { byID[$0] }
                let events = model.events(of: subject, through: horizonEnd)
                let spent = (try? Money.totals(lineage.map(\.facts.cost))) ?? []
                let forecast = (try? Money.totals(events.map(\.cost))) ?? []
                byTask[NameKey.of(taskName), default: []].append(FineTuneStanding(
                    name: ft.name, generation: current.number, base: base.ref.description, examples: current.facts.examples,
                    eval: current.facts.eval, dueCodes: reasons.map(\.code.rawValue),
                    dueText: reasons.isEmpty ? nil : reasons.map(\.text).joined(separator: "; "),
                    spent: spent, forecast: forecast, expectedRetrains: events.count))
                lanes.append(Timeline.Lane(fineTune: ft.name, generations: lineage.compactMap { g in
                    byID[g.facts.baseID].map { Timeline.Generation(number: g.number, base: $0.ref.description, trained: g.facts.trained) }
                }, retrains: events.map(\.day), retired: nil))
                for g in lineage {
                    if let b = byID[g.facts.baseID], !familyKeys.contains(Cadence.Family(b.ref)) { familyKeys.append(Cadence.Family(b.ref)) }
                }
            }
            let families = familyKeys.map { f in
                Timeline.Family(name: f.description, snapshots: bases.filter { Cadence.Family($0.ref) == f }.sortedForListing().map {
                    Timeline.Snapshot(ref: $0.ref.description, released: $0.released, deprecated: $0.deprecation.day, shutdown: $0.shutdown)
                })
            }
            let sections = tasks.map { t in
                TaskSection(task: t, prompts: prompts[NameKey.of(t.name)] ?? [], fineTunes: byTask[NameKey.of(t.name)] ?? [])
            }
            return TaskReport(now: now, sections: sections, withoutTask: withoutTask,
                              timeline: Timeline(families: families, lanes: lanes, now: now))
        }
    }
}
