import TrackerCore

/// `tracker budget list`: the budgets as set.
enum BudgetListing {
    static let columns: [Column<Budget>] = [
        Column("SCOPE", "scope") { .text($0.scope.description) },
        Column("PERIOD", "period") { .text($0.period.description) },
        Column("AMOUNT", "amount", in: .table) { .text($0.amount.description) },
        Column("AMOUNT", "amount", in: .data) { .money($0.amount, flat: $0.amount.plainAmount) },
        Column("CURRENCY", "currency", in: .csv) { .text($0.amount.currency) },
        Column("CREATED", "created") { .day($0.createdOn) },
    ]

    static let listing = Listing(columns, key: "budgets",
                                 empty: "No budgets. Set one with 'tracker budget set all 2027 5000'.")
}

/// `tracker budget show`: where each budget stands as of today. Tables show
/// money as `1,500.00 USD` (with the number of retrains in brackets for
/// planned and forecast); JSON has money objects and the counts apart.
enum BudgetStandingListing {
    static func money(_ header: String, _ key: String, _ m: @escaping @Sendable (BudgetStanding) -> Money) -> [Column<BudgetStanding>] {
        [Column(header, key, in: .table) { .text(m($0).description) },
         Column(header, key, in: .data) { .money(m($0), flat: m($0).plainAmount) }]
    }

    static func retrains(_ n: Int) -> String { "\(n) retrain\(n == 1 ? "" : "s")" }

    static let columns: [Column<BudgetStanding>] = [
        Column("SCOPE", "scope") { .text($0.budget.scope.description) },
        Column("PERIOD", "period") { .text($0.budget.period.description) },
        Column("START", "start", in: .data) { .day($0.budget.period.start) },
        Column("END", "end", in: .data) { .day($0.budget.period.end) },
    ]
        + money("AMOUNT", "amount") { $0.budget.amount }
        + money("SPENT", "spent") { $0.spent }
        + [Column("PLANNED", "planned", in: .table) { .text("\($0.planned) (\(retrains($0.plannedRetrains)))") },
           Column("PLANNED", "planned", in: .data) { .money($0.planned, flat: $0.planned.plainAmount) },
           Column("PLANNED RETRAINS", "planned_retrains", in: .data) { .int($0.plannedRetrains) },
           Column("FORECAST", "forecast", in: .table) { .text("\($0.forecast) (\(retrains($0.forecastRetrains)))") },
           Column("FORECAST", "forecast", in: .data) { .money($0.forecast, flat: $0.forecast.plainAmount) },
           Column("FORECAST RETRAINS", "forecast_retrains", in: .data) { .int($0.forecastRetrains) }]
        + money("REMAINING", "remaining") { $0.remaining }
        + [Column("CURRENCY", "currency", in: .csv) { .text($0.budget.amount.currency) },
           Column("STATUS", "status") { .text($0.status.rawValue) }]

    static func listing(now: Day) -> Listing<BudgetStanding> {
        Listing(columns, key: "budgets", head: [Field("", key: "now", in: .json, .day(now))],
                empty: "No budgets. Set one with 'tracker budget set all 2027 5000', then see it here.")
    }
}
