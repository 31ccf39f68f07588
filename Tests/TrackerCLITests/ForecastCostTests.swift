import Foundation
import Testing
import TrackerTestKit

/// `tracker forecast` and `tracker cost` through the real binary, with every
/// number worked out by hand below.
@Suite struct ForecastCostTests {
    static let ref = "openai/gpt-4o@2024-08-06"

    /// The issue's worked example: a gpt-4o fine-tune, $2,000 of training,
    /// fine-tuned 3.75/15 against base 2.50/10 per 1M tokens, 1M calls a
    /// month at 500 in and 200 out, the base shutting down 2027-06-15.
    static func workedExample() throws -> Sandbox {
        let s = try Sandbox(now: "2026-11-29")
        try s.ok("base", "add", ref, "--released", "2024-08-06", "--shutdown", "2027-06-15")
        try s.ok("base", "set", ref, "--price-in", "2.50", "--price-out", "10", "--ft-price-in", "3.75", "--ft-price-out", "15")
        try s.ok("add", "support-bot", "--base", ref, "--trained", "2026-11-01", "--cost", "$2,000", "--owner", "platform-ml",
                 "--task", "support", "--examples", "500")
        try s.ok("set", "support-bot", "--calls-per-month", "1000000", "--tokens-in", "500", "--tokens-out", "200")
        return s
    }

    static func money(_ o: [String: Any]?) -> String? { o?.string("amount") }

    /// Fine-tuned: 1M x (500 x 3.75 + 200 x 15) / 1M = 1,875 + 3,000 = 4,875.00 a month.
    /// Base:       1M x (500 x 2.50 + 200 x 10) / 1M = 1,250 + 2,000 = 3,250.00 a month.
    /// Fine-tune path: 2,000 spent + 2,000 retrain (last cost) at the shutdown + 12 x 4,875 = 62,500.00;
    /// its run rate 4,875 + 2,000 / 12 = 5,041.666... -> 5,041.67. Prompt path 12 x 3,250 = 39,000.00.
    @Test func workedExampleWithoutPromptTokens() throws {
        let s = try Self.workedExample()
        let j = try s.run("cost", "support-bot", "--format", "json").json()
        let paths = j.objects("paths")
        #expect(paths.map { $0.string("path") } == ["fine-tune", "prompt"])
        #expect(Self.money(paths[0].object("total")) == "62500.00")
        #expect(Self.money(paths[0].object("monthly")) == "5041.67")
        #expect(Self.money(paths[0].object("inference_monthly")) == "4875.00")
        #expect(Self.money(paths[1].object("total")) == "39000.00")
        #expect(Self.money(paths[1].object("monthly")) == "3250.00")
        #expect(Self.money(j.object("difference")) == "23500.00")
        #expect(Self.money(j.object("spent")) == "2000.00")
        #expect(j.string("cheaper") == "prompt")
        #expect(j["crossing"] is NSNull)
        #expect(j.string("until") == "2027-11-29")
        let retrains = try #require(j.object("retrains"))
        #expect(retrains.int("count") == 1)
        #expect(Self.money(retrains.object("cost")) == "2000.00")
        let events = retrains.objects("events")
        #expect(events.map { $0.string("date") } == ["2027-06-15"])
        #expect(events.first?.string("driver") == "shutdown")
        #expect(j.object("prices")?.object("fine_tuned_output_per_1m")?.string("source") == "manual")

        let table = try s.ok("cost", "support-bot")
        #expect(table.lines.contains("fine-tune  62,500.00 USD  5,041.67 USD  4,875.00 USD"), "\(table)")
        #expect(table.lines.contains("prompt     39,000.00 USD  3,250.00 USD  3,250.00 USD"), "\(table)")
        #expect(table.lines.contains("difference:   23,500.00 USD more on the fine-tune path"), "\(table)")
        #expect(table.lines.contains("crossing:     none within 12 months"), "\(table)")
        #expect(table.lines.contains("  2027-06-15  2,000.00 USD  shutdown of openai/gpt-4o@2024-08-06 on 2027-06-15"), "\(table)")
    }

    /// 1,000 more input tokens per call: 1M x (1,500 x 2.50 + 200 x 10) / 1M = 3,750 + 2,000 = 5,750.00 a month.
    /// Fine-tune minus prompt at each month's end: m1 2,000 + 4,875 - 5,750 = 1,125; m2 2,000 + 9,750 - 11,500
    /// = 250; m3 2,000 + 14,625 - 17,250 = -625: the paths cross in month 3, 2026-11-29 + 3 months = 2027-02-28.
    @Test func workedExampleWithPromptTokensCrossesInMonthThree() throws {
        let s = try Self.workedExample()
        let j = try s.run("cost", "support-bot", "--prompt-tokens", "1000", "--format", "json").json()
        let paths = j.objects("paths")
        #expect(Self.money(paths[1].object("monthly")) == "5750.00")
        #expect(Self.money(paths[1].object("total")) == "69000.00")
        #expect(Self.money(paths[0].object("total")) == "62500.00")
        #expect(Self.money(j.object("difference")) == "-6500.00")
        #expect(j.string("cheaper") == "fine-tune")
        #expect(j.object("crossing")?.int("month") == 3)
        #expect(j.object("crossing")?.string("date") == "2027-02-28")
        #expect(j.int("prompt_tokens") == 1000)
        let table = try s.ok("cost", "support-bot", "--prompt-tokens", "1000")
        #expect(table.lines.contains("crossing:     month 3 (2027-02-28)"), "\(table)")
        #expect(table.lines.contains("difference:   6,500.00 USD more on the prompt path"), "\(table)")
    }

    /// Options override the stored volume: 2M calls double both inference figures.
    @Test func optionsOverrideTheStoredVolume() throws {
        let s = try Self.workedExample()
        let j = try s.run("cost", "support-bot", "--calls-per-month", "2000000", "--months", "6", "--format", "json").json()
        #expect(j.object("volume")?.int("calls_per_month") == 2_000_000)
        #expect(Self.money(j.objects("paths")[0].object("inference_monthly")) == "9750.00")
        // 6 months end 2027-05-29, before the shutdown: no retrain; 2,000 + 6 x 9,750 = 60,500.00.
        #expect(j.object("retrains")?.int("count") == 0)
        #expect(Self.money(j.objects("paths")[0].object("total")) == "60500.00")
        #expect(Self.money(j.objects("paths")[1].object("total")) == "39000.00")
        // The stored volume is unchanged.
        #expect(try s.showJSON("support-bot").object("volume")?.int("calls_per_month") == 1_000_000)
    }

    /// Prices from `tracker sync catalog` (LiteLLM: 2.50/10 and ft: 3.75/15) give the same numbers.
    @Test func catalogPricesWork() throws {
        let s = try Sandbox(now: "2026-11-29")
        try s.ok("sync", "catalog", CatalogBaseTests.tourCatalog)
        try s.ok("add", "support-bot", "--base", "gpt-4o-2024-08-06", "--trained", "2026-11-01", "--cost", "2000",
                 "--retrain-every", "never")
        let j = try s.run("cost", "support-bot", "--calls-per-month", "1000000", "--tokens-in", "500", "--tokens-out", "200",
                          "--format", "json").json()
        #expect(j.object("prices")?.object("fine_tuned_input_per_1m")?.string("source") == "litellm")
        #expect(Self.money(j.objects("paths")[0].object("inference_monthly")) == "4875.00")
        #expect(Self.money(j.objects("paths")[1].object("inference_monthly")) == "3250.00")
    }

    /// Each month of inference is rounded once, half up: 3 calls x 5,000 tokens at 1.00 per 1M
    /// = 0.015 -> 0.02 a month, so 12 months are 0.24 (not 12 x 0.015 = 0.18).
    @Test func eachMonthIsRoundedOnceHalfUp() throws {
        let s = try Sandbox(now: "2026-11-29")
        try s.ok("base", "add", "acme/tiny@1", "--released", "2026-01-01")
        try s.ok("base", "set", "acme/tiny@1", "--price-in", "1", "--price-out", "1", "--ft-price-in", "1", "--ft-price-out", "1")
        try s.ok("add", "tiny-bot", "--base", "acme/tiny@1", "--trained", "2026-11-01", "--cost", "0", "--retrain-every", "never")
        let j = try s.run("cost", "tiny-bot", "--calls-per-month", "3", "--tokens-in", "5000", "--tokens-out", "0",
                          "--format", "json").json()
        for p in j.objects("paths") {
            #expect(Self.money(p.object("inference_monthly")) == "0.02", "\(p)")
            #expect(Self.money(p.object("total")) == "0.24", "\(p)")
        }
        #expect(j.string("cheaper") == "even")
        #expect(Self.money(j.object("difference")) == "0.00")
        #expect(j["crossing"] is NSNull)
    }

    @Test func missingInputsAreListedInOneLine() throws {
        let s = try Sandbox(now: "2026-11-29")
        try s.ok("base", "add", Self.ref, "--released", "2024-08-06")
        try s.ok("base", "set", Self.ref, "--price-in", "2.50", "--price-out", "10")
        try s.ok("add", "support-bot", "--base", Self.ref, "--trained", "2026-11-01", "--cost", "2000")
        try s.ok("set", "support-bot", "--tokens-in", "500", "--tokens-out", "200")
        let before = try s.snapshot()
        let r = try s.run("cost", "support-bot")
        expectFailure(r, 65)
        #expect(r.stderr == "error: cannot compare costs for support-bot: missing calls per month (give --calls-per-month or 'tracker set support-bot --calls-per-month N'), fine-tuned input price and fine-tuned output price of openai/gpt-4o@2024-08-06 (set them with 'tracker base set openai/gpt-4o@2024-08-06 --ft-price-in ... --ft-price-out ...' or read them with 'tracker sync catalog')\n")
        #expect(try s.snapshot() == before)
        // Nothing known: every input, never a zero.
        try s.ok("base", "add", "acme/none@1")
        try s.ok("add", "bare", "--base", "acme/none@1", "--trained", "2026-11-01", "--cost", "1")
        let bare = try s.run("cost", "bare")
        expectFailure(bare, 65, "missing calls per month, input tokens per call and output tokens per call (give --calls-per-month, --tokens-in and --tokens-out, or set them with 'tracker set bare --calls-per-month N --tokens-in N --tokens-out N')",
                      "input price, output price, fine-tuned input price and fine-tuned output price of acme/none@1 (set them with 'tracker base set acme/none@1 --price-in ... --price-out ... --ft-price-in ... --ft-price-out ...' or read them with 'tracker sync catalog')")
    }

    @Test func costRefusals() throws {
        let s = try Self.workedExample()
        expectFailure(try s.run("cost", "nobody"), 65, "no fine-tune named 'nobody'")
        expectFailure(try s.run("cost", "support-bot", "--calls-per-month=-5"), 64, "--calls-per-month '-5' is negative")
        expectFailure(try s.run("cost", "support-bot", "--tokens-in", "lots"), 64, "--tokens-in 'lots' is not a whole number")
        expectFailure(try s.run("cost", "support-bot", "--prompt-tokens=-1"), 64, "--prompt-tokens")
        expectFailure(try s.run("cost", "support-bot", "--months", "0"), 64, "--months '0' is out of range; give 1 to 120")
        expectFailure(try s.run("cost", "support-bot", "--months", "121"), 64, "--months '121'")
        // A training cost in euros against prices in dollars.
        try s.ok("retrain", "support-bot", "--base", Self.ref, "--trained", "2026-11-20", "--cost", "1800 EUR")
        expectFailure(try s.run("cost", "support-bot"), 65, "USD", "EUR", "the input price of openai/gpt-4o@2024-08-06",
                      "the training costs of support-bot")
        try s.ok("retire", "support-bot", "--reason", "prompt is enough")
        expectFailure(try s.run("cost", "support-bot"), 65, "support-bot", "retired on 2026-11-29")
    }

    @Test func csvParsesWithARealParser() throws {
        let s = try Self.workedExample()
        let rows = try Self.parseCSV(try s.ok("cost", "support-bot", "--format", "csv").stdout, in: s)
        #expect(rows == [["path", "total", "monthly", "inference_monthly", "currency"],
                         ["fine-tune", "62500.00", "5041.67", "4875.00", "USD"],
                         ["prompt", "39000.00", "3250.00", "3250.00", "USD"]])
        let forecast = try Self.parseCSV(try s.ok("forecast", "--format", "csv").stdout, in: s)
        #expect(forecast == [["bucket", "retrains", "planned", "cost", "currency", "drivers"],
                             ["2027-06", "1", "0", "2000.00", "USD", "1 x shutdown of openai/gpt-4o@2024-08-06 on 2027-06-15"]])
    }

    /// Rows as Python's csv module reads them.
    static func parseCSV(_ text: String, in s: Sandbox) throws -> [[String]] {
        let file = s.root.appendingPathComponent("out.csv")
        try Data(text.utf8).write(to: file)
        let r = try runProcess(URL(fileURLWithPath: "/usr/bin/python3"),
                               ["-c", "import csv, json, sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline='')))))", file.path],
                               environment: s.environment([:], setNow: false), directory: s.root)
        #expect(r.status == 0, "\(r)")
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String]] ?? []
    }

    // MARK: forecast

    /// A fleet on 2025-01-15. gpt-4o snapshots 2024-05-13, 2024-08-06, 2024-11-20: intervals 85 and
    /// 106 days, median (85 + 106) / 2 = 95 (within 90...730); the last one is 56 days old (within
    /// twice 95, so the family is still releasing). Expected snapshots: 2024-11-20 + k x 95 days:
    /// 2025-02-23, 2025-05-29, 2025-09-01, 2025-12-05, then 2026-03-10 (past the horizon's last
    /// day, 2026-01-14).
    /// - alpha (platform-ml, support, $500, never) on 2024-11-20, the newest: retrains at each
    ///   expected snapshot in the horizon: 2025-02-23, 2025-05-29, 2025-09-01, 2025-12-05.
    /// - beta (no owner, support, $1,000, 1y) on 2024-08-06, superseded: retrains now (planned),
    ///   then at each expected snapshot: 5 retrains (each policy day is a year after a retrain,
    ///   always later than the next snapshot).
    /// - gamma (platform-ml, no task, 800 EUR, 1y, trained 2024-06-01) on a single-snapshot family
    ///   (no cadence): its policy, 2025-06-01 (after the 90-day due horizon, 2025-04-15, so not planned).
    static func fleet() throws -> Sandbox {
        let s = try Sandbox(now: "2025-01-15")
        try s.addGPT4oBases()
        try s.ok("base", "add", "anthropic/claude-x@20240101", "--released", "2024-01-01")
        try s.ok("add", "alpha", "--base", "openai/gpt-4o@2024-11-20", "--trained", "2024-12-01", "--cost", "$500",
                 "--owner", "platform-ml", "--task", "support", "--retrain-every", "never")
        try s.ok("add", "beta", "--base", "openai/gpt-4o@2024-08-06", "--trained", "2024-09-01", "--cost", "$1,000",
                 "--task", "support")
        try s.ok("add", "gamma", "--base", "anthropic/claude-x@20240101", "--trained", "2024-06-01", "--cost", "800 EUR",
                 "--owner", "Platform-ML")
        return s
    }

    static func summary(_ j: [String: Any]) -> [String] {
        j.objects("forecast").map { r in
            let cost = r.object("cost")
            return "\(r.string("bucket") ?? "null") \(r.int("retrains") ?? -1) \(r.int("planned") ?? -1) \(money(cost) ?? "?") \(cost?.string("currency") ?? "?")"
        }
    }

    @Test func forecastByMonth() throws {
        let s = try Self.fleet()
        let j = try s.run("forecast", "--format", "json").json()
        #expect(j.string("by") == "month")
        #expect(j.string("until") == "2026-01-15")
        #expect(Self.summary(j) == [
            "2025-01 1 1 1000.00 USD",
            "2025-02 2 0 1500.00 USD",
            "2025-05 2 0 1500.00 USD",
            "2025-06 1 0 800.00 EUR",
            "2025-09 2 0 1500.00 USD",
            "2025-12 2 0 1500.00 USD",
        ])
        let rows = j.objects("forecast")
        #expect(rows[0].objects("drivers").map { "\($0.string("driver")!) \($0.int("retrains")!) \($0.string("reason")!)" }
            == ["superseded 1 superseded by openai/gpt-4o@2024-11-20"])
        #expect(rows[1].objects("drivers").map { "\($0.string("driver")!) \($0.int("retrains")!) \($0.string("reason")!)" }
            == ["next-snapshot 2 next openai/gpt-4o snapshot expected ~2025-02-23 (every ~95 days)"])
        #expect(rows[3].objects("drivers").first?.string("reason") == "retrain policy 1y")
        let totals = j.objects("total").map { "\($0.string("currency")!) \($0.int("retrains")!) \($0.int("planned")!) \(Self.money($0.object("cost"))!)" }
        #expect(totals == ["EUR 1 0 800.00", "USD 9 1 7000.00"])

        let table = try s.ok("forecast")
        #expect(table.lines.first == "horizon: 12 months, 2025-01-15 to 2026-01-14")
        #expect(table.lines.contains("2025-02  2         0        1,500.00 USD  2 x next openai/gpt-4o snapshot expected ~2025-02-23 (every ~95 days)"), "\(table)")
        #expect(table.lines.suffix(2) == ["total: 1 retrain (0 planned), 800.00 EUR", "total: 9 retrains (1 planned), 7,000.00 USD"], "\(table)")
        #expect(table.stderr.isEmpty)

        // Three months: [2025-01-15, 2025-04-15): beta now, alpha and beta on 2025-02-23.
        let short = try s.run("forecast", "--months", "3", "--format", "json").json()
        #expect(Self.summary(short) == ["2025-01 1 1 1000.00 USD", "2025-02 2 0 1500.00 USD"])
    }

    @Test func forecastByOwnerTaskAndFamily() throws {
        let s = try Self.fleet()
        // Owners compare by key: Platform-ML and platform-ml are one bucket, shown in the first
        // spelling in name order; no owner last.
        #expect(Self.summary(try s.run("forecast", "--by", "owner", "--format", "json").json()) == [
            "Platform-ML 1 0 800.00 EUR",
            "Platform-ML 4 0 2000.00 USD",
            "null 5 1 5000.00 USD",
        ])
        #expect(Self.summary(try s.run("forecast", "--by", "task", "--format", "json").json()) == [
            "support 9 1 7000.00 USD",
            "null 1 0 800.00 EUR",
        ])
        #expect(Self.summary(try s.run("forecast", "--by", "family", "--format", "json").json()) == [
            "anthropic/claude-x 1 0 800.00 EUR",
            "openai/gpt-4o 9 1 7000.00 USD",
        ])
        let table = try s.ok("forecast", "--by", "task")
        #expect(table.tableRows.dropFirst(2).first?.first == "TASK", "\(table)")
        #expect(table.lines.contains { $0.hasPrefix("-  ") }, "a missing task shows as -: \(table)")
        let drivers = try s.run("forecast", "--by", "family", "--format", "json").json().objects("forecast")[1].objects("drivers")
        // One line per distinct reason, in order of first retrain: beta now, then four expected snapshots.
        #expect(drivers.map { $0.int("retrains")! } == [1, 2, 2, 2, 2])
    }

    @Test func forecastSaysWhyItIsEmpty() throws {
        let s = try Sandbox(now: "2026-11-29")
        try s.ok("base", "add", "acme/solo@1", "--released", "2026-01-01")
        let none = try s.run("forecast", "--format", "json")
        #expect(none.status == 0)
        #expect(none.errorLines == ["nothing to forecast: no active fine-tunes; record one with 'tracker add'"])
        #expect(try none.json().objects("forecast").isEmpty)
        #expect(try none.json().objects("total").isEmpty)

        try s.ok("add", "frozen", "--base", "acme/solo@1", "--trained", "2026-01-01", "--cost", "10", "--retrain-every", "never")
        let never = try s.run("forecast")
        #expect(never.status == 0)
        #expect(never.errorLines == ["nothing to forecast: no retrain expected for the 1 active fine-tune within 12 months (2026-11-29 to 2027-11-28): 1 has retrain policy 'never' and a base with no announced shutdown or deprecation, no newer snapshot and no family cadence to expect one from"])
        #expect(never.lines == ["horizon: 12 months, 2026-11-29 to 2027-11-28", "", "MONTH  RETRAINS  PLANNED  COST  DRIVERS"], "\(never)")

        // Policy 1y from 2026-10-01: 2027-10-01, past a 3-month horizon.
        try s.ok("add", "yearly", "--base", "acme/solo@1", "--trained", "2026-10-01", "--cost", "10")
        let later = try s.run("forecast", "--months", "3")
        #expect(later.status == 0)
        #expect(later.errorLines == ["nothing to forecast: no retrain expected for the 2 active fine-tunes within 3 months (2026-11-29 to 2027-02-27): 1 has retrain policy 'never' and a base with no announced shutdown or deprecation, no newer snapshot and no family cadence to expect one from; 1 first retrains after the horizon (the earliest on 2027-10-01); give a longer --months"])
        let twelve = try s.run("forecast", "--format", "json")
        #expect(twelve.stderr.isEmpty)
        #expect(Self.summary(try twelve.json()) == ["2027-10 1 0 10.00 USD"])
    }

    @Test func forecastRefusesBadOptions() throws {
        let s = try Self.fleet()
        expectFailure(try s.run("forecast", "--months", "0"), 64, "--months '0' is out of range; give 1 to 120")
        expectFailure(try s.run("forecast", "--months", "121"), 64, "--months")
        expectFailure(try s.run("forecast", "--months", "twelve"), 64, "--months")
        #expect(try s.run("forecast", "--months", "120").status == 0)
        #expect(try s.run("forecast", "--by", "week").status == 64)
    }
}
