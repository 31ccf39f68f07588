import Foundation
import Testing
import TrackerCore
@testable import TrackerStore

/// A database moves between backends through the export: every kind of row
/// written on one backend, exported, imported into a fresh store of the
/// other and exported again gives the same bytes, both ways.
@Suite struct BackendRoundTripTests {
    /// Fills `store` with every kind of row the export carries.
    static func fillEverything(_ store: any Store) throws {
        // Prices, budgets, fine-tune changes, a budget alert, a retirement.
        try CostStoreTests().fillEverything(store)
        try store.write { () throws(Failure) in
            // A base with dates, a successor, and history.
            let newer = try store.insertBase(makeBase("anthropic/claude-3-5-sonnet@20241022", released: "2024-10-22"),
                                             source: .manual, today: day1)
            let old = try store.insertBase(makeBase("anthropic/claude-3-5-sonnet@20240620", released: "2024-06-20",
                                                    deprecation: .on(day("2025-08-13")), shutdown: "2025-10-22", successorID: newer),
                                           source: "litellm", today: day1)
            let before = try store.base(id: old)!
            var after = before
            after.shutdown = day("2025-11-01")
            try store.updateBase(from: before, to: after, source: .manual, today: day2)
            _ = try store.insertBase(makeBase("openai/gpt-x@1", modelID: "gpt-x-1", deprecation: .undated), source: .manual, today: day2)

            // A fine-tune with generations, evals, a job id, corrections, a rename.
            let ft = try store.insertFineTune(name: "Émile", task: "triage", owner: "Zoë", retrainEvery: RetrainPolicy("6m")!,
                                              volume: Volume(callsPerMonth: 10, tokensIn: 20, tokensOut: 30), retrainCost: nil,
                                              first: makeGeneration(base: old), today: day1)
            try store.insertGeneration(fineTune: ft, number: 2, makeGeneration(base: newer, trained: day2, modelID: nil, eval: nil), today: day2)
            let gens = try store.generations(of: ft)
            try store.setJobID(generation: gens[0].id, "ftjob-abc")
            var facts = gens[1].facts
            facts.cost = Money(minorUnits: 99, currency: "EUR")
            facts.examples = 7
            _ = try store.updateGeneration(gens[1], to: facts, today: day3)
            _ = try store.insertEval(.generation(fineTune: "Émile", number: 2), result: EvalResult(passed: 3, total: 4)!,
                                     dataset: "held-out", day: day3, today: day3)
            try store.renameFineTune(try store.fineTune(named: "Émile")!, to: "émile-2", today: day3)

            // Tasks and prompt revisions with evals.
            let (task, _) = try store.ensureTask(named: "Triage", today: day1)
            _ = try store.insertTask(name: "routing", targetPercent: 90, description: "where tickets go", today: day2)
            _ = try store.insertPromptRevision(task: task, text: "one\n", sha256: PromptText.sha256("one\n"), note: "first",
                                               baseID: old, today: day1)
            _ = try store.insertPromptRevision(task: task, text: "two ✓\n", sha256: PromptText.sha256("two ✓\n"), note: nil,
                                               baseID: nil, today: day2)
            _ = try store.insertEval(.prompt(task: "Triage", revision: 1), result: EvalResult(passed: 9, total: 10)!, dataset: nil,
                                     day: day2, today: day2)

            // Channels, an alert with an ack, a snooze and deliveries.
            var hook = Channel(name: "Équipe-Ops", kind: .webhook, route: Route(), createdOn: day1)
            hook.urlEnv = "HOOK_URL"
            hook.route.owner = "Zoë"
            let channel = try store.insertChannel(hook)
            var slack = Channel(name: "slack", kind: .slack, route: Route(), createdOn: day2)
            slack.urlEnv = "SLACK_URL"
            _ = try store.insertChannel(slack)
            let alert = Alert(key: Alert.key(fineTune: "émile-2", generation: 1, reason: "stale", base: "anthropic/claude-3-5-sonnet@20240620"),
                              fineTune: "émile-2", owner: "Zoë", task: "triage", generation: 1, reason: "stale",
                              base: "anthropic/claude-3-5-sonnet@20240620", urgency: .soon, date: day("2025-11-01"), daysLeft: 30,
                              threshold: 30, text: "émile-2 is stale")
            try store.insertAlert(alert, now: day2)
            let row = try store.findAlert(alert.key)!
            try store.setAck(alert: row.rowID, until: day3)
            try store.setSnooze(alert: row.rowID, until: day3)
            try store.recordDeliveries(channel: channel, entries: [
                DeliveryRecord(alertRowID: row.rowID, episode: row.episode, kind: .new, threshold: nil),
                DeliveryRecord(alertRowID: row.rowID, episode: row.episode, kind: .threshold, threshold: 30),
            ], day: day2, timestamp: "2025-03-01T09:00:00Z", messageID: "msg-1")

            // Catalog rows.
            _ = try store.upsertCatalog([
                CatalogEntry(key: "gpt-x-1", provider: "openai", modelID: "gpt-x-1", mode: "chat",
                             inputMicroUSDPerMTok: 2_500_000, outputMicroUSDPerMTok: 10_000_000, shutdown: day("2026-02-27"),
                             fineTunedBase: nil),
                CatalogEntry(key: "ft:gpt-x-1", provider: "openai", modelID: "ft:gpt-x-1", mode: "chat",
                             inputMicroUSDPerMTok: 3_750_000, outputMicroUSDPerMTok: nil, shutdown: nil, fineTunedBase: "gpt-x-1"),
            ], source: .litellm, today: day1)
        }
    }

    func move(from source: StoreBackend, to target: StoreBackend) throws {
        try withTemporaryDirectory { dir in
            let store = try source.open(dir, day1)
            try Self.fillEverything(store)
            let first = try export(store)
            for needle in ["\"history\"", "\"generations\"", "\"evals\"", "\"changes\"", "0.99 EUR", "\"channels\"",
                           "\"deliveries\"", "\"catalog\"", "\"prices\"", "\"budgets\"", "\"tasks\"", "\"prompts\"", "ftjob-abc"] {
                #expect(first.contains(needle), "the export has no \(needle)")
            }
            let copyDir = dir.appendingPathComponent("copy")
            try FileManager.default.createDirectory(at: copyDir, withIntermediateDirectories: true)
            let copy = try target.open(copyDir, day1)
            let root = try parse(first)
            _ = try copy.write { () throws(Failure) in try copy.importArchive(root, file: "export.json") }
            let second = try export(copy)
            #expect(second == first, "\(source) → \(target): the exports differ\n\(firstDifference(first, second))")
        }
    }

    /// The first line where `a` and `b` differ, for the failure message.
    func firstDifference(_ a: String, _ b: String) -> String {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false)
        let y = b.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(x.count, y.count) where i >= x.count || i >= y.count || x[i] != y[i] {
            return "line \(i + 1):\n- \(i < x.count ? String(x[i].prefix(400)) : "(end)")\n+ \(i < y.count ? String(y[i].prefix(400)) : "(end)")"
        }
        return ""
    }

    @Test func sqliteToPostgresExportsIdentically() throws {
        try move(from: .sqlite, to: .postgres)
    }

    @Test func postgresToSqliteExportsIdentically() throws {
        try move(from: .postgres, to: .sqlite)
    }
}
