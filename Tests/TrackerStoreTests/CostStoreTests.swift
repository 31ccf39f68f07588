import Foundation
import Migrations
import Testing
import TrackerCore
@testable import TrackerStore

/// Migration 008's data through the `Store` protocol, for every backend:
/// base prices, fine-tune volume and retrain cost with their history,
/// spend, budgets, budget alerts, and their export.
@Suite struct CostStoreTests {
    /// Runs `body` with a fresh, migrated store of `backend`.
    func withStore(_ backend: StoreBackend, _ body: (any Store) throws -> Void) throws {
        try withTemporaryDirectory { dir in try body(try backend.open(dir, day1)) }
    }

    func insertBase(_ store: any Store, _ ref: String) throws -> Int64 {
        try store.write { () throws(Failure) in try store.insertBase(makeBase(ref), source: .manual, today: day1) }
    }

    @discardableResult
    func addFineTune(_ store: any Store, _ name: String, base: Int64, task: String? = nil, owner: String? = nil,
                     volume: Volume = .unknown, retrainCost: Money? = nil, trained: Day = day1,
                     costMinor: Int64 = 120_050) throws -> Int64 {
        try store.write { () throws(Failure) in
            try store.insertFineTune(name: name, task: task, owner: owner, retrainEvery: .default, volume: volume,
                                     retrainCost: retrainCost,
                                     first: makeGeneration(base: base, trained: trained, costMinor: costMinor), today: day1)
        }
    }

    func usd(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: "USD") }

    // MARK: Prices

    @Test(arguments: StoreBackend.all) func pricesAreSetReplacedClearedAndReadPerBase(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let a = try insertBase(store, "openai/gpt-4o@2024-08-06")
            let b = try insertBase(store, "openai/gpt-4o-mini@2024-07-18")
            let input = StoredPrice(rate: TokenRate(micros: 2_500_000, currency: "USD"), source: "manual", readOn: day1)
            let output = StoredPrice(rate: TokenRate(micros: 75_000, currency: "USD"), source: "litellm", readOn: nil)
            try store.write { () throws(Failure) in
                try store.setPrice(base: a, .input, input)
                try store.setPrice(base: a, .fineTunedOutput, output)
                try store.setPrice(base: b, .output, output)
            }
            #expect(try store.prices(base: a) == [.input: input, .fineTunedOutput: output])
            #expect(try store.prices(base: b) == [.output: output])
            #expect(try store.allPrices() == [a: [.input: input, .fineTunedOutput: output], b: [.output: output]])

            // Setting again replaces; nil clears one kind only.
            let cheaper = StoredPrice(rate: TokenRate(micros: 1_250_000, currency: "EUR"), source: "manual", readOn: day2)
            try store.write { () throws(Failure) in
                try store.setPrice(base: a, .input, cheaper)
                try store.setPrice(base: a, .fineTunedOutput, nil)
                try store.setPrice(base: b, .input, nil) // clearing an unset price is fine
            }
            #expect(try store.prices(base: a) == [.input: cheaper])
            #expect(try store.allPrices() == [a: [.input: cheaper], b: [.output: output]])
            #expect(try store.prices(base: a + b + 10).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.all) func allTrainPricesListsOnlyBasesWithOne(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let a = try insertBase(store, "openai/gpt-4o@2024-08-06")
            _ = try insertBase(store, "openai/gpt-4o-mini@2024-07-18")
            let price = TrainPrice(perMillion: usd(2_500), source: "manual", readOn: day2)
            try store.write { () throws(Failure) in try store.setTrainPrice(base: a, price) }
            #expect(try store.allTrainPrices() == [a: price])
        }
    }

    // MARK: Volume, retrain cost, history

    @Test(arguments: StoreBackend.all) func volumeAndRetrainCostRoundTrip(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let base = try insertBase(store, "openai/gpt-4o@2024-08-06")
            let volume = Volume(callsPerMonth: 120_000, tokensIn: 800, tokensOut: nil)
            try addFineTune(store, "support-bot", base: base, volume: volume, retrainCost: Money(minorUnits: 150_000, currency: "EUR"))
            try addFineTune(store, "plain", base: base)
            let f = try #require(try store.fineTune(named: "Support-Bot"))
            #expect(f.volume == volume)
            #expect(f.retrainCost == Money(minorUnits: 150_000, currency: "EUR"))
            let plain = try #require(try store.fineTune(named: "plain"))
            #expect(plain.volume == .unknown)
            #expect(plain.retrainCost == nil)
        }
    }

    @Test(arguments: StoreBackend.all) func updateFineTuneWritesChangedFieldsAndRecordsEachOnce(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let base = try insertBase(store, "openai/gpt-4o@2024-08-06")
            try addFineTune(store, "bot", base: base, task: "support", owner: "ana")
            let old = try #require(try store.fineTune(named: "bot"))
            var new = old
            new.owner = "team-b"
            new.task = nil
            new.retrainEvery = RetrainPolicy("6m")!
            new.volume = Volume(callsPerMonth: 5_000, tokensIn: 1_200, tokensOut: 300)
            new.retrainCost = usd(150_000)
            let changed = try store.write { () throws(Failure) in try store.updateFineTune(from: old, to: new, today: day2) }
            #expect(changed == [.owner, .task, .retrainEvery, .callsPerMonth, .tokensIn, .tokensOut, .retrainCost])
            #expect(try store.fineTune(named: "bot") == new)
            #expect(try store.changes(fineTune: old.id) == [
                FineTuneChange(field: .owner, old: "ana", new: "team-b", recordedOn: day2),
                FineTuneChange(field: .task, old: "support", new: nil, recordedOn: day2),
                FineTuneChange(field: .retrainEvery, old: "1y", new: "6m", recordedOn: day2),
                FineTuneChange(field: .callsPerMonth, old: nil, new: "5000", recordedOn: day2),
                FineTuneChange(field: .tokensIn, old: nil, new: "1200", recordedOn: day2),
                FineTuneChange(field: .tokensOut, old: nil, new: "300", recordedOn: day2),
                FineTuneChange(field: .retrainCost, old: nil, new: "1,500.00 USD", recordedOn: day2),
            ])

            // Nothing changed: nothing written or recorded.
            #expect(try store.write { () throws(Failure) in try store.updateFineTune(from: new, to: new, today: day3) }.isEmpty)
            // One field back to unknown: one row, the rest untouched.
            var third = new
            third.retrainCost = nil
            third.retrainEvery = .never
            #expect(try store.write { () throws(Failure) in try store.updateFineTune(from: new, to: third, today: day3) }
                    == [.retrainEvery, .retrainCost])
            #expect(try store.fineTune(named: "bot") == third)
            let history = try store.changes(fineTune: old.id)
            #expect(history.count == 9)
            #expect(history.suffix(2) == [FineTuneChange(field: .retrainEvery, old: "6m", new: "never", recordedOn: day3),
                                          FineTuneChange(field: .retrainCost, old: "1,500.00 USD", new: nil, recordedOn: day3)])
        }
    }

    // MARK: Spend and cost subjects

    @Test(arguments: StoreBackend.all) func spendingHasEveryGenerationAndCostSubjectsOnlyActiveCurrentOnes(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let old = try insertBase(store, "openai/gpt-4o@2024-05-13")
            let new = try insertBase(store, "openai/gpt-4o@2024-08-06")
            let bot = try addFineTune(store, "bot", base: old, task: "support", owner: "ana", trained: day1, costMinor: 10_000)
            let volume = Volume(callsPerMonth: 10, tokensIn: 20, tokensOut: 30)
            let aardvark = try addFineTune(store, "Aardvark", base: new, owner: "bo", volume: volume, retrainCost: usd(99_00),
                                           trained: day2, costMinor: 20_000)
            try store.write { () throws(Failure) in
                try store.insertGeneration(fineTune: bot, number: 2, makeGeneration(base: new, trained: day3, costMinor: 30_000), today: day3)
                let retired = try store.insertFineTune(name: "old-one", task: nil, owner: "ana", retrainEvery: .never, volume: .unknown,
                                                       retrainCost: nil, first: makeGeneration(base: old, trained: day1, costMinor: 5_000),
                                                       today: day1)
                try store.retire(fineTune: retired, on: day2, reason: "replaced by a prompt")
            }
            _ = aardvark
            let spend = try store.spending()
            #expect(spend.count == 4)
            #expect(Set(spend.map { "\($0.fineTune)#\($0.generation) \($0.trained) \($0.cost.minorUnits) \($0.owner ?? "-")" })
                    == ["bot#1 2025-01-15 10000 ana", "bot#2 2025-06-30 30000 ana", "Aardvark#1 2025-03-01 20000 bo",
                        "old-one#1 2025-01-15 5000 ana"])
            #expect(spend.first { $0.fineTune == "bot" }?.task == "support")

            let subjects = try store.costSubjects()
            #expect(subjects.map(\.name) == ["Aardvark", "bot"])
            #expect(subjects[0] == CostSubject(name: "Aardvark", owner: "bo", task: nil, retrainEvery: .default, volume: volume,
                                               retrainCost: usd(99_00), generation: 1, baseID: new, trained: day2,
                                               trainedTokens: 1_000_000, lastCost: usd(20_000)))
            #expect(subjects[1].generation == 2)
            #expect(subjects[1].baseID == new)
            #expect(subjects[1].lastCost == usd(30_000))
            #expect(subjects[1].volume == .unknown)
            #expect(subjects[1].retrainCost == nil)
        }
    }

    // MARK: Budgets

    @Test(arguments: StoreBackend.all) func budgetsAreFoundCaseInsensitivelyReplacedRemovedAndOrdered(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let ids = try store.write { () throws(Failure) -> [Int64] in
                [try store.insertBudget(scope: .task("support"), period: .quarter(2027, 1), amount: usd(500_000), today: day1),
                 try store.insertBudget(scope: .owner("Team-A"), period: .quarter(2027, 1), amount: usd(300_000), today: day1),
                 try store.insertBudget(scope: .all, period: .year(2027), amount: usd(2_000_000), today: day2),
                 try store.insertBudget(scope: .all, period: .month(2027, 1), amount: usd(100_000), today: day2),
                 try store.insertBudget(scope: .owner("bo"), period: .quarter(2027, 1), amount: usd(1), today: day2),
                 try store.insertBudget(scope: .all, period: .quarter(2027, 1), amount: usd(700_000), today: day2)]
            }
            // A database holding only budgets holds the user's data.
            #expect(try !store.isEmpty())
            // By start, then the shorter period, then all/owner/task, then name.
            #expect(try store.budgets().map { "\($0.period) \($0.scope)" }
                    == ["2027-01 all", "2027-Q1 all", "2027-Q1 owner:bo", "2027-Q1 owner:Team-A", "2027-Q1 task:support", "2027 all"])

            let found = try #require(try store.budget(scope: .owner("TEAM-a"), period: .quarter(2027, 1)))
            #expect(found == Budget(id: ids[1], scope: .owner("Team-A"), period: .quarter(2027, 1), amount: usd(300_000), createdOn: day1))
            #expect(try store.budget(scope: .task("Team-A"), period: .quarter(2027, 1)) == nil)
            #expect(try store.budget(scope: .owner("Team-A"), period: .quarter(2027, 2)) == nil)
            #expect(try store.budget(scope: .all, period: .year(2027))?.amount == usd(2_000_000))

            // One budget per scope and period, however the name is spelled.
            expectFailure {
                _ = try store.write { () throws(Failure) in
                    try store.insertBudget(scope: .owner("team-a"), period: .quarter(2027, 1), amount: usd(5), today: day2)
                }
            }
            expectFailure {
                _ = try store.write { () throws(Failure) in
                    try store.insertBudget(scope: .all, period: .year(2027), amount: usd(5), today: day2)
                }
            }

            try store.write { () throws(Failure) in try store.setBudgetAmount(id: ids[1], Money(minorUnits: 450_000, currency: "EUR")) }
            #expect(try store.budget(scope: .owner("team-a"), period: .quarter(2027, 1))?.amount
                    == Money(minorUnits: 450_000, currency: "EUR"))

            try store.write { () throws(Failure) in try store.removeBudget(id: ids[1]) }
            #expect(try store.budget(scope: .owner("team-a"), period: .quarter(2027, 1)) == nil)
            #expect(try store.budgets().count == 5)
            // Removed: the scope and period can have a budget again.
            _ = try store.write { () throws(Failure) in
                try store.insertBudget(scope: .owner("team-a"), period: .quarter(2027, 1), amount: usd(5), today: day3)
            }
            #expect(try store.budgets().count == 6)
        }
    }

    @Test(arguments: StoreBackend.all) func theDatabaseRefusesASecondBudgetForOneScopeKeyAndPeriod(_ backend: StoreBackend) throws {
        try withStore(backend) { store_ in
            let store = try #require(store_ as? SQLStore)
            let insert = """
                INSERT INTO budget (scope_kind, scope_name, scope_key, period, amount_minor, currency, created_on)
                VALUES (?, ?, ?, '2027', 1, 'USD', '2025-01-15')
                """
            try store.database.run(insert, [.text("owner"), .text("Ana"), .text("ana")])
            #expect(throws: Failure.self) { try store.database.run(insert, [.text("owner"), .text("ANA"), .text("ana")]) }
            #expect(throws: Failure.self) { try store.database.run(insert, [.text("all"), .text("x"), .text("")]) }
            #expect(throws: Failure.self) { try store.database.run(insert, [.text("team"), .text("x"), .text("x")]) }
        }
    }

    // MARK: Alerts

    static func budgetAlert(text: String = "team-a spent 3,100.00 USD of 3,000.00 USD") -> Alert {
        Alert(key: "budget:owner:team-a 2027-Q1:budget-over", fineTune: "", owner: "team-a", task: nil, generation: 0,
              reason: "budget-over", base: "", urgency: .critical, date: day("2027-03-31"), daysLeft: nil, threshold: nil,
              text: text, budget: "owner:team-a 2027-Q1")
    }

    @Test(arguments: StoreBackend.all) func alertBudgetIsStoredAndUpdated(_ backend: StoreBackend) throws {
        try withStore(backend) { store in
            let alert = Self.budgetAlert()
            let plain = Alert(key: Alert.key(fineTune: "bot", generation: 1, reason: "stale", base: "openai/gpt-4o@2024-08-06"),
                              fineTune: "bot", owner: nil, task: nil, generation: 1, reason: "stale",
                              base: "openai/gpt-4o@2024-08-06", urgency: .planned, date: nil, daysLeft: nil, threshold: nil,
                              text: "bot is stale")
            try store.write { () throws(Failure) in
                try store.insertAlert(alert, now: day1)
                try store.insertAlert(plain, now: day1)
            }
            let stored = try store.storedAlerts()
            #expect(stored.map(\.alert.budget) == ["owner:team-a 2027-Q1", nil])
            #expect(stored[0].alert == alert)
            var changed = Self.budgetAlert(text: "changed")
            changed.budget = "owner:Team-A 2027-Q1"
            try store.write { () throws(Failure) in try store.updateAlert(stored[0], to: changed, reopen: false, now: day2) }
            #expect(try store.findAlert(alert.key)?.alert.budget == "owner:Team-A 2027-Q1")
        }
    }

    // MARK: Export and import

    func fillEverything(_ store: any Store) throws {
        let old = try insertBase(store, "openai/gpt-4o@2024-05-13")
        let new = try insertBase(store, "openai/gpt-4o@2024-08-06")
        let bot = try addFineTune(store, "bot", base: old, task: "support", owner: "ana",
                                  volume: Volume(callsPerMonth: 100, tokensIn: nil, tokensOut: 50), retrainCost: usd(150_000))
        try addFineTune(store, "quiet", base: new)
        try store.write { () throws(Failure) in
            try store.setPrice(base: old, .input, StoredPrice(rate: TokenRate(micros: 2_500_000, currency: "USD"), source: "manual", readOn: day1))
            try store.setPrice(base: old, .fineTunedOutput, StoredPrice(rate: TokenRate(micros: 75_000, currency: "USD"), source: "litellm", readOn: nil))
            try store.setTrainPrice(base: new, TrainPrice(perMillion: usd(2_500), source: "manual", readOn: day2))
            let before = try store.fineTune(named: "bot")!
            var after = before
            after.owner = "Team-A"
            after.volume.tokensIn = 900
            after.retrainCost = nil
            try store.updateFineTune(from: before, to: after, today: day2)
            _ = try store.insertBudget(scope: .owner("Team-A"), period: .quarter(2027, 1), amount: usd(300_000), today: day1)
            _ = try store.insertBudget(scope: .all, period: .year(2027), amount: usd(2_000_000), today: day1)
            _ = try store.insertBudget(scope: .task("support"), period: .month(2027, 2), amount: Money(minorUnits: 5, currency: "JPY"), today: day2)
            try store.insertAlert(Self.budgetAlert(), now: day1)
            try store.retire(fineTune: bot, on: day3, reason: nil)
        }
    }

    @Test(arguments: StoreBackend.all) func exportImportExportIsIdenticalWithCostData(_ backend: StoreBackend) throws {
        try withTemporaryDirectory { dir in
            let store = try backend.open(dir, day1)
            try fillEverything(store)
            let first = try export(store)
            #expect(first.contains(#""version": 5"#) || first.contains(#""version":5"#))
            for needle in ["\"prices\"", "\"ft_price_out\"", "\"changes\"", "\"budgets\"", "\"2027-Q1\"", "owner:team-a 2027-Q1",
                           "\"retrain_cost_minor\"", "\"calls_per_month\""] {
                #expect(first.contains(needle), "\(needle)")
            }
            let copyDir = dir.appendingPathComponent("copy")
            try FileManager.default.createDirectory(at: copyDir, withIntermediateDirectories: true)
            let copy = try backend.open(copyDir, day1)
            let root = try parse(first)
            let counts = try copy.write { () throws(Failure) in try copy.importArchive(root, file: "export.json") }
            #expect(counts["budgets"] == 3)
            #expect(try export(copy) == first)
            // The imported data reads back through the protocol.
            #expect(try copy.budget(scope: .owner("team-a"), period: .quarter(2027, 1))?.amount == usd(300_000))
            let bot = try #require(try copy.fineTune(named: "bot"))
            #expect(bot.volume == Volume(callsPerMonth: 100, tokensIn: 900, tokensOut: 50))
            #expect(try copy.changes(fineTune: bot.id).map(\.field) == [.owner, .tokensIn, .retrainCost])
            let old = try #require(try copy.base(BaseRef("openai/gpt-4o@2024-05-13")!))
            #expect(try copy.prices(base: old.id)[.input]?.rate.micros == 2_500_000)
            #expect(try copy.storedAlerts().first?.alert.budget == "owner:team-a 2027-Q1")
        }
    }

    @Test(arguments: StoreBackend.all) func aVersion2ExportStillImports(_ backend: StoreBackend) throws {
        let v2 = """
            {"format": "tracker-export", "version": 2, "schema": 7,
             "bases": [{"provider": "openai", "family": "gpt-4o", "version": "2024-08-06", "model_id": "gpt-4o-2024-08-06",
                        "released": null, "deprecated": null, "deprecated_undated": 0, "shutdown": null, "created_on": "2025-01-15",
                        "history": []}],
             "fine_tunes": [{"name": "bot", "task": "support", "owner": "ana", "retrain_every": "1y", "created_on": "2025-01-15",
                             "retired_on": null, "retire_reason": null,
                             "generations": [{"number": 1, "model_id": null, "trained_on": "2025-01-15", "cost_minor": 100,
                                              "currency": "USD", "recorded_on": "2025-01-15", "base": "openai/gpt-4o@2024-08-06"}]}],
             "channels": [],
             "alerts": [{"key": "bot#1:stale:openai/gpt-4o@2024-08-06", "short_id": "\(Alert.id(forKey: "bot#1:stale:openai/gpt-4o@2024-08-06"))",
                         "fine_tune": "bot", "generation": 1, "reason": "stale", "base": "openai/gpt-4o@2024-08-06",
                         "urgency": "planned", "text": "stale", "state": "open", "episode": 1, "first_seen": "2025-01-15",
                         "last_seen": "2025-01-15", "acked": 0, "deliveries": []}],
             "catalog": []}
            """
        try withStore(backend) { store in
            let root = try parse(v2)
            let counts = try store.write { () throws(Failure) in try store.importArchive(root, file: "old.json") }
            #expect(counts["fine_tunes"] == 1 && counts["alerts"] == 1 && counts["budgets"] == nil)
            let bot = try #require(try store.fineTune(named: "bot"))
            #expect(bot.volume == .unknown && bot.retrainCost == nil)
            #expect(try store.changes(fineTune: bot.id).isEmpty)
            #expect(try store.budgets().isEmpty)
            #expect(try store.storedAlerts().first?.alert.budget == nil)
            let again = try export(store)
            #expect(again.contains(#""budgets": []"#) || again.contains(#""budgets":[]"#))
        }
    }

    /// Broken cost data in an export: a one-line error naming the field and
    /// where it is; nothing imported.
    @Test(arguments: StoreBackend.all, [
        (#"{"kind": "price_in", "micros": -1, "currency": "USD", "source": "manual"}"#, "bases[0].prices[0].micros"),
        (#"{"kind": "price_in", "micros": 1, "currency": "US", "source": "manual"}"#, "bases[0].prices[0].currency"),
        (#"{"kind": "price_sideways", "micros": 1, "currency": "USD", "source": "manual"}"#, "bases[0].prices[0].kind"),
    ])
    func badPricesAreRefused(_ backend: StoreBackend, _ example: (price: String, place: String)) throws {
        let (price, place) = example
        let doc = """
            {"format": "tracker-export", "version": 3, "bases": [{"provider": "openai", "family": "gpt-4o", "version": "x",
             "model_id": "gpt-4o-x", "deprecated_undated": 0, "created_on": "2025-01-15", "prices": [\(price)]}]}
            """
        try expectRefused(backend, doc, place)
    }

    @Test(arguments: StoreBackend.all, [
        (#"{"scope_kind": "all", "period": "2027-Q5", "amount_minor": 1, "currency": "USD", "created_on": "2025-01-15"}"#, "budgets[0].period"),
        (#"{"scope_kind": "all", "period": "27", "amount_minor": 1, "currency": "USD", "created_on": "2025-01-15"}"#, "budgets[0].period"),
        (#"{"scope_kind": "all", "period": "2027", "amount_minor": -5, "currency": "USD", "created_on": "2025-01-15"}"#, "budgets[0].amount_minor"),
        (#"{"scope_kind": "all", "period": "2027", "amount_minor": 5, "currency": "usd", "created_on": "2025-01-15"}"#, "budgets[0].currency"),
        (#"{"scope_kind": "team", "scope_name": "x", "period": "2027", "amount_minor": 5, "currency": "USD", "created_on": "2025-01-15"}"#, "budgets[0].scope_kind"),
        (#"{"scope_kind": "owner", "period": "2027", "amount_minor": 5, "currency": "USD", "created_on": "2025-01-15"}"#, "budgets[0].scope_name"),
        (#"{"scope_kind": "all", "scope_name": "x", "period": "2027", "amount_minor": 5, "currency": "USD", "created_on": "2025-01-15"}"#, "budgets[0].scope_name"),
    ])
    func badBudgetsAreRefused(_ backend: StoreBackend, _ example: (budget: String, place: String)) throws {
        let (budget, place) = example
        try expectRefused(backend, #"{"format": "tracker-export", "version": 3, "budgets": ["# + budget + "]}", place)
    }

    @Test(arguments: StoreBackend.all) func aSecondBudgetForOneScopeAndPeriodIsRefused(_ backend: StoreBackend) throws {
        let b = #"{"scope_kind": "owner", "scope_name": "Ana", "period": "2027", "amount_minor": 1, "currency": "USD", "created_on": "2025-01-15"}"#
        let c = b.replacingOccurrences(of: "Ana", with: "ANA")
        try expectRefused(backend, #"{"format": "tracker-export", "version": 3, "budgets": ["# + b + "," + c + "]}", "budgets[1]")
    }

    @Test(arguments: StoreBackend.all, [
        (#""calls_per_month": -1"#, "fine_tunes[0].calls_per_month"),
        (#""retrain_cost_minor": 5"#, "fine_tunes[0].retrain_cost_minor"),
        (#""retrain_cost_minor": 5, "retrain_cost_currency": "DOLLARS""#, "fine_tunes[0].retrain_cost_currency"),
        (#""changes": [{"field": "colour", "recorded_on": "2025-01-15"}]"#, "fine_tunes[0].changes[0].field"),
    ])
    func badFineTuneCostDataIsRefused(_ backend: StoreBackend, _ example: (extra: String, place: String)) throws {
        let (extra, place) = example
        let doc = """
            {"format": "tracker-export", "version": 3, "fine_tunes": [{"name": "bot", "retrain_every": "1y",
             "created_on": "2025-01-15", \(extra)}]}
            """
        try expectRefused(backend, doc, place)
    }

    func expectRefused(_ backend: StoreBackend, _ doc: String, _ place: String) throws {
        let root = try parse(doc)
        try withStore(backend) { store in
            let failure = expectFailure {
                _ = try store.write { () throws(Failure) in try store.importArchive(root, file: "bad.json") }
            }
            let message = failure?.message ?? ""
            #expect(message.hasPrefix("bad.json: \(place)"), "\(message)")
            #expect(message.hasSuffix("nothing was imported"))
            #expect(!message.contains("\n"))
            let empty = try store.isEmpty()
            #expect(empty)
        }
    }

    // MARK: Migration

    // SQLite only: upgrades a SQLite file built by hand at migration 007.
    /// A database at migration 007 with data upgrades to 008: rows kept,
    /// new columns empty, new tables usable, their constraints in force.
    @Test func upgradingFrom007KeepsDataAndAddsTheCostSchema() throws {
        try withTemporaryDirectory { dir in
            let path = databasePath(in: dir)
            do {
                let db = try SQLiteDatabase(path: path, create: true)
                _ = try Migrator(database: db, migrations: Migrations.all.filter { $0.version <= 7 }).migrate(today: day1)
                try db.run("""
                    INSERT INTO base_version (id, provider, family, version, model_id, created_on, train_price_minor, train_price_currency)
                    VALUES (1, 'openai', 'gpt-4o', '2024-08-06', 'gpt-4o-2024-08-06', '2025-01-15', 2500, 'USD')
                    """, [])
                try db.run("""
                    INSERT INTO fine_tune (id, name, name_key, task, owner, retrain_every, created_on)
                    VALUES (1, 'Bot', 'bot', 'support', 'ana', '6m', '2025-01-15')
                    """, [])
                try db.run("""
                    INSERT INTO generation (fine_tune_id, number, base_id, trained_on, cost_minor, currency, recorded_on)
                    VALUES (1, 1, 1, '2025-01-15', 100, 'USD', '2025-01-15')
                    """, [])
                try db.run("""
                    INSERT INTO alert (key, short_id, fine_tune, generation, reason, base, urgency, text, state, episode, first_seen, last_seen)
                    VALUES ('k', 's', 'Bot', 1, 'stale', 'openai/gpt-4o@2024-08-06', 'planned', 't', 'open', 1, '2025-01-15', '2025-01-15')
                    """, [])
            }
            let store = try SQLStore(path: path, mode: .write, today: day2)
            #expect(store.migrationsAppliedAtOpen.map(\.version) == Migrations.all.map(\.version).filter { $0 >= 8 })
            let bot = try #require(try store.fineTune(named: "bot"))
            #expect(bot.owner == "ana" && bot.retrainEvery == RetrainPolicy("6m"))
            #expect(bot.volume == .unknown && bot.retrainCost == nil)
            #expect(try store.generations(of: bot.id).count == 1)
            #expect(try store.allTrainPrices()[1]?.perMillion == usd(2_500))
            #expect(try store.storedAlerts().map(\.alert.budget) == [nil])
            #expect(try store.costSubjects().map(\.name) == ["Bot"])

            let db = store.database
            // Constraints of the new columns and tables.
            #expect(throws: Failure.self) { try db.run("UPDATE fine_tune SET calls_per_month = -1", []) }
            #expect(throws: Failure.self) { try db.run("UPDATE fine_tune SET retrain_cost_minor = 5", []) }
            #expect(throws: Failure.self) { try db.run("UPDATE fine_tune SET retrain_cost_currency = 'USD'", []) }
            try db.run("UPDATE fine_tune SET retrain_cost_minor = 5, retrain_cost_currency = 'USD'", [])
            #expect(throws: Failure.self) {
                try db.run("INSERT INTO base_price (base_id, kind, micros, currency, source) VALUES (1, 'price_up', 1, 'USD', 'manual')", [])
            }
            #expect(throws: Failure.self) {
                try db.run("INSERT INTO base_price (base_id, kind, micros, currency, source) VALUES (1, 'price_in', -1, 'USD', 'manual')", [])
            }
            #expect(throws: Failure.self) {
                try db.run("INSERT INTO fine_tune_change (fine_tune_id, field, recorded_on) VALUES (1, 'colour', '2025-01-15')", [])
            }
            try db.run("INSERT INTO fine_tune_change (fine_tune_id, field, new_value, recorded_on) VALUES (1, 'name', 'Bot2', '2025-01-15')", [])
            // 'name' was reserved in 008; since 010 (`set --rename`) it is a Field and shown.
            #expect(try store.changes(fineTune: bot.id).map(\.field) == [.name])
            try db.run("INSERT INTO base_price (base_id, kind, micros, currency, source) VALUES (1, 'price_in', 1, 'USD', 'manual')", [])
            // Deleting a base or fine-tune takes its prices and history along.
            try db.run("DELETE FROM generation", [])
            try db.run("DELETE FROM fine_tune", [])
            try db.run("DELETE FROM base_version", [])
            #expect(try texts(db, "SELECT (SELECT count(*) FROM base_price) || '/' || (SELECT count(*) FROM fine_tune_change)") == ["0/0"])
        }
    }
}
