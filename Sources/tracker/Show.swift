import ArgumentParser
import TrackerCore
import TrackerStore

extension Tracker {
    /// `tracker show NAME`: the whole lineage and what it cost.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show a fine-tune's whole lineage: each generation's base, dates, cost and evals, and the total spent."
        )

        @Argument(help: ArgumentHelp("The fine-tune's name.", valueName: "name"))
        var name: String

        @OptionGroup var format: FormatOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let wanted = try checkExistingName(self.name, field: "name")
            let store = try database.openForReading(today: try clock.today())
            let (ft, lineage, bases) = try store.read { () throws(Failure) -> (FineTune, [Generation], [Int64: BaseVersion]) in
                guard let ft = try store.fineTune(named: wanted) else { throw try unknownFineTune(wanted, in: store) }
                let lineage = try store.generations(of: ft.id)
                var bases: [Int64: BaseVersion] = [:]
                for g in lineage where bases[g.facts.baseID] == nil { bases[g.facts.baseID] = try store.base(id: g.facts.baseID) }
                return (ft, lineage, bases)
            }
            // Totals per currency, in first-seen order.
            var totals: [(currency: String, minor: Int64)] = []
            for g in lineage {
                if let i = totals.firstIndex(where: { $0.currency == g.facts.cost.currency }) {
                    let (sum, overflow) = totals[i].minor.addingReportingOverflow(g.facts.cost.minorUnits)
                    guard !overflow else {
                        throw Failure.data("the total spent on '\(ft.name)' in \(totals[i].currency) is too large to add up; check its costs with 'tracker show \(ft.name) --format csv'")
                    }
                    totals[i].minor = sum
                } else {
                    totals.append((g.facts.cost.currency, g.facts.cost.minorUnits))
                }
            }
            let totalText = totals.map { Money(minorUnits: $0.minor, currency: $0.currency).description }.joined(separator: " + ")
            let out = Console.stdout
            switch format.format {
            case .table:
                out.line("name:          \(ft.name)")
                out.line("owner:         \(ft.owner ?? "-")")
                out.line("task:          \(ft.task ?? "-")")
                out.line("retrain every: \(ft.retrainEvery)")
                out.line("status:        " + (ft.retiredOn.map { "retired \($0)" + (ft.retireReason.map { " (\($0))" } ?? "") } ?? "active"))
                out.line("generations:   \(lineage.count)")
                out.line("total spent:   \(totalText.isEmpty ? "0" : totalText)")
                out.line()
                var t = Table(["GEN", "BASE", "TRAINED", "COST", "EVAL", "EXAMPLES", "TOKENS", "MODEL ID", "DATASET"])
                for g in lineage {
                    let f = g.facts
                    t.append([String(g.number) + (g.number == lineage.last?.number && ft.retiredOn == nil ? "*" : ""),
                              bases[f.baseID]?.ref.description ?? "?", f.trained.description, f.cost.description,
                              f.eval.map { "\($0) (\($0.percent)%)" } ?? "-", f.examples.map(String.init) ?? "-",
                              f.tokens.map(String.init) ?? "-", f.modelID ?? "-",
                              f.datasetRef.map { r in r + (f.datasetSHA256.map { " sha256:\($0.prefix(12))" } ?? "") } ?? "-"])
                }
                t.write(to: out)
            case .json:
                var j = JSONWriter(out)
                j.beginObject()
                j.field("name", ft.name)
                j.field("owner", ft.owner)
                j.field("task", ft.task)
                j.field("retrain_every", ft.retrainEvery.description)
                j.field("status", ft.retiredOn == nil ? "active" : "retired")
                j.field("retired", ft.retiredOn?.description)
                j.field("retire_reason", ft.retireReason)
                j.key("generations")
                j.beginArray()
                for g in lineage {
                    let f = g.facts
                    j.beginObject()
                    j.field("generation", g.number)
                    j.field("base", bases[f.baseID]?.ref.description)
                    j.field("base_model_id", bases[f.baseID]?.modelID)
                    j.field("model_id", f.modelID)
                    j.field("trained", f.trained.description)
                    j.key("cost")
                    writeMoney(&j, f.cost)
                    j.field("examples", f.examples)
                    j.field("tokens", f.tokens)
                    j.field("dataset", f.datasetRef)
                    j.field("dataset_sha256", f.datasetSHA256)
                    j.key("eval")
                    if let e = f.eval {
                        j.beginObject(); j.field("passed", e.passed); j.field("total", e.total); j.endObject()
                    } else {
                        j.string(nil)
                    }
                    j.field("recorded", g.recordedOn.description)
                    j.endObject()
                }
                j.endArray()
                j.key("total_spent")
                j.beginArray()
                for t in totals { writeMoney(&j, Money(minorUnits: t.minor, currency: t.currency)) }
                j.endArray()
                j.endObject()
            case .csv:
                out.line(CSV.row(["generation", "base", "trained", "cost", "currency", "eval_passed", "eval_total",
                                  "examples", "tokens", "model_id", "dataset", "dataset_sha256"]))
                for g in lineage {
                    let f = g.facts
                    out.line(CSV.row([String(g.number), bases[f.baseID]?.ref.description, f.trained.description,
                                      f.cost.plainAmount, f.cost.currency, f.eval.map { String($0.passed) },
                                      f.eval.map { String($0.total) }, f.examples.map(String.init),
                                      f.tokens.map(String.init), f.modelID, f.datasetRef, f.datasetSHA256]))
                }
            }
        }
    }
}

/// Money in JSON: `{"amount": "1200.50", "minor_units": 120050, "currency": "USD"}`.
func writeMoney(_ j: inout JSONWriter, _ m: Money) {
    j.beginObject()
    j.field("amount", m.plainAmount)
    j.field("minor_units", m.minorUnits)
    j.field("currency", m.currency)
    j.endObject()
}
