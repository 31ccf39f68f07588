import Foundation
import Testing
import TrackerTestKit

/// Provider answers, catalogs and job files carrying strings no real id has:
/// control characters (terminal escapes), NUL, `..` path segments, empty and
/// huge ids. Each such entry is refused with one safe `warning:` line on
/// stderr; the rest of the import goes on (exit 0), and an import whose
/// every entry is refused is exit 65 with nothing changed.
@Suite("hostile provider and job strings")
struct HostileInputTests {
    /// Ids a hostile or broken server may send, as JSON string literal text
    /// (escapes included, as they travel on the wire).
    static let hostileIDs: [String] = [
        #"gpt-4o\u0000evil"#,
        #"gpt-4o-\u001b[31mred"#,
        #"ring\u0007bell"#,
        #"gpt-4o\r\nnew snapshot openai/forged@1"#,
        #"../../etc/passwd"#,
        #"models/../secrets"#,
        String(repeating: "a", count: 100_000),
        #"with space"#,
        #"tab\tbed"#,
        #"caf\u00e9"#,
        #"rtl\u202egnp.exe"#,
    ]

    /// What a user's terminal must never receive: control characters other
    /// than the line breaks between lines, and lines of unbounded length.
    static func expectPrintable(_ r: CLIResult, sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, text) in [("stdout", r.stdout), ("stderr", r.stderr)] {
            let bad = text.unicodeScalars.first { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
            #expect(bad == nil, "\(name) carries U+\(String(bad?.value ?? 0, radix: 16)): \(r.description.prefix(2000))",
                    sourceLocation: sourceLocation)
            let longest = text.split(separator: "\n").map(\.utf8.count).max() ?? 0
            #expect(longest <= 400, "\(name) has a \(longest)-byte line", sourceLocation: sourceLocation)
        }
        for line in r.errorLines {
            #expect(line.hasPrefix("warning: ") || line.hasPrefix("error: "), "stray stderr line: \(line.prefix(200))",
                    sourceLocation: sourceLocation)
        }
    }

    static func warnings(_ r: CLIResult) -> [String] { r.errorLines.filter { $0.hasPrefix("warning: ") } }

    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    static func openAIModel(_ idLiteral: String) -> String {
        #"{"id": ""# + idLiteral + #"", "object": "model", "created": 1722902400, "owned_by": "system"}"#
    }

    // MARK: - Provider lists

    @Test("sync openai: each hostile id is refused with one safe warning; the good model is recorded; idempotent")
    func hostileProviderIDs() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("hostile-openai", now: "2025-01-15")
        let key = ["OPENAI_API_KEY": "sk-test-hostile-1234567"]
        let body = #"{"object": "list", "data": ["# + ([Self.openAIModel("gpt-4o-2024-08-06")] + Self.hostileIDs.map(Self.openAIModel))
            .joined(separator: ", ") + "]}"
        try server.queue(.json(body), .json(body))
        let sync = ["sync", "openai", "--base-url", server.base]

        let r = try s.ok(sync, env: key)
        Self.expectPrintable(r)
        #expect(r.lines.contains("new snapshot openai/gpt-4o@2024-08-06 (released 2024-08-06)"), "\(r)")
        let warnings = Self.warnings(r)
        #expect(warnings.count == Self.hostileIDs.count, "one warning per refused entry: \(r.stderr.prefix(3000))")
        for n in 1...Self.hostileIDs.count {
            #expect(warnings.contains { $0.contains("data[\(n)]") }, "no warning names data[\(n)]: \(r.stderr.prefix(3000))")
        }
        // Named safely: escaped, and a huge id cut short.
        #expect(warnings.contains { $0.contains(#"gpt-4o\u{0}evil"#) }, "\(r.stderr.prefix(3000))")
        #expect(warnings.contains { $0.contains(#"\u{1b}[31mred"#) }, "\(r.stderr.prefix(3000))")
        #expect(warnings.contains { $0.contains("100000 bytes") }, "\(r.stderr.prefix(3000))")

        let bases = try s.exported().objects("bases")
        #expect(bases.map { $0.string("model_id") ?? "?" } == ["gpt-4o-2024-08-06"], "only the good id is recorded")
        // PostgreSQL's text cannot hold a NUL at all.
        let nul = TestBackend.isPostgres ? "" : "instr(model_id, char(0)) > 0 OR "
        #expect(try s.query("SELECT count(*) FROM base_version WHERE \(nul)length(model_id) > 200") == ["0"])

        // The same answer again: nothing new, nothing changed (the bad entries are refused again).
        let before = try s.export()
        let again = try s.ok(sync, env: key)
        Self.expectPrintable(again)
        #expect(again.lines.contains("nothing new"), "\(again)")
        #expect(try s.export() == before)
    }

    @Test("defect 10: an empty id is skipped with a warning instead of failing every sync (openai, anthropic, gemini, ollama)")
    func emptyIDIsSkipped() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("empty-id", now: "2025-01-15")
        let env = ["OPENAI_API_KEY": "sk-test-empty-1234567", "ANTHROPIC_API_KEY": "sk-ant-test-empty-1234567",
                   "GEMINI_API_KEY": "gm-test-empty-1234567"]
        try server.queue(.json(#"{"object": "list", "data": [{"id": ""}, "# + Self.openAIModel("gpt-4o-2024-08-06") + "]}"))
        let openai = try s.ok(["sync", "openai", "--base-url", server.base], env: env)
        #expect(openai.lines.contains("new snapshot openai/gpt-4o@2024-08-06 (released 2024-08-06)"), "\(openai)")
        #expect(Self.warnings(openai).count == 1 && openai.stderr.contains("data[0]") && openai.stderr.contains("empty"), "\(openai)")

        try server.queue(.json(#"""
            {"data": [{"type": "model", "id": "", "display_name": "?", "created_at": "2024-10-22T00:00:00Z"},
                      {"type": "model", "id": "claude-3-5-sonnet-20241022", "display_name": "Claude", "created_at": "2024-10-22T00:00:00Z"}],
             "has_more": false}
            """#))
        let anthropic = try s.ok(["sync", "anthropic", "--base-url", server.base], env: env)
        #expect(anthropic.lines.contains("new snapshot anthropic/claude-3-5-sonnet@20241022 (released 2024-10-22)"), "\(anthropic)")
        #expect(Self.warnings(anthropic).count == 1, "\(anthropic)")

        try server.queue(.json(#"{"models": [{"name": "models/"}, {"name": "models/gemini-1.5-pro-002", "version": "002"}]}"#))
        let gemini = try s.ok(["sync", "gemini", "--base-url", server.base], env: env)
        #expect(gemini.lines.contains { $0.hasPrefix("new snapshot google/gemini-1.5-pro@002") }, "\(gemini)")
        #expect(Self.warnings(gemini).count == 1, "\(gemini)")

        let digest = "sha256:" + String(repeating: "ab", count: 32)
        try server.queue(.json(#"{"models": [{"name": "", "digest": "\#(digest)"}, {"name": "llama3.1:8b", "digest": "\#(digest)", "modified_at": "2024-08-01T10:00:00Z"}]}"#))
        let ollama = try s.ok(["sync", "ollama", "--base-url", server.base], env: env)
        #expect(ollama.lines.contains { $0.hasPrefix("new snapshot ollama/llama3.1:8b@ababababab") }, "\(ollama)")
        #expect(Self.warnings(ollama).count == 1, "\(ollama)")
        for r in [openai, anthropic, gemini, ollama] { Self.expectPrintable(r) }
    }

    @Test("every entry refused: exit 65 after the warnings, nothing changed")
    func everyEntryRefused() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("all-refused", now: "2025-01-15")
        try s.ok(["base", "add", "openai/gpt-4o@2024-08-06"])
        let before = try s.dump()
        try server.queue(.json(#"{"object": "list", "data": [{"id": ""}, {"id": "a\u001bb"}]}"#))
        let r = try s.run(["sync", "openai", "--base-url", server.base], env: ["OPENAI_API_KEY": "sk-test-refused-1234567"])
        #expect(r.status == 65, "\(r)")
        #expect(r.stdout.isEmpty, "\(r)")
        #expect(Self.warnings(r).count == 2, "\(r)")
        #expect(r.errorLines.last?.hasPrefix("error: ") == true && r.errorLines.last?.contains("nothing was changed") == true, "\(r)")
        Self.expectPrintable(r)

        let jobs = s.path("jobs.json")
        try Self.write(#"[{"id": "ftjob-\u0007", "model": "gpt-4o-2024-08-06", "status": "succeeded", "finished_at": 1733040000}]"#, to: jobs)
        let j = try s.run(["import", "openai-jobs", jobs])
        #expect(j.status == 65 && Self.warnings(j).count == 1 && j.errorLines.last?.hasPrefix("error: ") == true, "\(j)")
        Self.expectPrintable(j)

        let catalog = s.path("catalog.json")
        try Self.write(#"{"gpt-4o-2024-08-06\u0000x": {"litellm_provider": "openai", "mode": "chat", "deprecation_date": "2025-06-01"}}"#,
                       to: catalog)
        let c = try s.run(["sync", "catalog", catalog])
        #expect(c.status == 65 && Self.warnings(c).count == 1 && c.errorLines.last?.hasPrefix("error: ") == true, "\(c)")
        Self.expectPrintable(c)
        #expect(try s.dump() == before, "a refused import changed the database")
    }

    // MARK: - Catalog

    @Test("sync catalog: NUL, escape, path and huge keys and a hostile provider are refused; keys no longer collapse; idempotent")
    func hostileCatalogKeys() throws {
        let s = try Sandbox("hostile-catalog", now: "2025-01-15")
        try s.ok(["base", "add", "openai/gpt-4o@2024-08-06", "--released", "2024-08-06"])
        func entry(_ keyLiteral: String, provider: String = "openai", shutdown: String = "2026-02-27") -> String {
            #""\#(keyLiteral)": {"litellm_provider": "\#(provider)", "mode": "chat", "input_cost_per_token": 2.5e-06, "#
                + #""output_cost_per_token": 1e-05, "deprecation_date": "\#(shutdown)"}"#
        }
        let file = s.path("catalog.json")
        try Self.write("{" + [
            entry("gpt-4o-2024-08-06"),
            entry(#"gpt-4o-2024-08-06\u0000a"#, shutdown: "2025-03-01"),
            entry(#"gpt-4o-2024-08-06\u0000b"#, shutdown: "2025-04-01"),
            entry(#"gpt-\u001b]0;pwned\u0007"#),
            entry(#"azure/../../etc/passwd"#, provider: "azure"),
            entry(String(repeating: "k", count: 100_000)),
            entry("gpt-4o-mini-2024-07-18", provider: #"open\u001bai"#),
            entry("gpt-4o-2024-05-13", provider: String(repeating: "p", count: 100_000)),
            #""text-embedding-\u001b": {"litellm_provider": "openai", "mode": "embedding"}"#,
        ].joined(separator: ",\n") + "}", to: file)

        let r = try s.ok(["sync", "catalog", file])
        Self.expectPrintable(r)
        #expect(r.lines.contains("openai/gpt-4o@2024-08-06: shutdown 2026-02-27"), "\(r)")
        #expect(!r.stdout.contains("2025-03-01") && !r.stdout.contains("2025-04-01"), "a refused key's date was applied: \(r)")
        #expect(Self.warnings(r).count == 7, "one warning per refused chat entry (the embedding is skipped quietly): \(r)")
        #expect(r.stderr.contains(#"\u{0}a"#) && r.stderr.contains(#"\u{0}b"#), "\(r)")
        let keys = try s.exported().objects("catalog").compactMap { $0.string("catalog_key") }
        #expect(keys == ["gpt-4o-2024-08-06"], "\(keys.map { $0.prefix(80) })")
        #expect(try s.query("SELECT count(*) FROM catalog_model") == ["1"])

        let before = try s.export()
        let again = try s.ok(["sync", "catalog", file])
        Self.expectPrintable(again)
        #expect(again.lines.first?.hasSuffix("0 new models, 0 prices changed, 0 shutdown dates changed") == true, "\(again)")
        #expect(again.lines.contains("nothing new"), "\(again)")
        #expect(try s.export() == before)
    }

    // MARK: - Jobs

    @Test("import openai-jobs: hostile job ids, models, fine-tuned ids, files and suffixes are refused; the good job is imported")
    func hostileJobs() throws {
        let s = try Sandbox("hostile-jobs", now: "2025-01-15")
        try s.ok(["base", "add", "openai/gpt-4o-mini@2024-07-18", "--released", "2024-07-18"])
        func job(id: String, model: String = "gpt-4o-mini-2024-07-18", ft: String, file: String = "file-abc", suffix: String? = nil) -> String {
            #"{"object": "fine_tuning.job", "id": "\#(id)", "model": "\#(model)", "fine_tuned_model": "\#(ft)", "#
                + #""status": "succeeded", "created_at": 1718300000, "finished_at": 1718321400, "trained_tokens": 1000, "#
                + #""training_file": "\#(file)""# + (suffix.map { #", "suffix": "\#($0)""# } ?? "") + "}"
        }
        let good = "ft:gpt-4o-mini-2024-07-18:acme:support-bot:ok1"
        let path = s.path("jobs.json")
        try Self.write(#"{"object": "list", "has_more": false, "data": ["# + [
            job(id: "ftjob-ok", ft: good),
            job(id: #"ftjob-\u001b[2J"#, ft: "ft:gpt-4o-mini-2024-07-18:acme:support-bot:id1"),
            job(id: "ftjob-nul", model: #"gpt-4o-mini-2024-07-18\u0000evil"#, ft: "ft:gpt-4o-mini-2024-07-18:acme:support-bot:id2"),
            job(id: "ftjob-path", ft: "ft:gpt-4o-mini-2024-07-18:acme:../../x:id3"),
            job(id: "ftjob-huge", ft: "ft:gpt-4o-mini-2024-07-18:acme:support-bot:" + String(repeating: "z", count: 100_000)),
            job(id: "ftjob-file", ft: "ft:gpt-4o-mini-2024-07-18:acme:support-bot:id5",
                file: #"file-1\r\nimported ftjob-forged as x generation 1"#),
            job(id: "ftjob-suffix", ft: "ft:gpt-4o-mini-2024-07-18:acme::id6", suffix: #"bad\u0007name"#),
            job(id: "", ft: "ft:gpt-4o-mini-2024-07-18:acme:support-bot:id7"),
        ].joined(separator: ",\n") + "]}", to: path)

        let r = try s.ok(["import", "openai-jobs", path, "--cost-per-1m-tokens", "$8"])
        Self.expectPrintable(r)
        #expect(r.lines.contains("imported ftjob-ok as support-bot generation 1"), "\(r)")
        #expect(r.lines.contains { $0.hasPrefix("1 job imported") }, "\(r)")
        let warnings = Self.warnings(r)
        #expect(warnings.count == 7, "one warning per refused job: \(r)")
        for id in ["ftjob-nul", "ftjob-path", "ftjob-huge", "ftjob-file", "ftjob-suffix"] {
            #expect(warnings.contains { $0.contains(id) }, "no warning names \(id): \(r)")
        }
        // The forged line stays inside its quoted, escaped warning.
        #expect(!(r.lines + r.errorLines).contains { $0.hasPrefix("imported ftjob-forged") }, "\(r)")
        #expect(warnings.contains { $0.contains(#"'file-1\r\nimported ftjob-forged"#) }, "\(r)")
        let fts = try s.exported().objects("fine_tunes")
        #expect(fts.map { $0.string("name") ?? "?" } == ["support-bot"])
        #expect(fts.first?.objects("generations").map { $0.string("job_id") ?? "?" } == ["ftjob-ok"])
        #expect(try s.exported().objects("bases").count == 1, "no base from a refused model id")

        let before = try s.export()
        let again = try s.ok(["import", "openai-jobs", path, "--cost-per-1m-tokens", "$8"])
        Self.expectPrintable(again)
        #expect(again.lines.contains { $0.hasPrefix("0 jobs imported, 1 already imported") }, "\(again)")
        #expect(try s.export() == before)
    }

    // MARK: - Defect 8

    static let twoKeyCatalog = [
        #""gpt-x-2024-01-01": {"litellm_provider": "openai", "mode": "chat", "deprecation_date": "2027-01-01"}"#,
        #""openai/gpt-x-2024-01-01": {"litellm_provider": "openai", "mode": "chat", "deprecation_date": "2026-12-01"}"#,
    ]

    @Test("defect 8: two catalog keys for one model: the bare key wins in either file order, the conflict is reported once")
    func twoKeysOneModel() throws {
        for order in [Self.twoKeyCatalog, Self.twoKeyCatalog.reversed()] {
            let s = try Sandbox("two-keys", now: "2025-01-15")
            try s.ok(["base", "add", "openai/gpt-x@2024-01-01", "--released", "2024-01-01"])
            let file = s.path("catalog.json")
            try Self.write("{" + order.joined(separator: ",\n") + "}", to: file)

            let first = try s.ok(["sync", "catalog", file])
            #expect(first.lines.contains("openai/gpt-x@2024-01-01: shutdown 2027-01-01"), "\(first)")
            #expect(!first.stdout.contains("moved"), "\(first)")
            let conflict = Self.warnings(first)
            #expect(conflict.count == 1, "\(first)")
            #expect(conflict.first?.contains("'gpt-x-2024-01-01'") == true && conflict.first?.contains("'openai/gpt-x-2024-01-01'") == true,
                    "\(first)")
            let settled = try s.export()

            for _ in 0..<2 {
                let again = try s.ok(["sync", "catalog", file])
                #expect(again.lines.contains("nothing new"), "\(again)")
                #expect(!again.stdout.contains("moved"), "\(again)")
                #expect(again.stderr.isEmpty, "the conflict is reported once, not on every run: \(again)")
                #expect(try s.export() == settled, "a repeated catalog sync changed the database")
            }
            let history = try s.baseJSON("gpt-x-2024-01-01").objects("history").filter { $0.string("field") == "shutdown" }
            #expect(history.count == 1, "\(history)")

            // The losing key's date changes: the conflict is news once more, the bare key still wins.
            try Self.write("{" + order.map { $0.replacingOccurrences(of: "2026-12-01", with: "2026-11-01") }
                .joined(separator: ",\n") + "}", to: file)
            let changed = try s.ok(["sync", "catalog", file])
            #expect(Self.warnings(changed).count == 1 && changed.stderr.contains("2026-11-01"), "\(changed)")
            #expect(!changed.stdout.contains("moved"), "\(changed)")
            #expect(try s.ok(["sync", "catalog", file]).stderr.isEmpty)
            #expect(try s.baseJSON("gpt-x-2024-01-01").string("shutdown") == "2027-01-01")
        }
    }
}
