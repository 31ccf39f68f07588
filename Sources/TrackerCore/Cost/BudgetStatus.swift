/// Where a budget stands as of a day.
///
/// - spent: training costs recorded (trained) in the period;
/// - planned: the estimated cost of the retrains already due, dated in the period;
/// - forecast: the further expected retrains in the rest of the period;
/// - remaining: amount - spent - planned - forecast (negative when short);
/// - status: `over` when spent + planned is over the amount, `at-risk`
///   when spent + planned + forecast is, else `ok`.
public struct BudgetStanding: Sendable, Equatable {
    public enum Status: String, Sendable {
        case ok
        case atRisk = "at-risk"
        case over
    }
    public var budget: Budget
    public var spent: Money
    public var planned: Money
    public var forecast: Money
    public var plannedRetrains: Int
    public var forecastRetrains: Int
    public var remaining: Money
    public var status: Status

    /// `spent + planned + forecast`.
    public var expected: Money { Money(minorUnits: budget.amount.minorUnits - remaining.minorUnits, currency: remaining.currency) }
}

/// Why a budget cannot be judged.
public enum BudgetProblem: Error, Sendable, Equatable {
    /// A cost in the budget's scope and period is in another currency.
    case currency(budget: Budget, fineTune: String, found: String)
    /// The sums do not fit in 64-bit minor units.
    case overflow(budget: Budget)

    public var message: String {
        switch self {
        case .currency(let b, let ft, let found):
            return "budget \(b.scope) \(b.period) is in \(b.amount.currency), but \(ft) has costs in \(found); "
                + "currencies are never mixed: record \(ft)'s costs in \(b.amount.currency), or set the budget in \(found) with 'tracker budget set \(b.scope) \(b.period) AMOUNT \(found) --replace'"
        case .overflow(let b):
            return "the costs in budget \(b.scope) \(b.period) are too large to add up"
        }
    }
}

public enum BudgetRules {
    /// Judges `budget` as of `now` from every generation's cost and the
    /// forecast's events (computed through at least the period's end).
    public static func standing(_ budget: Budget, spending: [Spend], events: [RetrainEvent],
                                now: Day) -> Result<BudgetStanding, BudgetProblem> {
        let currency = budget.amount.currency
        var spent: Int64 = 0, planned: Int64 = 0, forecast: Int64 = 0
        var plannedCount = 0, forecastCount = 0
        func add(_ total: inout Int64, _ m: Money, _ who: String) -> BudgetProblem? {
            guard m.currency == currency else { return .currency(budget: budget, fineTune: who, found: m.currency) }
            let (sum, overflow) = total.addingReportingOverflow(m.minorUnits)
            if overflow { return .overflow(budget: budget) }
            total = sum
            return nil
        }
        let period = budget.period
        for s in spending where period.contains(s.trained) && budget.scope.covers(owner: s.owner, task: s.task) {
            if let p = add(&spent, s.cost, s.fineTune) { return .failure(p) }
        }
        for e in events where period.contains(e.day) && e.day >= now && budget.scope.covers(owner: e.owner, task: e.task) {
            if e.planned {
                if let p = add(&planned, e.cost, e.fineTune) { return .failure(p) }
                plannedCount += 1
            } else {
                if let p = add(&forecast, e.cost, e.fineTune) { return .failure(p) }
                forecastCount += 1
            }
        }
        let (committed, o1) = spent.addingReportingOverflow(planned)
        let (expected, o2) = committed.addingReportingOverflow(forecast)
        let (remaining, o3) = budget.amount.minorUnits.subtractingReportingOverflow(expected)
        if o1 || o2 || o3 { return .failure(.overflow(budget: budget)) }
        let status: BudgetStanding.Status = committed > budget.amount.minorUnits ? .over
            : expected > budget.amount.minorUnits ? .atRisk : .ok
        func money(_ v: Int64) -> Money { Money(minorUnits: v, currency: currency) }
        return .success(BudgetStanding(budget: budget, spent: money(spent), planned: money(planned), forecast: money(forecast),
                                       plannedRetrains: plannedCount, forecastRetrains: forecastCount,
                                       remaining: money(remaining), status: status))
    }

    /// A budget alert's stable key: `budget:owner:team-a:2027-Q1:budget-over`
    /// (the scope's name folded, as names compare).
    public static func key(_ b: Budget, reason: String) -> String {
        "budget:\(b.scope.kind):\(b.scope.name.map { NameKey.of($0) } ?? ""):\(b.period):\(reason)"
    }

    /// The last day any of `budgets` needs the forecast through.
    public static func forecastEnd(_ budgets: [Budget], now: Day) -> Day {
        budgets.map(\.period.end).max().map { max($0, now) } ?? now
    }

    /// Alerts for the budgets whose period has not ended: `budget-over`
    /// (critical) or `budget-at-risk` (soon). An `over` budget's
    /// `budget-at-risk` alert waits silently (inhibited) rather than
    /// resolving, as a shutdown hides its shutdown-soon reminders.
    ///
    /// An owner's budget is routed to that owner; a task's budget to the
    /// one owner of the task's active fine-tunes (`taskOwners`), if they
    /// have exactly one; `all` (and a task several owners share) goes to
    /// the channels that take every owner.
    public static func alerts(_ standings: [BudgetStanding], now: Day, taskOwners: [CostSubject] = []) -> AlertSet {
        var set = AlertSet()
        for s in standings where s.budget.period.end >= now && s.status != .ok {
            let b = s.budget
            let label = "\(b.scope) \(b.period)"
            func key(_ reason: String) -> String { BudgetRules.key(b, reason: reason) }
            let over = s.status == .over
            let reason = over ? "budget-over" : "budget-at-risk"
            let short = Money(minorUnits: -s.remaining.minorUnits, currency: s.remaining.currency)
            let text: String
            if over {
                let committed = Money(minorUnits: s.spent.minorUnits + s.planned.minorUnits, currency: s.spent.currency)
                text = "spent \(s.spent) + planned \(s.planned) = \(committed), over the \(b.amount) budget"
                    + " by \(Money(minorUnits: committed.minorUnits - b.amount.minorUnits, currency: b.amount.currency))"
            } else {
                text = "spent \(s.spent) + planned \(s.planned) + forecast \(s.forecast) = \(s.expected), over the \(b.amount) budget by \(short)"
            }
            var owner: String?, task: String?
            switch b.scope {
            case .all: break
            case .owner(let n): owner = n
            case .task(let n):
                task = n
                let owners = Set(taskOwners.filter { b.scope.covers(owner: $0.owner, task: $0.task) }
                    .map { $0.owner.map { NameKey.of($0) } })
                if owners.count == 1, let only = owners.first, only != nil {
                    owner = taskOwners.first { b.scope.covers(owner: $0.owner, task: $0.task) }?.owner
                }
            }
            set.active.append(Alert(key: key(reason), fineTune: "", owner: owner, task: task, generation: 0, reason: reason,
                                    base: "", urgency: over ? .critical : .soon, date: b.period.end,
                                    daysLeft: now.days(until: b.period.end), threshold: nil, text: text, budget: label))
            if over { set.inhibited.insert(key("budget-at-risk")) }
        }
        return set
    }
}
