/// How soon someone must act. Ordered: `overdue` is the most urgent.
///
/// The one place that turns days left into a level: `tracker due`, the
/// alerts, and every renderer of them use these functions.
public enum Urgency: Int, Sendable, Comparable, CaseIterable {
    case planned = 0, soon, critical, overdue

    /// A deadline this close (in days) or closer is critical.
    public static let criticalDays = 30
    /// A deadline this close (in days) or closer is soon; further is planned.
    public static let soonDays = 90

    /// The level of a hard deadline (a shutdown, a retrain-by day) `daysLeft`
    /// days away: overdue on the day and after, critical within 30 days,
    /// soon within 90, planned beyond.
    public static func forDaysLeft(_ daysLeft: Int) -> Urgency {
        if daysLeft <= 0 { return .overdue }
        if daysLeft <= criticalDays { return .critical }
        if daysLeft <= soonDays { return .soon }
        return .planned
    }

    /// The level of a deprecation `daysLeft` days away (nil: not dated). A
    /// deprecation stops new training on the base but the base still serves:
    /// soon once it is within 90 days or past, never more; planned otherwise.
    public static func forDeprecation(daysLeft: Int?) -> Urgency {
        guard let daysLeft else { return .planned }
        return daysLeft <= soonDays ? .soon : .planned
    }

    public static func < (a: Urgency, b: Urgency) -> Bool { a.rawValue < b.rawValue }

    public var name: String {
        switch self {
        case .planned: return "planned"
        case .soon: return "soon"
        case .critical: return "critical"
        case .overdue: return "overdue"
        }
    }

    public init?(name: String) {
        guard let u = Urgency.allCases.first(where: { $0.name == name }) else { return nil }
        self = u
    }
}
