import Foundation
import Testing
import TrackerCore
@testable import TrackerStore

/// `mergeListing` against every backend: which bases a complete provider
/// list read marks gone, back or disputed.
@Suite struct ListingMergeTests {
    /// Runs `body` with a fresh, migrated store of `backend`.
    func withStore(_ backend: StoreBackend, _ body: (any Store) throws -> Void) throws {
        try withTemporaryDirectory { dir in try body(try backend.open(dir, day1)) }
    }

    func merge(_ store: any Store, _ ids: [String], provider: String = "openai", source: DateSource = "openai",
               today: Day) throws -> [String] {
        try store.write { () throws(Failure) in
            try store.mergeListing(modelIDs: Set(ids), provider: provider, source: source, today: today)
        }.map { "\($0.kind.rawValue) \($0.base)" }
    }

    @Test(arguments: StoreBackend.all) func onlyBasesTheListListedBeforeGoAndGoOnce(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let a = try store.write { () throws(Failure) in
                try store.insertBase(makeBase("openai/gpt-4@0613", modelID: "gpt-4-0613", released: "2023-06-13"),
                                     source: "openai", today: day1)
            }
            _ = try store.write { () throws(Failure) in
                // Typed by hand, never seen in the list: never gone.
                try store.insertBase(makeBase("openai/gpt-x@1", modelID: "gpt-x-1", released: "2024-01-01"), source: .manual, today: day1)
            }
            _ = try store.write { () throws(Failure) in
                try store.insertBase(makeBase("anthropic/claude-3-haiku@20240307", modelID: "claude-3-haiku-20240307",
                                              released: "2024-03-07"), source: "anthropic", today: day1)
            }
            #expect(try merge(store, ["gpt-4-0613"], today: day1).isEmpty)
            #expect(try store.base(id: a)?.listedBy == "openai")
            #expect(try merge(store, ["gpt-4o"], today: day2) == ["gone openai/gpt-4@0613"])
            #expect(try store.base(id: a)?.goneOn == day2)
            #expect(try merge(store, ["gpt-4o"], today: day3).isEmpty, "reported once")
            #expect(try merge(store, ["gpt-4-0613"], today: day3) == ["back openai/gpt-4@0613"])
            #expect(try store.base(id: a)?.goneOn == nil)
            #expect(try store.history(base: a).filter { $0.field == .listing }.map { "\($0.recordedOn) \($0.value ?? "")" }
                    == ["2025-03-01 gone", "2025-06-30 back"])
            // Another provider's bases are not this list's business.
            #expect(try store.base(BaseRef("anthropic/claude-3-haiku@20240307")!)?.goneOn == nil)
        }
    }

    @Test(arguments: StoreBackend.all) func aCatalogDateIsDisputedOnlyOnceItHasPassed(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let id = try store.write { () throws(Failure) in
                try store.insertBase(makeBase("openai/gpt-4@0613", modelID: "gpt-4-0613", released: "2023-06-13",
                                              shutdown: "2025-02-01"), source: "litellm", today: day1)
            }
            // Before the date: nothing to dispute.
            #expect(try merge(store, ["gpt-4-0613"], today: day1).isEmpty)
            #expect(try merge(store, ["gpt-4-0613"], today: day2) == ["disputed openai/gpt-4@0613"])
            let b = try #require(try store.base(id: id))
            #expect(b.shutdown == nil)
            #expect(b.disputedShutdown == DisputedDate(day: day("2025-02-01"), source: "litellm", disputedBy: "openai", since: day2))
            #expect(try merge(store, ["gpt-4-0613"], today: day3).isEmpty)
        }
    }
}
