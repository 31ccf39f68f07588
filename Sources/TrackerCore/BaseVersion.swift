/// Whether, and when, a provider deprecated a snapshot.
public enum Deprecation: Hashable, Sendable {
    case none
    /// Announced as deprecated, date not announced.
    case undated
    case on(Day)

    public var day: Day? {
        if case .on(let d) = self { return d }
        return nil
    }
}

/// One base-model snapshot and its lifecycle facts as currently known.
public struct BaseVersion: Hashable, Sendable {
    public var id: Int64
    public var ref: BaseRef
    public var modelID: String
    /// Release day, or first-seen day; nil when unknown.
    public var released: Day?
    public var deprecation: Deprecation
    public var shutdown: Day?
    public var successorID: Int64?

    public init(id: Int64, ref: BaseRef, modelID: String, released: Day?, deprecation: Deprecation,
                shutdown: Day?, successorID: Int64?) {
        self.id = id
        self.ref = ref
        self.modelID = modelID
        self.released = released
        self.deprecation = deprecation
        self.shutdown = shutdown
        self.successorID = successorID
    }
}

extension Array where Element == BaseVersion {
    /// Orders versions by provider, family, then `VersionOrder` (the day in
    /// the id, its number, the release day, first seen; `@current` last):
    /// versions of a family are ordered by what their ids say, not by string.
    public func sortedForListing() -> [BaseVersion] {
        let keys = VersionOrder.keys(self)
        return sorted { a, b in
            if a.ref.provider != b.ref.provider { return a.ref.provider < b.ref.provider }
            if a.ref.family != b.ref.family { return a.ref.family < b.ref.family }
            return keys[a.id]! < keys[b.id]!
        }
    }
}
