import TrackerCore
import TrackerStore

/// `tracker base show REF`: the base's facts (named as in `tracker base
/// list`), then the history of its dates.
enum BaseHistoryListing {
    static let columns: [Column<DateChange>] = [
        Column("RECORDED", "recorded") { .day(text: $0.recordedOn) },
        Column("FIELD", "field") { .text($0.field.rawValue) },
        Column("VALUE", "value", in: [.table, .csv], missing: "none") { change in
            switch (change.field, change.value) {
            case (.listing, "gone"?): return .text("gone from the provider's list")
            case (.listing, "back"?): return .text("back in the provider's list")
            case (.dispute, let day?) where change.source == "ended": return .text("\(day): dispute ended")
            case (.dispute, let day?): return .text("\(day) disputed: the provider's list still serves it")
            default: return .text(change.undated ? "undated" : change.value)
            }
        },
        Column("VALUE", "value", in: .json) { .text($0.value) },
        Column("UNDATED", "undated", in: .json) { .bool($0.undated) },
        Column("SOURCE", "source", in: .table) {
            .text($0.applied ? $0.source : "\($0.source) (not applied: the manual date stands)")
        },
        Column("SOURCE", "source", in: .data) { .text($0.source) },
        Column("APPLIED", "applied", in: .data) { .bool($0.applied) },
    ]

    /// One table line per known price: `input/1M:  5.00 USD (litellm, read 2026-11-29)`.
    static func priceLines(_ p: EffectivePrices) -> [Field] {
        let named: [(String, PriceKind)] = [("input/1M", .input), ("output/1M", .output),
                                            ("ft input/1M", .fineTunedInput), ("ft output/1M", .fineTunedOutput)]
        return named.compactMap { name, kind in
            p[kind].map { Field(name, key: name, in: .table,
                                .text("\($0.rate) (\($0.source), \($0.source == "manual" ? "set" : "read") \($0.readOn?.description ?? "unknown"))")) }
        }
    }

    /// `train/1M:  25.00 USD (manual, 2025-02-12)`.
    static func trainLine(_ t: TrainPrice?) -> [Field] {
        guard let t else { return [] }
        return [Field("train/1M", key: "train/1M", in: .table,
                      .text("\(t.perMillion) (\(t.source), \(t.readOn?.description ?? "unknown"))"))]
    }

    static func listing(_ row: BaseRow, generations: Int) -> Listing<DateChange> {
        let b = row.base
        let deprecated: String? = switch b.deprecation {
        case .none: nil
        case .undated: "yes, date not announced"
        case .on(let d): d.description
        }
        let table: [Field] = [
            Field("base", key: "ref", in: .table, .text(b.ref.description)),
            Field("model id", key: "model_id", in: .table, .text(b.modelID)),
            Field("released", key: "released", in: .table, .text(b.released?.description ?? "unknown")),
            Field("deprecated", key: "deprecated", in: .table, .text(deprecated ?? "no")),
            Field("shutdown", key: "shutdown", in: .table, .text(b.shutdown?.description ?? (b.disputedShutdown == nil ? "unknown" : "none in use (disputed)"))),
        ] + (b.disputedShutdown.map { d in
            [Field("disputed shutdown", key: "shutdown_disputed", in: .table,
                   .text("\(d.day) from \(d.source): not used; \(d.disputedBy)'s list still served it on \(d.since)"))]
        } ?? []) + (b.goneOn.map { g in
            [Field("gone", key: "gone", in: .table, .text("from \(b.listedBy?.name ?? "the provider")'s list on \(g)"))]
        } ?? []) + [
            Field("successor", key: "successor", in: .table, .text(row.successor)),
        ] + priceLines(row.prices) + trainLine(row.trainPrice)
        return Listing(columns, key: "history",
                       head: table + BaseListing.facts(row) + [Field("generations", key: "generations", .int(generations))],
                       empty: "No recorded date changes.")
    }
}
