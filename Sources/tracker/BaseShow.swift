import ArgumentParser
import TrackerCore
import TrackerStore

extension BaseCommand {
    /// `tracker base show REF`: the facts and the history of each date.
    struct BaseShow: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show a base version and the history of its dates."
        )

        @Argument(help: ArgumentHelp("The snapshot: PROVIDER/FAMILY@VERSION or a known model id.", valueName: "ref"))
        var ref: String

        @OptionGroup var format: FormatOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            let store = try database.openForReading(today: today)
            let (base, history, successor, count) = try store.read {
                () throws(Failure) -> (BaseVersion, [DateChange], BaseVersion?, Int) in
                let b = try store.requireBase(ref, field: "base")
                let s = try b.successorID.flatMap { (id: Int64) throws(Failure) in try store.base(id: id) }
                return (b, try store.history(base: b.id), s, try store.generationCount(base: b.id))
            }
            let deprecated: String? = switch base.deprecation {
            case .none: nil
            case .undated: "yes, date not announced"
            case .on(let d): d.description
            }
            let out = Console.stdout
            func value(_ c: DateChange) -> String {
                if c.undated { return "undated" }
                return c.value ?? "none"
            }
            switch format.format {
            case .table:
                out.line("base:        \(base.ref)")
                out.line("model id:    \(base.modelID)")
                out.line("released:    \(base.released?.description ?? "unknown")")
                out.line("deprecated:  \(deprecated ?? "no")")
                out.line("shutdown:    \(base.shutdown?.description ?? "unknown")")
                out.line("successor:   \(successor?.ref.description ?? "-")")
                out.line("generations: \(count)")
                out.line()
                if history.isEmpty {
                    out.line("No recorded date changes.")
                } else {
                    var t = Table(["RECORDED", "FIELD", "VALUE", "SOURCE"])
                    for c in history {
                        t.append([c.recordedOn, c.field.rawValue, value(c),
                                  c.applied ? c.source : "\(c.source) (not applied: the manual date stands)"])
                    }
                    t.write(to: out)
                }
            case .json:
                var j = JSONWriter(out)
                j.beginObject()
                j.field("ref", base.ref.description)
                j.field("model_id", base.modelID)
                j.field("released", base.released?.description)
                j.field("deprecated", base.deprecation.day?.description)
                j.field("deprecated_undated", base.deprecation == .undated)
                j.field("shutdown", base.shutdown?.description)
                j.field("successor", successor?.ref.description)
                j.field("generations", count)
                j.key("history")
                j.beginArray()
                for c in history {
                    j.beginObject()
                    j.field("recorded", c.recordedOn)
                    j.field("field", c.field.rawValue)
                    j.field("value", c.value)
                    j.field("undated", c.undated)
                    j.field("source", c.source)
                    j.field("applied", c.applied)
                    j.endObject()
                }
                j.endArray()
                j.endObject()
            case .csv:
                out.line(CSV.row(["recorded", "field", "value", "source", "applied"]))
                for c in history {
                    out.line(CSV.row([c.recordedOn, c.field.rawValue, c.undated ? "undated" : c.value, c.source,
                                      c.applied ? "true" : "false"]))
                }
            }
        }
    }
}
