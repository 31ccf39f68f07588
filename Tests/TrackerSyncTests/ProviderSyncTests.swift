import Foundation
import Testing
import TrackerTestKit

/// `tracker sync openai|anthropic|gemini|ollama` against http_server.py
/// answering with the documented response shapes (Fixtures/).
@Suite("provider model lists")
struct ProviderSyncTests {
    static let openAIKey = "sk-test-openai-7f3a9c1e55"

    @Test("openai: snapshots, shutdown dates, idempotence, supersession, moved dates and manual-date conflicts")
    func openAI() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("openai", now: "2025-01-15")
        let key = ["OPENAI_API_KEY": Self.openAIKey]
        let sync = ["sync", "openai", "--base-url", server.base]

        // 1. The first answer.
        try server.queue(.fixture("openai-models-1.json"))
        let first = try s.ok(sync, env: key)
        let requests = try server.requests()
        #expect(requests.count == 1)
        #expect(requests.first?.method == "GET")
        #expect(requests.first?.route == "/v1/models")
        #expect(requests.first?.headers["authorization"] == "Bearer \(Self.openAIKey)")
        #expect(first.lines.first == "openai: 7 models read (1 fine-tuned id left to 'tracker import openai-jobs'; 1 not chat or completion skipped)", "\(first)")
        for line in ["new snapshot openai/gpt-4o@2024-05-13 (released 2024-05-13)",
                     "new snapshot openai/gpt-4o@2024-08-06 (released 2024-08-06)",
                     "new snapshot openai/gpt-4@0613 (released 2023-06-13)",
                     "new snapshot openai/gpt-4o-mini@2024-07-18 (released 2024-07-18)",
                     "kept as their own family (no naming rule matched): acme/Router-V2"] {
            #expect(first.lines.contains(line), "missing \"\(line)\": \(first)")
        }
        #expect(!first.stdout.contains("ft:"), "fine-tuned ids are skipped, not recorded: \(first)")
        let bases = try s.exported().objects("bases")
        #expect(bases.count == 5, "5 snapshots, no fine-tune, no whisper-1: \(bases.map { $0.string("model_id") ?? "?" })")
        #expect(!bases.contains { $0.string("model_id") == "whisper-1" }, "transcription is not a base")
        #expect(!bases.contains { ($0.string("model_id") ?? "").hasPrefix("ft:") })
        #expect(!bases.contains { $0.string("family") == "gpt-4o-mini-2024-07-18" })
        // The unrecognized id is its own family, dated by `created`.
        let router = try s.baseJSON("acme/Router-V2")
        #expect(router.string("ref") == "openai/acme/Router-V2@current")
        // shutdown_date is recorded with its source and the day it was read.
        let gpt4 = try s.baseJSON("gpt-4-0613")
        #expect(gpt4.string("ref") == "openai/gpt-4@0613")
        #expect(gpt4.string("shutdown") == "2026-06-06")
        let shutdownRows = gpt4.objects("history").filter { $0.string("field") == "shutdown" }
        #expect(shutdownRows.count == 1)
        #expect(shutdownRows.first?.string("value") == "2026-06-06")
        #expect(shutdownRows.first?.string("source") == "openai")
        #expect(shutdownRows.first?.string("recorded") == "2025-01-15")
        #expect(shutdownRows.first?.bool("applied") == true)

        // 2. The same answer again changes nothing.
        let exportBefore = try s.export()
        try server.queue(.fixture("openai-models-1.json"))
        let again = try s.ok(sync, env: key)
        #expect(again.lines.contains("nothing new"), "\(again)")
        #expect(!again.stdout.contains("new snapshot"), "\(again)")
        #expect(try s.export() == exportBefore, "a repeated sync changed the export")

        // 3. A fine-tune on gpt-4o-2024-08-06 and a shutdown day entered by hand.
        try s.ok(["add", "support-bot", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "100",
                  "--retrain-every", "never"])
        try s.ok(["base", "set", "gpt-4o-2024-08-06", "--shutdown", "2025-04-01"])

        // 4. The second answer: a new gpt-4o snapshot, a moved date, a conflicting date.
        s.now = "2025-01-20"
        try server.queue(.fixture("openai-models-2.json"))
        let second = try s.ok(sync, env: key)
        for line in ["new snapshot openai/gpt-4o@2024-11-20 (released 2024-11-20)",
                     "openai/gpt-4@0613: shutdown moved from 2026-06-06 to 2026-09-30",
                     "now due: support-bot (base-superseded)"] {
            #expect(second.lines.contains(line), "missing \"\(line)\": \(second)")
        }
        let conflict = second.lines.filter { $0.hasPrefix("openai/gpt-4o@2024-08-06: source says shutdown 2026-04-30 but 2025-04-01 was entered by hand") }
        #expect(conflict.count == 1, "the conflict is reported: \(second)")

        // The manual date stands; the provider's is kept in the history, not applied.
        let manual = try s.baseJSON("gpt-4o-2024-08-06")
        #expect(manual.string("shutdown") == "2025-04-01")
        let providerRow = manual.objects("history").first { $0.string("source") == "openai" && $0.string("field") == "shutdown" }
        #expect(providerRow?.string("value") == "2026-04-30")
        #expect(providerRow?.bool("applied") == false)
        #expect(providerRow?.string("recorded") == "2025-01-20")
        #expect(try s.baseJSON("gpt-4-0613").string("shutdown") == "2026-09-30")

        // `due` uses the manual date and names the successor.
        let due = try s.due()
        let item = try #require(due["support-bot"], "support-bot is due: \(due.keys)")
        #expect(item.string("deadline") == "2025-04-01")
        let reasons = item.objects("reasons")
        #expect(reasons.first("code", "base-superseded")?.string("successor") == "openai/gpt-4o@2024-11-20")
        #expect(reasons.contains { $0.string("date") == "2025-04-01" }, "\(reasons)")
        #expect(!reasons.contains { $0.string("date") == "2026-04-30" }, "the provider's date must not be used: \(reasons)")

        // 5. The same second answer again: nothing new, the conflict is not reported again.
        let exportAfter = try s.export()
        try server.queue(.fixture("openai-models-2.json"))
        let third = try s.ok(sync, env: key)
        #expect(third.lines.contains("nothing new"), "\(third)")
        #expect(!third.stdout.contains("source says"), "the conflict was reported twice: \(third)")
        #expect(!third.stdout.contains("now due"), "\(third)")
        #expect(try s.export() == exportAfter)
    }

    @Test("anthropic: has_more/last_id paging with after_id, x-api-key and anthropic-version, lifecycle dates")
    func anthropic() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("anthropic", now: "2026-03-01")
        let key = "sk-ant-test-0123456789abcdef"
        try server.queue(.fixture("anthropic-models-page1.json"), .fixture("anthropic-models-page2.json"))
        let r = try s.ok(["sync", "anthropic", "--base-url", server.base], env: ["ANTHROPIC_API_KEY": key])
        #expect(r.lines.first == "anthropic: 5 models read", "\(r)")

        let requests = try server.requests()
        #expect(requests.count == 2)
        #expect(requests.allSatisfy { $0.route == "/v1/models" })
        #expect(requests.first?.query["after_id"] == nil)
        #expect(requests.last?.query["after_id"] == "claude-3-5-sonnet-20241022")
        for q in requests {
            #expect(q.headers["x-api-key"] == key)
            #expect(q.headers["anthropic-version"] == "2023-06-01")
            #expect(q.headers["authorization"] == nil, "the key goes in x-api-key only")
        }

        let sonnet35 = try s.baseJSON("claude-3-5-sonnet-20241022")
        #expect(sonnet35.string("ref") == "anthropic/claude-3-5-sonnet@20241022")
        #expect(sonnet35.string("released") == "2024-10-22")
        #expect(sonnet35.string("deprecated") == "2025-08-13")
        #expect(sonnet35.string("shutdown") == "2025-10-22")
        let sources = Set(sonnet35.objects("history").compactMap { $0.string("source") })
        #expect(sources == ["anthropic"])
        #expect(Set(sonnet35.objects("history").compactMap { $0.string("field") }) == ["released", "deprecated", "shutdown"])

        let opus3 = try s.baseJSON("claude-3-opus-20240229")
        #expect(opus3.string("deprecated") == "2025-06-30")
        #expect(opus3.string("shutdown") == "2026-01-05")

        // An undated id: its own family, versioned by its release day.
        let sonnet46 = try s.baseJSON("claude-sonnet-4-6")
        #expect(sonnet46.string("ref") == "anthropic/claude-sonnet-4-6@current")
        #expect(sonnet46.string("released") == "2026-02-17")
        #expect(sonnet46.isNull("shutdown"))
        #expect(try s.baseJSON("claude-opus-4-1-20250805").string("ref") == "anthropic/claude-opus-4-1@20250805")

        // Idempotent across pages too.
        let before = try s.export()
        try server.queue(.fixture("anthropic-models-page1.json"), .fixture("anthropic-models-page2.json"))
        let again = try s.ok(["sync", "anthropic", "--base-url", server.base], env: ["ANTHROPIC_API_KEY": key])
        #expect(again.lines.contains("nothing new"), "\(again)")
        #expect(try s.export() == before)
    }

    @Test("gemini: nextPageToken paging, x-goog-api-key, models/ names, provider google")
    func gemini() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("gemini", now: "2025-03-01")
        let key = "AIzaSy-test-0123456789abcdef"
        try server.queue(.fixture("gemini-models-page1.json"), .fixture("gemini-models-page2.json"))
        let r = try s.ok(["sync", "gemini", "--base-url", server.base], env: ["GEMINI_API_KEY": key])
        #expect(r.lines.first == "gemini: 4 models read (1 not chat or completion skipped)", "\(r)")
        #expect(r.lines.contains("new snapshot google/gemini-2.0-flash@001 (released 2025-03-01)"), "\(r)")

        let requests = try server.requests()
        #expect(requests.count == 2)
        #expect(requests.allSatisfy { $0.route == "/v1beta/models" })
        #expect(requests.first?.query["pageToken"] == nil)
        #expect(requests.last?.query["pageToken"] == "Ch1tb2RlbHMvZ2VtaW5pLTIuNS1wcm8/cGFnZT0y+A==",
                "the token is sent back exactly (percent-encoded): \(requests.last?.path ?? "")")
        for q in requests {
            #expect(q.headers["x-goog-api-key"] == key)
            #expect(q.query["key"] == nil, "the key must not be in the URL")
            #expect(!q.path.contains(key))
        }

        let flash = try s.baseJSON("google/gemini-2.0-flash@001")
        #expect(flash.string("model_id") == "gemini-2.0-flash-001")
        #expect(flash.string("released") == "2025-03-01", "first-seen day")
        #expect(try s.baseJSON("gemini-1.5-pro-002").string("ref") == "google/gemini-1.5-pro@002")
        let bases = try s.exported().objects("bases")
        #expect(bases.count == 3, "text-embedding-004 (embedContent only) is not a base")
        #expect(!bases.contains { $0.string("model_id") == "text-embedding-004" })
        #expect(bases.allSatisfy { $0.string("provider") == "google" })
        #expect(!bases.contains { ($0.string("model_id") ?? "").hasPrefix("models/") })
    }

    @Test("ollama: /api/tags without a key; a changed digest under one tag is a new snapshot that supersedes the old")
    func ollama() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("ollama", now: "2025-06-01")
        // A local time zone far from UTC: days must still be UTC days.
        let env = ["TZ": "Pacific/Kiritimati"]
        try server.queue(.fixture("ollama-tags-1.json"))
        let first = try s.ok(["sync", "ollama", "--base-url", server.base], env: env)
        #expect(first.lines.contains("new snapshot ollama/llama3.1:8b@46e0c10c039e (released 2025-05-10)"), "\(first)")
        #expect(first.lines.contains("new snapshot ollama/gemma3:latest@a2af6cc3eb7f (released 2025-04-04)"), "\(first)")
        let req = try server.requests()
        #expect(req.count == 1)
        #expect(req.first?.route == "/api/tags")
        #expect(req.first?.headers["authorization"] == nil)

        try s.ok(["add", "local-bot", "--base", "ollama/llama3.1:8b@46e0c10c039e", "--trained", "2025-05-11",
                  "--cost", "0", "--retrain-every", "never"])
        #expect(try s.due().isEmpty)

        s.now = "2025-06-25"
        try server.queue(.fixture("ollama-tags-2.json"))
        let second = try s.ok(["sync", "ollama", "--base-url", server.base], env: env)
        #expect(second.lines.contains("new snapshot ollama/llama3.1:8b@91ab477bec9d (released 2025-06-20)"), "\(second)")
        #expect(second.lines.contains("now due: local-bot (base-superseded)"), "\(second)")
        #expect(!second.stdout.contains("gemma3"), "an unchanged digest is not news: \(second)")
        let item = try #require(try s.due()["local-bot"])
        #expect(item.objects("reasons").first("code", "base-superseded")?.string("successor") == "ollama/llama3.1:8b@91ab477bec9d")
        // Both digests stay recorded.
        let bases = try s.exported().objects("bases").filter { $0.string("family") == "llama3.1:8b" }
        #expect(Set(bases.compactMap { $0.string("version") }) == ["46e0c10c039e", "91ab477bec9d"])

        let before = try s.export()
        try server.queue(.fixture("ollama-tags-2.json"))
        let third = try s.ok(["sync", "ollama", "--base-url", server.base], env: env)
        #expect(third.lines.contains("nothing new"), "\(third)")
        #expect(try s.export() == before)
    }

    /// `tracker import openai-jobs` records a base "with no dates yet" and
    /// says "'tracker sync openai' ... adds them"; the sync must then fill
    /// in the release day the model list gives (the id's day, dated by
    /// `created`), or the base
    /// can never be seen as superseded.
    @Test("sync fills in the unknown release day of a base created by a job import")
    func syncFillsUnknownReleaseDay() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("release-fill", now: "2025-01-15")
        try s.ok(["import", "openai-jobs", Fixture.path("openai-jobs.json")])
        #expect(try s.baseJSON("gpt-3.5-turbo-0125").isNull("released"))
        // created 1706048358 = 2024-01-23T22:19:18Z
        try server.queue(.json(try openAIModelList([
            ["id": "gpt-3.5-turbo-0125", "object": "model", "created": 1706048358, "owned_by": "system"],
        ])))
        let r = try s.ok(["sync", "openai", "--base-url", server.base], env: ["OPENAI_API_KEY": Self.openAIKey])
        #expect(!r.lines.contains("nothing new"), "the release day is news: \(r)")
        let base = try s.baseJSON("gpt-3.5-turbo-0125")
        // The id's day: 0125, its year from `created` (VersionOrder.releaseDay).
        #expect(base.string("released") == "2024-01-25", "sync did not fill the unknown release day: \(base)")
        #expect(base.objects("history").contains { $0.string("field") == "released" && $0.string("source") == "openai" })
    }
}
