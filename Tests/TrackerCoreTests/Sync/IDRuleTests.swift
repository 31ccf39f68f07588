import Testing
@testable import TrackerCore

@Suite("Id rules for imported strings")
struct IDRuleTests {
    @Test("real ids pass", arguments: [
        "gpt-4o-2024-08-06", "ft:gpt-4o-mini-2024-07-18:acme::abc123", "ft:gpt-4o-mini-2024-07-18:acme:support-bot:9aB1cD2e",
        "claude-3-5-sonnet-20241022", "models/gemini-1.5-pro-002", "llama3.1:8b", "bedrock/anthropic.claude-3-haiku-20240307-v1:0",
        "vertex_ai/claude-3-5-sonnet@20240620", "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", "localhost:5000/team/model:v1",
        "curie:ft-acme-2023-01-01-00-00-00", "ftjob-abc123", "file-abc123", "acme/Router-V2", "cloudflare/@cf/meta/llama-2-7b-chat-fp16",
        "openrouter/anthropic/claude-3.5-sonnet", "a", String(repeating: "x", count: IDRule.maxBytes),
    ])
    func realIDs(_ id: String) {
        #expect(IDRule.problem(id) == nil)
    }

    @Test("hostile ids are refused with a reason", arguments: [
        ("", "is empty"),
        ("gpt-4o\u{0}evil", "contains NUL (U+0000)"),
        ("gpt-4o\u{1B}[31m", "contains a control character (U+001B)"),
        ("ring\u{7}", "contains a control character (U+0007)"),
        ("a\r\nb", "contains a control character (U+000D)"),
        ("a\u{85}b", "contains a control character (U+0085)"),
        ("a\u{2028}b", "contains a control character (U+2028)"),
        (String(repeating: "a", count: 100_000), "is 100000 bytes long (at most 200)"),
        (String(repeating: "a", count: 100_000) + "\u{1B}", "contains a control character (U+001B)"),
        ("with space", "contains whitespace (U+0020)"),
        ("nbsp\u{A0}x", "contains whitespace (U+00A0)"),
        ("café", "contains U+00E9; ids are ASCII letters, digits and . - _ : / @ +"),
        ("rtl\u{202E}x", "contains U+202E; ids are ASCII letters, digits and . - _ : / @ +"),
        ("a\"b", "contains U+0022; ids are ASCII letters, digits and . - _ : / @ +"),
        ("a\\b", "contains U+005C; ids are ASCII letters, digits and . - _ : / @ +"),
        ("../../etc/passwd", "has a '..' path segment"),
        ("models/../secrets", "has a '..' path segment"),
        ("models/..", "has a '..' path segment"),
        ("./x", "has a '.' path segment"),
        ("/etc/passwd", "has an empty path segment (a leading, trailing or doubled '/')"),
        ("models/", "has an empty path segment (a leading, trailing or doubled '/')"),
        ("a//b", "has an empty path segment (a leading, trailing or doubled '/')"),
    ])
    func hostileIDs(_ id: String, _ reason: String) {
        #expect(IDRule.problem(id) == reason)
    }

    @Test("dots that are not path segments pass")
    func dots() {
        #expect(IDRule.problem("gpt-3.5-turbo") == nil)
        #expect(IDRule.problem("a..b") == nil)
        #expect(IDRule.problem("...") == nil)
    }

    @Test("providers: lower-case ASCII letters, digits, . - _")
    func providers() {
        for p in ["openai", "azure_ai", "text-completion-openai", "vertex_ai-language-models", "ai21", "nlp_cloud"] {
            #expect(IDRule.providerProblem(p) == nil, "\(p)")
        }
        #expect(IDRule.providerProblem("") == "is empty")
        #expect(IDRule.providerProblem("open\u{1B}ai") == "contains a control character (U+001B)")
        #expect(IDRule.providerProblem("OpenAI") == "contains U+004F; providers are lower-case ASCII letters, digits and . - _")
        #expect(IDRule.providerProblem("a/b") == "contains U+002F; providers are lower-case ASCII letters, digits and . - _")
        #expect(IDRule.providerProblem(String(repeating: "p", count: 65)) == "is 65 bytes long (at most 64)")
    }

    @Test("quoted: escaped, bounded, never a control character")
    func quoted() {
        #expect(IDRule.quoted("gpt-4o") == "'gpt-4o'")
        #expect(IDRule.quoted("gpt-4o\u{0}evil") == #"'gpt-4o\u{0}evil'"#)
        #expect(IDRule.quoted("a\u{1B}[2J\r\n\t'\\") == #"'a\u{1b}[2J\r\n\t\'\\'"#)
        #expect(IDRule.quoted("rtl\u{202E}é") == #"'rtl\u{202e}\u{e9}'"#)
        let long = IDRule.quoted(String(repeating: "a", count: 100_000))
        #expect(long == "'" + String(repeating: "a", count: 60) + "...'")
        let escapes = IDRule.quoted(String(repeating: "\u{7}", count: 100_000))
        #expect(escapes.utf8.count <= 60 + 6)
        #expect(escapes.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F })
    }

    @Test("warnings: one line per refusal, at most 20, then a count")
    func warnings() throws {
        let few = [Refusal(entry: "model data[1] ''", reason: "id is empty")]
        #expect(Refusal.warnings(few) == ["skipped model data[1] '': id is empty"])
        let many = (0..<25).map { Refusal(entry: "model data[\($0)] ''", reason: "id is empty") }
        let lines = Refusal.warnings(many)
        #expect(lines.count == 21)
        #expect(lines.last == "5 more entries skipped for the same kinds of reasons (not shown)")
        #expect(throws: Failure(.data, "every model X listed was refused (25 entries, see the warnings above); nothing was changed")) {
            try Refusal.requireAccepted(0, many, every: "model X listed")
        }
        try Refusal.requireAccepted(0, [], every: "model X listed")
        try Refusal.requireAccepted(1, many, every: "model X listed")
    }

    @Test("provider lists keep the good entries and refuse the rest, naming them safely")
    func providerLists() throws {
        let page = try ProviderLists.openAI(SyncFixtures.parse(#"""
            {"data": [{"id": ""}, {"id": "gpt-4o-2024-08-06"}, {"id": "gpt-4o\u0000evil"}, {"id": "../x"}]}
            """#))
        #expect(page.models.map(\.modelID) == ["gpt-4o-2024-08-06"])
        #expect(page.refused.map(\.message) == [
            "skipped model data[0] '': id is empty",
            #"skipped model data[2] 'gpt-4o\u{0}evil': id contains NUL (U+0000)"#,
            "skipped model data[3] '../x': id has a '..' path segment",
        ])
        let gemini = try ProviderLists.gemini(SyncFixtures.parse(#"{"models": [{"name": "models/"}, {"name": "models/gemini-2.0-flash-001"}]}"#))
        #expect(gemini.models.map(\.modelID) == ["gemini-2.0-flash-001"])
        #expect(gemini.refused.count == 1)
        // An Ollama family gains ":latest" and must still fit.
        let long = String(repeating: "m", count: 199)
        let ollama = try ProviderLists.ollama(SyncFixtures.parse(#"{"models": [{"name": "\#(long)", "digest": "sha256:0123456789abcdef"}]}"#))
        #expect(ollama.models.isEmpty)
        #expect(ollama.refused.first?.reason == "family '\(long.prefix(60))...' is 206 bytes long (at most 200)")
    }

    @Test("jobs: every string checked; the cursor is the last job's id, refused or not")
    func jobs() throws {
        let page = try OpenAIJobs.page(SyncFixtures.parse(#"""
            {"data": [{"id": "ftjob-1", "model": "gpt-4o-mini-2024-07-18", "status": "succeeded"},
                      {"id": "ftjob-2", "model": "gpt-4o-mini-2024-07-18", "status": "succeeded", "training_file": "f\r\n"},
                      {"id": "ftjob-3", "model": "gpt-4o-mini-2024-07-18", "status": "succeeded",
                       "fine_tuned_model": "ft:gpt-4o-mini-2024-07-18:acme::x", "suffix": "bad\u0007"},
                      {"id": "ftjob-4\u001b", "model": "gpt-4o-mini-2024-07-18", "status": "failed"}],
             "has_more": true}
            """#))
        #expect(page.jobs.map(\.id) == ["ftjob-1"])
        #expect(page.lastID == "ftjob-4\u{1B}")
        let messages = page.refused.map(\.message)
        #expect(messages.count == 3)
        #expect(messages.first == #"skipped job data[1] 'ftjob-2': training_file 'f\r\n' contains a control character (U+000D)"#)
        // The name rule's own words follow (TextRule.name).
        #expect(messages.dropFirst().first?.hasPrefix(#"skipped job data[2] 'ftjob-3': suffix 'bad\u{7}' is not a usable name ("#) == true)
        #expect(messages.last == #"skipped job data[3] 'ftjob-4\u{1b}': id contains a control character (U+001B)"#)
    }

    // MARK: - Catalog

    @Test("catalog: refused keys, model ids and providers")
    func catalogRefusals() throws {
        let parsed = try CatalogParser.parse(SyncFixtures.parse(#"""
            {"gpt-4o-2024-08-06": {"mode": "chat", "litellm_provider": "openai"},
             "gpt-4o\u0000a": {"mode": "chat", "litellm_provider": "openai"},
             "x": {"mode": "chat", "litellm_provider": "Open\u001bAI"},
             "e\u0007": {"mode": "embedding", "litellm_provider": "openai"}}
            """#))
        #expect(parsed.entries.map(\.key) == ["gpt-4o-2024-08-06"])
        #expect(parsed.refused.map(\.message) == [
            #"skipped catalog entry 'gpt-4o\u{0}a': key contains NUL (U+0000)"#,
            #"skipped catalog entry 'x': litellm_provider 'open\u{1b}ai' contains a control character (U+001B)"#,
        ])
        #expect(parsed.skipped.count == 1, "other modes are skipped quietly")
    }
}
