import TrackerCore
import TrackerStore

/// One row of `tracker forecast`: the expected retrains of one bucket in one currency.
struct ForecastRow: Sendable {
    /// The month (`2027-03`), owner, task or family (`openai/gpt-4o`); nil for no owner or task.
    var bucket: String?
    var currency: String
    var retrains: Int
    var planned: Int
    var cost: Money
    /// Grouped drivers in order of their first retrain: code, text, count.
    var drivers: [(code: String, text: String, count: Int)]
}

/// The total of one currency over the horizon.
struct ForecastTotal: Sendable {
    var retrains: Int
    var planned: Int
    var cost: Money
}

/// `tracker forecast`: the columns, the grouping and why a forecast is empty.
enum ForecastListing {
    static func columns(by: ForecastBucketing) -> [Column<ForecastRow>] {
        [
            Column(by.rawValue.uppercased(), "bucket") { .text($0.bucket) },
            Column("RETRAINS", "retrains") { .int($0.retrains) },
            Column("PLANNED", "planned") { .int($0.planned) },
            Column("COST", "cost", in: .table) { .text($0.cost.description) },
            Column("COST", "cost", in: .json) { .money($0.cost) },
            Column("COST", "cost", in: .csv) { .text($0.cost.plainAmount) },
            Column("CURRENCY", "currency", in: .csv) { .text($0.currency) },
            Column("DRIVERS", "drivers") { row in
                .objects(row.drivers.map { [Field("driver", .text($0.code)), Field("reason", .text($0.text)),
                                            Field("retrains", .int($0.count))] },
                         flat: row.drivers.map { "\($0.count) x \($0.text)" }.joined(separator: "; "))
            },
        ]
    }

    static func listing(by: ForecastBucketing, now: Day, months: Int, until: Day, totals: [ForecastTotal]) -> Listing<ForecastRow> {
        let horizon = "\(months) month\(months == 1 ? "" : "s"), \(now) to \(until.adding(days: -1))"
        return Listing(columns(by: by), key: "forecast", head: [
            Field("now", key: "now", in: .json, .day(now)),
            Field("", key: "months", in: .json, .int(months)),
            Field("", key: "until", in: .json, .day(until)),
            Field("", key: "by", in: .json, .text(by.rawValue)),
            Field("horizon", key: "horizon", in: .table, .text(horizon)),
        ], tail: [
            Field("", key: "total", in: .json, .objects(totals.map { t in
                [Field("currency", .text(t.cost.currency)), Field("retrains", .int(t.retrains)),
                 Field("planned", .int(t.planned)), Field("cost", .money(t.cost))]
            }, flat: nil)),
        ], footer: totals.isEmpty ? [] : [""] + totals.map { t in
            "total: \(t.retrains) retrain\(t.retrains == 1 ? "" : "s") (\(t.planned) planned), \(t.cost)"
        })
    }

    /// The bucket of one retrain.
    static func bucket(_ e: RetrainEvent, by: ForecastBucketing) -> String? {
        switch by {
        case .month:
            let p = e.day.parts
            return String(p.year) + "-" + (p.month < 10 ? "0" : "") + String(p.month)
        case .owner: return e.owner
        case .task: return e.task
        case .family: return e.family.description
        }
    }

    /// One row per bucket and currency. Months sort by date, owners, tasks
    /// and families by name (compared by their key, as `list --owner`
    /// does; the first spelling in name order is shown), the missing owner
    /// or task last; currencies by code within a bucket.
    static func rows(_ events: [RetrainEvent], by: ForecastBucketing) -> [ForecastRow] {
        struct Key: Hashable { var bucket: String?; var currency: String }
        func key(_ e: RetrainEvent) -> Key {
            let b = bucket(e, by: by)
            return Key(bucket: by == .owner || by == .task ? b.map { NameKey.of($0) } : b, currency: e.cost.currency)
        }
        let ordered = events.sorted { a, b in a.day != b.day ? a.day < b.day : a.fineTune < b.fineTune }
        var rows: [Key: ForecastRow] = [:]
        var minor: [Key: Int128] = [:]
        for e in ordered {
            let k = key(e)
            let shown = bucket(e, by: by)
            var row = rows[k] ?? ForecastRow(bucket: shown, currency: e.cost.currency, retrains: 0, planned: 0,
                                             cost: Money(minorUnits: 0, currency: e.cost.currency), drivers: [])
            row.retrains += 1
            if e.planned { row.planned += 1 }
            minor[k, default: 0] += Int128(e.cost.minorUnits)
            let text = e.driver.text
            if let i = row.drivers.firstIndex(where: { $0.text == text }) {
                row.drivers[i].count += 1
            } else {
                row.drivers.append((e.driver.code, text, 1))
            }
            rows[k] = row
        }
        // One spelling per bucket, whatever the currency: the first in name order.
        var spelling: [String: String] = [:]
        for e in events {
            guard let k = key(e).bucket, let shown = bucket(e, by: by) else { continue }
            if let current = spelling[k], current <= shown { continue }
            spelling[k] = shown
        }
        for (k, m) in minor {
            rows[k]?.cost = Money(minorUnits: Int64(clamping: m), currency: k.currency)
            if let b = k.bucket { rows[k]?.bucket = spelling[b] }
        }
        return rows.values.sorted { a, b in
            switch (a.bucket, b.bucket) {
            case (nil, nil): return a.currency < b.currency
            case (nil, _): return false
            case (_, nil): return true
            case let (x?, y?):
                let kx = by == .month || by == .family ? x : NameKey.of(x)
                let ky = by == .month || by == .family ? y : NameKey.of(y)
                return kx != ky ? kx < ky : a.currency < b.currency
            }
        }
    }

    /// The totals per currency, by currency code.
    static func totals(_ events: [RetrainEvent]) -> [ForecastTotal] {
        var byCurrency: [String: (Int, Int, Int128)] = [:]
        for e in events {
            var t = byCurrency[e.cost.currency] ?? (0, 0, 0)
            t.0 += 1
            if e.planned { t.1 += 1 }
            t.2 += Int128(e.cost.minorUnits)
            byCurrency[e.cost.currency] = t
        }
        return byCurrency.keys.sorted().map { c in
            let t = byCurrency[c]!
            return ForecastTotal(retrains: t.0, planned: t.1, cost: Money(minorUnits: Int64(clamping: t.2), currency: c))
        }
    }

    /// The stderr line of an empty forecast: why nothing is expected.
    static func whyEmpty(_ model: ForecastModel, months: Int, until: Day) -> String {
        let subjects = model.subjects
        guard !subjects.isEmpty else {
            return "nothing to forecast: no active fine-tunes; record one with 'tracker add'"
        }
        var never = 0
        var later: [Day] = []
        for s in subjects {
            if let first = model.events(of: s, through: Day.max, limit: 1).first { later.append(first.day) } else { never += 1 }
        }
        let count = subjects.count == 1 ? "the 1 active fine-tune" : "the \(subjects.count) active fine-tunes"
        var parts: [String] = []
        if never > 0 {
            parts.append("\(never) \(never == 1 ? "has" : "have") retrain policy 'never' and a base with no announced shutdown or deprecation, no newer snapshot and no family cadence to expect one from")
        }
        if let first = later.min() {
            parts.append("\(later.count) first \(later.count == 1 ? "retrains" : "retrain") after the horizon (the earliest on \(first)); give a longer --months")
        }
        return "nothing to forecast: no retrain expected for \(count) within \(months) month\(months == 1 ? "" : "s") (\(model.now) to \(until.adding(days: -1))): " + parts.joined(separator: "; ")
    }
}
