import TrackerCore
import TrackerStore

/// `tracker show NAME`: the fine-tune's facts, one row per generation, and
/// the total spent per currency.
enum LineageListing {
    static func listing(_ ft: FineTune, lineage: [Generation], bases: [Int64: BaseVersion],
                        totals: [Money]) -> Listing<Generation> {
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
            Column("EVAL", "eval", in: .table) { .text($0.facts.eval.map { "\($0) (\($0.percent)%)" }) },
            Column("EVAL", "eval", in: .json) { g in
                .object(g.facts.eval.map { [Field("passed", .int($0.passed)), Field("total", .int($0.total))] }, flat: nil)
            },
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
        ], tail: [
            Field("total spent", key: "total_spent", in: .table, .text(Money.describe(totals: totals))),
            Field("", key: "total_spent", in: .json, .objects(totals.map(Field.money), flat: nil)),
        ])
    }
}
