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
    /// Orders versions by provider, family, then release day (unknown last),
    /// then version text: versions of a family are ordered by release date,
    /// not by string.
    public func sortedForListing() -> [BaseVersion] {
        sorted { a, b in
            if a.ref.provider != b.ref.provider { return a.ref.provider < b.ref.provider }
            if a.ref.family != b.ref.family { return a.ref.family < b.ref.family }
            switch (a.released, b.released) {
            case let (x?, y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.ref.version < b.ref.version
            }
        }
    }
}
