import Foundation
import Testing
import TrackerCore
@testable import TrackerStore

/// The queries commands rely on, each on a fresh database, written against
/// the `Store` protocol and run for each backend in `StoreBackend.all`.
@Suite struct StoreTests {
    /// Runs `body` with a fresh, migrated store of `backend`.
    func withStore(_ backend: StoreBackend, _ body: (any Store) throws -> Void) throws {
        try withTemporaryDirectory { dir in try body(try backend.open(dir, day1)) }
    }

    func insert(_ store: any Store, _ base: BaseVersion, source: DateSource = .manual, today: Day = day1) throws -> Int64 {
        try store.write { () throws(Failure) in try store.insertBase(base, source: source, today: today) }
    }

    @discardableResult
    func addFineTune(_ store: any Store, _ name: String, base: Int64, task: String? = nil, owner: String? = nil,
                     policy: RetrainPolicy = .default, trained: Day = day1) throws -> Int64 {
        try store.write { () throws(Failure) in
            try store.insertFineTune(name: name, task: task, owner: owner, retrainEvery: policy, volume: .unknown, retrainCost: nil,
                                     first: makeGeneration(base: base, trained: trained), today: day1)
        }
    }

    // MARK: Base versions

    @Test(arguments: StoreBackend.all) func insertedBaseIsFoundByRefAndID(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let b = makeBase("openai/gpt-4o@2024-08-06", released: "2024-08-06", deprecation: .undated,
                             shutdown: "2026-03-31")
            let id = try insert(store, b)
            var expected = b
            expected.id = id

            #expect(try store.base(b.ref) == expected)
            #expect(try store.base(id: id) == expected)
            #expect(try store.base(BaseRef("openai/gpt-4o@2024-05-13")!) == nil)
            #expect(try store.base(id: id + 100) == nil)
            #expect(try store.allBases() == [expected])
        }
    }

    @Test(arguments: StoreBackend.all) func baseWithDatedDeprecationAndSuccessorRoundTrips(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let newID = try insert(store, makeBase("anthropic/claude-3-5-sonnet@20241022", released: "2024-10-22"))
            let old = makeBase("anthropic/claude-3-5-sonnet@20240620", released: "2024-06-20",
                               deprecation: .on(day("2025-08-13")), shutdown: "2025-10-22", successorID: newID)
            let oldID = try insert(store, old)
            let stored = try #require(try store.base(id: oldID))
            #expect(stored.deprecation == .on(day("2025-08-13")))
            #expect(stored.successorID == newID)
            #expect(stored.shutdown == day("2025-10-22"))
            // The initial facts are the start of the history, successor by ref.
            let history = try store.history(base: oldID)
            #expect(history.map(\.field) == [.released, .deprecated, .shutdown, .successor])
            #expect(history.map(\.value) == ["2024-06-20", "2025-08-13", "2025-10-22", "anthropic/claude-3-5-sonnet@20241022"])
        }
    }

    @Test(arguments: StoreBackend.all) func duplicateBaseIsRefused(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            _ = try insert(store, makeBase("openai/gpt-4o@2024-08-06"))
            let failure = expectFailure {
                _ = try insert(store, makeBase("openai/gpt-4o@2024-08-06", modelID: "something-else"))
            }
            #expect(failure?.kind == .data)
            #expect(failure?.message.contains("openai/gpt-4o@2024-08-06") == true)
            #expect(try count(store, "SELECT count(*) FROM base_version") == 1)
            #expect(try store.base(BaseRef("openai/gpt-4o@2024-08-06")!)?.modelID == "gpt-4o-2024-08-06")
        }
    }

    @Test(arguments: StoreBackend.all) func basesByModelIDMatchBareAndProviderQualifiedIDs(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let openai = try insert(store, makeBase("openai/gpt-4o@2024-08-06", released: "2024-08-06"))
            let azure = try insert(store, makeBase("azure/gpt-4o@2024-08-06", modelID: "gpt-4o-2024-08-06", released: "2024-09-01"))
            _ = try insert(store, makeBase("openai/gpt-4o@2024-05-13", released: "2024-05-13"))

            #expect(try store.bases(modelID: "gpt-4o-2024-08-06").map(\.id) == [azure, openai]) // newest release first
            #expect(try store.bases(modelID: "azure/gpt-4o-2024-08-06").map(\.id) == [azure])
            #expect(try store.bases(modelID: "openai/gpt-4o-2024-08-06").map(\.id) == [openai])
            #expect(try store.bases(modelID: "gpt-4o-2099-01-01").isEmpty)
        }
    }

    @Test(arguments: StoreBackend.all) func findBaseByRefModelIDAndProviderModelID(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let gpt = try insert(store, makeBase("openai/gpt-4o@2024-08-06"))
            let llama = try insert(store, makeBase("ollama/llama3.1:8b@sha256:42ab", released: "2024-07-23"))

            #expect(try store.findBase("openai/gpt-4o@2024-08-06")?.id == gpt)
            #expect(try store.findBase("OpenAI/gpt-4o@2024-08-06")?.id == gpt) // provider is case-insensitive
            #expect(try store.findBase("gpt-4o-2024-08-06")?.id == gpt)
            #expect(try store.findBase("openai/gpt-4o-2024-08-06")?.id == gpt)
            #expect(try store.findBase("llama3.1:8b")?.id == llama)
            #expect(try store.findBase("ollama/llama3.1:8b@sha256:42ab")?.id == llama)
            #expect(try store.findBase("gpt-4o-2024-05-13") == nil)
            #expect(try store.findBase("openai/gpt-4o@2024-05-13") == nil)
            #expect(try store.requireBase("gpt-4o-2024-08-06", field: "--base").id == gpt)

            // Vertex model ids contain '@': found bare and provider-qualified.
            let vertex = try insert(store, makeBase("google/claude-3-5-sonnet@v2-20241022",
                                                    modelID: "claude-3-5-sonnet-v2@20241022"))
            #expect(try store.findBase("claude-3-5-sonnet-v2@20241022")?.id == vertex)
            #expect(try store.findBase("google/claude-3-5-sonnet-v2@20241022")?.id == vertex)
        }
    }

    @Test(arguments: StoreBackend.all) func ambiguousModelIDIsADataFailureNamingTheChoices(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            _ = try insert(store, makeBase("openai/gpt-4o@2024-08-06"))
            _ = try insert(store, makeBase("azure/gpt-4o@2024-08-06", modelID: "gpt-4o-2024-08-06"))
            let failure = expectFailure { _ = try store.findBase("gpt-4o-2024-08-06") }
            #expect(failure?.kind == .data)
            #expect(failure?.message.contains("openai/gpt-4o@2024-08-06") == true)
            #expect(failure?.message.contains("azure/gpt-4o@2024-08-06") == true)
            // Qualified, it is not ambiguous.
            #expect(try store.findBase("azure/gpt-4o-2024-08-06")?.ref.provider == "azure")
        }
    }

    @Test(arguments: StoreBackend.all) func unknownBaseSuggestsTheClosestKnownOne(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            _ = try insert(store, makeBase("openai/gpt-4o@2024-08-06"))
            let failure = expectFailure { _ = try store.requireBase("openai/gpt-4o@2024-08-07", field: "--base") }
            #expect(failure?.kind == .data)
            #expect(failure?.message.contains("openai/gpt-4o@2024-08-06") == true, "\(failure?.message ?? "-")")
        }
    }

    @Test(arguments: StoreBackend.all) func updateBaseRecordsEachChangedFactOnce(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let successorID = try insert(store, makeBase("openai/gpt-4o@2024-11-20", released: "2024-11-20"))
            let id = try insert(store, makeBase("openai/gpt-4o@2024-08-06", released: "2024-08-06"))
            let old = try #require(try store.base(id: id))
            #expect(try store.history(base: id).count == 1) // released, from insert

            var new = old
            new.deprecation = .undated
            new.shutdown = day("2026-02-27")
            new.successorID = successorID
            let changed = try store.write { () throws(Failure) in
                try store.updateBase(from: old, to: new, source: "openai-models", today: day2)
            }
            #expect(changed == [.deprecated, .shutdown, .successor])
            #expect(try store.base(id: id) == new)

            let history = try store.history(base: id)
            #expect(history.map(\.field) == [.released, .deprecated, .shutdown, .successor])
            #expect(history.map(\.value) == ["2024-08-06", nil, "2026-02-27", "openai/gpt-4o@2024-11-20"])
            #expect(history.map(\.undated) == [false, true, false, false])
            #expect(history.map(\.source) == ["manual", "openai-models", "openai-models", "openai-models"])
            #expect(history.map(\.recordedOn) == ["2025-01-15", "2025-03-01", "2025-03-01", "2025-03-01"])

            // The same facts read again change nothing and record nothing.
            let current = try #require(try store.base(id: id))
            let again = try store.write { () throws(Failure) in
                try store.updateBase(from: current, to: new, source: "openai-models", today: day3)
            }
            #expect(again.isEmpty)
            #expect(try store.history(base: id).count == 4)

            // Moving the shutdown date records the new date; clearing it records nil.
            var moved = current
            moved.shutdown = day("2026-06-30")
            try store.write { () throws(Failure) in
                _ = try store.updateBase(from: current, to: moved, source: "manual", today: day3)
            }
            var cleared = moved
            cleared.shutdown = nil
            try store.write { () throws(Failure) in
                _ = try store.updateBase(from: moved, to: cleared, source: "manual", today: day3)
            }
            #expect(try store.history(base: id).suffix(2).map(\.value) == ["2026-06-30", nil])
            #expect(try store.base(id: id)?.shutdown == nil)
        }
    }

    @Test(arguments: StoreBackend.all) func modelIDChangeIsSavedWithoutHistory(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let id = try insert(store, makeBase("openai/gpt-4o@2024-08-06"))
            let old = try #require(try store.base(id: id))
            var new = old
            new.modelID = "gpt-4o-2024-08-06-renamed"
            let changed = try store.write { () throws(Failure) in
                try store.updateBase(from: old, to: new, source: "manual", today: day2)
            }
            #expect(changed.isEmpty)
            #expect(try store.base(id: id)?.modelID == "gpt-4o-2024-08-06-renamed")
            #expect(try store.history(base: id).isEmpty)
        }
    }

    // MARK: Fine-tunes

    @Test(arguments: StoreBackend.all) func insertedFineTuneAndItsFirstGenerationRoundTrip(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let base = try insert(store, makeBase("openai/gpt-4o@2024-08-06"))
            let id = try addFineTune(store, "Support-Bot", base: base, task: "support", owner: "ana",
                                     policy: RetrainPolicy("6m")!, trained: day("2025-01-10"))
            let ft = try #require(try store.fineTune(named: "support-bot"))
            #expect(ft.id == id)
            #expect(ft.name == "Support-Bot") // as first written
            #expect(ft.task == "support")
            #expect(ft.owner == "ana")
            #expect(ft.retrainEvery == RetrainPolicy("6m"))
            #expect(ft.createdOn == day1)
            #expect(ft.retiredOn == nil)
            #expect(ft.retireReason == nil)

            let generations = try store.generations(of: id)
            #expect(generations.count == 1)
            let g = try #require(generations.first)
            let expected = makeGeneration(base: base, trained: day("2025-01-10"))
            #expect(g.number == 1)
            #expect(g.recordedOn == day1)
            #expect(g.facts.modelID == expected.modelID)
            #expect(g.facts.baseID == base)
            #expect(g.facts.trained == day("2025-01-10"))
            #expect(g.facts.cost == Money(minorUnits: 120_050, currency: "USD"))
            #expect(g.facts.tokens == 1_000_000)
            #expect(g.facts.examples == 500)
            #expect(g.facts.datasetRef == expected.datasetRef)
            #expect(g.facts.datasetSHA256 == expected.datasetSHA256)
            #expect(g.facts.eval == EvalResult(passed: 8, total: 10))
            #expect(try store.generationCount(base: base) == 1)
        }
    }

    @Test(arguments: StoreBackend.all) func duplicateFineTuneNameIgnoresCase(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let base = try insert(store, makeBase("openai/gpt-4o@2024-08-06"))
            try addFineTune(store, "Support-Bot", base: base, owner: "ana")
            let failure = expectFailure { try addFineTune(store, "support-bot", base: base, owner: "bo") }
            #expect(failure?.kind == .data)
            #expect(failure?.message.contains("Support-Bot") == true, "\(failure?.message ?? "-")")
            #expect(try count(store, "SELECT count(*) FROM fine_tune") == 1)
            #expect(try count(store, "SELECT count(*) FROM generation") == 1)
            #expect(try store.fineTune(named: "SUPPORT-BOT")?.owner == "ana")
            #expect(try store.allFineTuneNames() == ["Support-Bot"])
        }
    }

    @Test(arguments: StoreBackend.all) func generationsComeInLineageOrder(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let old = try insert(store, makeBase("openai/gpt-4o@2024-05-13"))
            let new = try insert(store, makeBase("openai/gpt-4o@2024-08-06"))
            let id = try addFineTune(store, "triage", base: old, trained: day("2024-06-01"))
            try store.write { () throws(Failure) in
                try store.insertGeneration(fineTune: id, number: 3, makeGeneration(base: new, trained: day("2025-02-01")), today: day3)
                try store.insertGeneration(fineTune: id, number: 2, makeGeneration(base: new, trained: day("2024-09-01"), eval: nil), today: day2)
            }
            let generations = try store.generations(of: id)
            #expect(generations.map(\.number) == [1, 2, 3])
            #expect(generations.map(\.facts.trained) == [day("2024-06-01"), day("2024-09-01"), day("2025-02-01")])
            #expect(generations.map(\.facts.baseID) == [old, new, new])
            #expect(generations[1].facts.eval == nil)
            #expect(generations.map(\.recordedOn) == [day1, day2, day3])

            // A generation number is used once per fine-tune.
            let failure = expectFailure {
                try store.write { () throws(Failure) in
                    try store.insertGeneration(fineTune: id, number: 2, makeGeneration(base: new), today: day3)
                }
            }
            #expect(failure?.kind == .data)
            #expect(try store.generations(of: id).count == 3)
        }
    }

    @Test(arguments: StoreBackend.all) func retireEndsTheLineage(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let base = try insert(store, makeBase("openai/gpt-4o@2024-08-06"))
            let id = try addFineTune(store, "triage", base: base)
            try store.write { () throws(Failure) in
                try store.retire(fineTune: id, on: day2, reason: "prompt v4 meets the target")
            }
            let ft = try #require(try store.fineTune(named: "triage"))
            #expect(ft.retiredOn == day2)
            #expect(ft.retireReason == "prompt v4 meets the target")
            #expect(try store.listFineTunes(FineTuneFilter()).isEmpty)
            #expect(try store.listFineTunes(FineTuneFilter(includeRetired: true)).map(\.retiredOn) == [day2])
        }
    }

    /// Three active fine-tunes and a retired one across owners, tasks and families.
    func seedListing(_ store: Store) throws -> (gpt: Int64, claude: Int64, newGPT: Int64) {
        let gpt = try insert(store, makeBase("openai/gpt-4o@2024-05-13"))
        let newGPT = try insert(store, makeBase("openai/gpt-4o@2024-08-06"))
        let claude = try insert(store, makeBase("anthropic/claude-3-5-sonnet@20241022"))
        try addFineTune(store, "support-bot", base: gpt, task: "support", owner: "ana")
        let triage = try addFineTune(store, "Triage", base: gpt, task: "routing", owner: "bo")
        try addFineTune(store, "extractor", base: claude, task: "support", owner: "bo")
        let old = try addFineTune(store, "old-summarizer", base: gpt, task: "summaries", owner: "ana")
        try store.write { () throws(Failure) in
            // Triage was retrained on a newer snapshot; old-summarizer retired.
            try store.insertGeneration(fineTune: triage, number: 2, makeGeneration(base: newGPT, trained: day2), today: day2)
            try store.retire(fineTune: old, on: day2, reason: nil)
        }
        return (gpt, claude, newGPT)
    }

    @Test(arguments: StoreBackend.all) func listFineTunesFiltersAndShowsTheCurrentGeneration(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            _ = try seedListing(store)

            let all = try store.listFineTunes(FineTuneFilter())
            #expect(all.map(\.name) == ["extractor", "support-bot", "Triage"]) // by name, ignoring case
            let triage = try #require(all.first { $0.name == "Triage" })
            #expect(triage.generation == 2)
            #expect(triage.base.description == "openai/gpt-4o@2024-08-06")
            #expect(triage.trained == day2)

            #expect(try store.listFineTunes(FineTuneFilter(owner: "bo")).map(\.name) == ["extractor", "Triage"])
            #expect(try store.listFineTunes(FineTuneFilter(owner: "nobody")).isEmpty)
            #expect(try store.listFineTunes(FineTuneFilter(task: "support")).map(\.name) == ["extractor", "support-bot"])
            #expect(try store.listFineTunes(FineTuneFilter(family: "gpt-4o")).map(\.name) == ["support-bot", "Triage"])
            #expect(try store.listFineTunes(FineTuneFilter(family: "openai/gpt-4o")).map(\.name) == ["support-bot", "Triage"])
            #expect(try store.listFineTunes(FineTuneFilter(family: "claude-3-5-sonnet")).map(\.name) == ["extractor"])
            #expect(try store.listFineTunes(FineTuneFilter(owner: "bo", task: "support")).map(\.name) == ["extractor"])
            #expect(try store.listFineTunes(FineTuneFilter(includeRetired: true)).map(\.name)
                    == ["extractor", "old-summarizer", "support-bot", "Triage"])
            #expect(try store.listFineTunes(FineTuneFilter(owner: "ana", includeRetired: true)).map(\.name)
                    == ["old-summarizer", "support-bot"])
        }
    }

    @Test(arguments: StoreBackend.all) func dueCandidatesAreActiveFineTunesAtTheirCurrentGeneration(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let ids = try seedListing(store)
            // The alert rules and `due` read the same current_generation view.
            let seen = try store.alertSubjects().sorted { $0.name < $1.name }

            #expect(seen.map(\.name) == ["Triage", "extractor", "support-bot"])
            let triage = try #require(seen.first { $0.name == "Triage" })
            #expect(triage.generation == 2)
            #expect(triage.baseID == ids.newGPT)
            #expect(triage.trained == day2)
            #expect(seen.first { $0.name == "extractor" }?.baseID == ids.claude)
            #expect(seen.first { $0.name == "support-bot" }?.baseID == ids.gpt)
            #expect(seen.allSatisfy { $0.retrainEvery == .default })

            var due = DueList(bases: try store.allBases(), policy: DuePolicy(now: day("2099-01-01"), within: Span(count: 90, unit: .day)))
            try store.collectDue(into: &due, owner: "bo")
            #expect(due.items.map(\.name).sorted() == ["Triage", "extractor"])
        }
    }

    @Test(arguments: StoreBackend.all) func aNewSnapshotWithDatesOutOfOrderKeepsTheShutdownAndReportsTheOther(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let ref = try #require(BaseRef("openai/gpt-x@1"))
            let facts = [SourceFacts(ref: ref, modelID: "gpt-x-1", released: day("2024-01-01"), deprecated: day("2025-06-01"),
                                     shutdown: day("2025-03-01"))]
            let changes = try store.write { () throws(Failure) in
                try store.mergeSourceFacts(facts, source: "openai", today: day("2025-01-01"))
            }
            let b = try #require(try store.base(ref))
            #expect(b.shutdown == day("2025-03-01"), "the shutdown is the harder deadline")
            #expect(b.deprecation == .none)
            #expect(changes.map(\.kind) == [.newSnapshot, .outOfOrder])
            #expect(changes.last?.field == .deprecated)
            // A date before the release is the one refused.
            let early = [SourceFacts(ref: try #require(BaseRef("openai/gpt-y@1")), modelID: "gpt-y-1", released: day("2024-05-01"),
                                     deprecated: nil, shutdown: day("2024-01-01"))]
            let refused = try store.write { () throws(Failure) in
                try store.mergeSourceFacts(early, source: "openai", today: day("2025-01-01"))
            }
            #expect(refused.last?.field == .shutdown)
        }
    }

    // MARK: Transactions

    @Test(arguments: StoreBackend.all) func writeTransactionRollsBackEverythingWhenTheBodyThrows(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let kept = try insert(store, makeBase("openai/gpt-4o@2024-05-13"))
            let failure = expectFailure {
                try store.write { () throws(Failure) in
                    let base = try store.insertBase(makeBase("openai/gpt-4o@2024-08-06", released: "2024-08-06"),
                                                    source: "manual", today: day2)
                    _ = try store.insertFineTune(name: "half-written", task: nil, owner: nil, retrainEvery: .default, volume: .unknown, retrainCost: nil,
                                                 first: makeGeneration(base: base), today: day2)
                    try store.retire(fineTune: 1, on: day2, reason: nil)
                    throw Failure(.usage, "changed my mind")
                }
            }
            #expect(failure == Failure(.usage, "changed my mind"))
            #expect(try store.allBases().map(\.id) == [kept])
            #expect(try count(store, "SELECT count(*) FROM base_date_change") == 0)
            #expect(try count(store, "SELECT count(*) FROM fine_tune") == 0)
            #expect(try count(store, "SELECT count(*) FROM generation") == 0)
            // The connection is usable afterwards.
            _ = try insert(store, makeBase("openai/gpt-4o@2024-08-06"))
            #expect(try store.allBases().count == 2)
        }
    }

    @Test(arguments: StoreBackend.all) func failedInsertInsideATransactionLeavesNoFineTuneWithoutGeneration(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let failure = expectFailure {
                try store.write { () throws(Failure) in
                    _ = try store.insertFineTune(name: "no-base", task: nil, owner: nil, retrainEvery: .default, volume: .unknown, retrainCost: nil,
                                                 first: makeGeneration(base: 99), today: day1)
                }
            }
            #expect(failure?.kind == .data)
            let stored = try store.fineTune(named: "no-base")
            #expect(stored == nil)
        }
    }

    // MARK: Prices and jobs

    @Test(arguments: StoreBackend.all) func catalogRowsAreFoundByModelIDOrKeyWithTheirFineTunedRows(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let entries = [
                CatalogEntry(key: "gpt-x-2024-01-01", provider: "openai", modelID: "gpt-x-2024-01-01", mode: "chat",
                             inputMicroUSDPerMTok: 2_500_000, outputMicroUSDPerMTok: 10_000_000, shutdown: day("2026-02-27"),
                             fineTunedBase: nil),
                CatalogEntry(key: "azure/gpt-x-2024-01-01", provider: "azure", modelID: "gpt-x-2024-01-01", mode: "chat",
                             inputMicroUSDPerMTok: 2_750_000, outputMicroUSDPerMTok: nil, shutdown: nil, fineTunedBase: nil),
                CatalogEntry(key: "ft:gpt-x-2024-01-01", provider: "openai", modelID: "ft:gpt-x-2024-01-01", mode: "chat",
                             inputMicroUSDPerMTok: 3_750_000, outputMicroUSDPerMTok: 15_000_000, shutdown: nil,
                             fineTunedBase: "gpt-x-2024-01-01"),
            ]
            let changes = try store.write { () throws(Failure) in try store.upsertCatalog(entries, source: .litellm, today: day1) }
            #expect(changes.newModels == 3 && changes.changedPrices == 0)
            let rows = try store.catalogRows(modelID: "gpt-x-2024-01-01")
            #expect(rows.map(\.key) == ["azure/gpt-x-2024-01-01", "ft:gpt-x-2024-01-01", "gpt-x-2024-01-01"])
            #expect(rows.first { $0.fineTuned }?.inputMicroUSDPerMTok == 3_750_000)
            #expect(rows.last?.shutdown == day("2026-02-27") && rows.last?.readOn == day1 && rows.last?.source == "litellm")
            #expect(try store.catalogRows(modelID: "azure/gpt-x-2024-01-01").map(\.provider) == ["azure"])
            #expect(try store.catalogRows(modelID: "gpt-y").isEmpty)
            #expect(try store.allCatalogRows().count == 3)
            var moved = entries
            moved[1] = CatalogEntry(key: "azure/gpt-x-2024-01-01", provider: "azure", modelID: "gpt-x-2024-01-01", mode: "chat",
                                    inputMicroUSDPerMTok: 2_000_000, outputMicroUSDPerMTok: nil, shutdown: day("2026-01-01"),
                                    fineTunedBase: nil)
            let again = try store.write { () throws(Failure) in try store.upsertCatalog(moved, source: .litellm, today: day1) }
            #expect(again.newModels == 0 && again.changedPrices == 1 && again.changedDates == 1)
        }
    }

    @Test(arguments: StoreBackend.all) func trainPriceIsSetReadAndCleared(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let id = try insert(store, makeBase("openai/gpt-4o@2024-08-06"))
            #expect(try store.trainPrice(base: id) == nil)
            let price = TrainPrice(perMillion: Money(minorUnits: 2_500, currency: "USD"), source: "manual", readOn: day1)
            try store.write { () throws(Failure) in try store.setTrainPrice(base: id, price) }
            #expect(try store.trainPrice(base: id) == price)
            try store.write { () throws(Failure) in try store.setTrainPrice(base: id, nil) }
            #expect(try store.trainPrice(base: id) == nil)
        }
    }

    @Test(arguments: StoreBackend.all) func aGenerationIsFoundByItsFineTunedModelAndTakesAJobID(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let base = try insert(store, makeBase("openai/gpt-4o@2024-08-06"))
            try addFineTune(store, "support", base: base)
            let g = try #require(try store.generation(fineTunedModel: "ft:gpt-4o:acme::abc"))
            #expect(g.fineTune == "support" && g.number == 1 && g.jobID == nil)
            #expect(try store.generation(fineTunedModel: "ft:other") == nil)
            try store.write { () throws(Failure) in try store.setJobID(generation: g.id, "ftjob-1") }
            #expect(try store.generation(fineTunedModel: "ft:gpt-4o:acme::abc")?.jobID == "ftjob-1")
            #expect(try store.hasGeneration(jobID: "ftjob-1"))
        }
    }
}
