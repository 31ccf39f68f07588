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
                     "imported ftjob-5 as triage generation 1", "3 jobs imported, 2 not succeeded (ignored)"] {
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
        #expect(r.lines.contains("3 jobs imported, 2 not succeeded (ignored)"), "\(r)")

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
}
