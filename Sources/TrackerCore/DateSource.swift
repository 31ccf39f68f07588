/// Where a lifecycle date of a base came from: typed "manual", the name of
/// a provider's own model list (openai, anthropic, gemini, ollama, import),
/// or a catalog (litellm). Stored as its name.
public struct DateSource: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// How much a source is trusted. A less trusted source never overwrites
    /// a date: its differing date is recorded, not applied, and reported.
    public enum Trust: Int, Comparable, Sendable {
        case catalog = 1, provider = 2, manual = 3
        public static func < (a: Trust, b: Trust) -> Bool { a.rawValue < b.rawValue }
    }

    public let name: String

    public init(_ name: String) { self.name = name }
    public init(stringLiteral value: String) { self.name = value }

    /// Typed by someone with `tracker base add/set`.
    public static let manual = DateSource("manual")
    /// LiteLLM's model_prices_and_context_window.json.
    public static let litellm = DateSource("litellm")
    /// Read from an OpenAI fine-tuning job.
    public static let jobImport = DateSource("import")

    /// Catalogs are third-party files; everything else but a typed date is
    /// a provider speaking about its own models.
    public var trust: Trust {
        switch name {
        case DateSource.manual.name: return .manual
        case DateSource.litellm.name: return .catalog
        default: return .provider
        }
    }

    public var isManual: Bool { trust == .manual }
    public var description: String { name }
}

/// The lifecycle order of a base: released ≤ deprecated ≤ shutdown. Applied
/// by every writer (`base add/set`, `sync`, `import`).
public enum LifecycleOrder {
    /// What is out of order in `b`, or nil when its dates are consistent.
    public static func problem(_ b: BaseVersion) -> String? {
        if let r = b.released, let s = b.shutdown, s < r {
            return "shutdown \(s) is before release \(r) for \(b.ref)"
        }
        if let r = b.released, let d = b.deprecation.day, d < r {
            return "deprecation \(d) is before release \(r) for \(b.ref)"
        }
        if let d = b.deprecation.day, let s = b.shutdown, s < d {
            return "shutdown \(s) is before deprecation \(d) for \(b.ref)"
        }
        return nil
    }

    /// `problem` as a failure of `kind` that says how to fix it.
    public static func check(_ b: BaseVersion, kind: Failure.Kind) throws(Failure) {
        if let p = problem(b) { throw Failure(kind, "\(p); check the dates") }
    }
}
