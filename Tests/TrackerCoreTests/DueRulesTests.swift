import Testing
@testable import TrackerCore

/// Judges one generation as `tracker due --now NOW --within WITHIN` would.
private func judge(_ bases: [BaseVersion], base id: Int64, trained: String, policy: RetrainPolicy = .default,
                   now: String, within: String = "90d") -> DueVerdict {
    let today = day(now)
    let standings = DueRules.standings(of: bases, now: today)
    guard let standing = standings[id] else { fatalError("no standing for base \(id)") }
    return DueRules.verdict(base: standing, trained: day(trained), policy: policy,
                            in: DuePolicy(now: today, within: span(within)))
}

/// The gpt-4o family as OpenAI released it.
private let gpt4o: [BaseVersion] = [
    base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13"),
    base(2, "openai/gpt-4o@2024-08-06", released: "2024-08-06"),
    base(3, "openai/gpt-4o@2024-11-20", released: "2024-11-20"),
]

/// A generation trained recently enough that the default 1y policy is not near.
private let fresh = "2024-12-01"
private let now = "2025-01-15"

@Suite("DueRules: supersession")
struct SupersessionTests {
    @Test("older snapshots are superseded by the newest released one")
    func newestNamed() {
        let s = DueRules.standings(of: gpt4o, now: day(now))
        #expect(s[1]?.supersededBy == 3)
        #expect(s[2]?.supersededBy == 3)
        #expect(s[3]?.supersededBy == nil)
        #expect(s.count == 3)
    }

    @Test("superseded alone: one reason, planned, no deadline")
    func verdictSuperseded() {
        let v = judge(gpt4o, base: 2, trained: fresh, now: now)
        #expect(v.isDue)
        #expect(v.reasons(now: day(now)) == [.baseSuperseded])
        #expect(v.supersededBy == 3)
        #expect(v.urgency == .planned)
        #expect(v.deadline == nil)
        #expect(v.shutdown == nil && v.ageDue == nil && v.deprecation == nil)
    }

    @Test("the newest snapshot is not due")
    func newestNotDue() {
        let v = judge(gpt4o, base: 3, trained: fresh, now: now)
        #expect(!v.isDue)
        #expect(v.reasons(now: day(now)).isEmpty)
        #expect(v.deadline == nil)
    }

    @Test("a snapshot released after now does not count yet; on the release day it does")
    func futureRelease() {
        let bases = gpt4o + [base(4, "openai/gpt-4o@2025-03-01", released: "2025-03-01")]
        let before = DueRules.standings(of: bases, now: day(now))
        #expect(before[3]?.supersededBy == nil)
        #expect(before[2]?.supersededBy == 3)
        #expect(before[4]?.supersededBy == nil)
        #expect(!judge(bases, base: 3, trained: fresh, now: now).isDue)

        let dayBefore = DueRules.standings(of: bases, now: day("2025-02-28"))
        #expect(dayBefore[3]?.supersededBy == nil)

        let onRelease = DueRules.standings(of: bases, now: day("2025-03-01"))
        #expect(onRelease[3]?.supersededBy == 4)
        #expect(onRelease[1]?.supersededBy == 4)
        #expect(onRelease[4]?.supersededBy == nil)
    }

    @Test("a different family or provider does not supersede")
    func otherFamilies() {
        let bases = [
            base(1, "openai/gpt-4o@2024-08-06", released: "2024-08-06"),
            base(2, "openai/gpt-4o-mini@2024-12-01", released: "2024-12-01"),
            base(3, "azure/gpt-4o@2024-12-15", released: "2024-12-15"),
            base(4, "openai/GPT-4o@2024-12-20", released: "2024-12-20"),
        ]
        let s = DueRules.standings(of: bases, now: day(now))
        #expect(s[1]?.supersededBy == nil)
        #expect(s[2]?.supersededBy == nil)
        #expect(s[3]?.supersededBy == nil)
        #expect(!judge(bases, base: 1, trained: fresh, now: now).isDue)
    }

    @Test("the provider is matched case-insensitively because refs lower-case it")
    func providerCase() {
        let bases = [
            base(1, "OpenAI/gpt-4o@2024-08-06", released: "2024-08-06"),
            base(2, "openai/gpt-4o@2024-11-20", released: "2024-11-20"),
        ]
        #expect(DueRules.standings(of: bases, now: day(now))[1]?.supersededBy == 2)
    }

    @Test("a family with one version is never superseded")
    func loneVersion() {
        let bases = [base(7, "anthropic/claude-3-opus@20240229", released: "2024-02-29")]
        #expect(DueRules.standings(of: bases, now: day("2030-01-01"))[7]?.supersededBy == nil)
        #expect(!judge(bases, base: 7, trained: "2029-06-01", now: "2030-01-01").isDue)
    }

    @Test("an explicit successor counts, even across families")
    func explicitSuccessor() {
        let bases = [
            base(10, "openai/gpt-4@0613", released: "2023-06-13", successor: 11),
            base(11, "openai/gpt-4o@2024-05-13", released: "2024-05-13"),
        ]
        let s = DueRules.standings(of: bases, now: day(now))
        #expect(s[10]?.supersededBy == 11)
        #expect(s[11]?.supersededBy == nil)
        let v = judge(bases, base: 10, trained: fresh, now: now)
        #expect(v.reasons(now: day(now)) == [.baseSuperseded])
        #expect(v.supersededBy == 11)
    }

    @Test("an explicit successor on a base with an unknown release day counts")
    func successorUnknownRelease() {
        let bases = [
            base(10, "bedrock/titan@v1", released: nil, successor: 11),
            base(11, "bedrock/titan@v2", released: "2024-05-13"),
        ]
        #expect(DueRules.standings(of: bases, now: day(now))[10]?.supersededBy == 11)
    }

    @Test("a successor that points at the base itself is ignored")
    func selfSuccessor() {
        let bases = [base(5, "openai/gpt-4o@2024-08-06", released: "2024-08-06", successor: 5)]
        #expect(DueRules.standings(of: bases, now: day(now))[5]?.supersededBy == nil)
    }

    @Test("versions are ordered by release day, not by version text")
    func releaseOrderNotString() {
        // Ollama digests: "sha256:fff" sorts after "sha256:aaa" but was released first.
        let bases = [
            base(1, "ollama/llama3.1:8b@sha256:fff", released: "2024-07-23"),
            base(2, "ollama/llama3.1:8b@sha256:aaa", released: "2024-10-01"),
            base(3, "ollama/llama3.1:8b@sha256:0000", released: "2024-09-01"),
        ]
        let s = DueRules.standings(of: bases, now: day(now))
        #expect(s[1]?.supersededBy == 2)
        #expect(s[2]?.supersededBy == nil)
        #expect(s[3]?.supersededBy == 2)
        // Same with dated versions whose text would sort the other way.
        let claude = [
            base(20, "anthropic/claude-3-5-sonnet@v9", released: "2024-06-20"),
            base(21, "anthropic/claude-3-5-sonnet@v10", released: "2024-10-22"),
        ]
        let c = DueRules.standings(of: claude, now: day(now))
        #expect(c[20]?.supersededBy == 21)
        #expect(c[21]?.supersededBy == nil)
    }

    @Test("snapshots released the same day: the number in the id orders them")
    func sameDay() {
        let bases = [
            base(1, "google/gemini-1.5-pro@001", released: "2024-05-24"),
            base(2, "google/gemini-1.5-pro@002", released: "2024-05-24"),
        ]
        let s = DueRules.standings(of: bases, now: day(now))
        #expect(s[1]?.supersededBy == 2)
        #expect(s[2]?.supersededBy == nil)
    }

    @Test("a newer snapshot with an unknown release day does not supersede")
    func unknownRelease() {
        let bases = [
            base(1, "openai/gpt-4o@2024-08-06", released: "2024-08-06"),
            base(2, "openai/gpt-4o@next", released: nil),
        ]
        let s = DueRules.standings(of: bases, now: day(now))
        #expect(s[1]?.supersededBy == nil)
        #expect(s[2]?.supersededBy == nil)
    }

    @Test("the result does not depend on the order bases are given in")
    func orderIndependent() {
        let a = DueRules.standings(of: gpt4o, now: day(now))
        let b = DueRules.standings(of: gpt4o.reversed(), now: day(now))
        for id in [Int64(1), 2, 3] { #expect(a[id]?.supersededBy == b[id]?.supersededBy) }
    }

    @Test("listing order: provider, family, release day (unknown last), then version text")
    func listingOrder() {
        let bases = [
            base(1, "openai/gpt-4o@zzz", released: "2024-01-01"),
            base(2, "openai/gpt-4o@aaa", released: "2024-06-01"),
            base(3, "openai/gpt-4o@mmm", released: nil),
            base(4, "anthropic/claude@x", released: "2025-01-01"),
            base(5, "openai/gpt-4o-mini@a", released: "2023-01-01"),
            base(6, "openai/gpt-4o@bbb", released: "2024-06-01"),
        ]
        #expect(bases.sortedForListing().map(\.id) == [4, 1, 2, 6, 3, 5])
    }
}

@Suite("DueRules: deprecation")
struct DeprecationTests {
    @Test("deprecated in the past: a reason, soon, deadline the deprecation day")
    func past() {
        let bases = [base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13", deprecated: .on(day("2024-12-01")))]
        let v = judge(bases, base: 1, trained: fresh, now: now)
        #expect(v.reasons(now: day(now)) == [.baseDeprecated])
        #expect(v.deprecation == .on(day("2024-12-01")))
        #expect(v.urgency == .soon)
        #expect(v.deadline == day("2024-12-01"))
    }

    @Test("deprecated within the horizon: a reason, soon")
    func withinHorizon() {
        let bases = [base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13", deprecated: .on(day("2025-03-01")))]
        let v = judge(bases, base: 1, trained: fresh, now: now)
        #expect(v.reasons(now: day(now)) == [.baseDeprecated])
        #expect(v.urgency == .soon)
        #expect(v.deadline == day("2025-03-01"))
    }

    @Test("deprecated on the last day of the horizon still counts")
    func horizonEdge() {
        let bases = [base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13", deprecated: .on(day("2025-04-15")))]
        let v = judge(bases, base: 1, trained: fresh, now: now)
        #expect(v.reasons(now: day(now)) == [.baseDeprecated])
        #expect(v.urgency == .soon)
    }

    @Test("deprecated beyond the horizon: not a reason")
    func beyondHorizon() {
        let bases = [base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13", deprecated: .on(day("2025-04-16")))]
        let v = judge(bases, base: 1, trained: fresh, now: now)
        #expect(!v.isDue)
        #expect(v.reasons(now: day(now)).isEmpty)
        #expect(v.deprecation == nil)
        #expect(v.deadline == nil)
    }

    @Test("a far deprecation seen with a longer --within is planned")
    func farWithLongHorizon() {
        let bases = [base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13", deprecated: .on(day("2025-06-01")))]
        let v = judge(bases, base: 1, trained: fresh, policy: .never, now: now, within: "1y")
        #expect(v.reasons(now: day(now)) == [.baseDeprecated])
        #expect(v.urgency == .planned)
        #expect(v.deadline == day("2025-06-01"))
    }

    @Test("undated deprecation is always a reason, planned, without a deadline")
    func undated() {
        let bases = [base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13", deprecated: .undated)]
        for within in ["0d", "90d", "1y"] {
            let v = judge(bases, base: 1, trained: fresh, policy: .never, now: now, within: within)
            #expect(v.reasons(now: day(now)) == [.baseDeprecated])
            #expect(v.deprecation == .undated)
            #expect(v.urgency == .planned)
            #expect(v.deadline == nil)
        }
    }

    @Test("Deprecation.day")
    func deprecationDay() {
        #expect(Deprecation.on(day("2025-01-01")).day == day("2025-01-01"))
        #expect(Deprecation.undated.day == nil)
        #expect(Deprecation.none.day == nil)
    }
}

@Suite("DueRules: shutdown")
struct ShutdownTests {
    private func shutdownVerdict(_ shutdown: String, now: String = now, within: String = "90d") -> DueVerdict {
        // `never` keeps the age rule out of the way, whatever the horizon.
        let bases = [base(1, "openai/gpt-4o@2024-11-20", released: "2024-11-20", shutdown: shutdown)]
        return judge(bases, base: 1, trained: fresh, policy: .never, now: now, within: within)
    }

    @Test("shutdown within the horizon: urgency by days left", arguments: [
        ("2025-01-16", Urgency.critical),  // 1 day
        ("2025-02-01", .critical),          // 17 days
        ("2025-02-14", .critical),          // 30 days
        ("2025-02-15", .soon),              // 31 days
        ("2025-04-01", .soon),              // 76 days
        ("2025-04-15", .soon),              // 90 days, last day of the horizon
    ])
    func soon(shutdown: String, urgency: Urgency) {
        let v = shutdownVerdict(shutdown)
        #expect(v.reasons(now: day(now)) == [.baseShutdownSoon])
        #expect(v.shutdown == day(shutdown))
        #expect(v.urgency == urgency)
        #expect(v.deadline == day(shutdown))
    }

    @Test("shutdown further than 90 days with a longer --within is planned")
    func planned() {
        let v = shutdownVerdict("2025-04-16", within: "1y")
        #expect(v.reasons(now: day(now)) == [.baseShutdownSoon])
        #expect(v.urgency == .planned)
        #expect(v.deadline == day("2025-04-16"))
        let far = shutdownVerdict("2026-01-15", within: "1y")
        #expect(far.urgency == .planned)
        #expect(far.reasons(now: day(now)) == [.baseShutdownSoon])
    }

    @Test("shutdown beyond the horizon is not due")
    func beyond() {
        let v = shutdownVerdict("2025-04-16")
        #expect(!v.isDue)
        #expect(v.shutdown == nil)
        #expect(v.reasons(now: day(now)).isEmpty)
        #expect(!shutdownVerdict("2026-01-16", within: "1y").isDue)
    }

    @Test("shut down in the past: base-shut-down, overdue")
    func past() {
        let v = shutdownVerdict("2025-01-01")
        #expect(v.reasons(now: day(now)) == [.baseShutDown])
        #expect(v.urgency == .overdue)
        #expect(v.deadline == day("2025-01-01"))
        let longAgo = shutdownVerdict("2020-01-01")
        #expect(longAgo.reasons(now: day(now)) == [.baseShutDown])
        #expect(longAgo.urgency == .overdue)
    }

    @Test("shutting down today counts as shut down and overdue")
    func today() {
        let v = shutdownVerdict(now)
        #expect(v.reasons(now: day(now)) == [.baseShutDown])
        #expect(v.urgency == .overdue)
        #expect(v.deadline == day(now))
        // Even with a zero horizon.
        #expect(shutdownVerdict(now, within: "0d").reasons(now: day(now)) == [.baseShutDown])
    }

    @Test("horizon end is now plus --within in calendar units")
    func horizon() {
        #expect(DuePolicy(now: day("2025-01-31"), within: span("1m")).horizonEnd == day("2025-02-28"))
        #expect(DuePolicy(now: day("2025-01-15"), within: span("90d")).horizonEnd == day("2025-04-15"))
        #expect(DuePolicy(now: day("2024-02-29"), within: span("1y")).horizonEnd == day("2025-02-28"))
        #expect(DuePolicy(now: day("2025-01-15"), within: span("2w")).horizonEnd == day("2025-01-29"))
        #expect(shutdownVerdict("2025-02-28", now: "2025-01-31", within: "1m").isDue)
        #expect(!shutdownVerdict("2025-03-01", now: "2025-01-31", within: "1m").isDue)
    }
}

@Suite("DueRules: age")
struct AgeTests {
    private let current = [base(1, "openai/gpt-4o@2024-11-20", released: "2024-11-20")]

    @Test("default policy is one year", arguments: [
        ("2024-01-10", "2025-01-10", Urgency.overdue),  // 5 days past
        ("2024-01-15", "2025-01-15", .overdue),          // due today
        ("2024-01-16", "2025-01-16", .critical),         // 1 day
        ("2024-02-14", "2025-02-14", .critical),         // 30 days
        ("2024-02-15", "2025-02-15", .soon),             // 31 days
        ("2024-04-15", "2025-04-15", .soon),             // 90 days
    ])
    func defaultPolicy(trained: String, due: String, urgency: Urgency) {
        let v = judge(current, base: 1, trained: trained, now: now)
        #expect(v.reasons(now: day(now)) == [.age])
        #expect(v.ageDue == day(due))
        #expect(v.urgency == urgency)
        #expect(v.deadline == day(due))
    }

    @Test("a generation inside its policy is not due")
    func notYet() {
        let v = judge(current, base: 1, trained: "2024-04-16", now: now)
        #expect(!v.isDue)
        #expect(v.ageDue == nil)
    }

    @Test("a longer --within sees the retrain-by day as planned")
    func plannedAge() {
        let v = judge(current, base: 1, trained: "2024-06-01", now: now, within: "6m")
        #expect(v.reasons(now: day(now)) == [.age])
        #expect(v.ageDue == day("2025-06-01"))
        #expect(v.urgency == .planned)
    }

    @Test("a custom 6m policy")
    func sixMonths() {
        let six = RetrainPolicy("6m")!
        let overdue = judge(current, base: 1, trained: "2024-07-10", policy: six, now: now)
        #expect(overdue.reasons(now: day(now)) == [.age])
        #expect(overdue.ageDue == day("2025-01-10"))
        #expect(overdue.urgency == .overdue)
        // The same generation under the default policy is not due.
        #expect(!judge(current, base: 1, trained: "2024-07-10", now: now).isDue)
        // Month-end clamping: Aug 31 + 6m = Feb 28.
        let clamped = judge(current, base: 1, trained: "2024-08-31", policy: six, now: now)
        #expect(clamped.ageDue == day("2025-02-28"))
        #expect(clamped.urgency == .soon)
    }

    @Test("never turns the age rule off")
    func never() {
        let v = judge(current, base: 1, trained: "2015-01-01", policy: .never, now: now)
        #expect(!v.isDue)
        #expect(v.ageDue == nil)
        #expect(v.reasons(now: day(now)).isEmpty)
    }

    @Test("trained on Feb 29: due on Feb 28 next year")
    func leapDay() {
        let dueToday = judge(current, base: 1, trained: "2024-02-29", now: "2025-02-28")
        #expect(dueToday.ageDue == day("2025-02-28"))
        #expect(dueToday.urgency == .overdue)
        let tomorrow = judge(current, base: 1, trained: "2024-02-29", now: "2025-02-27")
        #expect(tomorrow.urgency == .critical)
    }
}

@Suite("DueRules: combinations")
struct CombinationTests {
    @Test("superseded and shutting down: both reasons, urgency and deadline from the shutdown")
    func supersededAndShutdown() {
        let bases = [
            base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13", shutdown: "2025-02-01"),
            base(2, "openai/gpt-4o@2024-08-06", released: "2024-08-06"),
            base(3, "openai/gpt-4o@2024-11-20", released: "2024-11-20"),
        ]
        let v = judge(bases, base: 1, trained: fresh, now: now)
        #expect(v.reasons(now: day(now)) == [.baseShutdownSoon, .baseSuperseded])
        #expect(v.supersededBy == 3)
        #expect(v.shutdown == day("2025-02-01"))
        #expect(v.urgency == .critical)
        #expect(v.deadline == day("2025-02-01"))
    }

    @Test("shut down, too old and deprecated: all three, overdue, earliest hard deadline")
    func shutDownAgeDeprecated() {
        let bases = [base(1, "openai/gpt-3.5-turbo@0613", released: "2023-06-13",
                          deprecated: .on(day("2024-06-01")), shutdown: "2024-09-13")]
        let v = judge(bases, base: 1, trained: "2023-10-01", now: now)
        #expect(v.reasons(now: day(now)) == [.baseShutDown, .age, .baseDeprecated])
        #expect(v.shutdown == day("2024-09-13"))
        #expect(v.ageDue == day("2024-10-01"))
        #expect(v.deprecation == .on(day("2024-06-01")))
        #expect(v.urgency == .overdue)
        #expect(v.deadline == day("2024-09-13"))
    }

    @Test("a deprecation day never pulls the deadline before a hard date")
    func deprecationIsSoftDeadline() {
        let bases = [base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13",
                          deprecated: .on(day("2025-01-20")), shutdown: "2025-03-01")]
        let v = judge(bases, base: 1, trained: fresh, now: now)
        #expect(v.reasons(now: day(now)) == [.baseShutdownSoon, .baseDeprecated])
        #expect(v.urgency == .soon)
        #expect(v.deadline == day("2025-03-01"))
    }

    @Test("deprecation raises a planned age verdict to soon")
    func deprecationRaisesUrgency() {
        let bases = [base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13", deprecated: .on(day("2025-02-01")))]
        let v = judge(bases, base: 1, trained: "2024-06-01", now: now, within: "6m")
        #expect(v.reasons(now: day(now)) == [.age, .baseDeprecated])
        #expect(v.urgency == .soon)
        #expect(v.deadline == day("2025-06-01"))
    }

    @Test("undated deprecation and superseded: both, planned, no deadline")
    func undatedAndSuperseded() {
        let bases = [
            base(1, "anthropic/claude-3-sonnet@20240229", released: "2024-02-29", deprecated: .undated),
            base(2, "anthropic/claude-3-sonnet@20240601", released: "2024-06-01"),
        ]
        let v = judge(bases, base: 1, trained: fresh, now: now)
        #expect(v.reasons(now: day(now)) == [.baseDeprecated, .baseSuperseded])
        #expect(v.deprecation == .undated)
        #expect(v.supersededBy == 2)
        #expect(v.urgency == .planned)
        #expect(v.deadline == nil)
    }

    @Test("every reason at once, in severity order")
    func everything() {
        let bases = [
            base(1, "openai/gpt-4@0314", released: "2023-03-14", deprecated: .undated, shutdown: "2025-02-01"),
            base(2, "openai/gpt-4@0613", released: "2023-06-13"),
        ]
        let v = judge(bases, base: 1, trained: "2024-01-20", now: now)
        #expect(v.reasons(now: day(now)) == [.baseShutdownSoon, .age, .baseDeprecated, .baseSuperseded])
        #expect(v.urgency == .critical)
        #expect(v.deadline == day("2025-01-20"))
    }

    @Test("the shutdown reason flips from soon to shut down as now passes it")
    func reasonsDependOnNow() {
        var v = DueVerdict()
        v.shutdown = day("2025-02-01")
        #expect(v.reasons(now: day("2025-01-31")) == [.baseShutdownSoon])
        #expect(v.reasons(now: day("2025-02-01")) == [.baseShutDown])
        #expect(v.reasons(now: day("2025-02-02")) == [.baseShutDown])
    }
}

@Suite("Urgency and reason codes")
struct UrgencyTests {
    @Test("urgency order and names")
    func order() {
        #expect(Urgency.planned < .soon)
        #expect(Urgency.soon < .critical)
        #expect(Urgency.critical < .overdue)
        #expect(Urgency.allCases.sorted(by: >).map(\.name) == ["overdue", "critical", "soon", "planned"])
        for u in Urgency.allCases { #expect(Urgency(name: u.name) == u) }
        #expect(Urgency(name: "Overdue") == nil)
        #expect(Urgency(name: "") == nil)
    }

    @Test("reason codes are stable")
    func codes() {
        #expect(ReasonCode.allCases.map(\.rawValue)
                == ["base-superseded", "base-deprecated", "base-shutdown-soon", "base-shut-down", "base-gone", "age",
                    "eval-below-target", "prompt-meets-target"])
    }
}
