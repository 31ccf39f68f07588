import Testing
@testable import TrackerCore

@Suite("LiteLLM catalog and OpenAI fine-tuning jobs")
struct CatalogTests {
    func catalog() throws -> (entries: [CatalogEntry], skipped: [(key: String, reason: String)], refused: [Refusal]) {
        try CatalogParser.parse(SyncFixtures.parse(SyncFixtures.catalog))
    }

    func entry(_ key: String) throws -> CatalogEntry {
        try #require(try catalog().entries.first { $0.key == key }, "no entry \(key)")
    }

    @Test("exact prices, shutdown dates and provider mapping")
    func entries() throws {
        #expect(try entry("gpt-4o-2024-08-06") == CatalogEntry(
            key: "gpt-4o-2024-08-06", provider: "openai", modelID: "gpt-4o-2024-08-06", mode: "chat",
            inputMicroUSDPerMTok: 2_500_000, outputMicroUSDPerMTok: 10_000_000, shutdown: nil, fineTunedBase: nil))
        let azure = try entry("azure/gpt-4o-2024-08-06")
        #expect(azure.provider == "azure" && azure.modelID == "gpt-4o-2024-08-06")
        #expect(azure.inputMicroUSDPerMTok == 2_750_000 && azure.outputMicroUSDPerMTok == 11_000_000)
        #expect(azure.shutdown == day("2026-02-27"))
        let vertex = try entry("vertex_ai/gemini-2.0-flash-001")
        #expect(vertex.provider == "vertex" && vertex.modelID == "gemini-2.0-flash-001")
        #expect(vertex.inputMicroUSDPerMTok == 150_000 && vertex.outputMicroUSDPerMTok == 600_000)
        let bedrock = try entry("bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0")
        #expect(bedrock.provider == "bedrock" && bedrock.modelID == "anthropic.claude-3-5-sonnet-20241022-v2:0")
        let ollama = try entry("ollama/llama3.1")
        #expect(ollama.provider == "ollama" && ollama.modelID == "llama3.1" && ollama.inputMicroUSDPerMTok == 0)
        let claude = try entry("claude-3-5-sonnet-20241022")
        #expect(claude.provider == "anthropic" && claude.shutdown == day("2025-10-22"))
        #expect(claude.inputMicroUSDPerMTok == 3_000_000 && claude.outputMicroUSDPerMTok == 15_000_000)
        let gemini = try entry("gemini/gemini-1.5-pro-002")
        #expect(gemini.provider == "google" && gemini.modelID == "gemini-1.5-pro-002")
        let babbage = try entry("babbage-002")
        #expect(babbage.provider == "openai" && babbage.mode == "completion" && babbage.inputMicroUSDPerMTok == 400_000)
        let mistral = try entry("mistral/mistral-large-2411")
        #expect(mistral.provider == "mistral" && mistral.modelID == "mistral-large-2411")
        let groq = try entry("groq/llama3-8b-8192")
        #expect(groq.provider == "groq" && groq.modelID == "llama3-8b-8192" && groq.inputMicroUSDPerMTok == 50_000)
        #expect(try entry("o1-2024-12-17").outputMicroUSDPerMTok == 60_000_000)
    }

    @Test("ft: entries name their base")
    func fineTunes() throws {
        let ft = try entry("ft:gpt-4o-mini-2024-07-18")
        #expect(ft.fineTunedBase == "gpt-4o-mini-2024-07-18")
        #expect(ft.modelID == "ft:gpt-4o-mini-2024-07-18")
        #expect(ft.inputMicroUSDPerMTok == 300_000 && ft.outputMicroUSDPerMTok == 1_200_000)
        #expect(try entry("gpt-4o-2024-08-06").fineTunedBase == nil)
    }

    @Test("modes, sample_spec and malformed entries are skipped with reasons")
    func skipped() throws {
        let result = try catalog()
        #expect(result.refused.isEmpty, "real keys pass the id rules: \(result.refused.map(\.message))")
        let reasons = Dictionary(result.skipped.map { ($0.key, $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(reasons["sample_spec"] == "sample_spec documents the format; not a model")
        #expect(reasons["text-embedding-3-small"] == "text-embedding-3-small: mode 'embedding' is not chat or completion")
        #expect(reasons["dall-e-3"]?.contains("image_generation") == true)
        #expect(reasons["whisper-1"]?.contains("audio_transcription") == true)
        #expect(reasons["bad-price"] == "bad-price.input_cost_per_token: expected a number, found a string")
        #expect(reasons["negative-price"]?.hasPrefix("negative-price.input_cost_per_token: -1e-06 is not a price") == true)
        #expect(reasons["bad-date"] == "bad-date.deprecation_date: expected YYYY-MM-DD, found 'soon'")
        #expect(reasons["no-mode"] == "no-mode.mode: missing")
        #expect(reasons["no-provider"] == "no-provider.litellm_provider: missing")
        #expect(reasons["not-an-object"] == "not-an-object: expected an object, found an array")
        #expect(result.entries.count == 12)
        #expect(result.entries.count + result.skipped.count == 22)
        #expect(result.entries.allSatisfy { CatalogParser.keptModes.contains($0.mode) })
        #expect(result.entries.first?.key == "gpt-4o-2024-08-06")
    }

    @Test("the top level must be an object; duplicates: last wins")
    func topLevel() throws {
        #expect(throws: ShapeError("top level: expected an object of model entries, found an array")) {
            _ = try CatalogParser.parse(try SyncFixtures.parse("[]"))
        }
        let dup = try CatalogParser.parse(try SyncFixtures.parse(#"""
        {"m": {"mode": "chat", "litellm_provider": "openai", "input_cost_per_token": 1e-06},
         "n": {"mode": "chat", "litellm_provider": "openai"},
         "m": {"mode": "chat", "litellm_provider": "openai", "input_cost_per_token": 2e-06}}
        """#))
        #expect(dup.entries.map(\.key) == ["n", "m"])
        #expect(dup.entries[1].inputMicroUSDPerMTok == 2_000_000)
        #expect(try CatalogParser.parse(.object(JSONObject([]))).entries.isEmpty)
    }

    @Test("provider names and route prefixes")
    func providers() {
        #expect(CatalogParser.provider(litellm: "vertex_ai-anthropic_models") == "vertex")
        #expect(CatalogParser.provider(litellm: "Azure_Text") == "azure")
        #expect(CatalogParser.provider(litellm: "azure_ai") == "azure_ai")
        #expect(CatalogParser.provider(litellm: "bedrock_converse") == "bedrock")
        #expect(CatalogParser.provider(litellm: "DeepSeek") == "deepseek")
        #expect(CatalogParser.modelID(key: "openrouter/anthropic/claude-3.5-sonnet", provider: "openrouter") == "anthropic/claude-3.5-sonnet")
        #expect(CatalogParser.modelID(key: "anthropic/claude-x", provider: "openrouter") == "anthropic/claude-x")
        #expect(CatalogParser.modelID(key: "gpt-4o", provider: "openai") == "gpt-4o")
    }

    @Test("region- and deployment-prefixed keys map to the underlying model id", arguments: [
        ("bedrock/us-gov-east-1/anthropic.claude-3-haiku-20240307-v1:0", "bedrock", "anthropic.claude-3-haiku-20240307-v1:0"),
        ("bedrock/us-gov-west-1/anthropic.claude-3-5-sonnet-20240620-v1:0", "bedrock", "anthropic.claude-3-5-sonnet-20240620-v1:0"),
        ("us-gov-east-1/anthropic.claude-3-haiku-20240307-v1:0", "bedrock", "anthropic.claude-3-haiku-20240307-v1:0"),
        ("bedrock/eu-west-3/mistral.mistral-large-2402-v1:0", "bedrock", "mistral.mistral-large-2402-v1:0"),
        ("bedrock/us-east-1/1-month-commitment/anthropic.claude-instant-v1", "bedrock", "anthropic.claude-instant-v1"),
        ("bedrock/invoke/anthropic.claude-3-5-sonnet-20240620-v1:0", "bedrock", "anthropic.claude-3-5-sonnet-20240620-v1:0"),
        ("us.anthropic.claude-3-haiku-20240307-v1:0", "bedrock", "anthropic.claude-3-haiku-20240307-v1:0"),
        ("apac.anthropic.claude-3-5-sonnet-20240620-v1:0", "bedrock", "anthropic.claude-3-5-sonnet-20240620-v1:0"),
        ("bedrock/anthropic.claude-3-haiku-20240307-v1:0", "bedrock", "anthropic.claude-3-haiku-20240307-v1:0"),
        ("azure/eu/gpt-4o-2024-08-06", "azure", "gpt-4o-2024-08-06"),
        ("azure/us/gpt-4o-2024-11-20", "azure", "gpt-4o-2024-11-20"),
        ("azure/global-standard/gpt-4o-2024-08-06", "azure", "gpt-4o-2024-08-06"),
        ("azure/global/gpt-4o-2024-08-06", "azure", "gpt-4o-2024-08-06"),
        ("vertex_ai/claude-3-5-sonnet@20240620", "vertex", "claude-3-5-sonnet@20240620"),
        ("vertex_ai/us-central1/gemini-2.0-flash-001", "vertex", "gemini-2.0-flash-001"),
        // Not places: publishers, names, other providers.
        ("vertex_ai/meta/llama3-405b-instruct-maas", "vertex", "meta/llama3-405b-instruct-maas"),
        ("openrouter/us-east-1/x", "openrouter", "us-east-1/x"),
        ("azure/gpt-4o-2024-08-06", "azure", "gpt-4o-2024-08-06"),
        ("bedrock/us-east-1", "bedrock", "us-east-1"),
    ])
    func placedKeys(key: String, provider: String, modelID: String) {
        #expect(CatalogParser.modelID(key: key, provider: provider) == modelID)
    }

    @Test("one key per model: bare, then provider-prefixed, then region or deployment, then byte order")
    func placedKeyRank() {
        let gov = Self.catalogEntry("bedrock/us-gov-east-1/anthropic.claude-3-haiku-20240307-v1:0", "bedrock", shutdown: "2026-01-01")
        let routed = Self.catalogEntry("bedrock/anthropic.claude-3-haiku-20240307-v1:0", "bedrock", shutdown: "2026-02-01")
        let bare = Self.catalogEntry("anthropic.claude-3-haiku-20240307-v1:0", "bedrock", shutdown: "2026-03-01")
        let profile = Self.catalogEntry("us.anthropic.claude-3-haiku-20240307-v1:0", "bedrock", shutdown: "2026-04-01")
        for entries in [[gov, routed, bare, profile], [profile, bare, routed, gov], [gov, profile, routed]] {
            let chosen = CatalogParser.shutdownSources(entries).chosen
            #expect(chosen.count == 1)
            let expected = entries.contains(bare) ? bare.key : routed.key
            #expect(chosen.first?.key == expected, "\(entries.map(\.key))")
        }
        // Only region-prefixed keys: the first in byte order.
        let west = Self.catalogEntry("bedrock/us-gov-west-1/anthropic.claude-3-haiku-20240307-v1:0", "bedrock", shutdown: "2026-05-01")
        #expect(CatalogParser.shutdownSources([west, gov]).chosen.map(\.key) == [gov.key])
        #expect(CatalogParser.prefixCount(bare) == 0 && CatalogParser.prefixCount(routed) == 1)
        #expect(CatalogParser.prefixCount(gov) == 2 && CatalogParser.prefixCount(profile) == 1)
    }

    // MARK: One key per model

    static func catalogEntry(_ key: String, _ provider: String = "openai", shutdown: String?) -> CatalogEntry {
        CatalogEntry(key: key, provider: provider, modelID: CatalogParser.modelID(key: key, provider: provider), mode: "chat",
                     inputMicroUSDPerMTok: nil, outputMicroUSDPerMTok: nil, shutdown: shutdown.flatMap { Day(iso: $0) },
                     fineTunedBase: nil)
    }

    @Test("one key per model gives a base its shutdown date, whatever the file order")
    func oneKeyPerModel() {
        let bare = Self.catalogEntry("gpt-x-2024-01-01", shutdown: "2027-01-01")
        let prefixed = Self.catalogEntry("openai/gpt-x-2024-01-01", shutdown: "2026-12-01")
        let other = Self.catalogEntry("text-completion-openai/gpt-x-2024-01-01", shutdown: "2026-12-01")
        let undated = Self.catalogEntry("gpt-y", shutdown: nil)
        let azure = Self.catalogEntry("azure/gpt-x-2024-01-01", "azure", shutdown: "2026-06-01")
        for entries in [[bare, prefixed, other, undated, azure], [azure, other, prefixed, undated, bare]] {
            let (chosen, conflicts) = CatalogParser.shutdownSources(entries)
            #expect(Set(chosen.map(\.key)) == ["gpt-x-2024-01-01", "azure/gpt-x-2024-01-01"])
            #expect(conflicts.count == 1)
            #expect(conflicts.first?.chosen.key == "gpt-x-2024-01-01")
            #expect(conflicts.first?.others.map(\.key) == ["openai/gpt-x-2024-01-01", "text-completion-openai/gpt-x-2024-01-01"])
            #expect(conflicts.first?.message == "catalog keys 'gpt-x-2024-01-01', 'openai/gpt-x-2024-01-01' and "
                + "'text-completion-openai/gpt-x-2024-01-01' name one openai model, gpt-x-2024-01-01, with different shutdown dates "
                + "(2027-01-01, 2026-12-01, 2026-12-01); used 2027-01-01 from 'gpt-x-2024-01-01' (a bare key wins over a "
                + "provider-prefixed one, then over one with region or deployment prefixes, then the first in byte order)")
        }
        // Without a bare key, the smallest key wins; the same date twice is no conflict.
        let (chosen, conflicts) = CatalogParser.shutdownSources([other, prefixed])
        #expect(chosen.map(\.key) == ["openai/gpt-x-2024-01-01"])
        #expect(conflicts.isEmpty)
    }

    // MARK: OpenAI fine-tuning jobs

    @Test("fine-tuning job pages")
    func jobs() throws {
        let page = try OpenAIJobs.page(SyncFixtures.parse(SyncFixtures.fineTuningJobs))
        #expect(page.hasMore)
        #expect(page.lastID == "ftjob-ghi789")
        #expect(page.jobs.count == 3)
        #expect(page.jobs[0] == OpenAIJob(
            id: "ftjob-abc123", baseModel: "gpt-4o-mini-2024-07-18",
            fineTunedModel: "ft:gpt-4o-mini-2024-07-18:my-org:custom-suffix:9xYz", suffix: "custom-suffix",
            status: "succeeded", createdAt: day("2024-07-23"), finishedAt: day("2024-07-23"),
            trainedTokens: 5768, trainingFile: "file-abc"))
        #expect(page.jobs[1] == OpenAIJob(
            id: "ftjob-def456", baseModel: "gpt-4o-2024-08-06", fineTunedModel: nil, suffix: "draft",
            status: "running", createdAt: day("2024-08-07"), finishedAt: nil, trainedTokens: nil, trainingFile: "file-def"))
        #expect(page.jobs[2].suffix == nil)
        #expect(page.jobs[2].trainedTokens == 120_000)
        #expect(ModelIDs.openAI(page.jobs[2].fineTunedModel!) == ParsedModelID(family: "gpt-3.5-turbo", version: "0125", kind: .fineTune))
    }

    @Test("a bare array of jobs is one complete page")
    func bareArray() throws {
        let page = try OpenAIJobs.page(SyncFixtures.parse(#"[{"id":"ftjob-1","model":"gpt-4o-mini-2024-07-18","status":"queued"}]"#))
        #expect(!page.hasMore && page.lastID == "ftjob-1")
        #expect(page.jobs[0].createdAt == nil && page.jobs[0].fineTunedModel == nil)
        let empty = try OpenAIJobs.page(SyncFixtures.parse("[]"))
        #expect(empty.jobs.isEmpty && empty.lastID == nil && !empty.hasMore)
    }

    @Test("job shapes name their path")
    func jobShapes() throws {
        func message(_ text: String) -> String? {
            do {
                _ = try OpenAIJobs.page(try SyncFixtures.parse(text))
                return nil
            } catch let error as ShapeError {
                return error.message
            } catch {
                return "not a ShapeError: \(error)"
            }
        }
        #expect(message("5") == "top level: expected an object or an array of jobs, found a number")
        #expect(message(#"{"data":[{"id":"j","status":"queued"}]}"#) == "data[0].model: missing (expected a string)")
        #expect(message(#"[{"id":"j","model":"m","status":"queued","trained_tokens":"many"}]"#) == "[0].trained_tokens: expected an integer, found a string")
        #expect(message(#"[{"id":"j","model":"m","status":"queued","finished_at":-99999999999999}]"#) == "[0].finished_at: -99999999999999 is not a Unix time in seconds")
        #expect(message(#"{"data":[],"has_more":1}"#) == "has_more: expected a boolean, found a number")
        #expect(OpenAIJobs.suffix(ofFineTunedModel: "ft:gpt-4o:org:sfx:id") == "sfx")
        #expect(OpenAIJobs.suffix(ofFineTunedModel: "ft:gpt-4o:org::id") == nil)
        #expect(OpenAIJobs.suffix(ofFineTunedModel: "gpt-4o") == nil)
    }
}
