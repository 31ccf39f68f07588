/// Where a base version stands today, as `tracker base list` and
/// `tracker base show` report it. The raw values are the JSON codes.
public enum BaseStatus: String, Sendable, CaseIterable {
    /// Released and nothing newer: the snapshot to train on.
    case current
    /// A newer snapshot of the family (or the recorded successor) is out.
    case superseded
    /// Deprecated: undated, or on a day that has come.
    case deprecated
    /// The shutdown day has come: fine-tunes on it no longer work.
    case shutDown = "shut down"
    /// Gone from its provider's list (a complete read no longer had it).
    case gone
    /// The release day is still ahead.
    case unreleased

    /// The most severe fact first: shut down, gone, deprecated, superseded,
    /// unreleased, else current. `supersededBy` is the base's standing
    /// (`DueRules.standings`), so `due` and the listings agree.
    public static func of(_ base: BaseVersion, supersededBy: Int64?, now: Day) -> BaseStatus {
        if let s = base.shutdown, s <= now { return .shutDown }
        if let g = base.goneOn, g <= now { return .gone }
        switch base.deprecation {
        case .undated: return .deprecated
        case .on(let d) where d <= now: return .deprecated
        default: break
        }
        if supersededBy != nil { return .superseded }
        if let r = base.released, r > now { return .unreleased }
        return .current
    }
}
