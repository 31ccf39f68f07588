/// One stored catalog row (`catalog_model`): what `tracker sync catalog`
/// learned about a model, with exact prices in micro-USD per 1M tokens.
public struct CatalogRow: Sendable, Equatable {
    public let key: String
    public let provider: String
    /// The model id; for an `ft:` row, the base it prices fine-tunes of.
    public let modelID: String
    public let fineTuned: Bool
    public let inputMicroUSDPerMTok: Int64?
    public let outputMicroUSDPerMTok: Int64?
    public let shutdown: Day?
    public let source: String
    public let readOn: Day?

    /// Memberwise.
    public init(key: String, provider: String, modelID: String, fineTuned: Bool, inputMicroUSDPerMTok: Int64?,
                outputMicroUSDPerMTok: Int64?, shutdown: Day?, source: String, readOn: Day?) {
        self.key = key
        self.provider = provider
        self.modelID = modelID
        self.fineTuned = fineTuned
        self.inputMicroUSDPerMTok = inputMicroUSDPerMTok
        self.outputMicroUSDPerMTok = outputMicroUSDPerMTok
        self.shutdown = shutdown
        self.source = source
        self.readOn = readOn
    }
}

/// A price per million tokens, exact, with where it came from.
public struct TokenPrice: Sendable, Equatable {
    /// Micro-USD per million tokens (a per-token price times 10^12).
    public let microUSD: Int64
    public let source: String
    public let readOn: Day?

    /// Memberwise.
    public init(microUSD: Int64, source: String, readOn: Day?) {
        self.microUSD = microUSD
        self.source = source
        self.readOn = readOn
    }

    /// The exact decimal amount in USD, at least to the cent, every
    /// non-zero digit kept: `5.00`, `0.075`, `0.000001`.
    public var amount: String { TokenPrice.amount(microUSD: microUSD) }

    /// `5.00 USD`.
    public var description: String { "\(amount) USD" }

    /// `amount` for a micro-USD value.
    public static func amount(microUSD: Int64) -> String {
        let whole = microUSD / 1_000_000
        var fraction = String(microUSD % 1_000_000)
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.count > 2, fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }

    /// The JSON object `{"amount": "5.00", "currency": "USD", "source": ..., "read_on": ...}`.
    public var fields: [Field] {
        [Field("amount", .text(amount)), Field("currency", .text("USD")), Field("source", .text(source)),
         Field("read_on", .day(readOn))]
    }
}

/// The prices per million tokens known for one base: its input and output
/// prices, and the input and output prices of its fine-tunes.
public struct BasePrices: Sendable, Equatable {
    public var input: TokenPrice?
    public var output: TokenPrice?
    public var fineTunedInput: TokenPrice?
    public var fineTunedOutput: TokenPrice?

    public init(input: TokenPrice? = nil, output: TokenPrice? = nil, fineTunedInput: TokenPrice? = nil,
                fineTunedOutput: TokenPrice? = nil) {
        self.input = input
        self.output = output
        self.fineTunedInput = fineTunedInput
        self.fineTunedOutput = fineTunedOutput
    }

    public static let none = BasePrices()

    public var isEmpty: Bool { self == .none }

    /// The prices of (provider, model id) from catalog rows. Several keys
    /// may name one model (`gpt-4o` and `openai/gpt-4o`): as for shutdown
    /// dates, the bare key (the key is the model id, or `ft:` + it) wins,
    /// then the smallest key in byte order, so the answer never depends on
    /// the file's order.
    public static func from(_ rows: [CatalogRow], provider: String, modelID: String) -> BasePrices {
        func pick(fineTuned: Bool) -> CatalogRow? {
            let bare = fineTuned ? "ft:" + modelID : modelID
            let matching = rows.filter { $0.provider == provider && $0.modelID == modelID && $0.fineTuned == fineTuned }
            return matching.min { a, b in
                if (a.key == bare) != (b.key == bare) { return a.key == bare }
                return Array(a.key.utf8).lexicographicallyPrecedes(Array(b.key.utf8))
            }
        }
        func price(_ row: CatalogRow?, _ value: (CatalogRow) -> Int64?) -> TokenPrice? {
            guard let row, let v = value(row) else { return nil }
            return TokenPrice(microUSD: v, source: row.source, readOn: row.readOn)
        }
        let plain = pick(fineTuned: false), ft = pick(fineTuned: true)
        return BasePrices(input: price(plain, \.inputMicroUSDPerMTok), output: price(plain, \.outputMicroUSDPerMTok),
                          fineTunedInput: price(ft, \.inputMicroUSDPerMTok), fineTunedOutput: price(ft, \.outputMicroUSDPerMTok))
    }

    /// `input 5.00 USD, output 15.00 USD per 1M tokens (litellm, read 2026-11-29)`; nil when none is known.
    public var summary: String? {
        let parts: [(String, TokenPrice?)] = [("input", input), ("output", output),
                                              ("fine-tuned input", fineTunedInput), ("fine-tuned output", fineTunedOutput)]
        let known = parts.compactMap { p in p.1.map { (p.0, $0) } }
        guard let first = known.first?.1 else { return nil }
        let text = known.map { "\($0.0) \($0.1.description)" }.joined(separator: ", ")
        let sameSource = known.allSatisfy { $0.1.source == first.source && $0.1.readOn == first.readOn }
        if sameSource {
            return "\(text) per 1M tokens (\(first.source), read \(first.readOn?.description ?? "unknown"))"
        }
        return known.map { "\($0.0) \($0.1.description) (\($0.1.source), read \($0.1.readOn?.description ?? "unknown"))" }
            .joined(separator: ", ") + " per 1M tokens"
    }
}

extension ModelIDs {
    /// The base a catalog model id names, read with its provider's naming
    /// rules: `gpt-4o-2024-05-13` from openai -> `openai/gpt-4o@2024-05-13`.
    /// An id without a snapshot (or one no rule reads) is version
    /// `current`, as sync records it; a fine-tuned id is nil.
    public static func baseRef(provider: String, modelID: String) -> BaseRef? {
        let parsed: ParsedModelID
        switch provider {
        case "openai", "azure": parsed = openAI(modelID)
        case "anthropic": parsed = anthropic(modelID)
        case "google", "vertex": parsed = modelID.hasPrefix("claude-") ? anthropic(modelID) : gemini(name: modelID)
        default:
            let tries = [openAI(modelID), anthropic(modelID), gemini(name: modelID)]
            parsed = tries.first { $0.kind == .snapshot } ?? ParsedModelID(family: modelID, version: "", kind: .unrecognized)
        }
        guard parsed.kind != .fineTune else { return nil }
        let version = parsed.version.isEmpty ? BaseRef.currentVersion : parsed.version
        return BaseRef(provider: provider, family: parsed.family, version: version)
    }
}

extension ModelIDs {
    /// The base a bare model id most likely names, for hints: an id that a
    /// provider's snapshot rule reads (`gpt-4o-2024-05-13` ->
    /// `openai/gpt-4o@2024-05-13`, `claude-3-5-sonnet-20241022` ->
    /// `anthropic/claude-3-5-sonnet@20241022`, `gemini-2.0-flash-001` ->
    /// `google/gemini-2.0-flash@001`); nil for anything else.
    public static func guessedRef(_ id: String) -> BaseRef? {
        if id.hasPrefix("claude-") {
            let p = anthropic(id)
            return p.kind == .snapshot ? BaseRef(provider: "anthropic", family: p.family, version: p.version) : nil
        }
        if id.hasPrefix("gemini-") || id.hasPrefix("models/gemini-") {
            let p = gemini(name: id)
            return p.kind == .snapshot ? BaseRef(provider: "google", family: p.family, version: p.version) : nil
        }
        let p = openAI(id)
        return p.kind == .snapshot ? BaseRef(provider: "openai", family: p.family, version: p.version) : nil
    }
}

/// The one line `add` and `retrain` print when they record a base from the
/// catalog.
public enum CatalogNote {
    /// `recorded base openai/gpt-4o@2024-05-13 from the catalog (model id
    /// gpt-4o-2024-05-13): released unknown, shutdown 2026-10-23 (litellm,
    /// read 2026-11-29); input 5.00 USD, output 15.00 USD per 1M tokens (...)`.
    public static func line(_ b: BaseVersion, row: CatalogRow, prices: BasePrices) -> String {
        let read = "\(row.source), read \(row.readOn?.description ?? "unknown")"
        let shutdown = b.shutdown.map { "shutdown \($0) (\(read))" } ?? "shutdown unknown"
        var text = "recorded base \(b.ref) from the catalog (model id \(b.modelID)): released unknown, \(shutdown)"
        if let p = prices.summary { text += "; \(p)" }
        return text
    }
}

/// What one catalog read changed in the stored catalog rows.
public struct CatalogChanges: Sendable, Equatable {
    /// Keys not stored before.
    public var newModels = 0
    /// Stored keys whose input or output price moved.
    public var changedPrices = 0
    /// Stored keys whose shutdown date moved (set, cleared or changed).
    public var changedDates = 0
    /// Stored keys whose mode moved (chat <-> completion), nothing else.
    public var otherChanges = 0

    public init() {}

    public var isEmpty: Bool { newModels == 0 && changedPrices == 0 && changedDates == 0 && otherChanges == 0 }

    /// `3 new models, 1 price changed, 0 shutdown dates changed`.
    public var summary: String {
        func n(_ count: Int, _ one: String, _ many: String) -> String { "\(count) \(count == 1 ? one : many)" }
        return "\(n(newModels, "new model", "new models")), \(n(changedPrices, "price changed", "prices changed")), "
            + n(changedDates, "shutdown date changed", "shutdown dates changed")
    }
}
