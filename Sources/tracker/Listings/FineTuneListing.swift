import TrackerCore
import TrackerStore

/// The columns of `tracker list`, declared once for every format.
enum FineTuneListing {
    static let columns: [Column<FineTuneRow>] = [
        Column("NAME", "name") { .text($0.name) },
        Column("OWNER", "owner") { .text($0.owner) },
        Column("TASK", "task") { .text($0.task) },
        Column("GEN", "generation") { .int($0.generation) },
        Column("MODEL ID", "model_id", in: .data) { .text($0.modelID) },
        Column("BASE", "base") { .text($0.base.description) },
        Column("TRAINED", "trained") { .day($0.trained) },
        Column("RETRAIN", "retrain_every") { .text($0.retrainEvery.description) },
        Column("STATUS", "status", in: .table) { .text($0.retiredOn.map { "retired \($0)" } ?? "active") },
        Column("STATUS", "status", in: .data) { .text($0.retiredOn == nil ? "active" : "retired") },
        Column("RETIRED", "retired", in: .data) { .day($0.retiredOn) },
    ]

    /// `{"fine_tunes": [...]}`; the table says why it is empty.
    static func listing(filtered: Bool, includeRetired: Bool) -> Listing<FineTuneRow> {
        Listing(columns, key: "fine_tunes", empty: filtered ? "No fine-tunes match."
            : includeRetired ? "No fine-tunes recorded. Add one with 'tracker add NAME --base REF --trained DATE --cost MONEY'."
                             : "No active fine-tunes. 'tracker list --all' includes retired ones.")
    }
}
