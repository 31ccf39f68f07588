/// One snapshot as a source (provider API, catalog) reports it.
public struct SourceFacts: Sendable, Equatable {
    public var ref: BaseRef
    public var modelID: String
    public var released: Day?
    public var deprecated: Day?
    public var shutdown: Day?

    public init(ref: BaseRef, modelID: String, released: Day?, deprecated: Day?, shutdown: Day?) {
        self.ref = ref
        self.modelID = modelID
        self.released = released
        self.deprecated = deprecated
        self.shutdown = shutdown
    }
}

/// What a sync changed, for the report.
public struct SyncChange: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A snapshot not seen before.
        case newSnapshot = "new-snapshot"
        /// A date that was unknown is now known.
        case newDate = "new-date"
        /// A date from an earlier sync moved.
        case movedDate = "moved-date"
        /// The source disagrees with a date from a more trusted source (a date
        /// entered by hand, or a provider's own list over the catalog); kept.
        case conflict = "conflict"
        /// The source's date would break the lifecycle order (released ≤
        /// deprecated ≤ shutdown) against the dates kept; not applied.
        case outOfOrder = "out-of-order"
        /// A complete read of the provider's list no longer has the base
        /// (`new` is the day).
        case gone = "gone"
        /// A gone base is listed again (`old`: the day it left, `new`: today).
        case back = "back"
        /// The provider's list still serves the base after a less trusted
        /// shutdown date (`old`, from `keptSource`); the date is disputed,
        /// kept in the history, and not used (`new`: today).
        case disputed = "disputed"
        /// A disputed shutdown date (`new`, from `keptSource`) is confirmed:
        /// the provider's list no longer has the base.
        case disputeEnded = "dispute-ended"
    }
    public var kind: Kind
    public var base: BaseRef
    public var baseID: Int64
    public var field: DateChange.Field?
    public var old: Day?
    public var new: Day?
    /// For a conflict: where the kept date came from; for a dispute: where
    /// the disputed date came from.
    public var keptSource: DateSource?
    /// For an out-of-order date: what it contradicts.
    public var problem: String?

    public init(kind: Kind, base: BaseRef, baseID: Int64, field: DateChange.Field?, old: Day?, new: Day?,
                keptSource: DateSource? = nil, problem: String? = nil) {
        self.kind = kind
        self.base = base
        self.baseID = baseID
        self.field = field
        self.old = old
        self.new = new
        self.keptSource = keptSource
        self.problem = problem
    }

    public var text: String {
        switch kind {
        case .newSnapshot:
            return "new snapshot \(base)" + (new.map { " (released \($0))" } ?? "")
        case .newDate:
            return "\(base): \(field?.rawValue ?? "date") \(new?.description ?? "?")"
        case .movedDate:
            return "\(base): \(field?.rawValue ?? "date") moved from \(old?.description ?? "?") to \(new?.description ?? "?")"
        case .conflict:
            let kept = keptSource?.isManual == true ? "was entered by hand; kept it (change it with 'tracker base set')"
                : "came from \(keptSource?.name ?? "another source"); kept it"
            return "\(base): source says \(field?.rawValue ?? "date") \(new?.description ?? "?") but \(old?.description ?? "none") \(kept)"
        case .gone:
            return "\(base): gone from the provider's list on \(new?.description ?? "?")"
        case .back:
            return "\(base): back in the provider's list on \(new?.description ?? "?")" +
                (old.map { " (gone since \($0))" } ?? "")
        case .disputed:
            return "\(base): \(keptSource?.name ?? "a less trusted source") says shutdown \(old?.description ?? "?") " +
                "but the provider's list still serves it on \(new?.description ?? "?"); the date is disputed, not applied"
        case .disputeEnded:
            return "\(base): shutdown \(new?.description ?? "?") from \(keptSource?.name ?? "?") confirmed " +
                "(gone from the provider's list); applied"
        case .outOfOrder:
            return "\(base): source says \(field?.rawValue ?? "date") \(new?.description ?? "?"), not applied: \(problem ?? "it breaks the lifecycle order")"
        }
    }
}

