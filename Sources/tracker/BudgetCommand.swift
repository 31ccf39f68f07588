import ArgumentParser
import TrackerCore
import TrackerStore

/// `tracker budget ...`: retraining spend against an amount per scope and period.
struct BudgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "budget",
        abstract: "Set budgets for retraining and see spent, planned and forecast cost against them.",
        subcommands: [BudgetSet.self, BudgetList.self, BudgetShow.self, BudgetRemove.self]
    )
}

/// `all`, `owner:NAME` or `task:NAME`, refused with exit 64 naming the forms.
func parseBudgetScope(_ text: String) throws(Failure) -> BudgetScope {
    switch BudgetScope.parse(text) {
    case .success(let s): return s
    case .failure(let e): throw e.failure
    }
}

/// `2027`, `2027-Q1` or `2027-03`, refused with exit 64 naming the forms.
func parseBudgetPeriod(_ text: String) throws(Failure) -> BudgetPeriod {
    guard let p = BudgetPeriod.parse(text) else {
        throw Failure.usage("period '\(text)' is not a budget period; use \(BudgetPeriod.formsHint)")
    }
    return p
}

extension BudgetCommand {
    /// `tracker budget set SCOPE PERIOD AMOUNT`.
    struct BudgetSet: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Set the retraining budget of a scope for a period.",
            discussion: """
                SCOPE is all, owner:NAME or task:NAME; PERIOD a year (2027), a quarter (2027-Q1) or a \
                month (2027-03); AMOUNT money such as 5000, $5,000, 5000 EUR or '5000 EUR' (USD when no currency is \
                given). A budget's currency must be the one of every cost it covers. An existing budget \
                for the same scope and period is changed only with --replace.
                """
        )

        @Argument(help: ArgumentHelp("all, owner:NAME or task:NAME.", valueName: "scope"))
        var scope: String

        @Argument(help: ArgumentHelp("2027, 2027-Q1 or 2027-03.", valueName: "period"))
        var period: String

        @Argument(help: ArgumentHelp("The amount: 5000, $5,000, 5000 EUR.", valueName: "amount"))
        var amount: String

        @Argument(help: ArgumentHelp("The currency, when not in AMOUNT: 5000 EUR.", valueName: "currency"))
        var currency: String?

        @Flag(help: "Change the amount of an existing budget for this scope and period.")
        var replace = false

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            let scope = try parseBudgetScope(self.scope)
            let period = try parseBudgetPeriod(self.period)
            let amount = try parseMoney(currency.map { "\(self.amount) \($0)" } ?? self.amount, field: "amount")
            // Budgets plan the years ahead: one far off would make every notify forecast that far.
            let limit = today.adding(months: 12 * BudgetSet.yearsAhead)
            guard period.start <= limit else {
                throw Failure.usage("period \(period) starts more than \(BudgetSet.yearsAhead) years after today (\(today)); budget the years ahead")
            }
            let store = try database.openForWriting(today: today)
            let (message, warning) = try store.write { () throws(Failure) -> (String, String?) in
                let spending = try store.spending()
                for s in spending where scope.covers(owner: s.owner, task: s.task) && s.cost.currency != amount.currency {
                    throw Failure.data("budget \(scope) \(period) would be in \(amount.currency), but the training costs of '\(s.fineTune)' are in \(s.cost.currency); currencies are never mixed: give the amount in \(s.cost.currency)")
                }
                for c in try store.costSubjects() where scope.covers(owner: c.owner, task: c.task) {
                    if let rc = c.retrainCost, rc.currency != amount.currency {
                        throw Failure.data("budget \(scope) \(period) would be in \(amount.currency), but the retrain cost of '\(c.name)' is in \(rc.currency); currencies are never mixed: give the amount in \(rc.currency)")
                    }
                }
                var warning: String?
                if scope != .all, !spending.contains(where: { scope.covers(owner: $0.owner, task: $0.task) }) {
                    warning = Self.unknownNameWarning(scope, spending)
                }
                if let old = try store.budget(scope: scope, period: period) {
                    guard replace else {
                        throw Failure.data("budget \(old.scope) \(old.period) is already set to \(old.amount); give --replace to change it to \(amount)")
                    }
                    try store.setBudgetAmount(id: old.id, amount)
                    return ("replaced budget \(old.scope) \(old.period): \(amount) (was \(old.amount))", warning)
                }
                _ = try store.insertBudget(scope: scope, period: period, amount: amount, today: today)
                return ("set budget \(scope) \(period): \(amount)", warning)
            }
            if let warning { Console.warning(warning) }
            Console.stdout.line(message)
        }

        /// How far ahead a budget may start.
        static let yearsAhead = 10

        /// A scope naming an owner or task no fine-tune has: most likely a typo.
        static func unknownNameWarning(_ scope: BudgetScope, _ spending: [Spend]) -> String {
            let kind = scope.kind
            var known: [String] = []
            for s in spending {
                guard let n = kind == "owner" ? s.owner : s.task else { continue }
                if !known.contains(where: { NameKey.same($0, n) }) { known.append(n) }
            }
            known.sort()
            let list = known.isEmpty ? "no fine-tune has \(kind == "owner" ? "an owner" : "a task") yet"
                : "known \(kind)s: " + known.prefix(20).joined(separator: ", ") + (known.count > 20 ? ", ..." : "")
            return "no fine-tune has \(kind) '\(scope.name ?? "")' (\(list)); the budget is set, but covers nothing until one does"
        }
    }

    /// `tracker budget remove SCOPE PERIOD`.
    struct BudgetRemove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove the budget of a scope for a period."
        )

        @Argument(help: ArgumentHelp("all, owner:NAME or task:NAME.", valueName: "scope"))
        var scope: String

        @Argument(help: ArgumentHelp("2027, 2027-Q1 or 2027-03.", valueName: "period"))
        var period: String

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            let scope = try parseBudgetScope(self.scope)
            let period = try parseBudgetPeriod(self.period)
            let store = try database.openForWriting(today: today)
            let message = try store.write { () throws(Failure) -> String in
                guard let b = try store.budget(scope: scope, period: period) else {
                    throw Failure.data("no budget for \(scope) \(period); see 'tracker budget list'")
                }
                try store.removeBudget(id: b.id)
                return "removed budget \(b.scope) \(b.period) (\(b.amount))"
            }
            Console.stdout.line(message)
        }
    }
}
