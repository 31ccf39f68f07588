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
    /// The day a complete read of the provider's own list no longer had it
    /// (`base-gone`); nil while listed, or when no list ever listed it.
    public var goneOn: Day?
    /// The provider list (a source name) that listed it on a complete read.
    public var listedBy: DateSource?
    /// A catalog shutdown date the provider's list contradicted by still
    /// serving the model after it: kept, but not `shutdown`.
    public var disputedShutdown: DisputedDate?

    public init(id: Int64, ref: BaseRef, modelID: String, released: Day?, deprecation: Deprecation,
                shutdown: Day?, successorID: Int64?, goneOn: Day? = nil, listedBy: DateSource? = nil,
                disputedShutdown: DisputedDate? = nil) {
        self.id = id
        self.ref = ref
        self.modelID = modelID
        self.released = released
        self.deprecation = deprecation
        self.shutdown = shutdown
        self.successorID = successorID
        self.goneOn = goneOn
        self.listedBy = listedBy
        self.disputedShutdown = disputedShutdown
    }
}

/// A less trusted date that a provider's own list contradicted ("seen alive
/// beats a stale date"). It stays disputed until the provider stops listing
/// the model (the date is then applied) or a more trusted source gives a
/// shutdown date (that date wins).
public struct DisputedDate: Hashable, Sendable {
    /// The date the less trusted source gave.
    public var day: Day
    /// Who gave it (a catalog, e.g. litellm).
    public var source: DateSource
    /// The provider list that still served the model after `day`.
    public var disputedBy: DateSource
    /// The day of that read.
    public var since: Day

    public init(day: Day, source: DateSource, disputedBy: DateSource, since: Day) {
        self.day = day
        self.source = source
        self.disputedBy = disputedBy
        self.since = since
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
