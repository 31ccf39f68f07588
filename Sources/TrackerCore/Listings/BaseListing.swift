/// One base version with what today makes of it: its recorded successor,
/// the newest snapshot superseding it, and its status.
public struct BaseRow: Sendable {
    public let base: BaseVersion
    /// The recorded successor's ref.
    public let successor: String?
    /// The newest snapshot that supersedes it (`DueRules.standings`).
    public let supersededBy: String?
    public let status: BaseStatus
    /// Prices per 1M tokens: set on the base, else the catalog's.
    public var prices = EffectivePrices()
    /// The training price per 1M trained tokens (`tracker base set --train-price`).
    public var trainPrice: TrainPrice?

    /// Rows for `shown` (in that order), judged against every base in `all`.
    public static func rows(_ shown: [BaseVersion], all: [BaseVersion], now: Day) -> [BaseRow] {
        let byID = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let standings = DueRules.standings(of: all, now: now)
        return shown.map { b in
            let by = standings[b.id]?.supersededBy
            return BaseRow(base: b, successor: b.successorID.flatMap { byID[$0]?.ref.description },
                           supersededBy: by.flatMap { byID[$0]?.ref.description },
                           status: BaseStatus.of(b, supersededBy: by, now: now))
        }
    }
}

/// The columns of `tracker base list`, declared once for every format; the
/// JSON ones are also the facts `tracker base show` starts with.
public enum BaseListing {
    public static let columns: [Column<BaseRow>] = [
        Column("BASE", "ref") { .text($0.base.ref.description) },
        Column("PROVIDER", "provider", in: .data) { .text($0.base.ref.provider) },
        Column("FAMILY", "family", in: .data) { .text($0.base.ref.family) },
        Column("VERSION", "version", in: .data) { .text($0.base.ref.version) },
        Column("MODEL ID", "model_id") { .text($0.base.modelID) },
        Column("RELEASED", "released") { .day($0.base.released) },
        // An undated deprecation: "undated" in text, a flag of its own in JSON.
        Column("DEPRECATED", "deprecated", in: [.table, .csv]) { row in
            switch row.base.deprecation {
            case .none: return .text(nil)
            case .undated: return .text("undated")
            case .on(let d): return .day(d)
            }
        },
        Column("DEPRECATED", "deprecated", in: .json) { .day($0.base.deprecation.day) },
        Column("DEPRECATED UNDATED", "deprecated_undated", in: .json) { .bool($0.base.deprecation == .undated) },
        Column("SHUTDOWN", "shutdown") { .day($0.base.shutdown) },
        Column("SUCCESSOR", "successor", in: .data) { .text($0.successor) },
        Column("SUPERSEDED BY", "superseded_by", in: .data) { .text($0.supersededBy) },
        Column("STATUS", "status") { .text($0.status.rawValue) },
        Column("GONE", "gone", in: .data) { .day($0.base.goneOn) },
        // A disputed shutdown date: kept, not used (see `DisputedDate`).
        Column("SHUTDOWN DISPUTED", "shutdown_disputed", in: .data) { row in
            guard let d = row.base.disputedShutdown else { return .object(nil, flat: nil) }
            return .object([Field("date", .day(d.day)), Field("source", .text(d.source.name)),
                            Field("disputed_by", .text(d.disputedBy.name)), Field("since", .day(d.since))],
                           flat: d.day.description)
        },
        Column("SUPERSEDED BY", "superseded_by", in: .table) { .text($0.supersededBy) },
        Column("PRICES", "prices", in: .json) {
            .object(BaseListing.priceFields($0.prices) + [Field("train_per_1m", .object($0.trainPrice?.fields, flat: nil))], flat: nil)
        },
    ]

    /// `{"input_per_1m": {...}, "output_per_1m": ..., "fine_tuned_input_per_1m": ...,
    /// "fine_tuned_output_per_1m": ...}`, each price exact with its source and read day, or null.
    public static func priceFields(_ p: EffectivePrices) -> [Field] {
        func price(_ k: PriceKind) -> Value { .object(EffectivePrices.fields(p[k]), flat: p[k]?.rate.description) }
        return [Field("input_per_1m", price(.input)), Field("output_per_1m", price(.output)),
                Field("fine_tuned_input_per_1m", price(.fineTunedInput)),
                Field("fine_tuned_output_per_1m", price(.fineTunedOutput))]
    }

    /// `tracker base list`: `{"now": ..., "bases": [...]}`.
    public static func listing(now: Day, anyRecorded: Bool) -> Listing<BaseRow> {
        Listing(columns, key: "bases", head: [Field("", key: "now", in: .json, .day(now))],
                empty: anyRecorded ? "No base versions match."
                                   : "No base versions recorded. Add one with 'tracker base add PROVIDER/FAMILY@VERSION'.")
    }

    /// The base's facts as JSON fields, named as in `tracker base list`.
    public static func facts(_ row: BaseRow) -> [Field] {
        columns.filter { $0.formats.contains(.json) }.map { $0.only(.json).field(row) }
    }
}
