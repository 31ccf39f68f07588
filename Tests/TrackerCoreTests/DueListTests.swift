import Testing
@testable import TrackerCore

private let now = day("2025-01-15")

@Suite("DueList")
struct DueListTests {
    /// Bases covering every urgency band as of 2025-01-15.
    private let bases: [BaseVersion] = [
        base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13", shutdown: "2025-01-10"),    // shut down
        base(2, "openai/gpt-4o@2024-08-06", released: "2024-08-06", shutdown: "2025-02-01"),    // critical
        base(3, "openai/gpt-4o@2024-11-20", released: "2024-11-20"),                           // current
        base(4, "anthropic/claude@v1", released: "2024-01-01", shutdown: "2025-03-20"),         // soon
        base(5, "anthropic/claude@v2", released: "2024-06-01"),
        base(6, "google/gemini@001", released: "2024-05-01", shutdown: "2025-02-10"),           // critical
        base(7, "google/gemini@002", released: "2024-05-01", deprecated: .undated),             // planned
    ]

    private func list(_ fineTunes: [(String, Int64, String, RetrainPolicy)], within: String = "90d") -> DueList {
        var l = DueList(bases: bases, policy: DuePolicy(now: now, within: span(within)))
        for (i, ft) in fineTunes.enumerated() {
            l.consider(name: ft.0, task: "task", owner: "owner", generation: i + 1, modelID: "ft:\(ft.0)",
                       baseID: ft.1, trained: day(ft.2), retrainEvery: ft.3)
        }
        l.sort()
        return l
    }

    @Test("keeps only due fine-tunes and counts every one considered")
    func keepsDue() {
        let l = list([
            ("current", 3, "2024-12-01", .default),
            ("on-old", 2, "2024-12-01", .default),
            ("never-retrain", 3, "2010-01-01", .never),
            ("unknown-base", 99, "2024-12-01", .default),
        ])
        #expect(l.considered == 4)
        #expect(l.items.map(\.name) == ["on-old"])
        let item = l.items[0]
        #expect(item.baseID == 2)
        #expect(item.generation == 2)
        #expect(item.modelID == "ft:on-old")
        #expect(item.trained == day("2024-12-01"))
        #expect(item.retrainEvery == .default)
        #expect(item.verdict.urgency == .critical)
        #expect(item.verdict.supersededBy == 3)
    }

    @Test("sorts by urgency, then deadline (none last), then name")
    func sorting() {
        let l = list([
            ("p-undated", 7, "2024-12-01", .default),        // planned, no deadline
            ("s-age", 3, "2024-03-01", .default),            // soon, age 2025-03-01
            ("c-gemini", 6, "2024-12-01", .default),         // critical, 2025-02-10
            ("o-shutdown", 1, "2024-12-01", .default),       // overdue, 2025-01-10
            ("b-critical", 2, "2024-12-01", .default),       // critical, 2025-02-01
            ("a-critical", 2, "2024-12-01", .default),       // critical, 2025-02-01 (name tie-break)
            ("s-claude", 4, "2024-12-01", .default),         // soon, 2025-03-20
            ("o-age", 3, "2023-12-01", .default),            // overdue, 2024-12-01
            ("p-superseded", 5, "2024-12-01", .default),     // not due: v2 is newest
            ("a-planned", 7, "2024-10-01", RetrainPolicy("6m")!), // planned? no: due 2025-04-01 -> soon
        ])
        #expect(l.items.map(\.name) == [
            "o-age", "o-shutdown",
            "a-critical", "b-critical", "c-gemini",
            "s-age", "s-claude", "a-planned",
            "p-undated",
        ])
        #expect(l.items.map(\.verdict.urgency) == [
            .overdue, .overdue, .critical, .critical, .critical, .soon, .soon, .soon, .planned,
        ])
        #expect(l.items.map(\.verdict.deadline) == [
            day("2024-12-01"), day("2025-01-10"), day("2025-02-01"), day("2025-02-01"), day("2025-02-10"),
            day("2025-03-01"), day("2025-03-20"), day("2025-04-01"), nil,
        ])
    }

    @Test("within one urgency, a deadline sorts before no deadline, whatever the names")
    func noDeadlineLast() {
        let l = list([
            ("a-undated", 7, "2024-12-01", .never),            // planned, no deadline
            ("z-far-age", 3, "2024-06-01", .default),          // planned, 2025-06-01 with 1y horizon
        ], within: "1y")
        #expect(l.items.map(\.name) == ["z-far-age", "a-undated"])
        #expect(l.items.allSatisfy { $0.verdict.urgency == .planned })
    }

    @Test("precedes: urgency first, then deadline, nil when tied")
    func precedes() {
        var overdue = DueVerdict(); overdue.urgency = .overdue; overdue.deadline = day("2025-06-01")
        var critical = DueVerdict(); critical.urgency = .critical; critical.deadline = day("2025-01-01")
        var criticalLater = critical; criticalLater.deadline = day("2025-01-02")
        var criticalNone = critical; criticalNone.deadline = nil
        #expect(DueRules.precedes(overdue, critical) == true)
        #expect(DueRules.precedes(critical, overdue) == false)
        #expect(DueRules.precedes(critical, criticalLater) == true)
        #expect(DueRules.precedes(criticalLater, critical) == false)
        #expect(DueRules.precedes(critical, criticalNone) == true)
        #expect(DueRules.precedes(criticalNone, critical) == false)
        #expect(DueRules.precedes(critical, critical) == nil)
        #expect(DueRules.precedes(criticalNone, criticalNone) == nil)
    }

    @Test("an empty list")
    func empty() {
        var l = DueList(bases: [], policy: DuePolicy(now: now, within: span("90d")))
        l.consider(name: "x", task: nil, owner: nil, generation: 1, modelID: nil, baseID: 1,
                   trained: now, retrainEvery: .default)
        l.sort()
        #expect(l.items.isEmpty)
        #expect(l.considered == 1)
        #expect(l.standings.isEmpty)
    }
}

@Suite("DueReason wording")
struct DueReasonTests {
    private func reasons(_ bases: [BaseVersion], base id: Int64, trained: String, now: String,
                         policy: RetrainPolicy = .default, within: String = "90d") -> [DueReason] {
        let today = day(now)
        let standing = DueRules.standings(of: bases, now: today)[id]!
        let v = DueRules.verdict(base: standing, trained: day(trained), policy: policy,
                                 in: DuePolicy(now: today, within: span(within)))
        return v.detailedReasons(now: today) { wanted in bases.first { $0.id == wanted } }
    }

    @Test("shut down: days ago, one day ago, today")
    func shutDown() {
        let b = { (s: String) in [base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13", shutdown: s)] }
        let r = reasons(b("2025-01-12"), base: 1, trained: "2024-12-01", now: "2025-01-15")
        #expect(r.map(\.text) == ["base shut down 2025-01-12 (3 days ago)"])
        #expect(r.first?.code == .baseShutDown)
        #expect(r.first?.daysLeft == -3)
        #expect(r.first?.date == day("2025-01-12"))
        #expect(reasons(b("2025-01-14"), base: 1, trained: "2024-12-01", now: "2025-01-15").map(\.text)
                == ["base shut down 2025-01-14 (1 day ago)"])
        #expect(reasons(b("2025-01-15"), base: 1, trained: "2024-12-01", now: "2025-01-15").map(\.text)
                == ["base shut down 2025-01-15 (today)"])
    }

    @Test("shutting down: in N days, in 1 day")
    func shutdownSoon() {
        let b = { (s: String) in [base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13", shutdown: s)] }
        let r = reasons(b("2025-02-01"), base: 1, trained: "2024-12-01", now: "2025-01-15")
        #expect(r.map(\.text) == ["base shuts down 2025-02-01 (in 17 days)"])
        #expect(r.first?.daysLeft == 17)
        #expect(reasons(b("2025-01-16"), base: 1, trained: "2024-12-01", now: "2025-01-15").map(\.text)
                == ["base shuts down 2025-01-16 (in 1 day)"])
    }

    @Test("age: overdue, today, in N days")
    func age() {
        let b = [base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13")]
        #expect(reasons(b, base: 1, trained: "2024-01-10", now: "2025-01-15").map(\.text)
                == ["retrain due 2025-01-10 (5 days overdue)"])
        #expect(reasons(b, base: 1, trained: "2024-01-14", now: "2025-01-15").map(\.text)
                == ["retrain due 2025-01-14 (1 day overdue)"])
        #expect(reasons(b, base: 1, trained: "2024-01-15", now: "2025-01-15").map(\.text)
                == ["retrain due 2025-01-15 (today)"])
        #expect(reasons(b, base: 1, trained: "2024-02-01", now: "2025-01-15").map(\.text)
                == ["retrain due 2025-02-01 (in 17 days)"])
    }

    @Test("deprecated: from a future day, on a past day, undated")
    func deprecated() {
        let future = [base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13", deprecated: .on(day("2025-03-01")))]
        #expect(reasons(future, base: 1, trained: "2024-12-01", now: "2025-01-15").map(\.text)
                == ["base deprecated from 2025-03-01 (in 45 days)"])
        let past = [base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13", deprecated: .on(day("2024-12-01")))]
        #expect(reasons(past, base: 1, trained: "2024-12-01", now: "2025-01-15").map(\.text)
                == ["base deprecated 2024-12-01"])
        let undated = [base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13", deprecated: .undated)]
        let r = reasons(undated, base: 1, trained: "2024-12-01", now: "2025-01-15")
        #expect(r.map(\.text) == ["base deprecated (date not announced)"])
        #expect(r.first?.date == nil)
        #expect(r.first?.daysLeft == nil)
    }

    @Test("superseded names the newest snapshot")
    func superseded() {
        let bases = [
            base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13"),
            base(2, "openai/gpt-4o@2024-08-06", released: "2024-08-06"),
            base(3, "openai/gpt-4o@2024-11-20", released: "2024-11-20"),
        ]
        let r = reasons(bases, base: 1, trained: "2024-12-01", now: "2025-01-15")
        #expect(r.map(\.text) == ["superseded by openai/gpt-4o@2024-11-20"])
        #expect(r.first?.successor?.id == 3)
        #expect(DueReason(code: .baseSuperseded).text == "superseded by a newer snapshot")
    }

    @Test("several reasons keep severity order")
    func order() {
        let bases = [
            base(1, "openai/gpt-4@0314", released: "2023-03-14", deprecated: .on(day("2024-06-06")), shutdown: "2025-01-10"),
            base(2, "openai/gpt-4@0613", released: "2023-06-13"),
        ]
        let r = reasons(bases, base: 1, trained: "2023-06-01", now: "2025-01-15")
        #expect(r.map(\.code) == [.baseShutDown, .age, .baseDeprecated, .baseSuperseded])
        #expect(r.map(\.text) == [
            "base shut down 2025-01-10 (5 days ago)",
            "retrain due 2024-06-01 (228 days overdue)",
            "base deprecated 2024-06-06",
            "superseded by openai/gpt-4@0613",
        ])
    }
}

@Suite("Due reasons from the task: evals and prompts")
struct TaskReasonTests {
    let bases = [base(3, "openai/gpt-4o@2024-11-20", released: "2024-11-20")]
    let hit = PromptHit(task: "triage", revision: 4, eval: EvalResult(passed: 17, total: 20)!)

    func judged(task: String?, eval: EvalResult?, facts: [String: TaskFact]) -> DueList {
        var l = DueList(bases: bases, policy: DuePolicy(now: day("2025-01-15"), within: span("90d")), taskFacts: facts)
        l.consider(name: "bot", task: task, owner: nil, generation: 1, modelID: nil, baseID: 3, trained: day("2024-12-01"),
                   retrainEvery: .default, eval: eval)
        l.sort()
        return l
    }

    @Test("an eval below the task's own target is due soon; without a task the target is 80%")
    func evalBelow() {
        let facts = ["triage": TaskFact(target: 90, prompt: nil)]
        let below = judged(task: "Triage", eval: EvalResult(passed: 85, total: 100), facts: facts)
        #expect(below.items.map(\.name) == ["bot"])
        let v = below.items[0].verdict
        #expect(v.reasons(now: day("2025-01-15")) == [.evalBelowTarget])
        #expect(v.urgency == .soon)
        #expect(v.detailedReasons(now: day("2025-01-15")) { _ in nil }.map(\.text) == ["eval 85/100 (85%) is below the 90% target"])
        // The same eval meets the default 80% of a fine-tune without a task.
        #expect(judged(task: nil, eval: EvalResult(passed: 85, total: 100), facts: facts).items.isEmpty)
        #expect(judged(task: "triage", eval: EvalResult(passed: 9, total: 10), facts: facts).items.isEmpty)
    }

    @Test("a prompt at target makes the fine-tune due, planned, to retire rather than retrain")
    func promptAtTarget() {
        let l = judged(task: "triage", eval: nil, facts: ["triage": TaskFact(target: 80, prompt: hit)])
        let v = l.items[0].verdict
        #expect(v.reasons(now: day("2025-01-15")) == [.promptMeetsTarget])
        #expect(v.urgency == .planned && !v.needsRetrain)
        #expect(v.detailedReasons(now: day("2025-01-15")) { _ in nil }.map(\.text)
                == ["prompt triage@r4 meets the target (17/20, 85%): retire rather than retrain"])
        // Another task's prompt does not count.
        #expect(judged(task: "other", eval: nil, facts: ["triage": TaskFact(target: 80, prompt: hit)]).items.isEmpty)
    }

    @Test("the facts survive the byte-limited, spilled path")
    func spilled() throws {
        var l = DueList(bases: bases, policy: DuePolicy(now: day("2025-01-15"), within: span("90d")),
                        taskFacts: ["triage": TaskFact(target: 80, prompt: hit)])
        l.limit(toBytes: 400)
        final class Memory: DueSpill {
            var bytes: [UInt8] = []
            var at = 0
            func write(_ b: UnsafeRawBufferPointer) throws(Failure) { bytes.append(contentsOf: b) }
            func rewind() throws(Failure) { at = 0 }
            func read(_ buffer: UnsafeMutableRawBufferPointer) throws(Failure) -> Bool {
                guard at + buffer.count <= bytes.count else { return false }
                for i in 0..<buffer.count { buffer[i] = bytes[at + i] }
                at += buffer.count
                return true
            }
        }
        let spill = Memory()
        l.spill(to: spill)
        for i in 0..<20 {
            l.consider(name: "bot-\(i)", task: "triage", owner: nil, generation: 1, modelID: nil, baseID: 3,
                       trained: day("2024-12-01"), retrainEvery: .default, eval: EvalResult(passed: 1, total: 10))
        }
        #expect(l.dueCount == 20)
        var seen = l.items.map(\.verdict)
        for w in l.windows(from: l.keptBelow, maxBytes: 400) {
            try l.load(w)
            seen += l.items.map(\.verdict)
        }
        #expect(seen.count == 20)
        #expect(seen.allSatisfy { $0.evalBelow == EvalResult(passed: 1, total: 10) && $0.promptAtTarget == hit })
    }
}
