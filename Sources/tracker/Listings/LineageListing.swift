import TrackerCore
import TrackerStore

/// `tracker show NAME`: the fine-tune's facts, one row per generation, and
/// the total spent per currency.
enum LineageListing {
    static func listing(_ ft: FineTune, lineage: [Generation], bases: [Int64: BaseVersion], totals: [Money],
                        changes: [FineTuneChange] = [], corrections: [GenerationChange] = [],
                        outlook: (estimate: RetrainEstimate, next: RetrainEvent?)? = nil) -> Listing<Generation> {
        let current = ft.retiredOn == nil ? lineage.last?.number : nil
        let name = ft.name
        let columns: [Column<Generation>] = [
            Column("NAME", "name", in: .csv) { _ in .text(name) },
            Column("GEN", "generation", in: .table) { .text(String($0.number) + ($0.number == current ? "*" : "")) },
            Column("GEN", "generation", in: .data) { .int($0.number) },
            Column("BASE", "base") { .text(bases[$0.facts.baseID]?.ref.description) },
            Column("BASE MODEL ID", "base_model_id", in: .json) { .text(bases[$0.facts.baseID]?.modelID) },
            Column("TRAINED", "trained") { .day($0.facts.trained) },
            Column("COST", "cost", in: .table) { .text($0.facts.cost.description) },
            Column("COST", "cost", in: .data) { .money($0.facts.cost, flat: $0.facts.cost.plainAmount) },
            Column("CURRENCY", "currency", in: .csv) { .text($0.facts.cost.currency) },
            // The generation's latest eval, with its 95% Wilson interval.
            Column("EVAL", "eval", in: .table) { .text($0.facts.eval.map { WilsonInterval($0).description }) },
            Column("EVAL", "eval", in: .json) { evalValue($0.facts.eval) },
            Column("EVAL PASSED", "eval_passed", in: .csv) { .int($0.facts.eval?.passed) },
            Column("EVAL TOTAL", "eval_total", in: .csv) { .int($0.facts.eval?.total) },
            Column("EXAMPLES", "examples") { .int($0.facts.examples) },
            Column("TOKENS", "tokens") { .int($0.facts.tokens) },
            Column("MODEL ID", "model_id") { .text($0.facts.modelID) },
            Column("DATASET", "dataset", in: .table) { g in
                .text(g.facts.datasetRef.map { r in r + (g.facts.datasetSHA256.map { " sha256:\($0.prefix(12))" } ?? "") })
            },
            Column("DATASET", "dataset", in: .data) { .text($0.facts.datasetRef) },
            Column("DATASET SHA256", "dataset_sha256", in: .data) { .text($0.facts.datasetSHA256) },
            Column("RECORDED", "recorded", in: .json) { .day($0.recordedOn) },
        ]
        let status = ft.retiredOn.map { "retired \($0)" + (ft.retireReason.map { " (\($0))" } ?? "") } ?? "active"
        return Listing(columns, key: "generations", head: [
            Field("name", key: "name", .text(ft.name)),
            Field("owner", key: "owner", .text(ft.owner)),
            Field("task", key: "task", .text(ft.task)),
            Field("retrain every", key: "retrain_every", .text(ft.retrainEvery.description)),
            Field("status", key: "status", in: .table, .text(status)),
            Field("", key: "status", in: .json, .text(ft.retiredOn == nil ? "active" : "retired")),
            Field("", key: "retired", in: .json, .day(ft.retiredOn)),
            Field("", key: "retire_reason", in: .json, .text(ft.retireReason)),
            Field("generations", key: "generations", in: .table, .int(lineage.count)),
            Field("volume", key: "volume", in: .table, .text(volumeText(ft.volume))),
            Field("", key: "volume", in: .json, .object([
                Field("calls_per_month", .int(ft.volume.callsPerMonth)), Field("tokens_in", .int(ft.volume.tokensIn)),
                Field("tokens_out", .int(ft.volume.tokensOut)),
            ], flat: nil)),
            Field("", key: "retrain_cost", in: .json, .object(ft.retrainCost.map(Field.money), flat: nil)),
        ], tail: [
            Field("total spent", key: "total_spent", in: .table, .text(Money.describe(totals: totals))),
            Field("", key: "total_spent", in: .json, .objects(totals.map(Field.money), flat: nil)),
            Field("next retrain", key: "next_retrain", in: .table, .text(outlook.map { o in
                o.next.map { "\($0.day) (\($0.driver.text))" } ?? "none expected" })),
            Field("", key: "next_retrain", in: .json, .object(outlook?.next.map { e in
                [Field("date", .day(e.day)), Field("driver", .text(e.driver.code)), Field("reason", .text(e.driver.text))]
            }, flat: nil)),
            Field("retrain cost", key: "retrain_estimate", in: .table, .text(outlook.map { "\($0.estimate.cost) (from \($0.estimate.explanation))" })),
            Field("", key: "retrain_estimate", in: .json, .object(outlook.map { o in
                Field.money(o.estimate.cost) + [Field("rule", .text(o.estimate.rule.rawValue)),
                                                Field("explanation", .text(o.estimate.explanation))]
            }, flat: nil)),
            Field("", key: "changes", in: .json, .objects(changes.map { c in
                [Field("field", .text(c.field.rawValue)), Field("old", .text(c.old)), Field("new", .text(c.new)),
                 Field("recorded", .day(c.recordedOn))]
            }, flat: nil)),
            Field("", key: "corrections", in: .json, .objects(corrections.map { c in
                [Field("generation", .int(c.generation)), Field("field", .text(c.field.rawValue)), Field("old", .text(c.old)),
                 Field("new", .text(c.new)), Field("recorded", .day(c.recordedOn))]
            }, flat: nil)),
        ], footer: (changes.isEmpty ? [] : ["", "Changes:"] + changes.map { c in
            c.field == .retired
                ? "  \(c.recordedOn)  reopened (had been retired on \(c.old ?? "?"))"
                : "  \(c.recordedOn)  \(c.field.label): \(c.old ?? "none") -> \(c.new ?? "none")"
        }) + (corrections.isEmpty ? [] : ["", "Corrections:"] + corrections.map { c in
            "  \(c.recordedOn)  g\(c.generation) \(c.field.label): \(c.old ?? "none") -> \(c.new ?? "none")"
        }))
    }
}

/// `1,000,000 calls a month x (500 in + 200 out) tokens`, or what is unknown.
func volumeText(_ v: Volume) -> String {
    func n(_ x: Int64?) -> String { x.map(Grouping.digits) ?? "?" }
    if v == .unknown { return "unknown (set it with 'tracker set NAME --calls-per-month N --tokens-in N --tokens-out N')" }
    return "\(n(v.callsPerMonth)) calls a month x (\(n(v.tokensIn)) in + \(n(v.tokensOut)) out) tokens"
}
