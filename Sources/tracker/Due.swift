import ArgumentParser
import TrackerCore
import TrackerStore

extension Tracker {
    /// `tracker due`: what must be retrained, why, and how urgently.
    struct Due: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "due",
            abstract: "List active fine-tunes whose current generation needs retraining.",
            discussion: """
                Reasons: base-superseded, base-deprecated, base-shutdown-soon, base-shut-down, age. \
                Urgency: overdue (a shutdown or retrain-by day has passed), critical (30 days or less), \
                soon (90 days or less, or a deprecation day within 90 days or past), planned (everything \
                else). Sorted by urgency, then deadline.
                """
        )

        @Option(help: ArgumentHelp("How far ahead to look: 90d, 12w, 6m, 1y.", valueName: "duration"))
        var within: String = "90d"

        @Option(help: ArgumentHelp("Only this owner's fine-tunes.", valueName: "owner"))
        var owner: String?

        @Flag(name: .customLong("exit-code"), help: "Exit 1 when anything is due (for scripts and CI).")
        var exitCode = false

        @OptionGroup var format: FormatOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            let span = try parseSpan(within, field: "--within")
            let store = try database.openForReading(today: today)
            let policy = DuePolicy(now: today, within: span)
            let (list, bases) = try store.read { () throws(Failure) -> (DueList, [Int64: BaseVersion]) in
                let all = try store.allBases()
                var list = DueList(bases: all, policy: policy)
                try store.collectDue(into: &list, owner: owner)
                list.sort()
                return (list, Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) }))
            }
            render(list, bases: bases, span: span, today: today)
            if exitCode && !list.items.isEmpty { throw ExitCode(1) }
        }

        func render(_ list: DueList, bases: [Int64: BaseVersion], span: Span, today: Day) {
            let out = Console.stdout
            let lookup: (Int64) -> BaseVersion? = { bases[$0] }
            switch format.format {
            case .table:
                if list.items.isEmpty {
                    let scope = owner.map { " owned by \($0)" } ?? ""
                    out.line(list.considered == 0
                             ? "Nothing is due: no active fine-tunes\(scope) are recorded."
                             : list.considered == 1
                                ? "Nothing is due within \(span): the one active fine-tune\(scope) is current."
                                : "Nothing is due within \(span): all \(list.considered) active fine-tunes\(scope) are current.")
                    return
                }
                var t = Table(["URGENCY", "NAME", "OWNER", "BASE", "DEADLINE", "REASONS"])
                for item in list.items {
                    let reasons = item.verdict.detailedReasons(now: today, base: lookup).map(\.text).joined(separator: "; ")
                    t.append([item.verdict.urgency.name, item.name, item.owner ?? "-",
                              bases[item.baseID]?.ref.description ?? "?", item.verdict.deadline?.description ?? "-", reasons])
                }
                t.write(to: out)
                out.line()
                out.line("\(list.items.count) of \(list.considered) active fine-tune\(list.considered == 1 ? "" : "s") due within \(span) (as of \(today)).")
            case .json:
                var j = JSONWriter(out)
                j.beginObject()
                j.field("now", today.description)
                j.field("within", span.description)
                j.field("horizon_end", list.policy.horizonEnd.description)
                j.field("considered", list.considered)
                j.field("count", list.items.count)
                j.key("due")
                j.beginArray()
                for item in list.items {
                    let base = bases[item.baseID]
                    j.beginObject()
                    j.field("name", item.name)
                    j.field("owner", item.owner)
                    j.field("task", item.task)
                    j.field("generation", item.generation)
                    j.field("model_id", item.modelID)
                    j.field("base", base?.ref.description)
                    j.field("base_model_id", base?.modelID)
                    j.field("trained", day: item.trained)
                    j.field("retrain_every", item.retrainEvery.description)
                    j.field("urgency", item.verdict.urgency.name)
                    j.field("deadline", day: item.verdict.deadline)
                    j.field("days_left", item.verdict.deadline.map { today.days(until: $0) })
                    j.key("reasons")
                    j.beginArray()
                    for r in item.verdict.detailedReasons(now: today, base: lookup) {
                        j.beginObject()
                        j.field("code", r.code.rawValue)
                        j.field("date", day: r.date)
                        j.field("days_left", r.daysLeft)
                        if r.code == .baseSuperseded { j.field("successor", r.successor?.ref.description) }
                        j.field("text", r.text)
                        j.endObject()
                    }
                    j.endArray()
                    j.endObject()
                }
                j.endArray()
                j.endObject()
            case .csv:
                out.line(CSV.row(["urgency", "name", "owner", "task", "generation", "base", "trained", "deadline",
                                  "days_left", "reasons", "successor"]))
                for item in list.items {
                    let reasons = item.verdict.detailedReasons(now: today, base: lookup)
                    out.line(CSV.row([item.verdict.urgency.name, item.name, item.owner, item.task, String(item.generation),
                                      bases[item.baseID]?.ref.description, item.trained.description,
                                      item.verdict.deadline?.description,
                                      item.verdict.deadline.map { String(today.days(until: $0)) },
                                      reasons.map(\.code.rawValue).joined(separator: ";"),
                                      reasons.first { $0.code == .baseSuperseded }?.successor?.ref.description]))
                }
            }
        }
    }
}
