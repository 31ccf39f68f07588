import Testing
@testable import TrackerCore

@Suite struct CatalogPricesTests {
    static func row(_ key: String, _ provider: String, _ model: String, ft: Bool = false, in input: Int64?,
                    out output: Int64?, read: String = "2025-02-12") -> CatalogRow {
        CatalogRow(key: key, provider: provider, modelID: model, fineTuned: ft, inputMicroUSDPerMTok: input,
                   outputMicroUSDPerMTok: output, shutdown: nil, source: "litellm", readOn: Day(iso: read))
    }

    @Test(arguments: [
        (Int64(5_000_000), "5.00"), (150_000, "0.15"), (75_000, "0.075"), (1, "0.000001"), (0, "0.00"),
        (1_234_500_000, "1234.50"),
    ])
    func amountsAreExactDecimals(_ micro: Int64, _ text: String) {
        #expect(TokenPrice.amount(microUSD: micro) == text)
    }

    @Test func theBareKeyWinsThenTheSmallestKeyWhateverTheOrder() {
        let rows = [
            Self.row("openai/gpt-x-2024-01-01", "openai", "gpt-x-2024-01-01", in: 1, out: 2),
            Self.row("gpt-x-2024-01-01", "openai", "gpt-x-2024-01-01", in: 3, out: 4),
            Self.row("azure/gpt-x-2024-01-01", "azure", "gpt-x-2024-01-01", in: 5, out: 6),
            Self.row("ft:gpt-x-2024-01-01", "openai", "gpt-x-2024-01-01", ft: true, in: 7, out: nil),
        ]
        for order in [rows, rows.reversed()] {
            let p = BasePrices.from(order, provider: "openai", modelID: "gpt-x-2024-01-01")
            #expect(p.input?.microUSD == 3 && p.output?.microUSD == 4)
            #expect(p.fineTunedInput?.microUSD == 7 && p.fineTunedOutput == nil)
            let azure = BasePrices.from(order, provider: "azure", modelID: "gpt-x-2024-01-01")
            #expect(azure.input?.microUSD == 5 && azure.fineTunedInput == nil)
        }
        let prefixedOnly = BasePrices.from([rows[0], Self.row("openai/z", "openai", "gpt-x-2024-01-01", in: 9, out: 9)],
                                           provider: "openai", modelID: "gpt-x-2024-01-01")
        #expect(prefixedOnly.input?.microUSD == 1, "the smallest key in byte order")
        #expect(BasePrices.from(rows, provider: "acme", modelID: "gpt-x-2024-01-01").isEmpty)
    }

    @Test func catalogIdsReadAsBases() {
        #expect(ModelIDs.baseRef(provider: "openai", modelID: "gpt-4o-2024-05-13")?.description == "openai/gpt-4o@2024-05-13")
        #expect(ModelIDs.baseRef(provider: "anthropic", modelID: "claude-3-5-sonnet-20241022")?.description == "anthropic/claude-3-5-sonnet@20241022")
        #expect(ModelIDs.baseRef(provider: "vertex", modelID: "gemini-2.0-flash-001")?.description == "vertex/gemini-2.0-flash@001")
        #expect(ModelIDs.baseRef(provider: "openai", modelID: "gpt-4o")?.description == "openai/gpt-4o@current")
        #expect(ModelIDs.baseRef(provider: "groq", modelID: "llama-3.1-8b-instant")?.description == "groq/llama-3.1-8b-instant@current")
        #expect(ModelIDs.baseRef(provider: "openai", modelID: "ft:gpt-4o-mini-2024-07-18:acme::x") == nil)
    }

    @Test func unknownIdsAreGuessedForHints() {
        #expect(ModelIDs.guessedRef("gpt-4o-2024-05-14")?.description == "openai/gpt-4o@2024-05-14")
        #expect(ModelIDs.guessedRef("gpt-4-0613")?.description == "openai/gpt-4@0613")
        #expect(ModelIDs.guessedRef("claude-3-5-sonnet-20241022")?.description == "anthropic/claude-3-5-sonnet@20241022")
        #expect(ModelIDs.guessedRef("gemini-1.5-flash-002")?.description == "google/gemini-1.5-flash@002")
        #expect(ModelIDs.guessedRef("my-model") == nil)
        #expect(ModelIDs.guessedRef("gpt-4o") == nil)
    }

    @Test func theCatalogSummaryCountsWhatChanged() {
        var c = CatalogChanges()
        #expect(c.isEmpty)
        #expect(c.summary == "0 new models, 0 prices changed, 0 shutdown dates changed")
        c.newModels = 1
        c.changedPrices = 2
        c.changedDates = 1
        #expect(c.summary == "1 new model, 2 prices changed, 1 shutdown date changed")
    }
}
