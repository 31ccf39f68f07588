import Foundation
import Testing
import TrackerCore
@testable import TrackerStore

/// Migration 010 through the `Store` protocol, for every backend: renames,
/// reopening, generation corrections and their history, removals, taking
/// back an ack or a snooze, channels changed in place, and the export.
@Suite struct EditStoreTests {
    /// Runs `body` with a fresh, migrated store of `backend`.
    func withStore(_ backend: StoreBackend, _ body: (any Store) throws -> Void) throws {
        try withTemporaryDirectory { dir in try body(try backend.open(dir, day1)) }
    }

    func insertBase(_ store: any Store, _ ref: String) throws -> Int64 {
        try store.write { () throws(Failure) in try store.insertBase(makeBase(ref), source: .manual, today: day1) }
    }

    func addFineTune(_ store: any Store, _ name: String, base: Int64) throws -> Int64 {
        try store.write { () throws(Failure) in
            let id = try store.insertFineTune(name: name, task: nil, owner: nil, retrainEvery: .default, volume: .unknown,
                                              retrainCost: nil, first: makeGeneration(base: base), today: day1)
            try store.insertGeneration(fineTune: id, number: 2, makeGeneration(base: base, trained: day2), today: day2)
            return id
        }
    }

    @Test(arguments: StoreBackend.all) func renameRecordsTheChangeAndRefusesAnotherFineTunesKey(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let base = try insertBase(store, "openai/gpt-4o@2024-08-06")
            _ = try addFineTune(store, "bot", base: base)
            _ = try addFineTune(store, "Émile", base: base)
            let bot = try #require(try store.fineTune(named: "bot"))
            #expect(throws: Failure.self) {
                try store.write { () throws(Failure) in try store.renameFineTune(bot, to: "ÉMILE", today: day2) }
            }
            try store.write { () throws(Failure) in try store.renameFineTune(bot, to: "support-bot", today: day2) }
            #expect(try store.fineTune(named: "bot") == nil)
            #expect(try store.fineTune(named: "SUPPORT-BOT")?.id == bot.id)
            #expect(try store.changes(fineTune: bot.id) == [FineTuneChange(field: .name, old: "bot", new: "support-bot", recordedOn: day2)])
        }
    }

    @Test(arguments: StoreBackend.all) func reopenClearsTheRetirementAndKeepsIt(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let base = try insertBase(store, "openai/gpt-4o@2024-08-06")
            let id = try addFineTune(store, "bot", base: base)
            try store.write { () throws(Failure) in try store.retire(fineTune: id, on: day2, reason: "replaced") }
            let retired = try #require(try store.fineTune(named: "bot"))
            try store.write { () throws(Failure) in try store.reopen(retired, today: day3) }
            let open = try #require(try store.fineTune(named: "bot"))
            #expect(open.retiredOn == nil && open.retireReason == nil)
            #expect(try store.changes(fineTune: id) == [FineTuneChange(field: .retired, old: "2025-03-01 (replaced)", new: nil, recordedOn: day3)])
            // An active one: nothing happens.
            try store.write { () throws(Failure) in try store.reopen(open, today: day3) }
            #expect(try store.changes(fineTune: id).count == 1)
        }
    }

    @Test(arguments: StoreBackend.all) func generationCorrectionsAreWrittenAndKept(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let base = try insertBase(store, "openai/gpt-4o@2024-08-06")
            let id = try addFineTune(store, "bot", base: base)
            let g1 = try #require(try store.generations(of: id).first)
            var facts = g1.facts
            facts.cost = Money(minorUnits: 99, currency: "USD")
            facts.modelID = nil
            facts.examples = 700
            let changed = try store.write { () throws(Failure) in try store.updateGeneration(g1, to: facts, today: day3) }
            #expect(changed == [.cost, .modelID, .examples])
            let after = try #require(try store.generations(of: id).first)
            #expect(after.facts.cost == facts.cost && after.facts.modelID == nil && after.facts.examples == 700)
            #expect(after.facts.trained == g1.facts.trained && after.facts.eval == g1.facts.eval)
            let history = try store.generationChanges(fineTune: id)
            #expect(history.map(\.field) == [.cost, .modelID, .examples])
            #expect(history[0] == GenerationChange(generation: 1, field: .cost, old: "1,200.50 USD", new: "0.99 USD", recordedOn: day3))
            #expect(history[1].old == "ft:gpt-4o:acme::abc" && history[1].new == nil)
            // Unchanged facts record nothing.
            let again = try store.write { () throws(Failure) in try store.updateGeneration(after, to: after.facts, today: day3) }
            #expect(again.isEmpty)
            #expect(try store.generationChanges(fineTune: id).count == 3)
        }
    }

    @Test(arguments: StoreBackend.all) func removalsTakeTheirOwnRowsAndBaseUsersNameWhatRefers(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let base = try insertBase(store, "openai/gpt-4o@2024-08-06")
            let other = try insertBase(store, "openai/gpt-4o@2024-05-13")
            let id = try addFineTune(store, "bot", base: base)
            try store.write { () throws(Failure) in
                let old = try store.base(id: other)!
                var new = old
                new.successorID = base
                try store.updateBase(from: old, to: new, source: .manual, today: day1)
            }
            #expect(try store.users(ofBase: base) == BaseUsers(generations: ["bot g1", "bot g2"], predecessors: ["openai/gpt-4o@2024-05-13"]))
            #expect(try store.users(ofBase: other).isEmpty)
            let g2 = try #require(try store.generations(of: id).last)
            let g1 = try #require(try store.generations(of: id).first)
            try store.write { () throws(Failure) in
                try store.updateGeneration(g2, to: { var f = g2.facts; f.examples = 1; return f }(), today: day2)
                try store.removeGeneration(id: g2.id)
            }
            #expect(try store.generations(of: id).map(\.number) == [1])
            #expect(try store.generationChanges(fineTune: id).isEmpty)
            try store.write { () throws(Failure) in
                try store.updateGeneration(g1, to: { var f = g1.facts; f.examples = 1; return f }(), today: day2)
                try store.removeFineTune(id: id)
            }
            #expect(try store.fineTune(named: "bot") == nil)
            #expect(try store.allEvals().isEmpty)
            #expect(try store.users(ofBase: base).generations.isEmpty)
            try store.write { () throws(Failure) in try store.removeBase(id: other) }
            #expect(try store.base(id: other) == nil)
            #expect(try store.users(ofBase: base).isEmpty)
            try store.write { () throws(Failure) in try store.removeBase(id: base) }
            #expect(try store.allBases().isEmpty)
        }
    }

    @Test(arguments: StoreBackend.all) func ackAndSnoozeAreTakenBack(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let alert = Alert(key: "bot:1:eval-below-target", fineTune: "bot", owner: nil, task: nil, generation: 1,
                              reason: "eval-below-target", base: "openai/gpt-4o@2024-08-06", urgency: .planned, date: nil,
                              daysLeft: nil, threshold: nil, text: "eval below target")
            try store.write { () throws(Failure) in try store.insertAlert(alert, now: day1) }
            let row = try #require(try store.storedAlerts().first).rowID
            try store.write { () throws(Failure) in
                try store.setAck(alert: row, until: day3)
                try store.setSnooze(alert: row, until: day2)
            }
            try store.write { () throws(Failure) in
                try store.clearAck(alert: row)
                try store.clearSnooze(alert: row)
            }
            let a = try #require(try store.storedAlerts().first)
            #expect(!a.acked && a.ackUntil == nil && a.snoozedUntil == nil)
        }
    }

    @Test(arguments: StoreBackend.all) func channelUpdateKeepsItsIdAndRefusesAnotherChannelsName(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let hook = Channel(name: "hook", kind: .webhook, route: Route(), createdOn: day1)
            var withURL = hook
            withURL.urlEnv = "HOOK_URL"
            let id = try store.write { () throws(Failure) in try store.insertChannel(withURL) }
            var other = withURL
            other.name = "Other"
            _ = try store.write { () throws(Failure) in try store.insertChannel(other) }
            var changed = try #require(try store.channel(named: "hook"))
            changed.name = "OTHER"
            #expect(throws: Failure.self) { try store.write { () throws(Failure) in try store.updateChannel(changed) } }
            changed.name = "ml-hook"
            changed.route.owner = "ml"
            try store.write { () throws(Failure) in try store.updateChannel(changed) }
            let read = try #require(try store.channel(named: "ML-HOOK"))
            #expect(read.id == id && read.route.owner == "ml" && read == changed)
            #expect(try store.channel(named: "hook") == nil)
        }
    }

    @Test(arguments: StoreBackend.all) func correctionsAndReopeningRoundTripThroughExportFormat5(_ backend: StoreBackend) throws {
        try withTemporaryDirectory { dir in
            let store = try backend.open(dir, day1)
            let base = try insertBase(store, "openai/gpt-4o@2024-08-06")
            let id = try addFineTune(store, "bot", base: base)
            let g1 = try #require(try store.generations(of: id).first)
            try store.write { () throws(Failure) in
                try store.updateGeneration(g1, to: { var f = g1.facts; f.tokens = 5; f.datasetRef = nil; return f }(), today: day2)
                try store.retire(fineTune: id, on: day2, reason: nil)
                try store.reopen(try store.fineTune(named: "bot")!, today: day3)
                try store.renameFineTune(try store.fineTune(named: "bot")!, to: "bot-2", today: day3)
            }
            let first = try export(store)
            #expect(first.contains(#""version": 5"#) || first.contains(#""version":5"#))
            #expect(first.contains("\"retired\"") && first.contains("\"dataset\"") && first.contains("s3://acme/support.jsonl"))
            let copyDir = dir.appendingPathComponent("copy")
            try FileManager.default.createDirectory(at: copyDir, withIntermediateDirectories: true)
            let copy = try backend.open(copyDir, day1)
            let root = try parse(first)
            _ = try copy.write { () throws(Failure) in try copy.importArchive(root, file: "export.json") }
            #expect(try export(copy) == first)
            let bot = try #require(try copy.fineTune(named: "bot-2"))
            #expect(try copy.generationChanges(fineTune: bot.id).map(\.field) == [.tokens, .dataset])
            #expect(try copy.changes(fineTune: bot.id).map(\.field) == [.retired, .name])
        }
    }

    @Test(arguments: StoreBackend.all) func format4StillImportsWithoutCorrections(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let text = #"""
            {"format": "tracker-export", "version": 4, "schema": 9,
             "bases": [{"provider": "openai", "family": "gpt-4o", "version": "2024-08-06", "model_id": "gpt-4o-2024-08-06",
                        "created_on": "2025-01-01", "deprecated_undated": 0, "history": [], "prices": []}],
             "fine_tunes": [{"name": "bot", "retrain_every": "1y", "created_on": "2025-01-01",
                             "generations": [{"number": 1, "trained_on": "2025-01-01", "cost_minor": 100, "currency": "USD",
                                              "recorded_on": "2025-01-01", "base": "openai/gpt-4o@2024-08-06", "evals": []}],
                             "changes": [{"field": "name", "old_value": "old", "new_value": "bot", "recorded_on": "2025-01-01"}]}],
             "tasks": [], "channels": [], "alerts": [], "catalog": [], "budgets": []}
            """#
            let root = try parse(text)
            let counts = try store.write { () throws(Failure) in try store.importArchive(root, file: "v4.json") }
            #expect(counts["fine_tunes"] == 1)
            let bot = try #require(try store.fineTune(named: "bot"))
            #expect(try store.generationChanges(fineTune: bot.id).isEmpty)
            #expect(try store.changes(fineTune: bot.id).map(\.field) == [.name])
        }
    }
}
