import Foundation
import Testing
import TrackerTestKit

/// Prices per base, volume and retrain cost per fine-tune, `tracker set`,
/// and the estimated retrain cost `tracker show` explains.
@Suite struct CostSettingsTests {
    static let ref = "openai/gpt-4o@2024-08-06"

    func sandbox() throws -> Sandbox {
        let sb = try Sandbox(now: "2026-11-29")
        try sb.ok("base", "add", Self.ref, "--released", "2024-08-06", "--shutdown", "2027-06-15")
        return sb
    }

    @Test func basePricesAreExactWithTheirSource() throws {
        let sb = try sandbox()
        let r = try sb.ok("base", "set", Self.ref, "--price-in", "2.50", "--price-out", "$10", "--ft-price-in", "3.75 USD",
                          "--ft-price-out", "0.000125")
        #expect(r.stdout == "updated \(Self.ref): input price, output price, fine-tuned input price, fine-tuned output price\n")
        let j = try sb.run("base", "show", Self.ref, "--format", "json").json()
        let prices = try #require(j["prices"] as? [String: Any])
        let ftOut = try #require(prices["fine_tuned_output_per_1m"] as? [String: Any])
        #expect(ftOut["amount"] as? String == "0.000125")
        #expect(ftOut["currency"] as? String == "USD" && ftOut["source"] as? String == "manual")
        #expect(ftOut["read_on"] as? String == "2026-11-29")
        #expect((prices["input_per_1m"] as? [String: Any])?["amount"] as? String == "2.50")
        let table = try sb.ok("base", "show", Self.ref)
        #expect(table.lines.contains("ft input/1M:  3.75 USD (manual, set 2026-11-29)"))
        // Setting the same price again changes nothing; 'none' clears one.
        #expect(try sb.ok("base", "set", Self.ref, "--price-in", "2.5").stdout == "no change to \(Self.ref)\n")
        #expect(try sb.ok("base", "set", Self.ref, "--price-in", "none").stdout == "updated \(Self.ref): input price\n")
        let cleared = try sb.run("base", "show", Self.ref, "--format", "json").json()
        #expect((cleared["prices"] as? [String: Any])?["input_per_1m"] is NSNull)
    }

    @Test func theCatalogFillsOnlyUnsetPrices() throws {
        let sb = try Sandbox(now: "2025-02-12")
        try sb.ok("sync", "catalog", CatalogBaseTests.tourCatalog)
        try sb.ok("add", "triage", "--base", "gpt-4o-2024-05-13", "--trained", "2024-06-20", "--cost", "10")
        try sb.ok("base", "set", "openai/gpt-4o@2024-05-13", "--price-in", "4.00")
        let prices = try #require(try sb.run("base", "show", "openai/gpt-4o@2024-05-13", "--format", "json").json()["prices"] as? [String: Any])
        let input = try #require(prices["input_per_1m"] as? [String: Any])
        let output = try #require(prices["output_per_1m"] as? [String: Any])
        #expect(input["amount"] as? String == "4.00" && input["source"] as? String == "manual")
        #expect(output["amount"] as? String == "15.00" && output["source"] as? String == "litellm")
    }

    @Test func badPricesAreRefusedAndChangeNothing() throws {
        let sb = try sandbox()
        try sb.ok("base", "set", Self.ref, "--price-in", "2.50")
        let before = try sb.snapshot()
        expectFailure(try sb.run("base", "set", Self.ref, "--price-out", "0.0000001"), 64, "--price-out", "6")
        expectFailure(try sb.run("base", "set", Self.ref, "--price-out=-1"), 64, "negative")
        expectFailure(try sb.run("base", "set", Self.ref, "--price-out", "10 XYZ"), 64, "XYZ is not an ISO 4217 currency code")
        expectFailure(try sb.run("base", "set", Self.ref, "--price-out", "10 EUR"), 64, "EUR", "USD", "one currency")
        expectFailure(try sb.run("base", "set", Self.ref, "--train-price", "25 EUR"), 64, "EUR", "USD")
        #expect(try sb.snapshot() == before)
    }

    @Test func volumeAndRetrainCostAreKeptAndChangesAreHistory() throws {
        let sb = try sandbox()
        try sb.ok("add", "bot", "--base", Self.ref, "--trained", "2026-11-01", "--cost", "2000", "--owner", "team-a",
                  "--calls-per-month", "1,000,000", "--tokens-in", "500", "--tokens-out", "200")
        var j = try sb.showJSON("bot")
        let volume = try #require(j["volume"] as? [String: Any])
        #expect(volume["calls_per_month"] as? Int == 1_000_000 && volume["tokens_in"] as? Int == 500 && volume["tokens_out"] as? Int == 200)
        #expect(j.objects("changes").isEmpty)

        let r = try sb.ok("set", "BOT", "--owner", "team-b", "--tokens-in", "600", "--retrain-cost", "$1,500", "--retrain-every", "6m")
        #expect(r.stdout == "updated bot: owner, retrain policy, tokens in, retrain cost\n")
        j = try sb.showJSON("bot")
        #expect(j.string("owner") == "team-b" && j.string("retrain_every") == "6m")
        let changes = j.objects("changes")
        #expect(changes.map { $0.string("field") } == ["owner", "retrain_every", "tokens_in", "retrain_cost"])
        #expect(changes.map { $0.string("old") } == ["team-a", "1y", "500", nil])
        #expect(changes.map { $0.string("new") } == ["team-b", "6m", "600", "1,500.00 USD"])
        #expect(changes.allSatisfy { $0.string("recorded") == "2026-11-29" })
        #expect((j["retrain_cost"] as? [String: Any])?["minor_units"] as? Int == 150_000)

        // 'none' clears; the same value again is no change.
        #expect(try sb.ok("set", "bot", "--owner", "none", "--retrain-cost", "none").stdout == "updated bot: owner, retrain cost\n")
        #expect(try sb.ok("set", "bot", "--tokens-in", "600").stdout == "no change to bot\n")
        j = try sb.showJSON("bot")
        #expect(j.isNull("owner") && j.isNull("retrain_cost"))
        let table = try sb.ok("show", "bot")
        #expect(table.lines.contains("  2026-11-29  owner: team-a -> team-b"))
        #expect(table.lines.contains("  2026-11-29  owner: team-b -> none"))

        // retrain takes the same options and keeps them in the history.
        try sb.ok("retrain", "bot", "--base", Self.ref, "--trained", "2026-11-20", "--cost", "1800", "--calls-per-month", "2000000")
        #expect(try sb.showJSON("bot").objects("changes").last?.string("new") == "2000000")
    }

    @Test func badSettingsAreRefusedAndChangeNothing() throws {
        let sb = try sandbox()
        try sb.ok("add", "bot", "--base", Self.ref, "--trained", "2026-11-01", "--cost", "2000")
        let before = try sb.snapshot()
        expectFailure(try sb.run("set", "bot"), 64, "nothing to change")
        expectFailure(try sb.run("set", "nobody", "--owner", "x"), 65, "no fine-tune named 'nobody'")
        expectFailure(try sb.run("set", "bot", "--calls-per-month=-5"), 64, "--calls-per-month", "negative")
        expectFailure(try sb.run("set", "bot", "--tokens-in", "lots"), 64, "--tokens-in", "whole number")
        expectFailure(try sb.run("set", "bot", "--tokens-out", "2000000000000"), 64, "--tokens-out")
        expectFailure(try sb.run("set", "bot", "--retrain-cost=-5"), 64, "negative")
        expectFailure(try sb.run("set", "bot", "--retrain-cost", "5 XYZ"), 64, "ISO 4217")
        expectFailure(try sb.run("set", "bot", "--retrain-every", "sometimes"), 64, "--retrain-every")
        expectFailure(try sb.run("set", "bot", "--owner", "a\u{7}b"), 64, "--owner")
        expectFailure(try sb.run("add", "other", "--base", Self.ref, "--trained", "2026-11-01", "--cost", "10 XYZ"), 64, "XYZ")
        expectFailure(try sb.run("add", "other", "--base", Self.ref, "--trained", "2026-11-01", "--cost", "10", "--tokens-out=-1"), 64, "negative")
        #expect(try sb.snapshot() == before)
    }

    /// The estimate's rules, in order, each named by `show`.
    @Test func showSaysWhichRuleGaveTheRetrainCost() throws {
        let sb = try sandbox()
        try sb.ok("base", "add", "openai/gpt-4o@2024-11-20", "--released", "2024-11-20")
        try sb.ok("add", "bot", "--base", Self.ref, "--trained", "2026-11-01", "--cost", "2000", "--tokens", "4,000,000")
        func estimate() throws -> (String?, Int?, String?) {
            let e = try #require(try sb.showJSON("bot")["retrain_estimate"] as? [String: Any])
            return (e["rule"] as? String, e["minor_units"] as? Int, e["explanation"] as? String)
        }
        // 3. No training price anywhere: the last training cost.
        #expect(try estimate().0 == "last-cost" && estimate().1 == 200_000)
        // 2b. The base's own training price: 4,000,000 x 25.00 per 1M = 100.00.
        try sb.ok("base", "set", Self.ref, "--train-price", "25")
        #expect(try estimate().0 == "base-train-price" && estimate().1 == 10_000)
        // 2a. The successor's (the newer gpt-4o supersedes it): 4,000,000 x 30.00 = 120.00.
        try sb.ok("base", "set", "openai/gpt-4o@2024-11-20", "--train-price", "30")
        let (rule, minor, text) = try estimate()
        #expect(rule == "successor-train-price" && minor == 12_000)
        #expect(text == "4,000,000 trained tokens x 30.00 USD per 1M, the training price of the successor openai/gpt-4o@2024-11-20")
        // 1. An explicit retrain cost wins.
        try sb.ok("set", "bot", "--retrain-cost", "900")
        #expect(try estimate().0 == "retrain-cost" && estimate().1 == 90_000)
        let table = try sb.ok("show", "bot")
        #expect(table.lines.contains("retrain cost:  900.00 USD (from the retrain cost set on bot)"))
        // A superseded base makes the next retrain due now.
        #expect(table.lines.contains("next retrain:  2026-11-29 (superseded by openai/gpt-4o@2024-11-20)"))
        // A retired fine-tune has no estimate.
        try sb.ok("retire", "bot")
        let retired = try sb.showJSON("bot")
        #expect(retired.isNull("retrain_estimate") && retired.isNull("next_retrain"))
    }
}
