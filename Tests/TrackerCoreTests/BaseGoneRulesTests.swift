import Testing
@testable import TrackerCore

/// `base-gone`: a base seen gone from its provider's list (issue 8, item 2).
@Suite("DueRules: base-gone")
struct BaseGoneRulesTests {
    static func gone(_ on: String?, shutdown: String? = nil) -> [BaseVersion] {
        var b = base(1, "anthropic/claude-3-5-haiku@20241022", released: "2024-10-22", shutdown: shutdown)
        b.goneOn = on.map(day)
        return [b]
    }

    static func verdict(_ bases: [BaseVersion], now: String) -> DueVerdict {
        let today = day(now)
        let standing = DueRules.standings(of: bases, now: today)[1]!
        return DueRules.verdict(base: standing, trained: day("2026-01-10"), policy: .default, in: DuePolicy(now: today))
    }

    @Test("gone: due, overdue, the deadline is the day it was seen gone")
    func goneIsOverdue() {
        let v = Self.verdict(Self.gone("2026-03-03"), now: "2026-03-04")
        #expect(v.isDue)
        #expect(v.reasons(now: day("2026-03-04")) == [.baseGone])
        #expect(v.urgency == .overdue)
        #expect(v.deadline == day("2026-03-03"))
        let r = v.detailedReasons(now: day("2026-03-04")) { _ in nil }
        #expect(r.first?.text == "base gone from the provider's list 2026-03-03 (1 day ago)")
        #expect(r.first?.daysLeft == -1)
    }

    @Test("before the day it was seen gone (an earlier --now) it does not apply; listed: nothing")
    func notBefore() {
        #expect(!Self.verdict(Self.gone("2026-03-03"), now: "2026-03-02").isDue)
        #expect(!Self.verdict(Self.gone(nil), now: "2026-03-04").isDue)
    }

    @Test("order: shut down, gone, shutdown soon; status gone after shut down")
    func order() {
        let now = day("2026-03-04")
        #expect(Self.verdict(Self.gone("2026-03-03", shutdown: "2025-03-01"), now: "2026-03-04").reasons(now: now)
                == [.baseShutDown, .baseGone])
        #expect(Self.verdict(Self.gone("2026-03-03", shutdown: "2026-04-01"), now: "2026-03-04").reasons(now: now)
                == [.baseGone, .baseShutdownSoon])
        #expect(BaseStatus.of(Self.gone("2026-03-03")[0], supersededBy: nil, now: now) == .gone)
        #expect(BaseStatus.of(Self.gone("2026-03-03", shutdown: "2025-03-01")[0], supersededBy: nil, now: now) == .shutDown)
    }

    @Test("an alert with reason base-gone, overdue")
    func alert() {
        let subject = AlertSubject(name: "ft", task: nil, owner: nil, generation: 1, baseID: 1, trained: day("2026-01-10"),
                                   retrainEvery: .default, eval: nil)
        let active = AlertRules.alerts(subjects: [subject], bases: Self.gone("2026-03-03"), now: day("2026-03-04")).active
        #expect(active.map(\.reason) == ["base-gone"])
        #expect(active.first?.urgency == .overdue)
        #expect(active.first?.key == "ft#1:base-gone:anthropic/claude-3-5-haiku@20241022")
    }
}
