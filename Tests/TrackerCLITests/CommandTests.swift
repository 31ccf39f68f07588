import Foundation
import Testing
import TrackerTestKit

/// `tracker add|retrain|retire|list|show|migrate` through the built binary.
@Suite struct CommandTests {
    // MARK: add

    @Test func addByModelIDRecordsEveryFact() throws {
        let sb = try Sandbox()
        try sb.addGPT4oBases()
        let sha = String(repeating: "AB", count: 32)
        let r = try sb.ok("add", "support-triage", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01",
                          "--cost", "1,200.50", "--model-id", "ft:gpt-4o-2024-08-06:acme::abc123",
                          "--examples", "1,500", "--tokens", "2_000_000", "--dataset", "s3://acme/triage.jsonl",
                          "--dataset-sha256", sha, "--eval", "46/50", "--task", "triage", "--owner", "ml-team",
                          "--retrain-every", "6m")
        #expect(r.stdout == "added support-triage: generation 1 on openai/gpt-4o@2024-08-06, trained 2024-09-01, cost 1,200.50 USD\n")
        // The task did not exist: it is created with the default target, and said so.
        #expect(r.stderr == "notice: created task 'triage' with the default 80% target; change it with 'tracker task set triage --target N%'\n")

        let j = try sb.showJSON("support-triage")
        #expect(j.string("name") == "support-triage")
        #expect(j.string("owner") == "ml-team")
        #expect(j.string("task") == "triage")
        #expect(j.string("retrain_every") == "6m")
        #expect(j.string("status") == "active")
        #expect(j.isNull("retired"))
        let g = try #require(j.objects("generations").first)
        #expect(g.int("generation") == 1)
        #expect(g.string("base") == "openai/gpt-4o@2024-08-06")
        #expect(g.string("base_model_id") == "gpt-4o-2024-08-06")
        #expect(g.string("model_id") == "ft:gpt-4o-2024-08-06:acme::abc123")
        #expect(g.string("trained") == "2024-09-01")
        #expect(g.object("cost")?.int("minor_units") == 120050)
        #expect(g.object("cost")?.string("amount") == "1200.50")
        #expect(g.object("cost")?.string("currency") == "USD")
        #expect(g.int("examples") == 1500)
        #expect(g.int("tokens") == 2_000_000)
        #expect(g.string("dataset") == "s3://acme/triage.jsonl")
        #expect(g.string("dataset_sha256") == sha.lowercased())
        #expect(g.object("eval")?.int("passed") == 46)
        #expect(g.object("eval")?.int("total") == 50)
        #expect(g.string("recorded") == "2025-01-15")

        let table = try sb.ok("show", "support-triage")
        let row = try #require(table.tableRows.first { $0.first == "1*" })
        #expect(row.contains("46/50 (92%, 95% CI 81-97%)"))
        #expect(row.contains("1,200.50 USD"))
        #expect(row.contains("s3://acme/triage.jsonl sha256:abababababab"))

        let list = try sb.ok("list")
        #expect(list.tableRows == [
            ["NAME", "OWNER", "TASK", "GEN", "BASE", "TRAINED", "RETRAIN", "STATUS"],
            ["support-triage", "ml-team", "triage", "1", "openai/gpt-4o@2024-08-06", "2024-09-01", "6m", "active"],
        ])
    }

    @Test func unknownBaseListsClosestKnownVersions() throws {
        let sb = try Sandbox()
        try sb.addGPT4oBases()
        let before = try sb.snapshot()
        let r = try sb.run("add", "x", "--base", "gpt-4o-2024-08-07", "--trained", "2024-09-01", "--cost", "1")
        expectFailure(r, 65, "--base 'gpt-4o-2024-08-07' is not a known base version",
                      "closest known: openai/gpt-4o@2024-08-06")
        let ref = try sb.run("add", "x", "--base", "openai/gpt-4o@2024-08-07", "--trained", "2024-09-01", "--cost", "1")
        expectFailure(ref, 65, "openai/gpt-4o@2024-08-06", "--create-base")
        #expect(try sb.snapshot() == before)
        #expect(try sb.listedNames("--all").isEmpty)
    }

    @Test func createBaseRecordsTheBase() throws {
        let sb = try Sandbox()
        let r = try sb.run("add", "new-ft", "--base", "Mistral/ministral-8b@2410", "--create-base",
                           "--trained", "2024-11-01", "--cost", "300")
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout == "added new-ft: generation 1 on mistral/ministral-8b@2410, trained 2024-11-01, cost 300.00 USD\n")
        #expect(r.errorLines.count == 1)
        #expect(r.stderr.hasPrefix("warning: recorded new base mistral/ministral-8b@2410"))
        let bases = try sb.run("base", "list", "--format", "json").json().objects("bases")
        #expect(bases.map { $0.string("ref") ?? "?" } == ["mistral/ministral-8b@2410"])
        #expect(bases.first?.string("model_id") == "ministral-8b-2410")
        // Known already: --create-base is harmless and records nothing new.
        let again = try sb.run("add", "new-ft-2", "--base", "mistral/ministral-8b@2410", "--create-base",
                               "--trained", "2024-11-02", "--cost", "300")
        #expect(again.status == 0 && again.stderr.isEmpty, "\(again)")
        #expect(try sb.run("base", "list", "--format", "json").json().objects("bases").count == 1)
        // --create-base cannot invent a ref from a bare model id.
        expectFailure(try sb.run("add", "x", "--base", "mystery-model", "--create-base", "--trained", "2024-11-01",
                                 "--cost", "1"), 64, "PROVIDER/FAMILY@VERSION")
    }

    @Test func fewExamplesWarnButRecord() throws {
        let sb = try Sandbox()
        try sb.addGPT4oBases()
        let r = try sb.run("add", "tiny", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "5",
                           "--examples", "99")
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.hasPrefix("added tiny: generation 1"))
        #expect(r.errorLines.count == 1)
        #expect(r.stderr.hasPrefix("warning: 99 training examples is below 100"))
        #expect(try sb.showJSON("tiny").objects("generations").first?.int("examples") == 99)

        let enough = try sb.run("add", "enough", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01",
                                "--cost", "5", "--examples", "100")
        #expect(enough.status == 0 && enough.stderr.isEmpty, "\(enough)")

        let retrain = try sb.run("retrain", "tiny", "--base", "gpt-4o-2024-11-20", "--trained", "2024-12-01",
                                 "--cost", "5", "--examples", "10")
        #expect(retrain.status == 0, "\(retrain)")
        #expect(retrain.stderr.hasPrefix("warning: 10 training examples is below 100"))
    }

    @Test func duplicateNamesAreRefusedWhateverTheCase() throws {
        let sb = try Sandbox()
        try sb.addGPT4oBases()
        try sb.ok("add", "Support-Bot", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "5")
        let before = try sb.snapshot()
        for name in ["Support-Bot", "support-bot", "SUPPORT-BOT", "  support-bot  "] {
            let r = try sb.run("add", name, "--base", "gpt-4o-2024-11-20", "--trained", "2024-12-01", "--cost", "5")
            expectFailure(r, 65, "'Support-Bot' already exists", "tracker retrain")
        }
        #expect(try sb.snapshot() == before)
        // Lookups ignore case and surrounding spaces, and answer with the stored name.
        #expect(try sb.showJSON(" support-bot ").string("name") == "Support-Bot")
    }

    struct MoneyCase: Sendable, CustomTestStringConvertible {
        var text: String
        var minor: Int
        var currency: String
        var amount: String
        init(_ text: String, _ minor: Int, _ currency: String, _ amount: String) {
            (self.text, self.minor, self.currency, self.amount) = (text, minor, currency, amount)
        }
        var testDescription: String { "--cost '\(text)'" }
    }

    @Test(arguments: [
        MoneyCase("1200", 120_000, "USD", "1200.00"),
        MoneyCase("1,200.50", 120_050, "USD", "1200.50"),
        MoneyCase("$1200", 120_000, "USD", "1200.00"),
        MoneyCase("1200 USD", 120_000, "USD", "1200.00"),
        MoneyCase("USD 1200", 120_000, "USD", "1200.00"),
        MoneyCase("1200 usd", 120_000, "USD", "1200.00"),
        MoneyCase("$1,234,567.89", 123_456_789, "USD", "1234567.89"),
        MoneyCase("0.05", 5, "USD", "0.05"),
        MoneyCase("99.9", 9_990, "USD", "99.90"),
        MoneyCase("1200 EUR", 120_000, "EUR", "1200.00"),
        MoneyCase("€12.5", 1_250, "EUR", "12.50"),
        MoneyCase("¥1200", 1_200, "JPY", "1200"),
    ])
    func moneyIsStoredExactly(_ c: MoneyCase) throws {
        let sb = try Sandbox()
        try sb.ok("base", "add", "openai/gpt-4o@2024-08-06")
        let r = try sb.run("add", "m", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", c.text)
        #expect(r.status == 0, "\(r)")
        let cost = try #require(try sb.showJSON("m").objects("generations").first?.object("cost"))
        #expect(cost.int("minor_units") == c.minor)
        #expect(cost.string("currency") == c.currency)
        #expect(cost.string("amount") == c.amount)
    }

    // MARK: retrain

    @Test func retrainAddsTheCurrentGeneration() throws {
        let sb = try Sandbox()
        try sb.addGPT4oBases()
        try sb.ok("base", "set", "gpt-4o-2024-08-06", "--shutdown", "2025-02-01")
        try sb.ok("add", "triage", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "1000",
                  "--owner", "ml")
        var due = try sb.run("due", "--format", "json").json()
        #expect(due.objects("due").first?.int("generation") == 1)

        let r = try sb.ok("retrain", "TRIAGE", "--base", "gpt-4o-2024-11-20", "--trained", "2024-12-01", "--cost", "$500",
                          "--model-id", "ft:gen2", "--retrain-every", "90d")
        #expect(r.stdout == "retrained triage: generation 2 on openai/gpt-4o@2024-11-20, trained 2024-12-01, cost 500.00 USD\n")

        let list = try sb.run("list", "--format", "json").json().objects("fine_tunes")
        #expect(list.count == 1)
        #expect(list.first?.int("generation") == 2)
        #expect(list.first?.string("base") == "openai/gpt-4o@2024-11-20")
        #expect(list.first?.string("model_id") == "ft:gen2")
        #expect(list.first?.string("trained") == "2024-12-01")
        #expect(list.first?.string("retrain_every") == "90d")

        let show = try sb.ok("show", "triage")
        #expect(show.lines.contains("generations:   2"))
        #expect(show.lines.contains("total spent:   1,500.00 USD"))
        #expect(show.lines.contains("retrain every: 90d"))
        #expect(show.tableRows.contains { $0.first == "1" && $0.contains("openai/gpt-4o@2024-08-06") })
        #expect(show.tableRows.contains { $0.first == "2*" && $0.contains("openai/gpt-4o@2024-11-20") })

        // Generation 2 is on a current base and 90d from 2024-12-01 is 2025-03-01.
        due = try sb.run("due", "--format", "json").json()
        let item = try #require(due.objects("due").first)
        #expect(item.int("generation") == 2)
        #expect(item.string("base") == "openai/gpt-4o@2024-11-20")
        #expect(item.objects("reasons").map { $0.string("code") } == ["age"])
        #expect(item.string("deadline") == "2025-03-01")
        let later = try sb.run("due", "--within", "30d", "--format", "json").json()
        #expect(later.int("count") == 0)
    }

    @Test func retrainRefusals() throws {
        let sb = try Sandbox()
        try sb.addGPT4oBases()
        try sb.ok("add", "a", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "10")
        try sb.ok("add", "gone", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "10")
        try sb.ok("retire", "gone")
        let before = try sb.snapshot()
        expectFailure(try sb.run("retrain", "a", "--base", "gpt-4o-2024-11-20", "--trained", "2024-08-31", "--cost", "1"),
                      65, "--trained 2024-08-31 is before generation 1 (trained 2024-09-01)")
        expectFailure(try sb.run("retrain", "gone", "--base", "gpt-4o-2024-11-20", "--trained", "2024-12-01", "--cost", "1"),
                      65, "'gone' was retired on 2025-01-15")
        expectFailure(try sb.run("retrain", "b", "--base", "gpt-4o-2024-11-20", "--trained", "2024-12-01", "--cost", "1"),
                      65, "no fine-tune named 'b'")
        expectFailure(try sb.run("retrain", "a", "--base", "gpt-4o-2099-01-01", "--trained", "2024-12-01", "--cost", "1"),
                      65, "not a known base version")
        #expect(try sb.snapshot() == before)
        // The same day as the previous generation is fine.
        let same = try sb.ok("retrain", "a", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "1")
        #expect(same.stdout.hasPrefix("retrained a: generation 2 on openai/gpt-4o@2024-08-06"))
    }

    // MARK: retire

    @Test func retireEndsTheLineage() throws {
        let sb = try Sandbox()
        try sb.addGPT4oBases()
        try sb.ok("add", "old", "--base", "gpt-4o-2024-05-13", "--trained", "2024-06-01", "--cost", "10", "--owner", "ml")
        try sb.ok("add", "keep", "--base", "gpt-4o-2024-05-13", "--trained", "2024-06-01", "--cost", "10", "--owner", "ml")
        #expect(try sb.run("due", "--format", "json").json().int("count") == 2)

        let r = try sb.run("retire", "OLD", "--reason", "replaced by a prompt", "--now", "2025-01-20")
        #expect(r.status == 0 && r.stdout == "retired old on 2025-01-20\n" && r.stderr.isEmpty, "\(r)")

        #expect(try sb.listedNames() == ["keep"])
        #expect(try sb.listedNames("--all") == ["keep", "old"])
        let all = try sb.run("list", "--all", "--format", "json").json().objects("fine_tunes")
        #expect(all.last?.string("status") == "retired")
        #expect(all.last?.string("retired") == "2025-01-20")
        let table = try sb.ok("list", "--all")
        #expect(table.tableRows.last?.last == "retired 2025-01-20")

        let due = try sb.run("due", "--format", "json").json()
        #expect(due.objects("due").map { $0.string("name") } == ["keep"])
        #expect(due.int("considered") == 1)

        let show = try sb.ok("show", "old")
        #expect(show.lines.contains("status:        retired 2025-01-20 (replaced by a prompt)"))
        #expect(show.tableRows.contains { $0.first == "1" }) // no current-generation star
        let j = try sb.showJSON("old")
        #expect(j.string("status") == "retired")
        #expect(j.string("retire_reason") == "replaced by a prompt")

        // Retiring again succeeds and changes nothing.
        let before = try sb.snapshot()
        let again = try sb.run("retire", "old", "--reason", "other", "--now", "2025-03-01")
        #expect(again.status == 0, "\(again)")
        #expect(again.stdout == "old was already retired on 2025-01-20; nothing changed\n")
        #expect(try sb.snapshot() == before)

        // The last active one retired: list says so in words.
        try sb.ok("retire", "keep")
        #expect(try sb.ok("list").stdout == "No active fine-tunes. 'tracker list --all' includes retired ones.\n")
        #expect(try sb.ok("due").stdout == "Nothing is due: no active fine-tunes are recorded.\n")
    }

    // MARK: list

    @Test func listFiltersAndFormats() throws {
        let sb = try Sandbox()
        try sb.addGPT4oBases()
        try sb.ok("base", "add", "anthropic/claude-3-5-sonnet@20241022", "--released", "2024-10-22")
        try sb.ok("add", "beta", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "1",
                  "--owner", "alice", "--task", "summarize")
        try sb.ok("add", "Alpha", "--base", "claude-3-5-sonnet-20241022", "--trained", "2024-11-01", "--cost", "1",
                  "--owner", "bob", "--task", "classify", "--model-id", "ft-alpha")
        try sb.ok("add", "gamma", "--base", "claude-3-5-sonnet-20241022", "--trained", "2024-11-02", "--cost", "1",
                  "--owner", "alice", "--task", "classify", "--retrain-every", "never")
        try sb.ok("add", "delta", "--base", "gpt-4o-2024-11-20", "--trained", "2024-12-01", "--cost", "1", "--owner", "alice")
        try sb.ok("retire", "delta")

        #expect(try sb.listedNames() == ["Alpha", "beta", "gamma"])
        #expect(try sb.listedNames("--all") == ["Alpha", "beta", "delta", "gamma"])
        #expect(try sb.listedNames("--owner", "alice") == ["beta", "gamma"])
        #expect(try sb.listedNames("--owner", "alice", "--all") == ["beta", "delta", "gamma"])
        #expect(try sb.listedNames("--task", "classify") == ["Alpha", "gamma"])
        #expect(try sb.listedNames("--family", "gpt-4o") == ["beta"])
        #expect(try sb.listedNames("--family", "openai/gpt-4o", "--all") == ["beta", "delta"])
        #expect(try sb.listedNames("--family", "claude-3-5-sonnet", "--owner", "alice") == ["gamma"])
        #expect(try sb.ok("list", "--owner", "nobody").stdout == "No fine-tunes match.\n")

        let j = try sb.run("list", "--format", "json").json().objects("fine_tunes")
        let alpha = try #require(j.first)
        #expect(alpha.string("owner") == "bob")
        #expect(alpha.string("task") == "classify")
        #expect(alpha.int("generation") == 1)
        #expect(alpha.string("model_id") == "ft-alpha")
        #expect(alpha.string("base") == "anthropic/claude-3-5-sonnet@20241022")
        #expect(alpha.string("trained") == "2024-11-01")
        #expect(alpha.string("retrain_every") == "1y")
        #expect(alpha.string("status") == "active")
        #expect(alpha.isNull("retired"))
        #expect(j.last?.string("retrain_every") == "never")

        let csv = try sb.ok("list", "--all", "--format", "csv")
        #expect(csv.lines == [
            "name,owner,task,generation,model_id,base,trained,retrain_every,status,retired",
            "Alpha,bob,classify,1,ft-alpha,anthropic/claude-3-5-sonnet@20241022,2024-11-01,1y,active,",
            "beta,alice,summarize,1,,openai/gpt-4o@2024-08-06,2024-09-01,1y,active,",
            "delta,alice,,1,,openai/gpt-4o@2024-11-20,2024-12-01,1y,retired,2025-01-15",
            "gamma,alice,classify,1,,anthropic/claude-3-5-sonnet@20241022,2024-11-02,never,active,",
        ])

        let table = try sb.ok("list", "--owner", "alice", "--all")
        #expect(table.tableRows == [
            ["NAME", "OWNER", "TASK", "GEN", "BASE", "TRAINED", "RETRAIN", "STATUS"],
            ["beta", "alice", "summarize", "1", "openai/gpt-4o@2024-08-06", "2024-09-01", "1y", "active"],
            ["delta", "alice", "-", "1", "openai/gpt-4o@2024-11-20", "2024-12-01", "1y", "retired 2025-01-15"],
            ["gamma", "alice", "classify", "1", "anthropic/claude-3-5-sonnet@20241022", "2024-11-02", "never", "active"],
        ])
    }

    @Test func emptyDatabaseListSaysHowToAdd() throws {
        let sb = try Sandbox()
        try sb.ok("migrate")
        #expect(try sb.ok("list", "--all").stdout
            == "No fine-tunes recorded. Add one with 'tracker add NAME --base REF --trained DATE --cost MONEY'.\n")
        #expect(try sb.run("list", "--format", "json").json().objects("fine_tunes").isEmpty)
        #expect(try sb.ok("list", "--format", "csv").lines == ["name,owner,task,generation,model_id,base,trained,retrain_every,status,retired"])
    }

    // MARK: show

    @Test func showTotalsSpendPerCurrency() throws {
        let sb = try Sandbox()
        try sb.addGPT4oBases()
        try sb.ok("add", "multi", "--base", "gpt-4o-2024-05-13", "--trained", "2024-06-01", "--cost", "1,200")
        try sb.ok("retrain", "multi", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "50 EUR")
        try sb.ok("retrain", "multi", "--base", "gpt-4o-2024-11-20", "--trained", "2024-12-01", "--cost", "$300.25",
                  "--eval", "40/50")

        let t = try sb.ok("show", "multi")
        #expect(Array(t.lines.prefix(11)) == [
            "name:          multi",
            "owner:         -",
            "task:          -",
            "retrain every: 1y",
            "status:        active",
            "generations:   3",
            "volume:        unknown (set it with 'tracker set NAME --calls-per-month N --tokens-in N --tokens-out N')",
            "total spent:   1,500.25 USD + 50.00 EUR",
            // gpt-4o snapshots 2024-05-13, -08-06, -11-20: every ~95 days after 2024-11-20.
            "next retrain:  2025-02-23 (next openai/gpt-4o snapshot expected ~2025-02-23 (every ~95 days))",
            "retrain cost:  300.25 USD (from the last training cost, generation 3)",
            "",
        ])
        let rows = t.tableRows
        #expect(rows.count == 15)
        guard rows.count == 15 else { return }
        #expect(rows[11] == ["GEN", "BASE", "TRAINED", "COST", "EVAL", "EXAMPLES", "TOKENS", "MODEL ID", "DATASET"])
        #expect(rows.dropFirst(12).map { $0[0] } == ["1", "2", "3*"])
        #expect(rows[13].contains("50.00 EUR"))
        #expect(rows[14].contains("40/50 (80%, 95% CI 67-89%)"))

        let j = try sb.showJSON("multi")
        #expect(j.objects("generations").map { $0.int("generation") ?? 0 } == [1, 2, 3])
        let totals = j.objects("total_spent")
        #expect(totals.map { $0.string("currency") ?? "?" } == ["USD", "EUR"])
        #expect(totals.map { $0.int("minor_units") ?? -1 } == [150_025, 5_000])
        #expect(totals.map { $0.string("amount") ?? "?" } == ["1500.25", "50.00"])

        let csv = try sb.ok("show", "multi", "--format", "csv")
        #expect(csv.lines == [
            "name,generation,base,trained,cost,currency,eval_passed,eval_total,examples,tokens,model_id,dataset,dataset_sha256",
            "multi,1,openai/gpt-4o@2024-05-13,2024-06-01,1200.00,USD,,,,,,,",
            "multi,2,openai/gpt-4o@2024-08-06,2024-09-01,50.00,EUR,,,,,,,",
            "multi,3,openai/gpt-4o@2024-11-20,2024-12-01,300.25,USD,40,50,,,,,",
        ])
    }

    @Test func unknownFineTuneSuggestsTheClosestName() throws {
        let sb = try Sandbox()
        try sb.addGPT4oBases()
        try sb.ok("add", "support-triage", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "1")
        let before = try sb.snapshot()
        expectFailure(try sb.run("show", "suport-triage"), 65, "no fine-tune named 'suport-triage'",
                      "did you mean 'support-triage'?")
        expectFailure(try sb.run("retire", "support-triag"), 65, "did you mean 'support-triage'?")
        expectFailure(try sb.run("retrain", "support-traige", "--base", "gpt-4o-2024-11-20", "--trained", "2024-12-01",
                                 "--cost", "1"), 65, "did you mean 'support-triage'?")
        expectFailure(try sb.run("show", "zzz"), 65, "no fine-tune named 'zzz'", "tracker list --all")
        #expect(try sb.snapshot() == before)
    }

    @Test func familyFilterTakesTheProviderInAnyCase() throws {
        let sb = try Sandbox()
        try sb.ok("base", "add", "OpenAI/gpt-4o@2024-08-06")
        try sb.ok("add", "a", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "1")
        // Providers are stored lower-cased and `base list --provider OpenAI` matches;
        // `list --family` should accept the provider the same way.
        #expect(try sb.listedNames("--family", "openai/gpt-4o") == ["a"])
        #expect(try sb.listedNames("--family", "OpenAI/gpt-4o") == ["a"])
    }

    @Test func csvNeutralisesFormulas() throws {
        let sb = try Sandbox()
        try sb.ok("base", "add", "acme/x@1")
        try sb.ok("add", "=HYPERLINK(\"http://evil\")", "--base", "acme/x@1", "--trained", "2024-09-01", "--cost", "1",
                  "--owner", "+team")
        let csv = try sb.ok("list", "--format", "csv")
        #expect(csv.lines.dropFirst().first?.hasPrefix("\"'=HYPERLINK(\"\"http://evil\"\")\",'+team,") == true, "\(csv)")
    }

    /// Pretty JSON closes the top-level object on its own line, like every nested one.
    @Test func jsonOutputsAreWellFormedAndEndCleanly() throws {
        let sb = try Sandbox()
        try sb.addGPT4oBases()
        try sb.ok("add", "a", "--base", "gpt-4o-2024-05-13", "--trained", "2024-06-01", "--cost", "1")
        for args in [["list", "--format", "json"], ["show", "a", "--format", "json"], ["due", "--format", "json"],
                     ["base", "list", "--format", "json"], ["base", "show", "gpt-4o-2024-05-13", "--format", "json"],
                     ["migrate", "--list", "--format", "json"]] {
            let r = try sb.run(args)
            #expect(r.status == 0, "\(args): \(r)")
            _ = try r.json()
            #expect(r.lines.last == "}", "\(args) ends with \(r.lines.last ?? "nothing")")
        }
    }

    // MARK: SQL text in names

    @Test func sqlInNamesIsStoredLiterally() throws {
        let sb = try Sandbox()
        try sb.addGPT4oBases()
        let evil = "x'); DROP TABLE fine_tune;--"
        let owner = "o' OR '1'='1"
        let r = try sb.ok("add", evil, "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "1",
                          "--owner", owner, "--task", "t\"; DELETE FROM generation; --")
        #expect(r.stdout.hasPrefix("added \(evil): generation 1"))
        try sb.ok("add", "plain", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "1")
        #expect(try sb.listedNames() == ["plain", evil])
        #expect(try sb.listedNames("--owner", owner) == [evil])
        #expect(try sb.listedNames("--owner", "o") == [])
        let j = try sb.showJSON(evil)
        #expect(j.string("name") == evil)
        #expect(j.string("task") == "t\"; DELETE FROM generation; --")
        #expect(j.objects("generations").count == 1)
        try sb.ok("retrain", evil, "--base", "gpt-4o-2024-11-20", "--trained", "2024-12-01", "--cost", "1")
        #expect(try sb.showJSON("plain").objects("generations").count == 1)
        try sb.ok("retire", evil)
        #expect(try sb.listedNames() == ["plain"])
        #expect(try sb.listedNames("--all") == ["plain", evil])
        let csv = try sb.ok("list", "--all", "--format", "csv")
        #expect(csv.lines.contains { $0.hasPrefix("x'); DROP TABLE fine_tune;--,o' OR '1'='1,") }, "\(csv)")
    }

    // MARK: the database file

    @Test(.enabled(if: TestBackend.isSQLite, "checks the database file's mode and folders"))
    func firstWriteCreatesThePrivateFileAndFolders() throws {
        let sb = try Sandbox()
        let path = sb.root.appendingPathComponent("deep/er/tracker.db").path
        #expect(!sb.exists(path))
        let r = try sb.run(["base", "add", "openai/gpt-4o@2024-08-06"], db: path)
        #expect(r.status == 0, "\(r)")
        #expect(sb.exists(path))
        #expect(try sb.permissions(path) & 0o777 == 0o600)
        #expect(Binary.isDirectory(sb.root.appendingPathComponent("deep/er")))
        // Other files it may keep beside (WAL) are no wider than the database.
        for suffix in ["-wal", "-shm"] where sb.exists(path + suffix) {
            #expect(try sb.permissions(path + suffix) & 0o077 == 0, "\(suffix) is group/world accessible")
        }
    }

    @Test(.enabled(if: TestBackend.isSQLite, "checks the default database file path"))
    func databasePathFromEnvironment() throws {
        let sb = try Sandbox()
        let xdg = sb.root.appendingPathComponent("xdg").path
        let r = try sb.run(["base", "add", "openai/gpt-4o@2024-08-06"], env: ["XDG_DATA_HOME": xdg], db: nil)
        #expect(r.status == 0, "\(r)")
        let xdgDB = xdg + "/tracker/tracker.db"
        #expect(sb.exists(xdgDB))
        #expect(try sb.permissions(xdgDB) & 0o777 == 0o600)
        // TRACKER_DB wins over XDG_DATA_HOME, and --db over both.
        let other = sb.root.appendingPathComponent("env.db").path
        let e = try sb.run(["base", "add", "openai/gpt-4o@2024-11-20"], env: ["XDG_DATA_HOME": xdg, "TRACKER_DB": other], db: nil)
        #expect(e.status == 0, "\(e)")
        #expect(sb.exists(other))
        let viaEnv = try sb.run(["base", "list", "--format", "json"], env: ["TRACKER_DB": other], db: nil).json()
        #expect(viaEnv.objects("bases").map { $0.string("ref") } == ["openai/gpt-4o@2024-11-20"])
        let viaXDG = try sb.run(["base", "list", "--format", "json"], env: ["XDG_DATA_HOME": xdg], db: nil).json()
        #expect(viaXDG.objects("bases").map { $0.string("ref") } == ["openai/gpt-4o@2024-08-06"])
        #expect(!sb.exists(sb.dbPath))
    }

    // MARK: migrate

    @Test func migrateAppliesAndLists() throws {
        let sb = try Sandbox()
        let path = sb.dbPath
        let first = try sb.ok("migrate", "--now", "2025-01-02")
        #expect(first.stdout.hasPrefix("applied "))
        #expect(first.stdout.hasSuffix(" to \(sb.dbLabel)\n"))
        if TestBackend.isSQLite { #expect(try sb.permissions(path) & 0o777 == 0o600) }
        let again = try sb.ok("migrate")
        #expect(again.stdout.hasPrefix("database \(sb.dbLabel) is up to date ("))

        let j = try sb.run("migrate", "--list", "--format", "json").json().objects("migrations")
        let m1 = try #require(j.first)
        #expect(m1.int("version") == 1)
        #expect(m1.string("name") == "initial")
        #expect(m1.string("status") == "applied")
        #expect(m1.string("applied") == "2025-01-02")
        #expect(j.allSatisfy { $0.string("status") == "applied" })

        let t = try sb.ok("migrate", "--list")
        #expect(t.tableRows.first == ["VERSION", "NAME", "STATUS", "APPLIED"])
        #expect(t.tableRows.dropFirst().first == ["001", "initial", "applied", "2025-01-02"])
        let csv = try sb.ok("migrate", "--list", "--format", "csv")
        #expect(csv.lines.first == "version,name,status,applied")
        #expect(csv.lines.dropFirst().first == "1,initial,applied,2025-01-02")
    }

    @Test func migrateListOnMissingDatabaseCreatesNothing() throws {
        let sb = try Sandbox()
        let path = sb.root.appendingPathComponent("nowhere/tracker.db").path
        expectFailure(try sb.run(["migrate", "--list"], db: path), 66, "no database at \(path)")
        #expect(!sb.exists(path))
        #expect(!sb.exists(sb.root.appendingPathComponent("nowhere").path))
    }

    @Test func databaseFromANewerTrackerIsRefused() throws {
        let sb = try Sandbox()
        try sb.addGPT4oBases()
        guard let r = try sb.sql("INSERT INTO schema_migration (version, name, applied_at) VALUES (999, 'future', '2030-01-01')") else {
            return // needs the sqlite3 tool to forge a newer schema
        }
        #expect(r.status == 0, "\(r)")
        let before = try sb.snapshot()
        expectFailure(try sb.run("list"), 65, "newer tracker")
        expectFailure(try sb.run("base", "add", "acme/x@1"), 65, "newer tracker")
        expectFailure(try sb.run("add", "x", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "1"),
                      65, "newer tracker")
        expectFailure(try sb.run("migrate"), 65, "newer tracker")
        expectFailure(try sb.run("migrate", "--list"), 65, "newer tracker")
        #expect(try sb.snapshot() == before)
    }
}
