import Foundation
import Migrations
import Testing
import TrackerCore
@testable import TrackerStore

/// Migration 009's data through the `Store` protocol, for every backend:
/// tasks, prompt revisions, evals of both kinds, and the migration of a
/// 008 database's free-text tasks and generation evals.
@Suite struct PromptStoreTests {
    /// Runs `body` with a fresh, migrated store of `backend`.
    func withStore(_ backend: StoreBackend, _ body: (any Store) throws -> Void) throws {
        try withTemporaryDirectory { dir in try body(try backend.open(dir, day1)) }
    }

    func addFineTune(_ store: any Store, _ name: String, task: String?, eval: EvalResult?) throws -> Int64 {
        try store.write { () throws(Failure) in
            var base = try store.base(BaseRef("openai/gpt-4o@2024-08-06")!)?.id ?? 0
            if base == 0 { base = try store.insertBase(makeBase("openai/gpt-4o@2024-08-06"), source: .manual, today: day1) }
            return try store.insertFineTune(name: name, task: task, owner: nil, retrainEvery: .default, volume: .unknown,
                                            retrainCost: nil, first: makeGeneration(base: base, eval: eval), today: day1)
        }
    }

    @Test(arguments: StoreBackend.all) func tasksAreUniqueByKeyAndEnsuredOnce(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let t = try store.write { () throws(Failure) in
                try store.insertTask(name: "Support-Triage", targetPercent: 85, description: "tickets", today: day1)
            }
            #expect(try store.task(named: "SUPPORT-TRIAGE")?.id == t.id)
            #expect(throws: Failure.self) {
                try store.write { () throws(Failure) in _ = try store.insertTask(name: "support-triage", targetPercent: 80, description: nil, today: day1) }
            }
            let (same, created) = try store.write { () throws(Failure) in try store.ensureTask(named: "support-TRIAGE", today: day2) }
            #expect(!created && same == t)
            let (new, made) = try store.write { () throws(Failure) in try store.ensureTask(named: "routing", today: day2) }
            #expect(made && new.targetPercent == 80 && new.createdOn == day2)
            var changed = t
            changed.targetPercent = 70
            changed.description = nil
            try store.write { () throws(Failure) in try store.updateTask(changed) }
            #expect(try store.tasks() == [new, changed])
        }
    }

    @Test(arguments: StoreBackend.all) func revisionsAreNumberedPerTaskWithTheirLatestEval(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let (a, b) = try store.write { () throws(Failure) in
                (try store.ensureTask(named: "a", today: day1).task, try store.ensureTask(named: "b", today: day1).task)
            }
            let r1 = try store.write { () throws(Failure) in
                try store.insertPromptRevision(task: a, text: "one\n", sha256: PromptText.sha256("one\n"), note: "n", baseID: nil, today: day1)
            }
            let r2 = try store.write { () throws(Failure) in
                try store.insertPromptRevision(task: a, text: "two\n", sha256: PromptText.sha256("two\n"), note: nil, baseID: nil, today: day2)
            }
            let b1 = try store.write { () throws(Failure) in
                try store.insertPromptRevision(task: b, text: "x", sha256: PromptText.sha256("x"), note: nil, baseID: nil, today: day2)
            }
            #expect([r1.number, r2.number, b1.number] == [1, 2, 1] as [Int])
            #expect(r1.text == "one\n" && r1.note == "n" && r1.latestEval == nil && r1.evalCount == 0)
            try store.write { () throws(Failure) in
                _ = try store.insertEval(.prompt(task: "a", revision: 1), result: EvalResult(passed: 9, total: 10)!, dataset: "d",
                                         day: day2, today: day3)
                _ = try store.insertEval(.prompt(task: "a", revision: 1), result: EvalResult(passed: 5, total: 10)!, dataset: nil,
                                         day: day1, today: day3)
            }
            let read = try #require(try store.promptRevision(task: a.id, number: 1))
            #expect(read.latestEval == EvalResult(passed: 9, total: 10) && read.evalCount == 2)
            #expect(try store.evals(of: .prompt(task: "a", revision: 1)).map(\.day) == [day1, day2])
            #expect(try store.promptRevisions(task: a.id).map(\.number) == [1, 2])
            #expect(try store.allPromptRevisions().map { "\($0.task)@\($0.label)" } == ["a@r1", "a@r2", "b@r1"])
            #expect(throws: Failure.self) {
                try store.write { () throws(Failure) in
                    _ = try store.insertEval(.prompt(task: "a", revision: 9), result: EvalResult(passed: 1, total: 1)!, dataset: nil,
                                             day: day1, today: day1)
                }
            }
        }
    }

    @Test(arguments: StoreBackend.all) func generationEvalsAreRowsAndTheLatestIsRead(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let id = try addFineTune(store, "bot", task: "triage", eval: EvalResult(passed: 8, total: 10))
            #expect(try count(store, "SELECT count(*) FROM generation WHERE eval_passed IS NOT NULL") == 0, "old columns are not written")
            #expect(try store.generations(of: id).first?.facts.eval == EvalResult(passed: 8, total: 10))
            try store.write { () throws(Failure) in
                _ = try store.insertEval(.generation(fineTune: "BOT", number: 1), result: EvalResult(passed: 6, total: 10)!,
                                         dataset: nil, day: day3, today: day3)
            }
            #expect(try store.generations(of: id).first?.facts.eval == EvalResult(passed: 6, total: 10))
            #expect(try store.alertSubjects().first?.eval == EvalResult(passed: 6, total: 10))
            #expect(try store.evals(of: .generation(fineTune: "bot", number: 1)).map(\.result.passed) == [8, 6])
            let all = try store.allEvals()
            #expect(all.map(\.subject) == [.generation(fineTune: "bot", number: 1), .generation(fineTune: "bot", number: 1)])
        }
    }

    // SQLite only: upgrades a SQLite file built by hand at migration 008.
    /// A database at migration 008 with free-text tasks (two spellings of
    /// one) and generation evals: 009 makes the tasks (the oldest spelling,
    /// target 80) and each eval the generation's first eval row.
    @Test func migrationFrom008MakesTasksAndEvals() throws {
        try withTemporaryDirectory { dir in
            let path = databasePath(in: dir)
            do {
                let db = try SQLiteDatabase(path: path, create: true)
                try Migrator(database: db, migrations: Array(Migrations.all.prefix(8))).migrate(today: day1)
                try db.execute("""
                    INSERT INTO base_version (provider, family, version, model_id, created_on)
                        VALUES ('openai', 'gpt-4o', '2024-08-06', 'gpt-4o-2024-08-06', '2025-01-15');
                    INSERT INTO fine_tune (name, name_key, task, created_on) VALUES ('a', 'a', 'Triage', '2025-01-10'),
                        ('b', 'b', 'triage', '2025-01-11'), ('c', 'c', 'Routing', '2025-01-12'), ('d', 'd', NULL, '2025-01-13');
                    INSERT INTO generation (fine_tune_id, number, base_id, trained_on, cost_minor, currency, eval_passed, eval_total, recorded_on)
                        VALUES (1, 1, 1, '2025-01-01', 100, 'USD', 7, 10, '2025-01-15'),
                               (1, 2, 1, '2025-02-01', 100, 'USD', NULL, NULL, '2025-02-15'),
                               (2, 1, 1, '2025-01-05', 100, 'USD', 45, 50, '2025-01-15');
                    """)
            }
            let store = try SQLStore(path: path, mode: .write, today: day2)
            #expect(store.migrationsAppliedAtOpen.map(\.version) == [9, 10])
            #expect(try store.tasks().map { "\($0.name) \($0.targetPercent) \($0.createdOn)" }
                    == ["Routing 80 2025-01-12", "Triage 80 2025-01-10"])
            #expect(try store.task(named: "TRIAGE")?.name == "Triage")
            let evals = try store.allEvals()
            #expect(evals.map { "\($0.subject) \($0.result) \($0.day)" } == ["a@g1 7/10 2025-01-01", "b@g1 45/50 2025-01-05"])
            #expect(try store.generations(of: 1).map(\.facts.eval) == [EvalResult(passed: 7, total: 10), nil])
            // Old values stay in place, unread.
            #expect(try count(store, "SELECT count(*) FROM generation WHERE eval_passed IS NOT NULL") == 2)
        }
    }
}
