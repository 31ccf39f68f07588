import Testing
@testable import TrackerCore

/// The rules that `tracker due`, the alerts and every notifier share, each
/// defined once in the core.

@Suite("Urgency from days left")
struct UrgencyRuleTests {
    @Test("a hard deadline: overdue from the day, critical within 30, soon within 90, planned beyond",
          arguments: [(-400, Urgency.overdue), (-1, .overdue), (0, .overdue), (1, .critical), (30, .critical),
                      (31, .soon), (90, .soon), (91, .planned), (10_000, .planned)])
    func hardDeadline(daysLeft: Int, expected: Urgency) {
        #expect(Urgency.forDaysLeft(daysLeft) == expected)
    }

    @Test("a deprecation: soon within 90 days or past, planned beyond or undated; never more than soon",
          arguments: [(-30, Urgency.soon), (0, .soon), (5, .soon), (90, .soon), (91, .planned), (nil, .planned)] as [(Int?, Urgency)])
    func deprecation(daysLeft: Int?, expected: Urgency) {
        #expect(Urgency.forDeprecation(daysLeft: daysLeft) == expected)
    }

    /// `tracker due` and the alerts give the same level for the same shutdown.
    @Test("due and alerts agree with the rule", arguments: [-3, 0, 1, 30, 31, 60, 90])
    func dueAndAlertsAgree(daysLeft: Int) {
        let now = day("2025-01-15")
        let shutdown = now.adding(days: daysLeft)
        let b = base(1, "openai/gpt-4o@2024-08-06", released: "2024-08-06", shutdown: shutdown.description)
        let standing = DueRules.standings(of: [b], now: now)[1]!
        let verdict = DueRules.verdict(base: standing, trained: day("2025-01-01"), policy: .never, in: DuePolicy(now: now))
        #expect(verdict.urgency == Urgency.forDaysLeft(daysLeft))
        let subject = AlertSubject(name: "ft", task: nil, owner: nil, generation: 1, baseID: 1, trained: day("2025-01-01"),
                                   retrainEvery: .never, eval: nil)
        let alerts = AlertRules.alerts(subjects: [subject], bases: [b], now: now).active
        #expect(alerts.count == 1)
        #expect(alerts.first?.urgency == Urgency.forDaysLeft(daysLeft))
    }
}

@Suite("The default horizon")
struct HorizonRuleTests {
    @Test func ninetyDays() {
        #expect(DuePolicy.defaultHorizon == Span(count: 90, unit: .day))
        #expect(DuePolicy(now: day("2025-01-15")).horizonEnd == day("2025-04-15"))
    }

    /// The alerts look exactly as far ahead as the default horizon.
    @Test("alerts: a shutdown on the horizon's last day alerts, the day after does not",
          arguments: [(0, true), (1, false)])
    func alertsUseTheHorizon(beyond: Int, alerts: Bool) {
        let now = day("2025-01-15")
        let shutdown = DuePolicy(now: now).horizonEnd.adding(days: beyond)
        let b = base(1, "openai/gpt-4o@2024-08-06", released: "2024-08-06", shutdown: shutdown.description)
        let subject = AlertSubject(name: "ft", task: nil, owner: nil, generation: 1, baseID: 1, trained: day("2025-01-01"),
                                   retrainEvery: .never, eval: nil)
        let active = AlertRules.alerts(subjects: [subject], bases: [b], now: now).active
        #expect(active.isEmpty == !alerts, "\(active)")
    }
}

@Suite("Digest order")
struct DigestOrderRuleTests {
    static let now = day("2026-11-29")

    static func entry(_ kind: DigestEntry.Kind, _ name: String, _ urgency: Urgency, _ date: String?) -> DigestEntry {
        let d = date.map(day)
        let key = Alert.key(fineTune: name, generation: 1, reason: "age", base: "openai/gpt-4o@2024-08-06")
        return DigestEntry(kind: kind, alert: Alert(key: key, fineTune: name, owner: nil, task: nil, generation: 1, reason: "age",
                                                    base: "openai/gpt-4o@2024-08-06", urgency: urgency, date: d,
                                                    daysLeft: d.map { now.days(until: $0) }, threshold: nil, text: name))
    }

    /// The expected order, written out: kind first, then urgency (most
    /// urgent first), then date (earliest first, undated last), then key.
    static let ordered: [DigestEntry] = [
        entry(.new, "n-overdue", .overdue, "2026-11-01"),
        entry(.new, "n-critical-early", .critical, "2026-12-01"),
        entry(.new, "n-critical-late", .critical, "2026-12-20"),
        entry(.new, "n-critical-undated", .critical, nil),
        entry(.new, "n-soon-a", .soon, nil),
        entry(.new, "n-soon-b", .soon, nil),
        entry(.threshold, "t-planned", .planned, "2027-02-01"),
        entry(.repeat, "r-overdue", .overdue, "2026-10-01"),
        entry(.repeat, "r-soon", .soon, "2026-12-01"),
        entry(.resolved, "d-overdue", .overdue, nil),
    ]

    @Test func sortedMatchesTheWrittenOrder() {
        let names = Self.ordered.map(\.alert.fineTune)
        for shift in 0..<Self.ordered.count {
            let shuffled = Array(Self.ordered[shift...] + Self.ordered[..<shift]).reversed()
            #expect(DigestOrder.sorted(Array(shuffled)).map(\.alert.fineTune) == names)
        }
        #expect(DigestOrder.kinds == [.new, .threshold, .repeat, .resolved])
        #expect(DigestOrder.kinds.map(DigestOrder.rank) == [0, 1, 2, 3])
        #expect(Set(DigestOrder.kinds) == Set(DigestEntry.Kind.allCases), "every kind has a section")
    }

    /// A digest keeps its entries in digest order, so its groups, its entry
    /// list and a renderer's "first N" are the same sequence.
    @Test func aDigestIsAlwaysInDigestOrder() {
        let digest = Digest(channel: "ops", now: Self.now, entries: Self.ordered.reversed())
        #expect(digest.entries.map(\.alert.fineTune) == Self.ordered.map(\.alert.fineTune))
        #expect(digest.groups.flatMap(\.entries).map(\.alert.key) == digest.entries.map(\.alert.key))
        #expect(digest.groups.map(\.kind) == [.new, .threshold, .repeat, .resolved])
    }

    /// The planner hands out the same order.
    @Test func thePlannerUsesIt() {
        let open = Self.ordered.filter { $0.kind == .new }.reversed().map {
            PlannedAlert(alert: $0.alert, state: nil, quiet: false)
        }
        let planned = DigestPlanner.plan(open: Array(open), resolved: [], route: Route(), now: Self.now)
        #expect(planned.map(\.alert.fineTune) == Self.ordered.filter { $0.kind == .new }.map(\.alert.fineTune))
    }
}
