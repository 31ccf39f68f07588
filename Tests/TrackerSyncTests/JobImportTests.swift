import Foundation
import Testing
import TrackerTestKit

/// `tracker import openai-jobs FILE | --api`.
@Suite("OpenAI fine-tuning jobs")
struct JobImportTests {
    static func knownBases(_ s: Sandbox) throws {
        try s.ok(["base", "add", "openai/gpt-4o@2024-08-06", "--released", "2024-08-06"])
        try s.ok(["base", "add", "openai/gpt-4o-mini@2024-07-18", "--released", "2024-07-18"])
    }

    /// The fine-tunes section of the export, by name.
    static func fineTunes(_ s: Sandbox) throws -> [String: [String: Any]] {
        var out: [String: [String: Any]] = [:]
        for f in try s.exported().objects("fine_tunes") { out[f.string("name") ?? ""] = f }
        return out
    }

    @Test("a jobs file: succeeded jobs only, bases by model id or created, lineage by suffix, exact costs, idempotent")
    func jobsFile() throws {
        let s = try Sandbox("jobs", now: "2025-01-15")
        try Self.knownBases(s)
        // A local zone far east of UTC: trained days must be UTC days.
        let env = ["TZ": "Pacific/Kiritimati"]
        let r = try s.ok(["import", "openai-jobs", Fixture.path("openai-jobs.json"), "--cost-per-1m-tokens", "$8"], env: env)
        #expect(r.lines.contains("new base openai/gpt-3.5-turbo@0125 (no dates yet; 'tracker sync openai' or 'tracker base set' adds them)"), "\(r)")
        #expect(r.lines.filter { $0.hasPrefix("new base") }.count == 1, "existing bases are found by model id: \(r)")
        for line in ["imported ftjob-1 as support-bot generation 1", "imported ftjob-2 as support-bot generation 2",
                     "imported ftjob-5 as triage generation 1", "3 jobs imported, 0 already imported, 0 skipped, 2 ignored (not succeeded)"] {
            #expect(r.lines.contains(line), "missing \"\(line)\": \(r)")
        }
        #expect(!r.stdout.contains("ftjob-3") && !r.stdout.contains("ftjob-4"), "failed/running jobs are ignored: \(r)")
        #expect(r.stderr.isEmpty, "\(r)")

        let fts = try Self.fineTunes(s)
        #expect(Set(fts.keys) == ["support-bot", "triage"])
        let gens = fts["support-bot"]?.objects("generations") ?? []
        #expect(gens.count == 2)
        let g1 = gens.first { $0.int("number") == 1 } ?? [:]
        let g2 = gens.first { $0.int("number") == 2 } ?? [:]
        // Generation order follows finished_at, not the file's (newest-first) order.
        #expect(g1.string("job_id") == "ftjob-1")
        #expect(g1.string("base") == "openai/gpt-4o-mini@2024-07-18")
        #expect(g1.string("model_id") == "ft:gpt-4o-mini-2024-07-18:acme-corp:support-bot:9aB1cD2e")
        #expect(g1.string("trained_on") == "2024-06-13", "finished_at 2024-06-13T23:30:00Z is that UTC day")
        #expect(g1.int("trained_tokens") == 1_250_000)
        #expect(g1.int("cost_minor") == 1_000, "1,250,000 tokens x $8 / 1M = $10.00")
        #expect(g1.string("currency") == "USD")
        #expect(g1.string("dataset_ref") == "file-train1")
        #expect(g2.string("job_id") == "ftjob-2")
        #expect(g2.string("base") == "openai/gpt-4o@2024-08-06")
        #expect(g2.string("model_id") == "ft:gpt-4o-2024-08-06:acme-corp:support-bot:Zz9Yy8Xx")
        #expect(g2.string("trained_on") == "2024-12-01")
        #expect(g2.int("trained_tokens") == 2_062_500)
        #expect(g2.int("cost_minor") == 1_650, "2,062,500 tokens x $8 / 1M = $16.50")
        let triage = fts["triage"]?.objects("generations").first ?? [:]
        #expect(triage.string("base") == "openai/gpt-3.5-turbo@0125")
        #expect(triage.string("trained_on") == "2024-09-22")
        #expect(triage.int("cost_minor") == 100, "125,000 tokens x $8 / 1M = $1.00")
        let newBase = try s.baseJSON("gpt-3.5-turbo-0125")
        #expect(newBase.string("ref") == "openai/gpt-3.5-turbo@0125")

        // `show` agrees: the current generation is the second job's model.
        let list = try s.run(["list", "--format", "json"])
        let row = try list.json().objects("fine_tunes").first("name", "support-bot")
        #expect(row?.int("generation") == 2)
        #expect(row?.string("model_id") == "ft:gpt-4o-2024-08-06:acme-corp:support-bot:Zz9Yy8Xx")

        // Again: idempotent by job id.
        let before = try s.export()
        let again = try s.ok(["import", "openai-jobs", Fixture.path("openai-jobs.json"), "--cost-per-1m-tokens", "$8"], env: env)
        #expect(again.lines.contains { $0.hasPrefix("0 jobs imported, 3 already imported") }, "\(again)")
        #expect(!again.stdout.contains("new base"), "\(again)")
        #expect(try s.export() == before)
    }

    @Test("jobs without a price: cost 0 and a warning")
    func jobsWithoutPrice() throws {
        let s = try Sandbox("jobs-noprice", now: "2025-01-15")
        try Self.knownBases(s)
        let r = try s.ok(["import", "openai-jobs", Fixture.path("openai-jobs.json")])
        #expect(r.stderr.contains("--cost-per-1m-tokens"), "\(r)")
        let gens = try Self.fineTunes(s)["support-bot"]?.objects("generations") ?? []
        #expect(gens.count == 2)
        #expect(gens.allSatisfy { $0.int("cost_minor") == 0 })
    }

    @Test("a skipped job leaves no base behind")
    func skippedJobLeavesNoBase() throws {
        let s = try Sandbox("jobs-skip-base", now: "2025-01-15")
        try Self.knownBases(s)
        try s.ok(["add", "retired-bot", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "10"])
        try s.ok(["retire", "retired-bot"])
        let file = s.path("jobs.json")
        try Data(Self.jobs([(id: "ftjob-r1", status: "succeeded", model: "gpt-4o-mini-2099-01-01",
                             ft: "ft:gpt-4o-mini-2099-01-01:acme:retired-bot:r1", suffix: "retired-bot", tokens: 1000,
                             finished: 1717100000)]).utf8).write(to: URL(fileURLWithPath: file))
        let before = try s.exported().objects("bases").count
        let r = try s.ok(["import", "openai-jobs", file])
        #expect(r.stdout.contains("retired"), "\(r)")
        #expect(try s.exported().objects("bases").count == before, "the skipped job's base was recorded")
    }

    @Test("a file that is not a jobs list: exit 65, nothing imported")
    func badJobsFile() throws {
        let s = try Sandbox("jobs-bad", now: "2025-01-15")
        try Self.knownBases(s)
        let before = try s.dump()
        let file = s.path("jobs.json")
        try Data(#"{"object":"list","data":[{"id":"ftjob-9","status":"succeeded"}],"has_more":false}"#.utf8).write(to: URL(fileURLWithPath: file))
        expectFailure(try s.run(["import", "openai-jobs", file]), 65, "data[0].model")
        try Data("not json".utf8).write(to: URL(fileURLWithPath: file))
        expectFailure(try s.run(["import", "openai-jobs", file]), 65)
        #expect(try s.dump() == before)
    }

    @Test("--api: has_more/after paging with the OpenAI key")
    func jobsAPI() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("jobs-api", now: "2025-01-15")
        try Self.knownBases(s)
        let all = try #require(try Fixture.json("openai-jobs.json") as? [String: Any])["data"] as? [Any] ?? []
        func page(_ jobs: ArraySlice<Any>, more: Bool) throws -> HTTPServer.Answer {
            let body = try JSONSerialization.data(withJSONObject: ["object": "list", "data": Array(jobs), "has_more": more])
            return .json(String(decoding: body, as: UTF8.self))
        }
        try server.queue(try page(all[0..<2], more: true), try page(all[2...], more: false))
        let key = "sk-test-jobs-9d8c7b6a5f"
        let r = try s.ok(["import", "openai-jobs", "--api", "--base-url", server.base, "--cost-per-1m-tokens", "$8"],
                         env: ["OPENAI_API_KEY": key])
        #expect(r.lines.contains("3 jobs imported, 0 already imported, 0 skipped, 2 ignored (not succeeded)"), "\(r)")

        let requests = try server.requests()
        #expect(requests.count == 2)
        #expect(requests.allSatisfy { $0.route == "/v1/fine_tuning/jobs" && $0.method == "GET" })
        #expect(requests.first?.query["after"] == nil)
        #expect(requests.last?.query["after"] == "ftjob-2", "after = the last id of page 1")
        #expect(requests.allSatisfy { $0.headers["authorization"] == "Bearer \(key)" })

        // The same as importing the file.
        let fromFile = try Sandbox("jobs-api-file", now: "2025-01-15")
        try Self.knownBases(fromFile)
        try fromFile.ok(["import", "openai-jobs", Fixture.path("openai-jobs.json"), "--cost-per-1m-tokens", "$8"])
        #expect(try s.export() == fromFile.export())

        // Without the key: 78, no request.
        try server.reset()
        expectFailure(try s.run(["import", "openai-jobs", "--api", "--base-url", server.base]), 78, "OPENAI_API_KEY")
        #expect(try server.requests().isEmpty)
    }

    /// Jobs in the shape of GET /v1/fine_tuning/jobs (fields as OpenAI documents them).
    static func jobs(_ items: [(id: String, status: String, model: String, ft: String?, suffix: String?, tokens: Int?, finished: Int?)]) -> String {
        let data = items.map { j in
            """
            {"object": "fine_tuning.job", "id": "\(j.id)", "model": "\(j.model)", "created_at": 1717000000,
             "finished_at": \(j.finished.map(String.init) ?? "null"), "fine_tuned_model": \(j.ft.map { "\"\($0)\"" } ?? "null"),
             "organization_id": "org-acme", "result_files": [], "status": "\(j.status)", "validation_file": null,
             "training_file": "file-abc123", "hyperparameters": {"n_epochs": 3}, "trained_tokens": \(j.tokens.map(String.init) ?? "null"),
             "suffix": \(j.suffix.map { "\"\($0)\"" } ?? "null"), "seed": 42}
            """
        }
        return "{\"object\": \"list\", \"data\": [\(data.joined(separator: ", "))], \"has_more\": false}"
    }

    @Test("a fine-tuned model recorded by hand gets the job's id instead of a second generation")
    func recordedModelIsAttached() throws {
        let s = try Sandbox("jobs-attach", now: "2025-01-15")
        try Self.knownBases(s)
        try s.ok(["add", "support-bot", "--base", "gpt-4o-mini-2024-07-18", "--trained", "2024-07-18", "--cost", "10",
                  "--model-id", "ft:gpt-4o-mini-2024-07-18:acme-corp:support-bot:9aB1cD2e"])
        let r = try s.ok(["import", "openai-jobs", Fixture.path("openai-jobs.json"), "--cost-per-1m-tokens", "$8"])
        #expect(r.lines.contains("attached ftjob-1 to support-bot generation 1 (its fine-tuned model was recorded already)"), "\(r)")
        #expect(r.lines.contains("imported ftjob-2 as support-bot generation 2"), "\(r)")
        #expect(r.lines.contains("3 jobs imported (1 attached to a recorded generation), 0 already imported, 0 skipped, 2 ignored (not succeeded)"), "\(r)")
        let gens = try Self.fineTunes(s)["support-bot"]?.objects("generations") ?? []
        #expect(gens.count == 2, "no second generation for one fine-tuned model")
        #expect(gens.first?.string("job_id") == "ftjob-1")
        #expect(gens.first?.int("cost_minor") == 1_000, "the recorded cost is kept")
        let again = try s.ok(["import", "openai-jobs", Fixture.path("openai-jobs.json")])
        #expect(again.lines.last == "0 jobs imported, 3 already imported, 0 skipped, 2 ignored (not succeeded)", "\(again)")
    }

    @Test("a fine-tuned model already recorded from another job is skipped, with why")
    func recordedFromAnotherJobIsSkipped() throws {
        let s = try Sandbox("jobs-other", now: "2025-01-15")
        try Self.knownBases(s)
        let file = s.root.appendingPathComponent("jobs.json")
        try Self.jobs([("ftjob-a", "succeeded", "gpt-4o-2024-08-06", "ft:gpt-4o-2024-08-06:acme::AbC1", "bot", 1000, 1720000000)])
            .write(to: file, atomically: true, encoding: .utf8)
        try s.ok(["import", "openai-jobs", file.path])
        try Self.jobs([("ftjob-b", "succeeded", "gpt-4o-2024-08-06", "ft:gpt-4o-2024-08-06:acme::AbC1", "bot", 1000, 1720000000)])
            .write(to: file, atomically: true, encoding: .utf8)
        let r = try s.ok(["import", "openai-jobs", file.path])
        #expect(r.lines.contains("skipped ftjob-b: its fine_tuned_model is recorded on 'bot' generation 1 from job ftjob-a"), "\(r)")
        #expect(r.lines.last == "0 jobs imported, 0 already imported, 1 skipped, 0 ignored (not succeeded)", "\(r)")
    }

    @Test("suffixes join fine-tunes whatever their case, as names do")
    func suffixMatchesNamesCaseInsensitively() throws {
        let s = try Sandbox("jobs-case", now: "2025-01-15")
        try Self.knownBases(s)
        try s.ok(["add", "Triage", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "1"])
        let file = s.root.appendingPathComponent("jobs.json")
        try Self.jobs([("ftjob-t", "succeeded", "gpt-4o-2024-08-06", "ft:gpt-4o-2024-08-06:acme:triage:Tt1", "triage", 1000, 1730000000)])
            .write(to: file, atomically: true, encoding: .utf8)
        let r = try s.ok(["import", "openai-jobs", file.path])
        #expect(r.lines.contains("imported ftjob-t as Triage generation 2") || r.lines.contains("imported ftjob-t as triage generation 2"), "\(r)")
        #expect(try Self.fineTunes(s).count == 1, "one lineage")
    }

    @Test("costs: the base's training price, else --cost-per-1m-tokens, else 0 with a notice")
    func costsComeFromTheBaseTrainingPrice() throws {
        let s = try Sandbox("jobs-price", now: "2025-01-15")
        try Self.knownBases(s)
        let set = try s.ok(["base", "set", "gpt-4o-2024-08-06", "--train-price", "$25"])
        #expect(set.lines == ["updated openai/gpt-4o@2024-08-06: train price"], "\(set)")
        let show = try s.ok(["base", "show", "gpt-4o-2024-08-06"])
        #expect(show.lines.contains("train/1M:    25.00 USD (manual, 2025-01-15)"), "\(show)")
        let json = try s.ok(["base", "list", "--format", "json"])
        #expect(json.stdout.contains("\"train_per_1m\": {\n"), "\(json)")
        let file = s.root.appendingPathComponent("jobs.json")
        try Self.jobs([
            ("ftjob-p", "succeeded", "gpt-4o-2024-08-06", "ft:gpt-4o-2024-08-06:acme:priced:P1", "priced", 1_234_567, 1730000000),
            ("ftjob-r", "succeeded", "gpt-4o-mini-2024-07-18", "ft:gpt-4o-mini-2024-07-18:acme:rated:R1", "rated", 1_000_000, 1730000000),
        ]).write(to: file, atomically: true, encoding: .utf8)
        let r = try s.ok(["import", "openai-jobs", file.path, "--cost-per-1m-tokens", "$3"])
        #expect(r.stderr.isEmpty, "every job was priced: \(r)")
        let fts = try Self.fineTunes(s)
        #expect(fts["priced"]?.objects("generations").first?.int("cost_minor") == 3_086, "1,234,567 tokens x $25 / 1M = $30.86")
        #expect(fts["rated"]?.objects("generations").first?.int("cost_minor") == 300, "no base price: --cost-per-1m-tokens")

        try Self.jobs([("ftjob-z", "succeeded", "gpt-4o-mini-2024-07-18", "ft:gpt-4o-mini-2024-07-18:acme:free:Z1", "free", 500, 1730000000)])
            .write(to: file, atomically: true, encoding: .utf8)
        let z = try s.ok(["import", "openai-jobs", file.path])
        #expect(z.stderr.contains("1 job's cost recorded as 0"), "\(z)")
        #expect(z.stderr.contains("--train-price"), "\(z)")
        let cleared = try s.ok(["base", "set", "gpt-4o-2024-08-06", "--train-price", "none"])
        #expect(cleared.lines == ["updated openai/gpt-4o@2024-08-06: train price"], "\(cleared)")
        // Export keeps the price (and its source) through a round trip.
        try s.ok(["base", "set", "gpt-4o-2024-08-06", "--train-price", "25 USD"])
        let bases = try s.exported().objects("bases")
        let priced = bases.first { $0.string("version") == "2024-08-06" }
        #expect(priced?.int("train_price_minor") == 2_500)
        #expect(priced?.string("train_price_source") == "manual")
    }
}
