import Foundation
import Testing
import TrackerTestKit

/// Version order from the snapshot id, non-chat models left out, and
/// `sync --quiet`, through the built binary against http_server.py
/// answering with real model ids (Fixtures/*-real.json).
@Suite("version order, skipped models, quiet sync")
struct VersionOrderSyncTests {
    static let key = ["OPENAI_API_KEY": "sk-test-openai-7f3a9c1e55", "GEMINI_API_KEY": "gm-test-gemini-4b1d"]

    @Test("openai: 0314 < 0613 whatever created says; release day from the id; non-chat ids skipped and listed with --verbose")
    func openAI() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("order-openai", now: "2026-11-29")
        try server.queue(.fixture("openai-models-real.json"))
        let r = try s.ok(["sync", "openai", "--base-url", server.base, "--verbose"], env: Self.key)
        #expect(r.lines.first == "openai: 19 models read (11 not chat or completion skipped)", "\(r)")
        for line in ["new snapshot openai/gpt-4@0314 (released 2023-03-14)",
                     "new snapshot openai/gpt-4@0613 (released 2023-06-13)",
                     "new snapshot openai/gpt-4o@2024-08-06 (released 2024-08-06)",
                     "new snapshot openai/gpt-4o@2024-11-20 (released 2024-11-20)",
                     "new snapshot openai/gpt-3.5-turbo@1106 (released 2023-11-06)",
                     "new snapshot openai/gpt-3.5-turbo@0125 (released 2024-01-25)",
                     "skipped 'tts-1-1106': text-to-speech",
                     "skipped 'whisper-1': transcription",
                     "skipped 'dall-e-3': image",
                     "skipped 'gpt-image-1': image",
                     "skipped 'sora-2': video",
                     "skipped 'text-embedding-3-large': embedding",
                     "skipped 'omni-moderation-latest': moderation",
                     "skipped 'gpt-4o-realtime-preview-2024-12-17': realtime/audio",
                     "skipped 'gpt-4o-audio-preview-2024-12-17': realtime/audio"] {
            #expect(r.lines.contains(line), "missing \"\(line)\": \(r)")
        }
        let bases = try s.exported().objects("bases")
        #expect(bases.count == 8, "\(bases.map { $0.string("model_id") ?? "?" })")
        for id in ["tts-1", "tts-1-1106", "whisper-1", "dall-e-3", "text-embedding-3-large", "omni-moderation-latest",
                   "gpt-4o-realtime-preview-2024-12-17", "gpt-image-1", "sora-2"] {
            #expect(!bases.contains { $0.string("model_id") == id }, "\(id) became a base")
        }
        // Supersession follows the id: 0314 is superseded by 0613, never the reverse.
        #expect(try s.baseJSON("gpt-4-0314").string("superseded_by") == "openai/gpt-4@0613")
        #expect(try s.baseJSON("gpt-4-0613").string("superseded_by") == nil)
        #expect(try s.baseJSON("gpt-3.5-turbo-1106").string("superseded_by") == "openai/gpt-3.5-turbo@0125")
        // base list orders a family by the id.
        let list = try s.ok(["base", "list", "--format", "json"]).json().objects("bases").compactMap { $0.string("ref") }
        #expect(list.firstIndex(of: "openai/gpt-4@0314")! < list.firstIndex(of: "openai/gpt-4@0613")!, "\(list)")
        #expect(list.firstIndex(of: "openai/gpt-3.5-turbo@1106")! < list.firstIndex(of: "openai/gpt-3.5-turbo@0125")!, "\(list)")

        // Without --verbose: the count, not the list.
        try server.queue(.fixture("openai-models-real.json"))
        let again = try s.ok(["sync", "openai", "--base-url", server.base], env: Self.key)
        #expect(again.lines == ["openai: 19 models read (11 not chat or completion skipped)", "nothing new"], "\(again)")

        // A fine-tune on 0613 is not "superseded by" the older 0314.
        try s.ok(["add", "legacy-bot", "--base", "gpt-4-0613", "--trained", "2023-09-01", "--cost", "10", "--retrain-every", "never"])
        try s.ok(["add", "older-bot", "--base", "gpt-4-0314", "--trained", "2023-05-01", "--cost", "10", "--retrain-every", "never"])
        let due = try s.due()
        #expect(due["legacy-bot"] == nil, "\(due)")
        let older = try #require(due["older-bot"], "\(due.keys)")
        #expect(older.objects("reasons").first("code", "base-superseded")?.string("successor") == "openai/gpt-4@0613")
    }

    @Test("gemini: @001 -> @002 first seen the same day is superseded; previews by their day; non-generateContent skipped")
    func gemini() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("order-gemini", now: "2026-11-29")
        try server.queue(.fixture("gemini-models-real.json"))
        let r = try s.ok(["sync", "gemini", "--base-url", server.base, "--verbose"], env: Self.key)
        #expect(r.lines.first == "gemini: 9 models read (5 not chat or completion skipped)", "\(r)")
        for line in ["skipped 'text-embedding-004': embedding",
                     "skipped 'imagen-3.0-generate-002': image",
                     "skipped 'veo-2.0-generate-001': video",
                     "skipped 'gemini-2.5-flash-preview-tts': text-to-speech",
                     "skipped 'aqa': no generateContent"] {
            #expect(r.lines.contains(line), "missing \"\(line)\": \(r)")
        }
        #expect(try s.baseJSON("google/gemini-1.5-flash@001").string("superseded_by") == "google/gemini-1.5-flash@002")
        #expect(try s.baseJSON("google/gemini-1.5-flash@002").string("superseded_by") == nil)
        #expect(try s.baseJSON("google/gemini-2.5-flash-preview@04-17").string("superseded_by") == "google/gemini-2.5-flash-preview@05-20")
        try s.ok(["add", "flash-bot", "--base", "google/gemini-1.5-flash@001", "--trained", "2026-10-01", "--cost", "10",
                  "--retrain-every", "never"])
        let item = try #require(try s.due()["flash-bot"])
        #expect(item.objects("reasons").first("code", "base-superseded")?.string("successor") == "google/gemini-1.5-flash@002")
    }

    @Test("ollama: embedding families and *embed* tags are not bases")
    func ollama() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("order-ollama", now: "2026-11-29")
        try server.queue(.fixture("ollama-tags-real.json"))
        let r = try s.ok(["sync", "ollama", "--base-url", server.base, "--verbose"])
        #expect(r.lines.first == "ollama: 3 models read (2 not chat or completion skipped)", "\(r)")
        #expect(r.lines.contains("skipped 'nomic-embed-text:latest': embedding"), "\(r)")
        #expect(r.lines.contains("skipped 'mxbai-embed-large:latest': embedding"), "\(r)")
        let bases = try s.exported().objects("bases").compactMap { $0.string("model_id") }
        #expect(bases == ["llama3.1:8b"], "\(bases)")
    }

    @Test("sync --quiet prints nothing when nothing changed, the changes when something did, warnings on stderr")
    func quiet() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("quiet", now: "2026-11-29")
        let sync = ["sync", "openai", "--base-url", server.base, "--quiet"]
        try server.queue(.fixture("openai-models-real.json"))
        let first = try s.ok(sync, env: Self.key)
        #expect(first.lines.contains("new snapshot openai/gpt-4@0613 (released 2023-06-13)"), "\(first)")
        try server.queue(.fixture("openai-models-real.json"))
        let second = try s.ok(sync, env: Self.key)
        #expect(second.stdout.isEmpty && second.stderr.isEmpty, "\(second)")
        // A refused entry still warns on stderr; stdout stays empty (the
        // rest of the list is the same, so nothing is gone either).
        let real = try #require(try Fixture.json("openai-models-real.json") as? [String: Any])
        let models = try #require(real["data"] as? [[String: Any]])
        try server.queue(.json(try openAIModelList(models + [
            ["id": "", "object": "model", "created": 1686588896, "owned_by": "openai"],
        ])))
        let third = try s.ok(sync, env: Self.key)
        #expect(third.stdout.isEmpty, "\(third)")
        #expect(third.stderr.contains("warning: skipped model data[\(models.count)] '': id is empty"), "\(third)")
        // A failure is still an error.
        try server.queue(.status(401))
        let failed = try s.run(sync, env: Self.key)
        #expect(failed.status == 78, "\(failed)")
        #expect(failed.stdout.isEmpty && failed.stderr.hasPrefix("error: "), "\(failed)")
        // Catalog: the same file twice; the second is silent.
        let catalog = Fixture.path("litellm-catalog.json")
        _ = try s.ok(["sync", "catalog", catalog, "--quiet"])
        let again = try s.ok(["sync", "catalog", catalog, "--quiet"])
        #expect(again.stdout.isEmpty, "\(again)")
        let both = try s.run(["sync", "openai", "--quiet", "--verbose"])
        #expect(both.status == 64 && both.stderr.contains("--quiet and --verbose"), "\(both)")
    }

    @Test("catalog: region- and deployment-prefixed keys reach the base (date and prices), one key chosen")
    func placedCatalogKeys() throws {
        let s = try Sandbox("placed-keys", now: "2025-06-01")
        try s.ok(["base", "add", "azure/gpt-4o@2024-08-06", "--model-id", "gpt-4o-2024-08-06", "--released", "2024-08-06"])
        try s.ok(["base", "add", "bedrock/claude-3-haiku@20240307", "--model-id", "anthropic.claude-3-haiku-20240307-v1:0",
                  "--released", "2024-03-07"])
        let r = try s.ok(["sync", "catalog", Fixture.path("litellm-catalog-placed.json"), "--verbose"])
        #expect(r.lines.first == "catalog: 5 chat/completion models read (2 entries skipped); 5 new models, 0 prices changed, 0 shutdown dates changed", "\(r)")
        #expect(r.lines.contains("azure/gpt-4o@2024-08-06: shutdown 2026-02-27"), "\(r)")
        #expect(r.lines.contains("skipped 'azure/text-embedding-3-large': mode 'embedding' is not chat or completion"), "\(r)")
        let azure = try s.baseJSON("azure/gpt-4o@2024-08-06")
        #expect(azure.string("shutdown") == "2026-02-27")
        // The two azure keys agree: no conflict warning.
        #expect(!r.stderr.contains("catalog keys"), "\(r)")
        // Prices are kept per key under the underlying model id, so they meet the base.
        let rows = try s.query("SELECT catalog_key || '|' || provider || '|' || model_id FROM catalog_model ORDER BY catalog_key")
        #expect(rows == [
            "azure/eu/gpt-4o-2024-08-06|azure|gpt-4o-2024-08-06",
            "azure/global-standard/gpt-4o-2024-08-06|azure|gpt-4o-2024-08-06",
            "bedrock/us-gov-east-1/anthropic.claude-3-haiku-20240307-v1:0|bedrock|anthropic.claude-3-haiku-20240307-v1:0",
            "us.anthropic.claude-3-haiku-20240307-v1:0|bedrock|anthropic.claude-3-haiku-20240307-v1:0",
            "vertex_ai/claude-3-haiku@20240307|vertex|claude-3-haiku@20240307",
        ], "\(rows)")
        // The same catalog again: nothing new, and --quiet prints nothing.
        let again = try s.ok(["sync", "catalog", Fixture.path("litellm-catalog-placed.json"), "--quiet"])
        #expect(again.stdout.isEmpty, "\(again)")
    }
}
