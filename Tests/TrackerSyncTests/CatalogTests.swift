import Foundation
import Testing
import TrackerTestKit

/// `tracker sync catalog FILE|URL` with LiteLLM's model_prices_and_context_window.json.
@Suite("LiteLLM catalog")
struct CatalogTests {
    /// Bases known before the catalog is read: two with no shutdown, one
    /// with a shutdown entered by hand.
    static func knownBases(_ s: Sandbox) throws {
        try s.ok(["base", "add", "openai/gpt-4o@2024-08-06", "--released", "2024-08-06"])
        try s.ok(["base", "add", "openai/gpt-4@0613", "--released", "2023-06-13", "--shutdown", "2025-09-01"])
        try s.ok(["base", "add", "anthropic/claude-3-5-sonnet@20241022", "--released", "2024-10-22"])
    }

    static let keptKeys: Set<String> = [
        "gpt-4o-2024-08-06", "gpt-4-0613", "gpt-4o-mini-2024-07-18", "ft:gpt-4o-mini-2024-07-18", "gpt-3.5-turbo-instruct",
        "azure/gpt-4o-2024-08-06", "vertex_ai/gemini-2.0-flash-001", "bedrock/anthropic.claude-3-haiku-20240307-v1:0",
        "claude-3-5-sonnet-20241022", "gpt-4-32k-0314",
    ]

    @Test("a catalog file: exact prices, chat/completion only, shutdowns of known bases only, manual dates kept, idempotent")
    func catalogFile() throws {
        let s = try Sandbox("catalog", now: "2025-01-15")
        try Self.knownBases(s)
        // --dry-run first: reported, nothing stored (prices included).
        let untouched = try s.dump()
        let dry = try s.ok(["sync", "catalog", Fixture.path("litellm-catalog.json"), "--dry-run"])
        #expect(dry.lines.contains("would: openai/gpt-4o@2024-08-06: shutdown 2026-02-27"), "\(dry)")
        #expect(dry.lines.last == "dry run: nothing was changed", "\(dry)")
        #expect(try s.dump() == untouched, "catalog --dry-run changed the database")

        let r = try s.ok(["sync", "catalog", Fixture.path("litellm-catalog.json")])
        #expect(r.lines.first == "catalog: 10 chat/completion models read (4 entries skipped); 10 new models, 0 prices changed, 0 shutdown dates changed", "\(r)")
        #expect(r.lines.contains("openai/gpt-4o@2024-08-06: shutdown 2026-02-27"), "\(r)")
        #expect(r.lines.contains("anthropic/claude-3-5-sonnet@20241022: shutdown 2025-10-22"), "\(r)")
        #expect(r.lines.contains { $0.hasPrefix("openai/gpt-4@0613: source says shutdown 2025-06-06 but 2025-09-01 was entered by hand") }, "\(r)")
        #expect(!r.stdout.contains("new snapshot"), "the catalog must not create bases: \(r)")

        let doc = try s.exported()
        #expect(doc.objects("bases").count == 3, "no new bases from the catalog")
        let rows = doc.objects("catalog")
        #expect(Set(rows.compactMap { $0.string("catalog_key") }) == Self.keptKeys)
        func row(_ key: String) -> [String: Any] { rows.first("catalog_key", key) ?? [:] }

        let gpt4o = row("gpt-4o-2024-08-06")
        #expect(gpt4o.string("provider") == "openai")
        #expect(gpt4o.string("model_id") == "gpt-4o-2024-08-06")
        #expect(gpt4o.string("mode") == "chat")
        #expect(gpt4o.int("fine_tuned") == 0)
        #expect(gpt4o.int("input_micro_per_mtok") == 2_500_000, "2.5e-06 USD/token = 2.5 USD/Mtok")
        #expect(gpt4o.int("output_micro_per_mtok") == 10_000_000)
        #expect(gpt4o.string("shutdown") == "2026-02-27")
        #expect(gpt4o.string("source") == "litellm")
        #expect(gpt4o.string("read_on") == "2025-01-15")

        let ft = row("ft:gpt-4o-mini-2024-07-18")
        #expect(ft.int("fine_tuned") == 1)
        #expect(ft.string("model_id") == "gpt-4o-mini-2024-07-18")
        #expect(ft.int("input_micro_per_mtok") == 300_000)
        #expect(ft.int("output_micro_per_mtok") == 1_200_000)

        #expect(row("gpt-4o-mini-2024-07-18").int("input_micro_per_mtok") == 150_000)
        #expect(row("gpt-4o-mini-2024-07-18").int("output_micro_per_mtok") == 600_000)
        #expect(row("gpt-4-32k-0314").int("output_micro_per_mtok") == 120_000_000)
        #expect(row("gpt-3.5-turbo-instruct").string("mode") == "completion")
        #expect(row("gpt-3.5-turbo-instruct").string("provider") == "openai")
        #expect(row("azure/gpt-4o-2024-08-06").string("provider") == "azure")
        #expect(row("azure/gpt-4o-2024-08-06").string("model_id") == "gpt-4o-2024-08-06")
        let vertex = row("vertex_ai/gemini-2.0-flash-001")
        #expect(vertex.string("provider") == "vertex")
        #expect(vertex.string("model_id") == "gemini-2.0-flash-001")
        #expect(vertex.int("input_micro_per_mtok") == 150_000)
        #expect(vertex.string("shutdown") == "2026-02-05")
        let bedrock = row("bedrock/anthropic.claude-3-haiku-20240307-v1:0")
        #expect(bedrock.string("provider") == "bedrock")
        #expect(bedrock.string("model_id") == "anthropic.claude-3-haiku-20240307-v1:0")
        #expect(bedrock.int("output_micro_per_mtok") == 1_250_000)

        // The shutdown lands on known bases, with its source.
        let known = try s.baseJSON("gpt-4o-2024-08-06")
        #expect(known.string("shutdown") == "2026-02-27")
        #expect(known.objects("history").contains { $0.string("field") == "shutdown" && $0.string("source") == "litellm" && $0.bool("applied") == true })
        // The manual one is kept; the catalog's is history, not applied.
        let manual = try s.baseJSON("gpt-4-0613")
        #expect(manual.string("shutdown") == "2025-09-01")
        #expect(manual.objects("history").contains { $0.string("source") == "litellm" && $0.string("value") == "2025-06-06" && $0.bool("applied") == false })

        // A second load changes nothing and reports no conflict again.
        let before = try s.export()
        let again = try s.ok(["sync", "catalog", Fixture.path("litellm-catalog.json")])
        #expect(again.lines.first == "catalog: 10 chat/completion models read (4 entries skipped); 0 new models, 0 prices changed, 0 shutdown dates changed", "\(again)")
        #expect(again.lines.contains("nothing new"), "\(again)")
        #expect(!again.stdout.contains("source says"), "\(again)")
        #expect(try s.export() == before)
    }

    @Test("a catalog URL served over HTTP loads exactly like the file")
    func catalogURL() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let fromFile = try Sandbox("catalog-file", now: "2025-01-15")
        try Self.knownBases(fromFile)
        let fileRun = try fromFile.ok(["sync", "catalog", Fixture.path("litellm-catalog.json")])

        let fromURL = try Sandbox("catalog-url", now: "2025-01-15")
        try Self.knownBases(fromURL)
        try server.queue(.fixture("litellm-catalog.json"))
        let url = server.base + "/BerriAI/litellm/main/model_prices_and_context_window.json"
        let urlRun = try fromURL.ok(["sync", "catalog", url])
        #expect(urlRun.stdout == fileRun.stdout)
        let requests = try server.requests()
        #expect(requests.count == 1)
        #expect(requests.first?.path == "/BerriAI/litellm/main/model_prices_and_context_window.json")
        #expect(try fromURL.export() == fromFile.export())

        // A failing catalog server: exit 75 after retries, nothing changed.
        let before = try fromURL.dump()
        try server.queue([.status(503), .status(503), .status(503), .status(503)])
        expectFailure(try fromURL.run(["sync", "catalog", url]), 75)
        #expect(try fromURL.dump() == before)
    }

    @Test("a catalog that is not JSON, or not an object of entries: exit 65, nothing changed")
    func badCatalogs() throws {
        let s = try Sandbox("catalog-bad", now: "2025-01-15")
        try Self.knownBases(s)
        let before = try s.dump()
        let notJSON = s.path("broken.json")
        try Data(#"{"gpt-4o": {"mode": "chat", "#.utf8).write(to: URL(fileURLWithPath: notJSON))
        expectFailure(try s.run(["sync", "catalog", notJSON]), 65, "broken.json")
        let notObject = s.path("list.json")
        try Data(#"[{"gpt-4o": {"mode": "chat"}}]"#.utf8).write(to: URL(fileURLWithPath: notObject))
        expectFailure(try s.run(["sync", "catalog", notObject]), 65, "list.json")
        expectFailure(try s.run(["sync", "catalog", s.path("missing.json")]), 66, "missing.json")
        #expect(try s.dump() == before)
    }

    @Test("a file far larger than the limit (100 MB sparse) is refused, nothing changed")
    func hugeCatalogRefused() throws {
        let s = try Sandbox("catalog-huge", now: "2025-01-15")
        try Self.knownBases(s)
        let before = try s.dump()
        let huge = s.path("model_prices_and_context_window.json")
        #expect(FileManager.default.createFile(atPath: huge, contents: Data("{".utf8)))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: huge))
        try handle.truncate(atOffset: 100 * 1024 * 1024)
        try handle.close()
        let started = Date()
        let r = try s.run(["sync", "catalog", huge])
        expectFailure(r, 65, "100 MiB", "64 MiB")
        #expect(Date().timeIntervalSince(started) < 5, "the size check must come before reading")
        #expect(try s.dump() == before)
    }

    /// A provider's model list and the catalog disagree on gpt-4-0613's
    /// shutdown (2026-06-06 vs 2025-06-06). Running both syncs again with
    /// the same answers must settle, not move the date back and forth and
    /// append history rows on every run.
    @Test("provider list and catalog disagreeing: repeated syncs converge instead of flip-flopping")
    func providerAndCatalogConverge() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("catalog-flipflop", now: "2025-01-15")
        let key = ["OPENAI_API_KEY": "sk-test-flipflop-12345678"]
        let openai = ["sync", "openai", "--base-url", server.base]
        let catalog = ["sync", "catalog", Fixture.path("litellm-catalog.json")]
        try server.queue(.fixture("openai-models-1.json"))
        try s.ok(openai, env: key)
        try s.ok(catalog)
        try server.queue(.fixture("openai-models-1.json"))
        try s.ok(openai, env: key)
        try s.ok(catalog)
        // Round two is settled: the same answers again change nothing.
        let settled = try s.export()
        try server.queue(.fixture("openai-models-1.json"))
        let o = try s.ok(openai, env: key)
        let c = try s.ok(catalog)
        #expect(!o.stdout.contains("moved"), "\(o)")
        #expect(!c.stdout.contains("moved"), "\(c)")
        #expect(try s.export() == settled, "the same two answers keep changing the database")
    }

    /// About 4,900 entries / 3.5 MB, like the real file: modes, providers,
    /// route prefixes and the usual capability fields.
    static func syntheticCatalog() -> (json: String, kept: Int) {
        let providers: [(prefix: String, litellm: String)] = [
            ("", "openai"), ("azure/", "azure"), ("vertex_ai/", "vertex_ai-language-models"), ("bedrock/", "bedrock"),
            ("", "anthropic"), ("groq/", "groq"), ("openrouter/", "openrouter"), ("mistral/", "mistral"),
            ("together_ai/", "together_ai"), ("fireworks_ai/", "fireworks_ai"), ("gemini/", "gemini"), ("deepinfra/", "deepinfra"),
        ]
        let modes = ["chat", "chat", "chat", "chat", "chat", "chat", "chat", "completion", "embedding", "image_generation",
                     "audio_transcription", "rerank"]
        var out = "{\n"
        out += """
            "sample_spec": {"input_cost_per_token": 0.0, "litellm_provider": "one of https://docs.litellm.ai/docs/providers", "max_input_tokens": "max input tokens, if the provider specifies it. if not default to max_tokens", "mode": "one of: chat, embedding, completion, image_generation, audio_transcription, audio_speech, image_generation, moderation, rerank, search", "output_cost_per_token": 0.0, "deprecation_date": "date when the model becomes deprecated in the format YYYY-MM-DD"}
            """
        var kept = 0
        for i in 0..<4_900 {
            let p = providers[i % providers.count]
            let mode = modes[(i / providers.count) % modes.count]
            if mode == "chat" || mode == "completion" { kept += 1 }
            let year = 2023 + i % 3, month = 1 + i % 12, day = 1 + i % 28
            let key = "\(p.prefix)model-\(i)-\(year)-\(String(format: "%02d-%02d", month, day))"
            let input = "\(1 + i % 9).\(i % 10)e-0\(6 + i % 3)"
            let output = "\(1 + (i * 7) % 9).\((i * 3) % 10)e-0\(5 + i % 3)"
            var fields = [
                "\"max_tokens\": \(4096 * (1 + i % 8))",
                "\"max_input_tokens\": \(8192 * (1 + i % 16))",
                "\"max_output_tokens\": \(4096 * (1 + i % 4))",
                "\"input_cost_per_token\": \(input)",
                "\"output_cost_per_token\": \(output)",
                "\"cache_read_input_token_cost\": \(1 + i % 5)e-08",
                "\"litellm_provider\": \"\(p.litellm)\"",
                "\"mode\": \"\(mode)\"",
                "\"supports_function_calling\": \(i % 2 == 0)",
                "\"supports_parallel_function_calling\": \(i % 3 == 0)",
                "\"supports_vision\": \(i % 4 == 0)",
                "\"supports_response_schema\": true",
                "\"supports_prompt_caching\": \(i % 5 == 0)",
                "\"supports_system_messages\": true",
                "\"supports_tool_choice\": true",
                "\"supported_modalities\": [\"text\", \"image\"]",
                "\"supported_output_modalities\": [\"text\"]",
                "\"source\": \"https://docs.example.com/\(p.litellm)/pricing\"",
            ]
            if i % 3 == 0 { fields.append("\"supported_endpoints\": [\"/v1/chat/completions\", \"/v1/responses\", \"/v1/batch\"]") }
            if i % 4 == 0 { fields.append("\"search_context_cost_per_query\": {\"search_context_size_high\": 0.05, \"search_context_size_low\": 0.03, \"search_context_size_medium\": 0.035}") }
            if i % 7 == 0 { fields.append("\"deprecation_date\": \"\(year + 2)-\(String(format: "%02d-%02d", month, day))\"") }
            if i % 11 == 0 { fields.append("\"supported_regions\": [\"global\", \"us-east-1\", \"us-west-2\", \"eu-west-1\"]") }
            out += ",\n    \"\(key)\": {" + fields.joined(separator: ", ") + "}"
        }
        out += "\n}\n"
        return (out, kept)
    }

    @Test("performance: a synthetic ~4,900-entry / ~3.5 MB catalog loads in one run; wall time printed")
    func syntheticCatalogLoad() throws {
        let s = try Sandbox("catalog-perf", now: "2025-01-15")
        // Known bases that some synthetic entries date.
        try s.ok(["base", "add", "openai/model-0@2023-01-01", "--model-id", "model-0-2023-01-01", "--released", "2023-01-01"])
        try s.ok(["base", "add", "openai/model-84@2023-01-01", "--model-id", "model-84-2023-01-01", "--released", "2023-01-01"])
        let (json, kept) = Self.syntheticCatalog()
        let file = s.path("model_prices_and_context_window.json")
        try Data(json.utf8).write(to: URL(fileURLWithPath: file))
        let bytes = json.utf8.count
        // For timing other builds by hand on the very same file.
        if let keep = ProcessInfo.processInfo.environment["TRACKER_SYNC_KEEP_CATALOG"], !keep.isEmpty {
            try Data(json.utf8).write(to: URL(fileURLWithPath: keep))
        }
        #expect(bytes > 3_000_000 && bytes < 4_000_000, "synthetic catalog is \(bytes) bytes")

        let started = Date()
        let r = try s.ok(["sync", "catalog", file])
        let seconds = Date().timeIntervalSince(started)
        print("CATALOG-LOAD (this build, in-test): \(String(format: "%.3f", seconds)) s for 4,900 entries (\(kept) kept), \(bytes) bytes")
        #expect(r.lines.first == "catalog: \(kept) chat/completion models read (\(4_900 - kept + 1) entries skipped); \(kept) new models, 0 prices changed, 0 shutdown dates changed", "\(r)")
        #expect(r.lines.contains("openai/model-0@2023-01-01: shutdown 2025-01-01"), "\(r)")
        #expect(r.lines.contains("openai/model-84@2023-01-01: shutdown 2025-01-01"), "\(r)")
        #expect(try s.query("SELECT count(*) FROM catalog_model") == ["\(kept)"])
        #expect(try s.query("SELECT count(DISTINCT read_on) FROM catalog_model") == ["1"])
        #expect(!FileManager.default.fileExists(atPath: s.db + "-journal"), "no transaction left open")
        #expect(seconds < 30, "loading the catalog took \(seconds) s")

        let again = Date()
        let r2 = try s.ok(["sync", "catalog", file])
        print("CATALOG-RELOAD (this build, in-test, nothing changed): \(String(format: "%.3f", Date().timeIntervalSince(again))) s")
        #expect(r2.lines.first?.hasSuffix("0 new models, 0 prices changed, 0 shutdown dates changed") == true, "\(r2)")
    }
}
