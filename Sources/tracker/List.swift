import ArgumentParser
import TrackerCore
import TrackerStore

extension Tracker {
    /// `tracker list`: every fine-tune with its current generation.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List fine-tunes with their current generation and base."
        )

        @Option(help: ArgumentHelp("Only this owner.", valueName: "owner"))
        var owner: String?

        @Option(help: ArgumentHelp("Only this task.", valueName: "task"))
        var task: String?

        @Option(help: ArgumentHelp("Only fine-tunes whose current base is of this family (gpt-4o or openai/gpt-4o).", valueName: "family"))
        var family: String?

        @Flag(help: "Include retired fine-tunes.")
        var all = false

        @OptionGroup var format: FormatOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let store = try database.openForReading(today: try clock.today())
            // The provider part of PROVIDER/FAMILY is lower-cased, as everywhere.
            let familyFilter = family.map { f -> String in
                guard let slash = f.firstIndex(of: "/") else { return f }
                return f[..<slash].lowercased() + f[slash...]
            }
            let filter = FineTuneFilter(owner: owner, task: task, family: familyFilter, includeRetired: all)
            let rows = try store.read { () throws(Failure) in try store.listFineTunes(filter) }
            let out = Console.stdout
            switch format.format {
            case .table:
                if rows.isEmpty {
                    out.line(owner == nil && task == nil && family == nil
                             ? (all ? "No fine-tunes recorded. Add one with 'tracker add NAME --base REF --trained DATE --cost MONEY'."
                                    : "No active fine-tunes. 'tracker list --all' includes retired ones.")
                             : "No fine-tunes match.")
                    return
                }
                var t = Table(["NAME", "OWNER", "TASK", "GEN", "BASE", "TRAINED", "RETRAIN", "STATUS"])
                for r in rows {
                    t.append([r.name, r.owner ?? "-", r.task ?? "-", String(r.generation), r.base.description,
                              r.trained.description, r.retrainEvery.description,
                              r.retiredOn.map { "retired \($0)" } ?? "active"])
                }
                t.write(to: out)
            case .json:
                var j = JSONWriter(out)
                j.beginObject()
                j.key("fine_tunes")
                j.beginArray()
                for r in rows {
                    j.beginObject()
                    j.field("name", r.name)
                    j.field("owner", r.owner)
                    j.field("task", r.task)
                    j.field("generation", r.generation)
                    j.field("model_id", r.modelID)
                    j.field("base", r.base.description)
                    j.field("trained", r.trained.description)
                    j.field("retrain_every", r.retrainEvery.description)
                    j.field("status", r.retiredOn == nil ? "active" : "retired")
                    j.field("retired", r.retiredOn?.description)
                    j.endObject()
                }
                j.endArray()
                j.endObject()
            case .csv:
                out.line(CSV.row(["name", "owner", "task", "generation", "model_id", "base", "trained",
                                  "retrain_every", "status", "retired"]))
                for r in rows {
                    out.line(CSV.row([r.name, r.owner, r.task, String(r.generation), r.modelID, r.base.description,
                                      r.trained.description, r.retrainEvery.description,
                                      r.retiredOn == nil ? "active" : "retired", r.retiredOn?.description]))
                }
            }
        }
    }
}
