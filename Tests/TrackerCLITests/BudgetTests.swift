import Foundation
import Testing
import TrackerTestKit

/// `tracker budget` through the real binary. Every number below is worked
/// out by hand in the comments, not read back from tracker.
@Suite struct BudgetTests {
    /// The standing of `scope period` in `budget show --format json`.
    static func standing(_ sb: Sandbox, _ scope: String, _ period: String,
                         sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let o = try sb.ok("budget", "show", "--format", "json", sourceLocation: sourceLocation).json()
        return try #require(o.objects("budgets").first { $0.string("scope") == scope && $0.string("period") == period },
                            "no budget \(scope) \(period) in \(o)", sourceLocation: sourceLocation)
    }

    /// The exact amount (`"-500.00"`) of a money object field.
    static func amount(_ o: [String: Any], _ key: String) -> String? { o.object(key)?.string("amount") }

    /// The open (or, with `all`, any) budget alerts of `tracker alerts`.
    static func budgetAlerts(_ sb: Sandbox, all: Bool = false) throws -> [[String: Any]] {
        let r = try sb.run(["alerts", "--format", "json"] + (all ? ["--all"] : []))
        #expect(r.status == 0, "\(r)")
        let o = try r.json()
        return o.objects("alerts").filter { !$0.isNull("budget") }
    }

    /// One fine-tune on a base of its own family (one snapshot, no dates:
    /// no cadence, so only the dates given and the policy drive retrains).
    static func addFineTune(_ sb: Sandbox, _ name: String, family: String, trained: String, cost: String,
                            every: String = "never", owner: String = "platform-ml", task: String = "triage") throws {
        try sb.ok("base", "add", "openai/\(family)@2024-01-01", "--released", "2024-01-01")
        try sb.ok("add", name, "--base", "openai/\(family)@2024-01-01", "--trained", trained, "--cost", cost,
                  "--retrain-every", every, "--owner", owner, "--task", task)
    }


    /// At risk only through the forecast: a fine-tune trained 2026-12-01
    /// for $1,500 with a 6-month policy is next due 2027-06-01 (168 days
    /// after 2026-12-15: 16 + 31 + 28 + 31 + 30 + 31 + 1), beyond the 90-day
    /// due horizon (2027-03-15), so it is forecast, not planned; then
    /// 2027-12-01. Two forecast retrains in 2027 at the last cost: $3,000.
    /// Nothing was trained in 2027 (2026-12-01 is in 2026) and nothing is
    /// due: spent 0 + planned 0 = 0 <= 2,500, but + forecast 3,000 > 2,500:
    /// at-risk, remaining 2,500 - 3,000 = -500.00.
    @Test func atRiskThroughTheForecastRaisesAnAlertThatResolves() throws {
        let sb = try Sandbox(now: "2026-12-15")
        try Self.addFineTune(sb, "ft-a", family: "gpt-x", trained: "2026-12-01", cost: "1500", every: "6m")
        let set = try sb.ok("budget", "set", "all", "2027", "$2,500")
        #expect(set.stdout == "set budget all 2027: 2,500.00 USD\n")
        #expect(set.stderr.isEmpty, "\(set)")

        let s = try Self.standing(sb, "all", "2027")
        #expect(Self.amount(s, "amount") == "2500.00")
        #expect(Self.amount(s, "spent") == "0.00")
        #expect(Self.amount(s, "planned") == "0.00")
        #expect(s.int("planned_retrains") == 0)
        #expect(Self.amount(s, "forecast") == "3000.00")
        #expect(s.int("forecast_retrains") == 2)
        #expect(Self.amount(s, "remaining") == "-500.00")
        #expect(s.object("remaining")?.int("minor_units") == -50000)
        #expect(s.object("remaining")?.string("currency") == "USD")
        #expect(s.string("status") == "at-risk")
        #expect(s.string("start") == "2027-01-01" && s.string("end") == "2027-12-31")

        // The table shows money for people, with the retrain counts.
        let table = try sb.ok("budget", "show")
        #expect(table.tableRows.first == ["SCOPE", "PERIOD", "AMOUNT", "SPENT", "PLANNED", "FORECAST", "REMAINING", "STATUS"])
        #expect(table.tableRows.dropFirst().first == ["all", "2027", "2,500.00 USD", "0.00 USD", "0.00 USD (0 retrains)",
                                                      "3,000.00 USD (2 retrains)", "-500.00 USD", "at-risk"], "\(table)")
        let csv = try sb.ok("budget", "show", "--format", "csv")
        #expect(csv.lines == ["scope,period,start,end,amount,spent,planned,planned_retrains,forecast,forecast_retrains,remaining,currency,status",
                              "all,2027,2027-01-01,2027-12-31,2500.00,0.00,0.00,0,3000.00,2,-500.00,USD,at-risk"], "\(csv)")

        // The alert: budget-at-risk on `all 2027`, no fine-tune.
        var alerts = try Self.budgetAlerts(sb)
        try #require(alerts.count == 1, "\(alerts)")
        #expect(alerts[0].string("reason") == "budget-at-risk")
        #expect(alerts[0].string("budget") == "all 2027")
        #expect(alerts[0].isNull("fine_tune") && alerts[0].isNull("generation") && alerts[0].isNull("base"))
        #expect(alerts[0].string("date") == "2027-12-31")
        #expect(alerts[0].string("urgency") == "soon")
        #expect(alerts[0].string("text") == "spent 0.00 USD + planned 0.00 USD + forecast 3,000.00 USD = 3,000.00 USD, over the 2,500.00 USD budget by 500.00 USD")
        // `notify` (no channels yet) records the alert, so its resolution can show.
        // No channel takes the open alert: it is recorded, said on stderr, exit 78.
        let unrouted = try sb.run("notify")
        #expect(unrouted.status == 78 && unrouted.stderr.contains("1 open alert reached no channel (no channel is configured)"), "\(unrouted)")

        // Raising the budget to exactly the expected 3,000 makes it ok (not over: 3,000 <= 3,000).
        let replaced = try sb.ok("budget", "set", "all", "2027", "3000", "--replace")
        #expect(replaced.stdout == "replaced budget all 2027: 3,000.00 USD (was 2,500.00 USD)\n")
        let ok = try Self.standing(sb, "all", "2027")
        #expect(ok.string("status") == "ok" && Self.amount(ok, "remaining") == "0.00")
        #expect(try Self.budgetAlerts(sb).isEmpty)
        alerts = try Self.budgetAlerts(sb, all: true)
        #expect(alerts.count == 1 && alerts.first?.string("state") == "resolved", "\(alerts)")
        #expect(alerts.first?.string("resolved") == "2026-12-15")
    }

    /// The same at-risk budget resolves when the fine-tune is retired: a
    /// retired fine-tune has no forecast (forecast 0, remaining 2,500.00).
    @Test func retiringTheFineTuneResolvesTheBudgetAlert() throws {
        let sb = try Sandbox(now: "2026-12-15")
        try Self.addFineTune(sb, "ft-a", family: "gpt-x", trained: "2026-12-01", cost: "1500", every: "6m")
        try sb.ok("budget", "set", "all", "2027", "2500")
        #expect(try Self.budgetAlerts(sb).first?.string("reason") == "budget-at-risk")
        // No channel takes the open alert: it is recorded, said on stderr, exit 78.
        let unrouted = try sb.run("notify")
        #expect(unrouted.status == 78 && unrouted.stderr.contains("1 open alert reached no channel (no channel is configured)"), "\(unrouted)")
        try sb.ok("retire", "ft-a")
        let s = try Self.standing(sb, "all", "2027")
        #expect(Self.amount(s, "forecast") == "0.00" && s.int("forecast_retrains") == 0)
        #expect(Self.amount(s, "remaining") == "2500.00" && s.string("status") == "ok")
        let all = try Self.budgetAlerts(sb, all: true)
        #expect(all.count == 1 && all.first?.string("state") == "resolved", "\(all)")
    }

    /// Quarters, months and the year boundary, as of 2027-02-15, with no
    /// retrains expected (policy never, bases without dates):
    /// - ft-old trained 2026-12-31 for $700 (team-a) counts in 2026-Q4 only;
    /// - ft-new trained 2027-01-01 for $300 (team-a) in 2027, 2027-Q1, 2027-01;
    /// - ft-feb trained 2027-02-10 for $250 (team-b) in 2027, 2027-Q1, 2027-02.
    @Test func quartersMonthsAndTheYearBoundary() throws {
        let sb = try Sandbox(now: "2027-02-15")
        try Self.addFineTune(sb, "ft-old", family: "gpt-o", trained: "2026-12-31", cost: "700", owner: "team-a")
        try Self.addFineTune(sb, "ft-new", family: "gpt-n", trained: "2027-01-01", cost: "300", owner: "team-a")
        try Self.addFineTune(sb, "ft-feb", family: "gpt-f", trained: "2027-02-10", cost: "250", owner: "team-b")
        try sb.ok("budget", "set", "all", "2027-Q1", "1000")      // 300 + 250 = 550, remaining 450
        try sb.ok("budget", "set", "all", "2026-Q4", "500")       // 700 > 500: over by 200 (period ended: no alert)
        try sb.ok("budget", "set", "all", "2027-01", "300")       // 300, remaining 0.00: ok
        try sb.ok("budget", "set", "all", "2027-02", "200")       // 250 > 200: over, remaining -50.00
        try sb.ok("budget", "set", "owner:Team-A", "2027", "1000") // only ft-new: 300, remaining 700

        let q1 = try Self.standing(sb, "all", "2027-Q1")
        #expect(Self.amount(q1, "spent") == "550.00" && Self.amount(q1, "remaining") == "450.00" && q1.string("status") == "ok")
        #expect(q1.string("start") == "2027-01-01" && q1.string("end") == "2027-03-31")
        let q4 = try Self.standing(sb, "all", "2026-Q4")
        #expect(Self.amount(q4, "spent") == "700.00" && Self.amount(q4, "remaining") == "-200.00" && q4.string("status") == "over")
        let jan = try Self.standing(sb, "all", "2027-01")
        #expect(Self.amount(jan, "spent") == "300.00" && Self.amount(jan, "remaining") == "0.00" && jan.string("status") == "ok")
        #expect(jan.string("end") == "2027-01-31")
        let feb = try Self.standing(sb, "all", "2027-02")
        #expect(Self.amount(feb, "spent") == "250.00" && Self.amount(feb, "remaining") == "-50.00" && feb.string("status") == "over")
        #expect(feb.string("end") == "2027-02-28")
        let teamA = try Self.standing(sb, "owner:Team-A", "2027")
        #expect(Self.amount(teamA, "spent") == "300.00" && Self.amount(teamA, "remaining") == "700.00")

        // Only the budgets of exactly that period.
        let only = try sb.ok("budget", "show", "2027-Q1", "--format", "json").json()
        #expect(only.objects("budgets").map { $0.string("period") } == ["2027-Q1"])
        let none = try sb.ok("budget", "show", "2028")
        #expect(none.stdout == "No budget for 2028. 'tracker budget list' shows the periods that have one.\n")

        // One alert: the February budget is over; the ended 2026-Q4 raises none.
        let alerts = try Self.budgetAlerts(sb)
        #expect(alerts.map { $0.string("budget") } == ["all 2027-02"], "\(alerts)")
        #expect(alerts.first?.string("reason") == "budget-over")
        #expect(alerts.first?.string("urgency") == "critical")
        #expect(alerts.first?.string("text") == "spent 250.00 USD + planned 0.00 USD = 250.00 USD, over the 200.00 USD budget by 50.00 USD")

        // The list, by period (start day, then the shorter first), then scope.
        let list = try sb.ok("budget", "list", "--format", "json").json().objects("budgets")
        #expect(list.map { "\($0.string("scope") ?? "") \($0.string("period") ?? "")" }
                == ["all 2026-Q4", "all 2027-01", "all 2027-Q1", "owner:Team-A 2027", "all 2027-02"], "\(list)")
        #expect(list.allSatisfy { $0.string("created") == "2027-02-15" && $0.object("amount")?.string("currency") == "USD" })
    }

    /// Over: spent + planned above the amount. As of 2027-02-01, ft-t was
    /// trained 2027-01-10 for $1,000 (spent); ft-s's base shuts down
    /// 2027-03-15, 42 days away, inside the 90-day due horizon, so its
    /// retrain at the last cost, $800, is planned. Q1 at $1,500: 1,000 +
    /// 800 = 1,800 > 1,500: over by 300, remaining -300.00.
    @Test func overWhenSpentPlusPlannedExceedsTheAmount() throws {
        let sb = try Sandbox(now: "2027-02-01")
        try sb.ok("base", "add", "openai/gpt-s@2024-01-01", "--released", "2024-01-01", "--shutdown", "2027-03-15")
        try sb.ok("add", "ft-s", "--base", "openai/gpt-s@2024-01-01", "--trained", "2026-06-01", "--cost", "800",
                  "--retrain-every", "never", "--owner", "platform-ml")
        try Self.addFineTune(sb, "ft-t", family: "gpt-t", trained: "2027-01-10", cost: "1000")
        try sb.ok("budget", "set", "all", "2027-Q1", "1500")
        let s = try Self.standing(sb, "all", "2027-Q1")
        #expect(Self.amount(s, "spent") == "1000.00")
        #expect(Self.amount(s, "planned") == "800.00" && s.int("planned_retrains") == 1)
        #expect(Self.amount(s, "forecast") == "0.00" && s.int("forecast_retrains") == 0)
        #expect(Self.amount(s, "remaining") == "-300.00")
        #expect(s.string("status") == "over")
        let alerts = try Self.budgetAlerts(sb)
        #expect(alerts.map { $0.string("reason") } == ["budget-over"], "\(alerts)")
        #expect(alerts.first?.string("text") == "spent 1,000.00 USD + planned 800.00 USD = 1,800.00 USD, over the 1,500.00 USD budget by 300.00 USD")
        let table = try sb.ok("budget", "show", "2027-Q1")
        #expect(table.tableRows.dropFirst().first == ["all", "2027-Q1", "1,500.00 USD", "1,000.00 USD", "800.00 USD (1 retrain)",
                                                      "0.00 USD (0 retrains)", "-300.00 USD", "over"], "\(table)")
    }

    /// Currencies are never mixed: a budget in EUR over USD costs, and a
    /// EUR cost under a USD budget (add, retrain), are refused, naming both.
    @Test func currencyRefusalsNameBothCurrencies() throws {
        let sb = try Sandbox(now: "2027-02-01")
        try Self.addFineTune(sb, "ft-a", family: "gpt-a", trained: "2027-01-10", cost: "1000", owner: "platform-ml")
        var before = try sb.snapshot()
        for args in [["budget", "set", "all", "2027", "5000", "EUR"], ["budget", "set", "owner:PLATFORM-ML", "2027", "€5000"]] {
            let r = try sb.run(args)
            expectFailure(r, 65, "EUR", "USD", "ft-a", "currencies are never mixed")
            #expect(try sb.snapshot() == before, "\(args) changed the database")
        }
        // Another owner's budget may be in EUR.
        try sb.ok("budget", "set", "owner:legal-ai", "2027", "5000 EUR")
        try sb.ok("budget", "set", "all", "2027", "5000")
        before = try sb.snapshot()
        let add = try sb.run("add", "ft-b", "--base", "openai/gpt-a@2024-01-01", "--trained", "2027-01-20", "--cost", "100 EUR")
        expectFailure(add, 65, "EUR", "USD", "budget all 2027", "ft-b")
        let retrain = try sb.run("retrain", "ft-a", "--base", "openai/gpt-a@2024-01-01", "--trained", "2027-01-20", "--cost", "100 EUR")
        expectFailure(retrain, 65, "EUR", "USD", "budget all 2027", "ft-a")
        #expect(try sb.snapshot() == before, "a refused add or retrain changed the database")
        // A USD cost goes in.
        try sb.ok("retrain", "ft-a", "--base", "openai/gpt-a@2024-01-01", "--trained", "2027-01-20", "--cost", "100")
    }

    /// An explicit retrain cost counts too: with USD training costs and a
    /// EUR `--retrain-cost`, no budget covering the fine-tune can be set.
    @Test func aRetrainCostInAnotherCurrencyIsRefused() throws {
        let sb = try Sandbox(now: "2027-02-01")
        try Self.addFineTune(sb, "ft-a", family: "gpt-a", trained: "2027-01-10", cost: "1000", task: "invoices")
        try sb.ok("set", "ft-a", "--retrain-cost", "900 EUR")
        let before = try sb.snapshot()
        expectFailure(try sb.run("budget", "set", "task:invoices", "2027", "5000"), 65,
                      "would be in USD", "the retrain cost of 'ft-a' is in EUR")
        expectFailure(try sb.run("budget", "set", "task:invoices", "2027", "5000", "EUR"), 65,
                      "would be in EUR", "the training costs of 'ft-a' are in USD")
        #expect(try sb.snapshot() == before)
        // Another task's budget is not concerned; the currency may follow the amount as its own word.
        let other = try sb.ok("budget", "set", "task:summaries", "2027", "5000", "EUR")
        #expect(other.stdout == "set budget task:summaries 2027: 5,000.00 EUR\n")
        #expect(other.errorLines == ["warning: no fine-tune has task 'summaries' (known tasks: invoices); the budget is set, but covers nothing until one does"])
    }

    /// Every bad input: its exit code, one `error:` line, and the database unchanged.
    @Test func badInputChangesNothing() throws {
        let sb = try Sandbox(now: "2027-02-01")
        try Self.addFineTune(sb, "ft-a", family: "gpt-a", trained: "2027-01-10", cost: "1000")
        try sb.ok("budget", "set", "owner:platform-ml", "2027-Q1", "4000")
        let before = try sb.snapshot()
        let forms = "a year (2027), a quarter (2027-Q1) or a month (2027-03)"
        let cases: [([String], Int32, [String])] = [
            (["budget", "set", "all", "2027-13", "100"], 64, ["period '2027-13'", forms]),
            (["budget", "set", "all", "2027-Q5", "100"], 64, [forms]),
            (["budget", "set", "all", "27", "100"], 64, [forms]),
            (["budget", "set", "everyone", "2027", "100"], 64, ["scope 'everyone'", "all, owner:NAME or task:NAME"]),
            (["budget", "set", "owner:", "2027", "100"], 64, ["no owner name", "all, owner:NAME or task:NAME"]),
            (["budget", "set", "all", "2027", "lots"], 64, ["amount"]),
            (["budget", "set", "all", "2027", " -5"], 64, ["negative"]),
            (["budget", "set", "all", "2027", "5000 XYZ"], 64, ["XYZ", "ISO 4217"]),
            (["budget", "set", "all", "2027", "10.005"], 64, ["decimals"]),
            (["budget", "set", "owner:Platform-ML", "2027-Q1", "5000"], 65, ["already set to 4,000.00 USD", "--replace"]),
            (["budget", "set", "owner:platform-ml", "2027-Q1", "5000 EUR", "--replace"], 65, ["EUR", "USD"]),
            (["budget", "remove", "all", "2027"], 65, ["no budget for all 2027", "tracker budget list"]),
            (["budget", "remove", "all", "2027-00"], 64, [forms]),
            (["budget", "show", "2027-5"], 64, [forms]),
            (["budget", "show", "--format", "yaml"], 64, []),
            (["budget", "set", "all", "2037-03", "100"], 64, ["more than 10 years after today (2027-02-01)"]),
            (["budget", "set", "all", "9999", "100"], 64, ["more than 10 years"]),
        ]
        for (args, code, fragments) in cases {
            let r = try sb.run(args)
            #expect(r.status == code, "\(args): \(r)")
            #expect(r.stdout.isEmpty && r.errorLines.count == 1 && r.stderr.hasPrefix("error: "), "\(args): \(r)")
            for f in fragments { #expect(r.stderr.contains(f), "\(args): expected \"\(f)\" in \(r.stderr)") }
            #expect(try sb.snapshot() == before, "\(args) changed the database")
        }
    }

    /// A budget that cannot be judged (a cost in another currency, which
    /// only an import or another tool can bring) makes `budget show` fail
    /// with one line and print nothing.
    @Test func showRefusesABudgetItCannotJudge() throws {
        let sb = try Sandbox(now: "2027-02-01")
        try Self.addFineTune(sb, "ft-a", family: "gpt-a", trained: "2027-01-10", cost: "1000")
        try sb.ok("budget", "set", "all", "2027", "5000")
        try sb.ok("budget", "set", "all", "2028", "0")
        guard try sb.sql("UPDATE budget SET currency = 'EUR' WHERE period = '2027'") != nil else { return }
        let r = try sb.run("budget", "show")
        expectFailure(r, 65, "budget all 2027 is in EUR", "ft-a has costs in USD")
        let json = try sb.run("budget", "show", "--format", "json")
        expectFailure(json, 65, "EUR", "USD")
        // Another period's budgets are still shown.
        #expect(try sb.ok("budget", "show", "2028", "--format", "json").json().objects("budgets").count == 1)
    }

    @Test func noBudgetsListsAndRemove() throws {
        let sb = try Sandbox(now: "2027-02-01")
        try Self.addFineTune(sb, "ft-a", family: "gpt-a", trained: "2027-01-10", cost: "1000")
        #expect(try sb.ok("budget", "show").stdout == "No budgets. Set one with 'tracker budget set all 2027 5000', then see it here.\n")
        let json = try sb.ok("budget", "show", "--format", "json").json()
        #expect(json.string("now") == "2027-02-01")
        #expect((json["budgets"] as? [Any])?.isEmpty == true)
        #expect(try sb.ok("budget", "list").stdout == "No budgets. Set one with 'tracker budget set all 2027 5000'.\n")
        #expect((try sb.ok("budget", "list", "--format", "json").json()["budgets"] as? [Any])?.isEmpty == true)

        try sb.ok("budget", "set", "task:triage", "2027-03", "1,200.50")
        let list = try sb.ok("budget", "list")
        #expect(list.tableRows == [["SCOPE", "PERIOD", "AMOUNT", "CREATED"], ["task:triage", "2027-03", "1,200.50 USD", "2027-02-01"]])
        let csv = try sb.ok("budget", "list", "--format", "csv")
        #expect(csv.lines == ["scope,period,amount,currency,created", "task:triage,2027-03,1200.50,USD,2027-02-01"])
        let entry = try #require(try sb.ok("budget", "list", "--format", "json").json().objects("budgets").first)
        #expect(entry.object("amount")?.string("amount") == "1200.50" && entry.object("amount")?.int("minor_units") == 120050)

        let removed = try sb.ok("budget", "remove", "TASK:Triage", "2027-03")
        #expect(removed.stdout == "removed budget task:triage 2027-03 (1,200.50 USD)\n")
        #expect((try sb.ok("budget", "list", "--format", "json").json()["budgets"] as? [Any])?.isEmpty == true)
        expectFailure(try sb.run("budget", "remove", "task:triage", "2027-03"), 65, "tracker budget list")
    }

    /// An owner or task no fine-tune has is accepted with a warning naming
    /// the known ones (a typo would route nothing).
    @Test func unknownOwnerWarns() throws {
        let sb = try Sandbox(now: "2027-02-01")
        try Self.addFineTune(sb, "ft-a", family: "gpt-a", trained: "2027-01-10", cost: "1000", owner: "platform-ml")
        try Self.addFineTune(sb, "ft-b", family: "gpt-b", trained: "2027-01-10", cost: "1000", owner: "legal-ai")
        let r = try sb.ok("budget", "set", "owner:platfrom-ml", "2027", "5000")
        #expect(r.stdout == "set budget owner:platfrom-ml 2027: 5,000.00 USD\n")
        #expect(r.errorLines == ["warning: no fine-tune has owner 'platfrom-ml' (known owners: legal-ai, platform-ml); the budget is set, but covers nothing until one does"])
        let known = try sb.ok("budget", "set", "owner:Platform-ML", "2027", "5000")
        #expect(known.stderr.isEmpty, "\(known)")
    }
}
