/// What every row of the due listing shares: the bases by id and their
/// refs as text (made once, not once per row), and today.
public final class DueContext: Sendable {
    public let now: Day
    let bases: [Int64: BaseVersion]
    let refs: [Int64: String]

    public init(bases: [BaseVersion], now: Day) {
        self.now = now
        self.bases = Dictionary(bases.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.refs = self.bases.mapValues { $0.ref.description }
    }
}

/// One row of `tracker due`: a due item seen with its base.
public struct DueRow {
    public let item: DueItem
    public let context: DueContext

    public init(_ item: DueItem, _ context: DueContext) {
        self.item = item
        self.context = context
    }

    var baseRef: String? { context.refs[item.baseID] }

    /// The reasons with their facts, most severe first.
    public var reasons: [DueReason] {
        let bases = context.bases
        return item.verdict.detailedReasons(now: context.now, base: { bases[$0] })
    }
}

/// The columns and document of `tracker due`, declared once for every format.
public enum DueListing {
    public static let columns: [Column<DueRow>] = [
        Column("URGENCY", "urgency") { .text($0.item.verdict.urgency.name) },
        Column("NAME", "name") { .text($0.item.name) },
        Column("OWNER", "owner") { .text($0.item.owner) },
        Column("TASK", "task", in: .data) { .text($0.item.task) },
        Column("GEN", "generation", in: .data) { .int($0.item.generation) },
        Column("MODEL ID", "model_id", in: .json) { .text($0.item.modelID) },
        Column("BASE", "base") { .text($0.baseRef) },
        Column("BASE MODEL ID", "base_model_id", in: .json) { .text($0.context.bases[$0.item.baseID]?.modelID) },
        Column("TRAINED", "trained", in: .data) { .day($0.item.trained) },
        Column("RETRAIN", "retrain_every", in: .json) { .text($0.item.retrainEvery.description) },
        Column("DEADLINE", "deadline") { .day($0.item.verdict.deadline) },
        Column("DAYS LEFT", "days_left", in: .data) { row in
            .int(row.item.verdict.deadline.map { row.context.now.days(until: $0) })
        },
        Column("REASONS", "reasons", in: .table) { .text($0.reasons.map(\.text).joined(separator: "; ")) },
        Column("REASONS", "reasons", in: .data) { row in
            let reasons = row.reasons
            return .objects(reasons.map(fields), flat: reasons.map(\.code.rawValue).joined(separator: ";"))
        },
        Column("SUCCESSOR", "successor", in: .csv) { row in
            .text(row.reasons.first { $0.code == .baseSuperseded }?.successor?.ref.description)
        },
    ]

    /// One reason in JSON: code, date, days_left, successor (for
    /// `base-superseded` only), eval and target (`eval-below-target`),
    /// prompt and eval (`prompt-meets-target`), text.
    static func fields(_ r: DueReason) -> [Field] {
        var f = [Field("code", .text(r.code.rawValue)), Field("date", .day(r.date)), Field("days_left", .int(r.daysLeft))]
        if r.code == .baseSuperseded { f.append(Field("successor", .text(r.successor?.ref.description))) }
        if r.code == .evalBelowTarget {
            f.append(Field("eval", .object(r.eval.map { [Field("passed", .int($0.passed)), Field("total", .int($0.total))] }, flat: nil)))
            f.append(Field("target", .int(r.target)))
        }
        if r.code == .promptMeetsTarget, let p = r.prompt {
            f.append(Field("prompt", .text("\(p.task)@r\(p.revision)")))
            f.append(Field("eval", .object([Field("passed", .int(p.eval.passed)), Field("total", .int(p.eval.total))], flat: nil)))
        }
        f.append(Field("text", .text(r.text)))
        return f
    }

    /// The JSON head and the table's surrounding lines.
    public static func listing(policy: DuePolicy, within span: Span, owner: String?, considered: Int,
                               count: Int) -> Listing<DueRow> {
        let now = policy.now
        let scope = owner.map { " owned by \($0)" } ?? ""
        let empty = considered == 0
            ? "Nothing is due: no active fine-tunes\(scope) are recorded."
            : considered == 1
                ? "Nothing is due within \(span): the one active fine-tune\(scope) is current."
                : "Nothing is due within \(span): all \(considered) active fine-tunes\(scope) are current."
        let summary = "\(count) of \(considered) active fine-tune\(considered == 1 ? "" : "s") due within \(span) (as of \(now))."
        return Listing(columns, key: "due", head: [
            Field("", key: "now", in: .json, .day(now)),
            Field("", key: "within", in: .json, .text(span.description)),
            Field("", key: "horizon_end", in: .json, .day(policy.horizonEnd)),
            Field("", key: "considered", in: .json, .int(considered)),
            Field("", key: "count", in: .json, .int(count)),
        ], empty: empty, footer: ["", summary])
    }
}

/// Writes `tracker due` in any format in bounded memory.
///
/// The scan judges every candidate, keeps the head of the sort order that
/// fits in `budget` bytes, counts every due item per place in the order,
/// and (for a table) measures every row's widths as it meets it. The kept
/// head is sorted and written. When something did not fit, the rest of the
/// order is cut into windows that each fit; each window is read back from
/// `spill` (what the scan did not keep), or, without one, is one more scan
/// that keeps only its items. 100k fine-tunes fit in memory; 1M take one
/// scan and a 60 MiB temporary file, never all of them in memory. `scan`
/// must read the same data each time (one read transaction).
public enum DueReport {
    /// Bytes of due records and their text kept at once.
    public static let budget = 32 << 20

    /// Writes the listing; returns how many fine-tunes were judged and due.
    @discardableResult
    public static func write(as format: OutputFormat, to out: TextOutput, bases: [BaseVersion], policy: DuePolicy,
                             within span: Span, owner: String?, taskFacts: [String: TaskFact] = [:],
                             budget: Int = DueReport.budget, spill: DueSpill? = nil,
                             scan: (inout DueList) throws(Failure) -> Void) throws(Failure) -> (considered: Int, due: Int) {
        let context = DueContext(bases: bases, now: policy.now)
        let writer = ListingWriter(DueListing.columns, key: "due", format: format, to: out)
        var list = DueList(bases: bases, policy: policy, taskFacts: taskFacts)
        list.limit(toBytes: budget)
        if let spill { list.spill(to: spill) }
        if writer.needsMeasuring { list.observe { writer.measure(DueRow($0, context)) } }
        try scan(&list)
        let considered = list.considered, due = list.dueCount
        writer.begin(DueListing.listing(policy: policy, within: span, owner: owner, considered: considered, count: due))
        list.sort()
        for item in list.items { writer.write(DueRow(item, context)) }
        if list.keptBelow != UInt64.max {
            let windows = list.windows(from: list.keptBelow, maxBytes: budget)
            if list.spilledAll {
                for w in windows {
                    try list.load(w)
                    list.sort()
                    for item in list.items { writer.write(DueRow(item, context)) }
                }
            } else {
                list = DueList(bases: [], policy: policy)
                for w in windows {
                    var part = DueList(bases: bases, policy: policy, taskFacts: taskFacts)
                    part.restrict(to: w)
                    try scan(&part)
                    part.sort()
                    for item in part.items { writer.write(DueRow(item, context)) }
                }
            }
        }
        writer.end()
        return (considered, due)
    }
}
