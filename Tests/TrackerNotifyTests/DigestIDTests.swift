import Testing
import TrackerCore
import TrackerNotify
import TrackerStore

/// The delivery id lets a receiver drop a digest sent twice (a run killed
/// after sending, before recording), and only then.
@Suite struct DigestIDTests {
    let channel = Channel(name: "ops", kind: .webhook, route: Route(), createdOn: Day(iso: "2026-11-01")!)

    func alert(_ key: String) -> Alert {
        Alert(key: key, fineTune: "ft", owner: nil, task: nil, generation: 1, reason: "age", base: "openai/gpt-4o@2024-08-06",
              urgency: .overdue, date: nil, daysLeft: nil, threshold: nil, text: "retrain due")
    }

    func stored(_ a: Alert, row: Int64) -> StoredAlert {
        StoredAlert(rowID: row, alert: a, state: .open, episode: 1, firstSeen: Day(iso: "2026-11-01")!,
                    lastSeen: Day(iso: "2026-11-29")!, resolvedOn: nil, acked: false, ackUntil: nil, snoozedUntil: nil)
    }

    @Test func sameDigestSameIDEvenOnALaterDay() {
        let a = alert("ft#1:age:openai/gpt-4o@2024-08-06")
        let byKey = [a.key: stored(a, row: 7)]
        let monday = Digest(channel: "ops", now: Day(iso: "2026-11-30")!, entries: [DigestEntry(kind: .new, alert: a)])
        let tuesday = Digest(channel: "ops", now: Day(iso: "2026-12-01")!, entries: [DigestEntry(kind: .new, alert: a)])
        #expect(Notifier.digestID(channel: channel, digest: monday, stored: byKey, states: [:])
                == Notifier.digestID(channel: channel, digest: tuesday, stored: byKey, states: [:]))
    }

    @Test func aLaterRepeatGetsANewID() {
        let a = alert("ft#1:age:openai/gpt-4o@2024-08-06")
        let byKey = [a.key: stored(a, row: 7)]
        let digest = Digest(channel: "ops", now: Day(iso: "2026-12-07")!, entries: [DigestEntry(kind: .repeat, alert: a)])
        let once = [Int64(7): DeliveryState(lastSent: Day(iso: "2026-11-30"), lastThreshold: nil, resolutionSent: false, count: 1)]
        let twice = [Int64(7): DeliveryState(lastSent: Day(iso: "2026-12-07"), lastThreshold: nil, resolutionSent: false, count: 2)]
        #expect(Notifier.digestID(channel: channel, digest: digest, stored: byKey, states: once)
                != Notifier.digestID(channel: channel, digest: digest, stored: byKey, states: twice))
    }

    @Test func differentEntriesOrChannelsGetDifferentIDs() {
        let a = alert("a#1:age:x/y@1"), b = alert("b#1:age:x/y@1")
        let day = Day(iso: "2026-11-30")!
        let one = Digest(channel: "ops", now: day, entries: [DigestEntry(kind: .new, alert: a)])
        let two = Digest(channel: "ops", now: day, entries: [DigestEntry(kind: .new, alert: a), DigestEntry(kind: .new, alert: b)])
        let other = Channel(name: "pager", kind: .webhook, route: Route(), createdOn: day)
        #expect(Notifier.digestID(channel: channel, digest: one, stored: [:], states: [:])
                != Notifier.digestID(channel: channel, digest: two, stored: [:], states: [:]))
        #expect(Notifier.digestID(channel: channel, digest: one, stored: [:], states: [:])
                != Notifier.digestID(channel: other, digest: one, stored: [:], states: [:]))
    }
}
