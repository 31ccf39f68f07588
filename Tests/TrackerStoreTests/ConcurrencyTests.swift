import Dispatch
import Foundation
import Testing
import TrackerCore
@testable import TrackerStore

/// Two trackers writing the same database at once (two cron jobs, a person
/// and a timer) must wait for each other, never fail, on every backend.
@Suite(.serialized) struct ConcurrencyTests {
    /// Runs `body` on `count` threads of their own, started together (each
    /// waits until all exist), and returns when all have finished.
    func runTogether(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let ready = DispatchGroup()
        let go = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        for i in 0..<count {
            ready.enter()
            done.enter()
            let thread = Thread {
                ready.leave()
                go.wait()
                body(i)
                done.leave()
            }
            thread.start()
        }
        ready.wait()
        for _ in 0..<count { go.signal() }
        done.wait()
    }

    static let perWriter = 200

    @Test(arguments: StoreBackend.all) func twoWritersInterleaveWithoutBusyFailures(_ backend: StoreBackend) throws {
        try withTemporaryDirectory { dir in
            let path = try backend.newLocation(dir)
            let setup = try backend.open(at: path, .write, day1)
            let baseID = try setup.write { () throws(Failure) in
                try setup.insertBase(makeBase("openai/gpt-4o@2024-08-06"), source: "manual", today: day1)
            }
            // One connection per writer, as two tracker processes would have.
            let stores = Shared([try backend.open(at: path, .write, day1), try backend.open(at: path, .write, day1)])
            let problems = Problems()

            runTogether(2) { writer in
                let store = stores.value[writer]
                for n in 0..<Self.perWriter {
                    do {
                        try store.write { () throws(Failure) in
                            _ = try store.insertFineTune(name: "writer\(writer)-\(n)", task: "t", owner: "w\(writer)",
                                                         retrainEvery: .default, volume: .unknown, retrainCost: nil, first: makeGeneration(base: baseID), today: day1)
                        }
                    } catch {
                        problems.add("writer \(writer) #\(n): \(error)")
                    }
                }
            }

            #expect(problems.all.isEmpty, "\(problems.all.prefix(3))")
            #expect(try count(setup, "SELECT count(*) FROM fine_tune") == Int64(2 * Self.perWriter))
            #expect(try count(setup, "SELECT count(*) FROM generation") == Int64(2 * Self.perWriter))
            #expect(try count(setup, "SELECT count(*) FROM fine_tune WHERE owner = 'w0'") == Int64(Self.perWriter))
            #expect(try count(setup, "SELECT count(*) FROM fine_tune WHERE owner = 'w1'") == Int64(Self.perWriter))
            if backend.dialect == .sqlite { #expect(try texts(setup.database, "PRAGMA integrity_check") == ["ok"]) }
        }
    }

    @Test(arguments: StoreBackend.all) func writerWaitsForAnOpenTransactionThenSucceeds(_ backend: StoreBackend) throws {
        try withTemporaryDirectory { dir in
            let path = try backend.newLocation(dir)
            let holder = try backend.open(at: path, .write, day1)
            let waiter = try backend.open(at: path, .write, day1)
            let baseID = try holder.write { () throws(Failure) in
                try holder.insertBase(makeBase("openai/gpt-4o@2024-08-06"), source: "manual", today: day1)
            }
            let holdFor = 0.3 // seconds, well under the busy timeout
            #expect(Double(SQLiteDatabase.busyTimeoutMilliseconds) / 1000 > holdFor * 3)

            let shared = Shared(holder)
            let problems = Problems()
            let locked = DispatchSemaphore(value: 0)
            let finished = DispatchSemaphore(value: 0)
            DispatchQueue.global().async {
                let store = shared.value
                do {
                    try store.write { () throws(Failure) in
                        _ = try store.insertFineTune(name: "holder", task: nil, owner: nil, retrainEvery: .default, volume: .unknown, retrainCost: nil,
                                                     first: makeGeneration(base: baseID), today: day1)
                        locked.signal()
                        Thread.sleep(forTimeInterval: holdFor)
                    }
                } catch {
                    problems.add("holder: \(error)")
                    locked.signal()
                }
                finished.signal()
            }
            #expect(locked.wait(timeout: .now() + 10) == .success)

            let start = DispatchTime.now()
            var waited = 0.0
            var sawHolder = false
            do {
                try waiter.write { () throws(Failure) in
                    waited = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
                    // The holder committed before we got the lock: its row is visible.
                    sawHolder = try waiter.fineTune(named: "holder") != nil
                    _ = try waiter.insertFineTune(name: "waiter", task: nil, owner: nil, retrainEvery: .default, volume: .unknown, retrainCost: nil,
                                                  first: makeGeneration(base: baseID), today: day1)
                }
            } catch {
                Issue.record("the waiting writer failed instead of waiting: \(error)")
            }
            #expect(finished.wait(timeout: .now() + 10) == .success)

            #expect(problems.all.isEmpty, "\(problems.all)")
            // SQLite has one writer at a time: the second waits for the first's
            // commit. PostgreSQL's SERIALIZABLE writers run side by side (a
            // conflict is retried), so there only both commits are checked.
            if backend.dialect == .sqlite {
                #expect(sawHolder, "the holder's committed row was not visible to the waiting writer")
                #expect(waited >= holdFor * 0.5, "the second writer did not wait for the first (\(waited) s)")
                #expect(waited < Double(SQLiteDatabase.busyTimeoutMilliseconds) / 1000)
            }
            #expect(try holder.allFineTuneNames().sorted() == ["holder", "waiter"])
        }
    }

    @Test(arguments: StoreBackend.all) func twoTrackersCreatingTheSameNewDatabaseAtOnce(_ backend: StoreBackend) throws {
        try withTemporaryDirectory { dir in
            let path = try backend.newLocation(dir)
            let problems = Problems()
            runTogether(2) { writer in
                do {
                    let store = try backend.open(at: path, .write, day1)
                    try store.write { () throws(Failure) in
                        _ = try store.insertBase(makeBase("openai/gpt-4o@2024-08-0\(writer + 1)"), source: "manual", today: day1)
                    }
                } catch {
                    problems.add("writer \(writer): \(error)")
                }
            }
            #expect(problems.all.isEmpty, "\(problems.all)")
            let store = try backend.open(at: path, .read, day1)
            #expect(try store.allBases().count == 2)
            let distinct = try count(store, "SELECT count(DISTINCT version) FROM schema_migration")
            #expect(try count(store, "SELECT count(*) FROM schema_migration") == distinct)
            #expect(try Migrator(database: store.database).status().allSatisfy { $0.appliedOn != nil })
            if backend.dialect == .sqlite { #expect(permissions(path) == 0o600) }
        }
    }
}
