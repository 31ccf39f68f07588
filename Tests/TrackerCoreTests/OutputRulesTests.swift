import Testing
@testable import TrackerCore

private func usd(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: "USD") }
private func eur(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: "EUR") }

@Suite("Cost totals")
struct CostTotalsTests {
    @Test("sums per currency in the order each currency first appears")
    func perCurrency() throws {
        let totals = try Money.totals([usd(120_000), eur(5_000), usd(30_025), eur(1)])
        #expect(totals == [usd(150_025), eur(5_001)])
        #expect(Money.describe(totals: totals) == "1,500.25 USD + 50.01 EUR")
    }

    @Test("nothing spent is no totals, shown as 0")
    func none() throws {
        #expect(try Money.totals([]).isEmpty)
        #expect(Money.describe(totals: []) == "0")
    }

    @Test("a total that does not fit in 64 bits is an error naming the currency, never a wrapped number")
    func overflow() {
        #expect(throws: TotalOverflow(currency: "EUR")) {
            try Money.totals([usd(1), eur(Int64.max), eur(1)])
        }
        #expect((try? Money.totals([usd(Int64.max), eur(Int64.max)])) == [usd(Int64.max), eur(Int64.max)])
    }
}

@Suite("Base status")
struct BaseStatusTests {
    let now = day("2025-01-15")

    @Test("the most severe fact wins: shut down, deprecated, superseded, unreleased, current")
    func order() {
        let b = base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13")
        #expect(BaseStatus.of(b, supersededBy: nil, now: now) == .current)
        #expect(BaseStatus.of(b, supersededBy: 2, now: now) == .superseded)
        let dep = base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13", deprecated: .on(day("2025-01-15")))
        #expect(BaseStatus.of(dep, supersededBy: 2, now: now) == .deprecated, "deprecated on today")
        let later = base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13", deprecated: .on(day("2025-01-16")))
        #expect(BaseStatus.of(later, supersededBy: nil, now: now) == .current, "a deprecation still ahead")
        let undated = base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13", deprecated: .undated)
        #expect(BaseStatus.of(undated, supersededBy: nil, now: now) == .deprecated)
        let gone = base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13", deprecated: .undated, shutdown: "2025-01-15")
        #expect(BaseStatus.of(gone, supersededBy: 2, now: now) == .shutDown)
        let future = base(1, "openai/gpt-4o@2025-06-01", released: "2025-06-01")
        #expect(BaseStatus.of(future, supersededBy: nil, now: now) == .unreleased)
        let unknown = base(1, "openai/gpt-4o@x", released: nil)
        #expect(BaseStatus.of(unknown, supersededBy: nil, now: now) == .current)
        #expect(BaseStatus.shutDown.rawValue == "shut down")
    }

    @Test("rows take superseded_by from the due rules' standings and name the recorded successor")
    func rows() {
        let all = [
            base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13", successor: 3),
            base(2, "openai/gpt-4o@2024-08-06", released: "2024-08-06"),
            base(3, "openai/gpt-4o@2024-11-20", released: "2024-11-20"),
        ]
        let rows = BaseRow.rows([all[0], all[2]], all: all, now: now)
        #expect(rows.map(\.base.id) == [1, 3])
        #expect(rows[0].successor == "openai/gpt-4o@2024-11-20")
        #expect(rows[0].supersededBy == "openai/gpt-4o@2024-11-20")
        #expect(rows[0].status == .superseded)
        #expect(rows[1].supersededBy == nil && rows[1].status == .current)
    }
}

@Suite("Alert state")
struct AlertStateTests {
    let now = day("2025-01-15")

    @Test("open, acked, snoozed, with the until-day apart from the code")
    func states() {
        #expect(AlertState.of(.open, acked: false, ackUntil: nil, snoozedUntil: nil, now: now) == AlertState(.open))
        #expect(AlertState.of(.open, acked: true, ackUntil: nil, snoozedUntil: nil, now: now) == AlertState(.acked))
        #expect(AlertState.of(.open, acked: true, ackUntil: day("2025-02-01"), snoozedUntil: nil, now: now)
                == AlertState(.acked, until: day("2025-02-01")))
        #expect(AlertState.of(.open, acked: false, ackUntil: nil, snoozedUntil: day("2025-01-20"), now: now)
                == AlertState(.snoozed, until: day("2025-01-20")))
    }

    @Test("an ack or snooze whose day has come no longer applies; a snooze in force wins over an ack")
    func expiry() {
        #expect(AlertState.of(.open, acked: true, ackUntil: now, snoozedUntil: nil, now: now) == AlertState(.open))
        #expect(AlertState.of(.open, acked: false, ackUntil: nil, snoozedUntil: now, now: now) == AlertState(.open))
        #expect(AlertState.of(.open, acked: true, ackUntil: nil, snoozedUntil: now, now: now) == AlertState(.acked))
        #expect(AlertState.of(.open, acked: true, ackUntil: day("2025-03-01"), snoozedUntil: day("2025-01-20"), now: now)
                == AlertState(.snoozed, until: day("2025-01-20")))
    }

    @Test("inhibited and resolved alerts keep their record's code")
    func recorded() {
        #expect(AlertState.of(.resolved, acked: true, ackUntil: nil, snoozedUntil: day("2025-02-01"), now: now).code == .resolved)
        #expect(AlertState.of(.inhibited, acked: false, ackUntil: nil, snoozedUntil: nil, now: now).code == .inhibited)
    }

    @Test("the text people read")
    func text() {
        #expect(AlertState(.snoozed, until: day("2025-01-20")).text(resolvedOn: nil) == "snoozed until 2025-01-20")
        #expect(AlertState(.acked).text(resolvedOn: nil) == "acked")
        #expect(AlertState(.resolved).text(resolvedOn: day("2025-01-10")) == "resolved 2025-01-10")
        #expect(AlertState(.open).text(resolvedOn: nil) == "open")
    }

    @Test("where an alert stands on a channel")
    func delivery() {
        let week = span("7d")
        #expect(DeliveryStatus.text(lastSent: nil, resolutionSent: false, alertResolved: false, repeatEvery: week,
                                    channelFailing: false) == "pending")
        #expect(DeliveryStatus.text(lastSent: nil, resolutionSent: false, alertResolved: false, repeatEvery: week,
                                    channelFailing: true) == "pending (channel failing)")
        #expect(DeliveryStatus.text(lastSent: now, resolutionSent: false, alertResolved: false, repeatEvery: week,
                                    channelFailing: false) == "sent 2025-01-15, next 2025-01-22")
        #expect(DeliveryStatus.text(lastSent: now, resolutionSent: false, alertResolved: false, repeatEvery: week,
                                    channelFailing: true) == "sent 2025-01-15, next 2025-01-22 (channel failing)")
        #expect(DeliveryStatus.text(lastSent: now, resolutionSent: true, alertResolved: true, repeatEvery: week,
                                    channelFailing: false) == "resolution sent")
        #expect(DeliveryStatus.text(lastSent: now, resolutionSent: false, alertResolved: true, repeatEvery: week,
                                    channelFailing: false) == "resolution pending")
    }
}

@Suite("Channel state")
struct ChannelStateTests {
    @Test("failing wins with its error as detail; then ok once anything was delivered; else never used")
    func states() {
        #expect(ChannelState.of(failing: true, lastError: "403 invalid_token", lastOkAt: "2026-11-29T10:00:00Z")
                == ChannelState(.failing, detail: "403 invalid_token"))
        #expect(ChannelState.of(failing: true, lastError: nil, lastOkAt: nil) == ChannelState(.failing, detail: "unknown error"))
        #expect(ChannelState.of(failing: false, lastError: nil, lastOkAt: "2026-11-29T10:00:00Z") == ChannelState(.ok))
        #expect(ChannelState.of(failing: false, lastError: nil, lastOkAt: nil) == ChannelState(.neverUsed))
        #expect(ChannelState(.neverUsed).text == "never-used")
        #expect(ChannelState(.failing, detail: "timeout").text == "failing: timeout")
    }

    @Test("one list of field names, no duplicates")
    func fields() {
        #expect(Set(ChannelFields.all).count == ChannelFields.all.count)
        #expect(ChannelFields.all.contains("to") && ChannelFields.all.contains("smtp") && ChannelFields.all.contains("repeat"))
    }
}

@Suite("Instant")
struct InstantTests {
    @Test("RFC 3339 in any offset becomes UTC to the second", arguments: [
        ("2026-11-29T13:05:00Z", "2026-11-29T13:05:00Z"),
        ("2026-11-29t13:05:00z", "2026-11-29T13:05:00Z"),
        ("2026-11-29 13:05:00Z", "2026-11-29T13:05:00Z"),
        ("2026-11-29T14:05:00+01:00", "2026-11-29T13:05:00Z"),
        ("2026-11-29T08:05:00.123456-05:00", "2026-11-29T13:05:00Z"),
        ("2026-11-30T00:30:00+01:00", "2026-11-29T23:30:00Z"),
        ("2026-11-29", "2026-11-29T00:00:00Z"),
        ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
    ])
    func parse(text: String, expected: String) throws {
        let t = try #require(Instant(rfc3339: text))
        #expect(t.description == expected)
    }

    @Test("anything else is refused", arguments: [
        "", "2026-11-29T13:05", "2026-11-29T13:05:00", "2026-11-29T25:00:00Z", "2026-13-01T00:00:00Z",
        "2026-11-29T13:05:00+0100", "2026-11-29T13:05:00Zjunk", "1732885500", "2026-11-29T13:05:00.Z",
    ])
    func refuse(text: String) {
        #expect(Instant(rfc3339: text) == nil)
    }

    @Test("its day is the UTC day")
    func day() {
        #expect(Instant(rfc3339: "2026-11-30T00:30:00+01:00")?.day.description == "2026-11-29")
    }
}
