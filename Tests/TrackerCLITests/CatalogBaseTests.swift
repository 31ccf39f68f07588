import Foundation
import Testing
import TrackerTestKit

/// `add` and `retrain` know what `sync catalog` learned, and bases show
/// their catalog prices.
@Suite struct CatalogBaseTests {
    static let tourCatalog = Repo.root.appendingPathComponent("Tests/TrackerSyncTests/Fixtures/litellm-tour.json").path

    /// Real entries of one model under two providers (copied from LiteLLM).
    static let twoProviders = """
        {"gpt-4o-2024-08-06": {"input_cost_per_token": 2.5e-06, "litellm_provider": "openai", "mode": "chat",
           "output_cost_per_token": 1e-05, "deprecation_date": "2026-02-27"},
         "azure/gpt-4o-2024-08-06": {"cache_read_input_token_cost": 1.25e-06, "deprecation_date": "2026-02-27",
           "input_cost_per_token": 2.5e-06, "litellm_provider": "azure", "max_tokens": 16384, "mode": "chat",
           "output_cost_per_token": 1e-05},
         "gpt-4o-mini-2024-07-18": {"input_cost_per_token": 1.5e-07, "litellm_provider": "openai", "mode": "chat",
           "output_cost_per_token": 6e-07},
         "ft:gpt-4o-mini-2024-07-18": {"input_cost_per_token": 3e-07, "litellm_provider": "openai", "mode": "chat",
           "output_cost_per_token": 1.2e-06}}
        """

    @Test func addRecordsACatalogOnlyModelAsABase() throws {
        let s = try Sandbox(now: "2025-02-12")
        try s.ok("sync", "catalog", Self.tourCatalog)
        let r = try s.ok("add", "triage", "--base", "gpt-4o-2024-05-13", "--trained", "2024-06-20", "--cost", "10")
        #expect(r.lines == [
            "recorded base openai/gpt-4o@2024-05-13 from the catalog (model id gpt-4o-2024-05-13): released unknown, shutdown unknown; input 5.00 USD, output 15.00 USD per 1M tokens (litellm, read 2025-02-12)",
            "added triage: generation 1 on openai/gpt-4o@2024-05-13, trained 2024-06-20, cost 10.00 USD",
        ], "\(r)")
        #expect(r.stderr.isEmpty, "\(r)")
        // Known from now on: the second fine-tune on it says nothing more.
        let again = try s.ok("add", "other", "--base", "gpt-4o-2024-05-13", "--trained", "2024-06-21", "--cost", "1")
        #expect(again.lines == ["added other: generation 1 on openai/gpt-4o@2024-05-13, trained 2024-06-21, cost 1.00 USD"])
    }

    @Test func retrainRecordsACatalogModelWithItsShutdownDateAndSource() throws {
        let s = try Sandbox(now: "2025-02-12")
        try s.ok("sync", "catalog", Self.tourCatalog)
        try s.ok("add", "triage", "--base", "gpt-4o-2024-05-13", "--trained", "2024-06-20", "--cost", "10")
        let r = try s.ok("retrain", "triage", "--base", "gpt-4o-2024-08-06", "--trained", "2025-02-10", "--cost", "20")
        #expect(r.lines.first == "recorded base openai/gpt-4o@2024-08-06 from the catalog (model id gpt-4o-2024-08-06): released unknown, shutdown 2026-02-27 (litellm, read 2025-02-12); input 2.50 USD, output 10.00 USD, fine-tuned input 3.75 USD, fine-tuned output 15.00 USD per 1M tokens (litellm, read 2025-02-12)", "\(r)")
        let show = try s.ok("base", "show", "openai/gpt-4o@2024-08-06", "--format", "json").json()
        #expect(show["shutdown"] as? String == "2026-02-27")
        let history = try #require(show["history"] as? [[String: Any]])
        #expect(history.count == 1)
        #expect(history.first?["source"] as? String == "litellm")
        #expect(history.first?["field"] as? String == "shutdown")
    }

    @Test func aRefTheCatalogKnowsIsRecordedToo() throws {
        let s = try Sandbox(now: "2025-02-12")
        try s.ok("sync", "catalog", Self.tourCatalog)
        let r = try s.ok("add", "triage", "--base", "openai/gpt-4o@2024-05-13", "--trained", "2024-06-20", "--cost", "10")
        #expect(r.lines.first?.hasPrefix("recorded base openai/gpt-4o@2024-05-13 from the catalog (model id gpt-4o-2024-05-13)") == true, "\(r)")
        let other = try s.run("add", "x", "--base", "azure/gpt-4o@2024-05-13", "--trained", "2024-06-20", "--cost", "10")
        expectFailure(other, 65, "'azure/gpt-4o@2024-05-13' is not a known base version", "--create-base")
    }

    @Test func aKeyWrittenAsGivenChoosesTheProvider() throws {
        let s = try Sandbox(now: "2025-02-12")
        let file = s.root.appendingPathComponent("catalog.json")
        try Self.twoProviders.write(to: file, atomically: true, encoding: .utf8)
        try s.ok("sync", "catalog", file.path)
        let openai = try s.ok("add", "a", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "1")
        #expect(openai.lines.last == "added a: generation 1 on openai/gpt-4o@2024-08-06, trained 2024-09-01, cost 1.00 USD", "\(openai)")
        let azure = try s.ok("add", "b", "--base", "azure/gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "1")
        #expect(azure.lines.first?.hasPrefix("recorded base azure/gpt-4o@2024-08-06 from the catalog (model id gpt-4o-2024-08-06)") == true, "\(azure)")
        #expect(azure.lines.last == "added b: generation 1 on azure/gpt-4o@2024-08-06, trained 2024-09-01, cost 1.00 USD", "\(azure)")
    }

    @Test func anUnknownIdSaysHowItReadsAndWhatIsClose() throws {
        let s = try Sandbox(now: "2025-02-12")
        try s.ok("sync", "catalog", Self.tourCatalog)
        let before = try s.snapshot()
        let r = try s.run("add", "x", "--base", "gpt-4o-2024-05-14", "--trained", "2024-09-01", "--cost", "1")
        expectFailure(r, 65, "--base 'gpt-4o-2024-05-14' is not a known base version",
                      "closest known: gpt-4o-2024-05-13", "it reads as openai/gpt-4o@2024-05-14",
                      "'tracker base add openai/gpt-4o@2024-05-14'")
        #expect(!r.stderr.contains("PROVIDER/FAMILY@VERSION"), "\(r)")
        let claude = try s.run("retrain", "x", "--base", "claude-3-5-sonnet-20241022", "--trained", "2024-09-01", "--cost", "1")
        #expect(claude.status == 65)
        let odd = try s.run("add", "x", "--base", "my-model", "--trained", "2024-09-01", "--cost", "1")
        expectFailure(odd, 65, "'tracker base add PROVIDER/FAMILY@VERSION --model-id my-model'")
        let claudeAdd = try s.run("add", "x", "--base", "claude-3-5-sonnet-20241022", "--trained", "2024-09-01", "--cost", "1")
        expectFailure(claudeAdd, 65, "it reads as anthropic/claude-3-5-sonnet@20241022")
        #expect(try s.snapshot() == before, "a failed add changed the database")
    }

    @Test func basesShowTheirCatalogPrices() throws {
        let s = try Sandbox(now: "2025-02-12")
        let file = s.root.appendingPathComponent("catalog.json")
        try Self.twoProviders.write(to: file, atomically: true, encoding: .utf8)
        try s.ok("base", "add", "openai/gpt-4o-mini@2024-07-18")
        try s.ok("base", "add", "acme/private@1")
        try s.ok("sync", "catalog", file.path)
        let list = try s.ok("base", "list", "--format", "json").json()
        let bases = try #require(list["bases"] as? [[String: Any]])
        let mini = try #require(bases.first { $0["ref"] as? String == "openai/gpt-4o-mini@2024-07-18" })
        let prices = try #require(mini["prices"] as? [String: Any])
        let input = try #require(prices["input_per_1m"] as? [String: Any])
        #expect(input["amount"] as? String == "0.15")
        #expect(input["currency"] as? String == "USD")
        #expect(input["source"] as? String == "litellm")
        #expect(input["read_on"] as? String == "2025-02-12")
        #expect((prices["output_per_1m"] as? [String: Any])?["amount"] as? String == "0.60")
        #expect((prices["fine_tuned_input_per_1m"] as? [String: Any])?["amount"] as? String == "0.30")
        #expect((prices["fine_tuned_output_per_1m"] as? [String: Any])?["amount"] as? String == "1.20")
        let acme = try #require(bases.first { $0["ref"] as? String == "acme/private@1" })
        let none = try #require(acme["prices"] as? [String: Any])
        #expect(none["input_per_1m"] is NSNull)

        let show = try s.ok("base", "show", "gpt-4o-mini-2024-07-18")
        #expect(show.lines.contains("input/1M:     0.15 USD (litellm, read 2025-02-12)"), "\(show)")
        #expect(show.lines.contains("ft output/1M: 1.20 USD (litellm, read 2025-02-12)"), "\(show)")
        let showJSON = try s.ok("base", "show", "gpt-4o-mini-2024-07-18", "--format", "json").json()
        #expect(((showJSON["prices"] as? [String: Any])?["output_per_1m"] as? [String: Any])?["amount"] as? String == "0.60")
    }

    @Test func theCatalogSummarySaysWhatChanged() throws {
        let s = try Sandbox(now: "2025-02-12")
        let file = s.root.appendingPathComponent("catalog.json")
        try Self.twoProviders.write(to: file, atomically: true, encoding: .utf8)
        let first = try s.ok("sync", "catalog", file.path)
        #expect(first.lines == ["catalog: 4 chat/completion models read (0 entries skipped); 4 new models, 0 prices changed, 0 shutdown dates changed"], "\(first)")
        let same = try s.ok("sync", "catalog", file.path)
        #expect(same.lines == ["catalog: 4 chat/completion models read (0 entries skipped); 0 new models, 0 prices changed, 0 shutdown dates changed", "nothing new"], "\(same)")
        let moved = Self.twoProviders.replacingOccurrences(of: "\"output_cost_per_token\": 6e-07", with: "\"output_cost_per_token\": 6.5e-07")
            .replacingOccurrences(of: "\"output_cost_per_token\": 1e-05, \"deprecation_date\": \"2026-02-27\"}",
                                  with: "\"output_cost_per_token\": 1e-05, \"deprecation_date\": \"2026-03-27\"}")
        try moved.write(to: file, atomically: true, encoding: .utf8)
        let changed = try s.ok("sync", "catalog", file.path)
        #expect(changed.lines == ["catalog: 4 chat/completion models read (0 entries skipped); 0 new models, 1 price changed, 1 shutdown date changed"], "\(changed)")
        let list = try s.ok("base", "list", "--format", "json")
        #expect(list.status == 0)
    }
}
