/// How often a base family has released snapshots: the median interval
/// between its dated snapshots, bounded to `minimumDays...maximumDays`, and
/// the latest release, so the next snapshot can be expected. A family with
/// fewer than two dated snapshots has no cadence (the policy decides), and
/// neither has a family silent for more than twice its interval: its
/// provider has moved on (gpt-4o after gpt-4.1), so no snapshot is expected.
public struct Cadence: Sendable, Equatable {
    /// Bounds of an observed interval: snapshots a few weeks apart do not
    /// mean a retrain every few weeks, and a family silent for years is
    /// not expected to release less than every two years.
    public static let minimumDays = 90
    public static let maximumDays = 730

    public struct Family: Hashable, Sendable, CustomStringConvertible {
        public let provider: String
        public let family: String
        public init(provider: String, family: String) {
            self.provider = provider
            self.family = family
        }
        public init(_ ref: BaseRef) { self.init(provider: ref.provider, family: ref.family) }
        /// `openai/gpt-4o`.
        public var description: String { "\(provider)/\(family)" }
    }

    /// The bounded median interval in days.
    public let intervalDays: Int
    /// The observed (unbounded) median, for explanations.
    public let observedDays: Int
    public let latestRelease: Day
    /// Dated snapshots it was computed from.
    public let snapshots: Int

    /// The cadence of every family with at least two dated snapshots
    /// released on or before `now` (`@current` aliases are not snapshots)
    /// and a release within twice its interval before `now`.
    public static func observe(_ bases: [BaseVersion], now: Day) -> [Family: Cadence] {
        var days: [Family: [Int]] = [:]
        for b in bases where b.ref.version != BaseRef.currentVersion {
            guard let r = b.released, r <= now else { continue }
            days[Family(b.ref), default: []].append(r.ordinal)
        }
        var out: [Family: Cadence] = [:]
        for (family, list) in days {
            let sorted = Array(Set(list)).sorted()
            guard sorted.count >= 2 else { continue }
            var gaps: [Int] = []
            for i in 1..<sorted.count { gaps.append(sorted[i] - sorted[i - 1]) }
            gaps.sort()
            let mid = gaps.count / 2
            let median = gaps.count % 2 == 1 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2
            let interval = min(max(median, minimumDays), maximumDays)
            guard now.ordinal - sorted.last! <= 2 * interval else { continue }
            out[family] = Cadence(intervalDays: interval, observedDays: median,
                                  latestRelease: Day(ordinal: sorted.last!), snapshots: sorted.count)
        }
        return out
    }

    /// The first expected release strictly after `day`: the latest release
    /// plus a whole number (at least one) of intervals.
    public func nextSnapshot(after day: Day) -> Day {
        let behind = day.ordinal - latestRelease.ordinal
        let k = behind < 0 ? 1 : behind / intervalDays + 1
        return latestRelease.adding(days: k * intervalDays)
    }
}
