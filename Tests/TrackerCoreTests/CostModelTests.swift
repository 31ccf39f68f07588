import Testing
@testable import TrackerCore

private func usd(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: "USD") }
private func rate(_ micros: Int64) -> StoredPrice { StoredPrice(rate: TokenRate(micros: micros, currency: "USD"), source: "manual", readOn: nil) }

private func subject(_ name: String, base: Int64, trained: String, cost: Int64, policy: RetrainPolicy = .default,
                     tokens: Int64? = nil, retrainCost: Money? = nil, owner: String? = nil, task: String? = nil) -> CostSubject {
    CostSubject(name: name, owner: owner, task: task, retrainEvery: policy, volume: .unknown, retrainCost: retrainCost,
                generation: 1, baseID: base, trained: day(trained), trainedTokens: tokens, lastCost: usd(cost))
}

@Suite("Cost model: cadence")
struct CadenceTests {
    @Test("the median interval between dated snapshots, bounded to 90...730 days")
    func median() {
        // gpt-4o: 2024-05-13, 2024-08-06 (85 days later), 2024-11-20 (106 days later): median (85+106)/2 = 95.
        let bases = [base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13"),
                     base(2, "openai/gpt-4o@2024-08-06", released: "2024-08-06"),
                     base(3, "openai/gpt-4o@2024-11-20", released: "2024-11-20"),
                     base(4, "openai/gpt-4o@current", released: "2024-12-01"),
                     base(5, "openai/o1@2024-12-17", released: "2024-12-17")]
        let c = Cadence.observe(bases, now: day("2025-01-01"))
        let family = Cadence.Family(provider: "openai", family: "gpt-4o")
        #expect(c[family]?.observedDays == 95)
        #expect(c[family]?.intervalDays == 95)
        #expect(c[family]?.latestRelease == day("2024-11-20"))
        // One known snapshot: no cadence.
        #expect(c[Cadence.Family(provider: "openai", family: "o1")] == nil)
        // 2024-11-20 + 95 = 2025-02-23; after that day, + 2 x 95 = 2025-05-29.
        #expect(c[family]?.nextSnapshot(after: day("2025-01-01")) == day("2025-02-23"))
        #expect(c[family]?.nextSnapshot(after: day("2025-02-23")) == day("2025-05-29"))
    }

    @Test("snapshots weeks apart are bounded to 90 days; years apart to 730")
    func bounds() {
        let close = [base(1, "x/m@2025-01-01", released: "2025-01-01"), base(2, "x/m@2025-01-15", released: "2025-01-15")]
        #expect(Cadence.observe(close, now: day("2025-06-01"))[Cadence.Family(provider: "x", family: "m")]?.intervalDays == 90)
        let far = [base(1, "x/m@2020-01-01", released: "2020-01-01"), base(2, "x/m@2025-01-01", released: "2025-01-01")]
        #expect(Cadence.observe(far, now: day("2025-06-01"))[Cadence.Family(provider: "x", family: "m")]?.intervalDays == 730)
        // A snapshot released after now does not count yet.
        #expect(Cadence.observe(close, now: day("2025-01-10"))[Cadence.Family(provider: "x", family: "m")] == nil)
    }
}

@Suite("Cost model: estimated retrain cost")
struct RetrainEstimateTests {
    let b1 = base(1, "openai/gpt-4o@2024-08-06", released: "2024-08-06", successor: 2)
    let b2 = base(2, "openai/gpt-4o@2024-11-20", released: "2024-11-20")
    let prices: [Int64: TrainPrice] = [1: TrainPrice(perMillion: usd(2500), source: "manual", readOn: nil),
                                       2: TrainPrice(perMillion: usd(3000), source: "manual", readOn: nil)]

    @Test("explicit retrain cost first, then tokens x successor price, then the base's own, then the last cost")
    func order() {
        let explicit = RetrainEstimate.of(subject("a", base: 1, trained: "2025-01-01", cost: 100_00, tokens: 2_000_000, retrainCost: usd(900_00)),
                                          base: b1, successor: b2, trainPrices: prices)
        #expect(explicit.cost == usd(900_00) && explicit.rule == .explicit)
        // 2,000,000 tokens x 30.00 USD per 1M = 60.00 USD.
        let succ = RetrainEstimate.of(subject("a", base: 1, trained: "2025-01-01", cost: 100_00, tokens: 2_000_000),
                                      base: b1, successor: b2, trainPrices: prices)
        #expect(succ.cost == usd(60_00) && succ.rule == .successorTrainPrice)
        #expect(succ.explanation.contains("2,000,000 trained tokens x 30.00 USD per 1M"))
        // No successor: its own price, 2,000,000 x 25.00 = 50.00 USD.
        let own = RetrainEstimate.of(subject("a", base: 1, trained: "2025-01-01", cost: 100_00, tokens: 2_000_000),
                                     base: b1, successor: nil, trainPrices: prices)
        #expect(own.cost == usd(50_00) && own.rule == .baseTrainPrice)
        // No tokens: the last training cost.
        let last = RetrainEstimate.of(subject("a", base: 1, trained: "2025-01-01", cost: 100_00),
                                      base: b1, successor: b2, trainPrices: prices)
        #expect(last.cost == usd(100_00) && last.rule == .lastCost)
        // Tokens but no price anywhere: the last cost.
        let none = RetrainEstimate.of(subject("a", base: 1, trained: "2025-01-01", cost: 100_00, tokens: 5),
                                      base: b1, successor: b2, trainPrices: [:])
        #expect(none.rule == .lastCost)
    }
}

@Suite("Cost model: forecast")
struct ForecastTests {
    @Test("a shutdown before the policy drives the first retrain; the policy drives the next")
    func shutdownThenPolicy() {
        let bases = [base(1, "openai/gpt-4o@2024-08-06", released: "2024-08-06", shutdown: "2027-06-15")]
        let model = ForecastModel(subjects: [subject("bot", base: 1, trained: "2026-11-01", cost: 2000_00)], bases: bases,
                                  trainPrices: [:], now: day("2026-11-29"))
        let events = model.events(through: day("2028-12-31"))
        #expect(events.map(\.day) == [day("2027-06-15"), day("2028-06-15")])
        #expect(events.map(\.driver.code) == ["shutdown", "policy"])
        #expect(events.allSatisfy { $0.cost == usd(2000_00) && !$0.planned })
    }

    @Test("a retrain already due is planned; a superseded base is due now")
    func planned() {
        let bases = [base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13"),
                     base(2, "openai/gpt-4o@2024-08-06", released: "2024-08-06")]
        let now = day("2024-09-15")
        let model = ForecastModel(subjects: [subject("old", base: 1, trained: "2024-09-01", cost: 10_00)], bases: bases,
                                  trainPrices: [:], now: now)
        let events = model.events(through: day("2027-12-31"))
        #expect(events.first?.day == now)
        #expect(events.first?.planned == true)
        #expect(events.first?.driver == .superseded(ref("openai/gpt-4o@2024-08-06")))
        // gpt-4o's cadence: one 85-day gap -> bounded to 90 days, from 2024-08-06.
        #expect(events.dropFirst().allSatisfy { $0.driver.code == "next-snapshot" && !$0.planned })
        #expect(events.count > 2)
        // Two years later the family has been silent for more than twice its interval: no snapshot is expected.
        let later = ForecastModel(subjects: [subject("old", base: 1, trained: "2026-10-01", cost: 10_00)], bases: bases,
                                  trainPrices: [:], now: day("2026-11-29"))
        #expect(later.events(through: day("2027-12-31")).map(\.driver.code) == ["superseded", "policy"])
        // Each expected snapshot is 90 days after the last.
        let days = events.dropFirst().map(\.day.ordinal)
        #expect(zip(days, days.dropFirst()).allSatisfy { $1 - $0 == 90 })
    }

    @Test("past dates all mean now: a passed shutdown outranks an earlier passed deprecation")
    func pastDatesTieOnNow() {
        let bases = [base(1, "anthropic/claude-3-5-sonnet@20241022", released: "2024-10-22", deprecated: .on(day("2025-08-13")),
                          shutdown: "2025-10-22")]
        let now = day("2026-11-29")
        let model = ForecastModel(subjects: [subject("c", base: 1, trained: "2025-03-15", cost: 1)], bases: bases,
                                  trainPrices: [:], now: now)
        let first = model.events(through: day("2027-01-01")).first
        #expect(first?.day == now)
        #expect(first?.driver == .shutdown(ref("anthropic/claude-3-5-sonnet@20241022"), day("2025-10-22")))
        #expect(first?.planned == true)
    }

    @Test("never-retrain fine-tunes on a base without dates have no expected retrain")
    func nothing() {
        let bases = [base(1, "x/m@1", released: nil)]
        let model = ForecastModel(subjects: [subject("n", base: 1, trained: "2026-01-01", cost: 1, policy: .never)], bases: bases,
                                  trainPrices: [:], now: day("2026-11-29"))
        #expect(model.events(through: day("2030-01-01")).isEmpty)
    }

    @Test("a 1-day policy over ten years stays bounded and moves forward")
    func bounded() {
        let bases = [base(1, "x/m@1", released: nil)]
        let model = ForecastModel(subjects: [subject("d", base: 1, trained: "2026-11-28", cost: 1, policy: RetrainPolicy("1d")!)],
                                  bases: bases, trainPrices: [:], now: day("2026-11-29"))
        let e = model.events(through: day("2036-11-29"))
        #expect(e.count == day("2026-11-29").days(until: day("2036-11-29")) + 1)
        #expect(zip(e, e.dropFirst()).allSatisfy { $0.day < $1.day })
    }
}

@Suite("Cost model: budgets")
struct BudgetRuleTests {
    let spending = [
        Spend(fineTune: "a", owner: "team-a", task: "triage", generation: 1, trained: day("2026-12-31"), cost: usd(1000_00)),
        Spend(fineTune: "a", owner: "team-a", task: "triage", generation: 2, trained: day("2027-01-01"), cost: usd(500_00)),
        Spend(fineTune: "b", owner: "Team-B", task: nil, generation: 1, trained: day("2027-03-31"), cost: usd(250_00)),
        Spend(fineTune: "b", owner: "Team-B", task: nil, generation: 2, trained: day("2027-04-01"), cost: usd(125_00)),
    ]

    func standing(_ scope: BudgetScope, _ period: BudgetPeriod, _ amount: Int64, events: [RetrainEvent] = [],
                  now: String = "2027-01-01") -> BudgetStanding? {
        let b = Budget(id: 1, scope: scope, period: period, amount: usd(amount), createdOn: day("2026-11-29"))
        return try? BudgetRules.standing(b, spending: spending, events: events, now: day(now)).get()
    }

    @Test("spent counts costs trained inside the period: year, quarter and month, across the year boundary")
    func periods() {
        #expect(standing(.all, .year(2026), 0)?.spent == usd(1000_00))
        #expect(standing(.all, .year(2027), 0)?.spent == usd(875_00))
        #expect(standing(.all, .quarter(2027, 1), 0)?.spent == usd(750_00))   // Jan 1 and Mar 31
        #expect(standing(.all, .quarter(2027, 2), 0)?.spent == usd(125_00))   // Apr 1
        #expect(standing(.all, .month(2027, 3), 0)?.spent == usd(250_00))
        #expect(standing(.all, .month(2026, 12), 0)?.spent == usd(1000_00))
        #expect(standing(.owner("team-b"), .year(2027), 0)?.spent == usd(375_00))  // owner names fold case
        #expect(standing(.task("TRIAGE"), .year(2027), 0)?.spent == usd(500_00))
    }

    @Test("at-risk only because of the forecast; over because of what is spent and planned")
    func status() {
        let family = Cadence.Family(provider: "x", family: "m")
        let events = [
            RetrainEvent(fineTune: "a", owner: "team-a", task: nil, family: family, day: day("2027-02-01"), cost: usd(300_00), driver: .policy(.default), planned: true),
            RetrainEvent(fineTune: "a", owner: "team-a", task: nil, family: family, day: day("2027-06-01"), cost: usd(300_00), driver: .policy(.default), planned: false),
            RetrainEvent(fineTune: "a", owner: "team-a", task: nil, family: family, day: day("2028-06-01"), cost: usd(300_00), driver: .policy(.default), planned: false),
        ]
        // 2027: spent 875 + planned 300 = 1,175; + forecast 300 = 1,475.
        let atRisk = standing(.all, .year(2027), 1200_00, events: events)
        #expect(atRisk?.planned == usd(300_00) && atRisk?.forecast == usd(300_00))
        #expect(atRisk?.status == .atRisk)
        #expect(atRisk?.remaining == usd(-275_00))
        #expect(standing(.all, .year(2027), 1475_00, events: events)?.status == .ok)
        #expect(standing(.all, .year(2027), 1174_99, events: events)?.status == .over)
        let alerts = BudgetRules.alerts([atRisk!], now: day("2027-01-01"))
        #expect(alerts.active.map(\.reason) == ["budget-at-risk"])
        #expect(alerts.active.first?.budget == "all 2027")
        #expect(alerts.active.first?.text == "spent 875.00 USD + planned 300.00 USD + forecast 300.00 USD = 1,475.00 USD, over the 1,200.00 USD budget by 275.00 USD")
        // An ended period raises nothing.
        #expect(BudgetRules.alerts([atRisk!], now: day("2028-01-01")).active.isEmpty)
    }

    @Test("a cost in another currency is refused, naming both")
    func currency() {
        let b = Budget(id: 1, scope: .all, period: .year(2027), amount: Money(minorUnits: 1, currency: "EUR"), createdOn: day("2026-11-29"))
        let r = BudgetRules.standing(b, spending: spending, events: [], now: day("2027-01-01"))
        guard case .failure(let p) = r else { Issue.record("expected a currency problem"); return }
        #expect(p.message.contains("EUR") && p.message.contains("USD"))
    }
}

@Suite("Cost model: total cost of ownership")
struct OwnershipTests {
    /// The worked example of docs/costs.md: a gpt-4o fine-tune, $2,000 of
    /// training; fine-tuned inference $3.75 in / $15 out per 1M tokens
    /// against base $2.50 / $10; 1M calls a month at 500 in and 200 out
    /// tokens; the base shuts down in 7 months; 12 months.
    func question(promptTokens: Int64 = 0) -> Ownership.Question {
        let now = day("2026-11-29")
        let b = base(1, "openai/gpt-4o@2024-08-06", released: "2024-08-06", shutdown: "2027-06-15")
        let s = subject("support-bot", base: 1, trained: "2026-11-01", cost: 2000_00)
        let model = ForecastModel(subjects: [s], bases: [b], trainPrices: [:], now: now)
        let prices = EffectivePrices(rates: [.input: rate(2_500_000), .output: rate(10_000_000),
                                             .fineTunedInput: rate(3_750_000), .fineTunedOutput: rate(15_000_000)])
        return Ownership.Question(fineTune: "support-bot", base: b.ref,
                                  volume: Volume(callsPerMonth: 1_000_000, tokensIn: 500, tokensOut: 200),
                                  promptTokens: promptTokens, months: 12, now: now, prices: prices, spent: [usd(2000_00)],
                                  events: model.events(through: now.adding(months: 12)))
    }

    @Test("worked example: 62,500.00 USD for the fine-tune against 39,000.00 USD for the prompt")
    func workedExample() throws {
        let a = try Ownership.compare(question()).get()
        // Fine-tuned inference: 1M x (500 x 3.75 + 200 x 15) / 1M = 1,875 + 3,000 = 4,875.00 a month.
        #expect(a.fineTunePath.inferenceMonthly == usd(4875_00))
        // Base inference: 1M x (500 x 2.50 + 200 x 10) / 1M = 1,250 + 2,000 = 3,250.00 a month.
        #expect(a.promptPath.inferenceMonthly == usd(3250_00))
        // One retrain at the shutdown (2027-06-15), at the last training cost.
        #expect(a.retrains.count == 1 && a.retrainCost == usd(2000_00))
        // 2,000 spent + 2,000 retrain + 12 x 4,875 = 62,500; 12 x 3,250 = 39,000.
        #expect(a.fineTunePath.total == usd(62_500_00))
        #expect(a.promptPath.total == usd(39_000_00))
        #expect(a.difference == usd(23_500_00))
        // Run rate: 4,875 + 2,000 / 12 = 5,041.666... -> 5,041.67.
        #expect(a.fineTunePath.monthly == usd(5041_67))
        #expect(a.crossing == nil)
    }

    @Test("1,000 prompt tokens a call make the prompt path dearer from month 3")
    func crossing() throws {
        let a = try Ownership.compare(question(promptTokens: 1000)).get()
        // 1M x (1,500 x 2.50 + 200 x 10) / 1M = 3,750 + 2,000 = 5,750.00 a month.
        #expect(a.promptPath.inferenceMonthly == usd(5750_00))
        // Month 2: 2,000 + 9,750 = 11,750 vs 11,500; month 3: 16,625 vs 17,250.
        #expect(a.crossing?.month == 3)
        #expect(a.crossing?.day == day("2027-02-28"))
        #expect(a.promptPath.total == usd(69_000_00))
        #expect(a.difference == usd(-6_500_00))
    }

    @Test("missing inputs are named, never taken as zero")
    func missing() {
        var q = question()
        q.volume = Volume(callsPerMonth: nil, tokensIn: 500, tokensOut: nil)
        q.prices.rates[.fineTunedOutput] = nil
        guard case .failure(.missing(let m)) = Ownership.compare(q) else { Issue.record("expected missing inputs"); return }
        #expect(m == [.callsPerMonth, .tokensOut, .ftPriceOut])
    }

    @Test("a training cost in EUR against USD prices is refused")
    func currencies() {
        var q = question()
        q.spent = [Money(minorUnits: 1, currency: "EUR")]
        guard case .failure(.currencies(let a, let b, _, let second)) = Ownership.compare(q) else { Issue.record("expected currencies"); return }
        #expect(a == "USD" && b == "EUR" && second.contains("training costs"))
    }
}

@Suite("Cost model: review fixes")
struct CostModelReviewTests {
    @Test("a deprecated base with a shutdown day is one retrain, at the shutdown, planned as tracker due lists it")
    func deprecatedAndShutDown() {
        let bases = [base(1, "openai/gpt-4o@2024-08-06", released: "2024-08-06", deprecated: .on(day("2027-01-10")),
                          shutdown: "2027-07-01")]
        let model = ForecastModel(subjects: [subject("bot", base: 1, trained: "2026-11-01", cost: 500_00)], bases: bases,
                                  trainPrices: [:], now: day("2026-11-29"))
        let events = model.events(through: day("2028-12-31"))
        // The shutdown, then the 1y policy from that retrain; never the same shutdown twice.
        #expect(events.map(\.day) == [day("2027-07-01"), day("2028-07-01")])
        #expect(events.map(\.driver.code) == ["shutdown", "policy"])
        // Deprecated 42 days from now: due today, so the shutdown retrain is planned.
        #expect(events.map(\.planned) == [true, false])
    }

    @Test("after a shutdown the fine-tune moves to the recorded successor of another family, whose dates then count")
    func crossFamilySuccessor() {
        let bases = [base(1, "openai/gpt-4@0613", released: "2023-06-13", shutdown: "2027-03-01", successor: 2),
                     base(2, "openai/gpt-4o@2024-08-06", released: "2024-08-06", shutdown: "2027-09-01")]
        let model = ForecastModel(subjects: [subject("old", base: 1, trained: "2026-10-01", cost: 100_00)], bases: bases,
                                  trainPrices: [:], now: day("2026-11-29"))
        let events = model.events(through: day("2027-12-31"))
        #expect(events.map(\.day) == [day("2026-11-29"), day("2027-09-01")])
        #expect(events.map(\.driver) == [.superseded(ref("openai/gpt-4o@2024-08-06")),
                                         .shutdown(ref("openai/gpt-4o@2024-08-06"), day("2027-09-01"))])
    }

    @Test("a training price in another currency than the costs is not used for the estimate")
    func estimateKeepsCurrency() {
        let b = base(1, "x/m@1", released: nil)
        let e = RetrainEstimate.of(subject("a", base: 1, trained: "2026-01-01", cost: 70_00, tokens: 1_000_000), base: b,
                                   successor: nil,
                                   trainPrices: [1: TrainPrice(perMillion: Money(minorUnits: 25_00, currency: "EUR"), source: "manual", readOn: nil)])
        #expect(e.rule == .lastCost && e.cost == usd(70_00))
    }

    @Test("USD catalog prices do not fill the gaps of a base priced in EUR")
    func catalogKeepsCurrency() {
        let eur = StoredPrice(rate: TokenRate(micros: 2_000_000, currency: "EUR"), source: "manual", readOn: nil)
        let catalog = BasePrices(input: TokenPrice(microUSD: 1, source: "litellm", readOn: nil),
                                 fineTunedOutput: TokenPrice(microUSD: 9, source: "litellm", readOn: nil))
        let merged = EffectivePrices.merge(set: [.output: eur], catalog: catalog, train: nil)
        #expect(merged[.input] == nil && merged[.fineTunedOutput] == nil && merged[.output] == eur)
        let usdOnly = EffectivePrices.merge(set: [:], catalog: catalog, train: nil)
        #expect(usdOnly[.input]?.rate == TokenRate(micros: 1, currency: "USD") && usdOnly[.input]?.source == "litellm")
    }

    @Test("the last year, quarter and month end on 9999-12-31")
    func lastPeriods() {
        #expect(BudgetPeriod.year(9999).end == day("9999-12-31"))
        #expect(BudgetPeriod.quarter(9999, 4).end == day("9999-12-31"))
        #expect(BudgetPeriod.month(9999, 12).end == day("9999-12-31"))
        #expect(BudgetPeriod.quarter(2024, 1).end == day("2024-03-31"))
        #expect(BudgetPeriod.month(2024, 2).end == day("2024-02-29"))
    }

    @Test("a task's budget is routed to its fine-tunes' one owner")
    func taskOwner() {
        let b = Budget(id: 1, scope: .task("triage"), period: .year(2027), amount: usd(1), createdOn: day("2026-11-29"))
        let s = BudgetStanding(budget: b, spent: usd(5), planned: usd(0), forecast: usd(0), plannedRetrains: 0,
                               forecastRetrains: 0, remaining: usd(-4), status: .over)
        let one = [subject("a", base: 1, trained: "2026-01-01", cost: 1, owner: "Team-A", task: "Triage"),
                   subject("b", base: 1, trained: "2026-01-01", cost: 1, owner: "team-a", task: "triage"),
                   subject("c", base: 1, trained: "2026-01-01", cost: 1, owner: "team-b", task: "other")]
        #expect(BudgetRules.alerts([s], now: day("2027-01-01"), taskOwners: one).active.first?.owner == "Team-A")
        let two = one + [subject("d", base: 1, trained: "2026-01-01", cost: 1, owner: "team-c", task: "triage")]
        #expect(BudgetRules.alerts([s], now: day("2027-01-01"), taskOwners: two).active.first?.owner == nil)
    }
}
