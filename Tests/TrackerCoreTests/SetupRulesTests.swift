import Testing
import TrackerCore

/// The pure rules of `tracker doctor`.
@Suite struct SetupRulesTests {
    static let today = Day(iso: "2026-11-29")!

    func channel(_ name: String, ok: String? = nil, error: String? = nil, failing: Bool = false) -> Channel {
        var c = Channel(name: name, kind: .slack, route: Route(), createdOn: Day(iso: "2026-01-01")!)
        c.lastOkAt = ok
        c.lastErrorAt = error
        c.failing = failing
        return c
    }

    @Test func exitCodeIs78OnlyWhenSomethingFailed() {
        #expect(SetupRules.exitCode([SetupCheck(.ok, "a", "x"), SetupCheck(.warn, "b", "y")]) == 0)
        #expect(SetupRules.exitCode([SetupCheck(.ok, "a", "x"), SetupCheck(.fail, "b", "y")]) == 78)
        #expect(SetupCheck(.fail, "libcurl", "missing").line == "FAIL  libcurl: missing")
        #expect(SetupCheck(.ok, "schema", "current").line == "ok    schema: current")
        #expect(SetupCheck(.warn, "sync", "never").line == "warn  sync: never")
    }

    @Test func schemaPendingIsAWarningNamingTheMigrations() {
        let current = SetupRules.schema([MigrationStatus(version: 1, name: "initial", appliedOn: "2026-01-01")])
        #expect(current.status == .ok && current.message == "current (1 migration applied)")
        let pending = SetupRules.schema([MigrationStatus(version: 1, name: "initial", appliedOn: "2026-01-01"),
                                         MigrationStatus(version: 10, name: "more", appliedOn: nil)])
        #expect(pending.status == .warn)
        #expect(pending.message.hasPrefix("1 migration pending (010_more); run `tracker migrate`"), "\(pending.message)")
    }

    @Test func syncAgeWarnsAfterSevenDays() {
        let checks = SetupRules.syncAges(["litellm": Day(iso: "2026-11-22")!, "openai": Day(iso: "2026-11-21")!,
                                          "ollama": Day(iso: "2026-11-29")!], today: Self.today)
        #expect(checks.map(\.name) == ["sync litellm", "sync ollama", "sync openai"])
        #expect(checks.map(\.status) == [.ok, .ok, .warn])
        #expect(checks[1].message == "newest fact stored 2026-11-29 (today)")
        #expect(checks[2].message.hasPrefix("newest fact stored 2026-11-21 (8 days ago), older than 7 days"))
        #expect(SetupRules.syncAges([:], today: Self.today).map(\.status) == [.warn])
    }

    @Test func notifyFromChannelsAndDeliveryLog() {
        #expect(SetupRules.notify(channels: [], lastDelivery: nil).message.hasPrefix("no channel"))
        #expect(SetupRules.notify(channels: [channel("ops")], lastDelivery: nil).message.hasPrefix("never run"))
        let ok = SetupRules.notify(channels: [channel("ops", ok: "2026-11-28T06:00:01Z"), channel("mail", ok: "2026-11-29T06:00:02Z")],
                                   lastDelivery: "2026-11-29T06:00:02Z")
        #expect(ok.status == .ok)
        #expect(ok.message == "last run 2026-11-29T06:00:02Z succeeded; last digest delivered 2026-11-29T06:00:02Z")
        let failing = SetupRules.notify(channels: [channel("ops", ok: "2026-11-20T06:00:00Z", error: "2026-11-29T06:00:00Z", failing: true)],
                                        lastDelivery: "2026-11-20T06:00:00Z")
        #expect(failing.status == .warn)
        #expect(failing.message.hasPrefix("failing: ops (last error 2026-11-29T06:00:00Z); last digest delivered 2026-11-20T06:00:00Z"),
                "\(failing.message)")
    }
}
