/// One chat or completion model from LiteLLM's
/// `model_prices_and_context_window.json`, with exact prices.
public struct CatalogEntry: Sendable, Equatable {
    /// The catalog key as written, e.g. `azure/gpt-4o-2024-08-06`.
    public let key: String
    /// tracker's provider name (see `CatalogParser.provider(litellm:)`).
    public let provider: String
    /// The key without its provider route prefix: `gpt-4o-2024-08-06`.
    public let modelID: String
    /// `chat` or `completion`.
    public let mode: String
    /// `input_cost_per_token` x 10^12: micro-USD per million tokens, exact.
    public let inputMicroUSDPerMTok: Int64?
    /// `output_cost_per_token` x 10^12: micro-USD per million tokens, exact.
    public let outputMicroUSDPerMTok: Int64?
    /// `deprecation_date`, which LiteLLM uses for the day the model stops
    /// working, i.e. the shutdown date.
    public let shutdown: Day?
    /// For `ft:<base>` keys, `<base>` (`ft:gpt-4o-mini-2024-07-18` ->
    /// `gpt-4o-mini-2024-07-18`): the entry prices fine-tunes of that base.
    public let fineTunedBase: String?

    /// Memberwise; `CatalogParser` builds these.
    public init(key: String, provider: String, modelID: String, mode: String,
                inputMicroUSDPerMTok: Int64?, outputMicroUSDPerMTok: Int64?,
                shutdown: Day?, fineTunedBase: String?) {
        self.key = key
        self.provider = provider
        self.modelID = modelID
        self.mode = mode
        self.inputMicroUSDPerMTok = inputMicroUSDPerMTok
        self.outputMicroUSDPerMTok = outputMicroUSDPerMTok
        self.shutdown = shutdown
        self.fineTunedBase = fineTunedBase
    }
}

/// Reads LiteLLM's catalog: keys are model ids, values carry
/// `litellm_provider`, `mode`, `input_cost_per_token`,
/// `output_cost_per_token`, `deprecation_date` and many fields tracker does
/// not need (ignored).
///
/// The file is large and community-edited, so one odd entry must not stop
/// a sync: an entry with a missing or mistyped field is skipped with a
/// reason; only a top level that is not an object is fatal.
public enum CatalogParser {
    /// The modes tracker keeps: models that can be fine-tuned and prompted.
    public static let keptModes: Set<String> = ["chat", "completion"]

    /// Decodes the catalog. Entries come back in file order; when a key is
    /// written twice the last one wins (and is placed where it last appears).
    /// `skipped` lists every other key with the reason: `sample_spec`, modes
    /// other than chat/completion, and malformed entries. `refused` lists
    /// the chat/completion entries whose key, model id or provider breaks
    /// `IDRule`, to be shown as warnings.
    public static func parse(_ json: JSONValue) throws(ShapeError)
        -> (entries: [CatalogEntry], skipped: [(key: String, reason: String)], refused: [Refusal]) {
        guard let root = json.object else {
            throw ShapeError("top level: expected an object of model entries, found \(json.kindDescription)")
        }
        var entries: [CatalogEntry] = []
        var skipped: [(key: String, reason: String)] = []
        var refused: [Refusal] = []
        entries.reserveCapacity(root.count)
        for (i, member) in root.members.enumerated() {
            let key = member.key
            guard root.lastIndex(of: key) == i else { continue }
            if key == "sample_spec" {
                skipped.append((key: key, reason: "sample_spec documents the format; not a model"))
                continue
            }
            switch entry(key: key, value: member.value) {
            case .success(let e):
                if let r = refusal(e) { refused.append(r) } else { entries.append(e) }
            case .failure(let reason): skipped.append((key: key, reason: reason.message))
            }
        }
        return (entries: entries, skipped: skipped, refused: refused)
    }

    /// Why a kept entry is left out, or nil: its key, the model id read from
    /// it and its provider must pass `IDRule`.
    static func refusal(_ e: CatalogEntry) -> Refusal? {
        let entry = "catalog entry \(IDRule.quoted(e.key))"
        if let r = Refusal.id(e.key, field: "key", entry: entry, named: true) { return r }
        if let r = Refusal.id(e.modelID, field: "model id", entry: entry) { return r }
        if let r = e.fineTunedBase.flatMap({ Refusal.id($0, field: "fine-tuned base", entry: entry) }) { return r }
        if let problem = IDRule.providerProblem(e.provider) {
            return Refusal(entry: entry, reason: "litellm_provider \(IDRule.quoted(e.provider)) \(problem)")
        }
        return nil
    }

    /// Decodes one catalog entry, or says why it is skipped.
    public static func entry(key: String, value: JSONValue) -> Result<CatalogEntry, ShapeError> {
        guard let o = value.object else {
            return .failure(ShapeError("\(key): expected an object, found \(value.kindDescription)"))
        }
        func string(_ field: String) -> Result<String?, ShapeError> {
            guard let v = o[field], !v.isNull else { return .success(nil) }
            guard let s = v.string else {
                return .failure(ShapeError("\(key).\(field): expected a string, found \(v.kindDescription)"))
            }
            return .success(s)
        }
        func price(_ field: String) -> Result<Int64?, ShapeError> {
            guard let v = o[field], !v.isNull else { return .success(nil) }
            guard let literal = v.numberLiteral else {
                return .failure(ShapeError("\(key).\(field): expected a number, found \(v.kindDescription)"))
            }
            guard let scaled = ExactDecimal.scaled(literal, byPowerOf10: 12) else {
                return .failure(ShapeError("\(key).\(field): \(literal.prefix(40)) is not a price tracker can hold (negative or too large)"))
            }
            return .success(scaled)
        }
        let mode: String
        switch string("mode") {
        case .failure(let e): return .failure(e)
        case .success(nil): return .failure(ShapeError("\(key).mode: missing"))
        case .success(let m?): mode = m
        }
        guard keptModes.contains(mode) else {
            return .failure(ShapeError("\(key): mode '\(mode.prefix(40))' is not chat or completion"))
        }
        let litellm: String
        switch string("litellm_provider") {
        case .failure(let e): return .failure(e)
        case .success(nil): return .failure(ShapeError("\(key).litellm_provider: missing"))
        case .success(let p?): litellm = p
        }
        guard !litellm.isEmpty else { return .failure(ShapeError("\(key).litellm_provider: empty")) }
        let input: Int64?, output: Int64?
        switch price("input_cost_per_token") {
        case .failure(let e): return .failure(e)
        case .success(let p): input = p
        }
        switch price("output_cost_per_token") {
        case .failure(let e): return .failure(e)
        case .success(let p): output = p
        }
        var shutdown: Day?
        switch string("deprecation_date") {
        case .failure(let e): return .failure(e)
        case .success(nil): shutdown = nil
        case .success(let text?):
            guard let d = Day(iso: text) else {
                return .failure(ShapeError("\(key).deprecation_date: expected YYYY-MM-DD, found '\(text.prefix(40))'"))
            }
            shutdown = d
        }
        let provider = provider(litellm: litellm)
        let modelID = modelID(key: key, provider: provider)
        guard !modelID.isEmpty else { return .failure(ShapeError("\(key): empty model id")) }
        var fineTunedBase: String?
        if modelID.hasPrefix("ft:") {
            let base = modelID.dropFirst(3).prefix(while: { $0 != ":" })
            guard !base.isEmpty else { return .failure(ShapeError("\(key): ft: key without a base model")) }
            fineTunedBase = String(base)
        }
        return .success(CatalogEntry(key: key, provider: provider, modelID: modelID, mode: mode,
                                     inputMicroUSDPerMTok: input, outputMicroUSDPerMTok: output,
                                     shutdown: shutdown, fineTunedBase: fineTunedBase))
    }

    /// tracker's provider name for a `litellm_provider` value:
    /// `openai` and `text-completion-openai` -> openai; `azure`, `azure_text`
    /// -> azure; `anthropic`; `gemini` -> google; every `vertex_ai...` ->
    /// vertex; `bedrock`, `bedrock_converse` -> bedrock; `ollama`,
    /// `ollama_chat` -> ollama; `mistral`, `codestral` -> mistral; anything
    /// else lower-cased as is (e.g. `azure_ai`, `groq`, `openrouter`).
    public static func provider(litellm: String) -> String {
        let p = litellm.lowercased()
        switch p {
        case "openai", "text-completion-openai": return "openai"
        case "azure", "azure_text": return "azure"
        case "anthropic": return "anthropic"
        case "gemini": return "google"
        case "bedrock", "bedrock_converse": return "bedrock"
        case "ollama", "ollama_chat": return "ollama"
        case "mistral", "codestral": return "mistral"
        default:
            if p.hasPrefix("vertex_ai") { return "vertex" }
            return p
        }
    }

    /// The underlying model id of a key: its route prefix, then its region
    /// and deployment prefixes dropped, so every key for one model meets
    /// the base it prices and dates.
    ///
    /// 1. The first `/` segment is dropped when it names the same provider
    ///    as the entry (`azure/gpt-4o` with provider azure -> `gpt-4o`;
    ///    `vertex_ai/gemini-2.0-flash-001` -> `gemini-2.0-flash-001`;
    ///    `bedrock/anthropic.claude-...` -> `anthropic.claude-...`).
    /// 2. For azure, bedrock and vertex, leading segments that place the
    ///    model rather than name it are dropped (`placement`): a cloud
    ///    region (`bedrock/us-gov-east-1/anthropic.claude-3-haiku-20240307-v1:0`
    ///    and `us-gov-east-1/anthropic.claude-...` -> `anthropic.claude-3-haiku-20240307-v1:0`),
    ///    an Azure data zone or deployment type (`azure/eu/gpt-4o-2024-08-06`,
    ///    `azure/global-standard/...`), a Bedrock route (`bedrock/invoke/...`,
    ///    `bedrock/converse/...`) or commitment term (`1-month-commitment`).
    /// 3. For bedrock, a cross-region inference profile prefix before the
    ///    vendor is dropped: `us.anthropic.claude-3-haiku-20240307-v1:0`,
    ///    `eu.`, `apac.`, `us-gov.`, `global.` -> `anthropic.claude-...`.
    ///
    /// Otherwise the key is the id as written (`gpt-4o-2024-08-06`,
    /// `ft:gpt-4o-mini-2024-07-18`, `openrouter/anthropic/claude-3.5-sonnet`
    /// -> `anthropic/claude-3.5-sonnet`).
    public static func modelID(key: String, provider: String) -> String {
        var rest = Substring(key)
        if let slash = rest.firstIndex(of: "/"), CatalogParser.provider(litellm: String(rest[..<slash])) == provider {
            rest = rest[rest.index(after: slash)...]
        }
        guard placedProviders.contains(provider) else { return String(rest) }
        while let slash = rest.firstIndex(of: "/"), rest.index(after: slash) < rest.endIndex,
              isPlacement(rest[..<slash]) {
            rest = rest[rest.index(after: slash)...]
        }
        if provider == "bedrock", let dot = rest.firstIndex(of: "."), crossRegionProfiles.contains(String(rest[..<dot])),
           rest[rest.index(after: dot)...].contains(".") {
            rest = rest[rest.index(after: dot)...]
        }
        return String(rest)
    }

    /// Providers whose catalog keys carry regions and deployments.
    static let placedProviders: Set<String> = ["azure", "bedrock", "vertex"]
    /// Azure data zones and deployment types, Bedrock routes.
    static let placementWords: Set<String> = ["eu", "us", "global", "global-standard", "datazone", "data-zone",
                                              "invoke", "converse"]
    /// Bedrock cross-region inference profile prefixes.
    static let crossRegionProfiles: Set<String> = ["us", "eu", "apac", "us-gov", "global", "jp", "au", "ca"]

    /// A key segment that says where a model runs, not which model it is:
    /// `placementWords`, `N-month-commitment`, or a cloud region: letter
    /// words joined by `-` ending in a number (`us-east-1`, `us-gov-east-1`,
    /// `eu-west-3`, `ap-northeast-1`) or a word ending in digits after one
    /// (`us-central1`, `europe-west4`).
    static func isPlacement(_ segment: Substring) -> Bool {
        if placementWords.contains(String(segment)) { return true }
        let words = segment.split(separator: "-", omittingEmptySubsequences: false)
        if words.count == 3, words[1] == "month", words[2] == "commitment", ModelIDs.allDigits(String(words[0])) { return true }
        guard words.count >= 2, let last = words.last, let first = words.first,
              first.count == 2 || first.count >= 4, first.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return false }
        let middle = words.dropFirst().dropLast()
        guard middle.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isLowercase } }) else { return false }
        // `1` (us-east-1) or `central1` (us-central1): letters then at least one digit.
        let letters = last.prefix { $0.isASCII && $0.isLowercase }
        let digits = last.dropFirst(letters.count)
        return !digits.isEmpty && ModelIDs.allDigits(String(digits)) && (letters.isEmpty ? words.count >= 3 : true)
    }
}

/// Catalog keys that name one model (same provider and model id) but give
/// different shutdown dates, e.g. `gpt-x-2024-01-01` (2027-01-01) and
/// `openai/gpt-x-2024-01-01` (2026-12-01). One of them is used, always the
/// same one (see `CatalogParser.shutdownSources`).
public struct CatalogConflict: Sendable, Equatable {
    /// The entry whose date is used.
    public let chosen: CatalogEntry
    /// The other entries with a date, in key order.
    public let others: [CatalogEntry]

    /// Memberwise.
    public init(chosen: CatalogEntry, others: [CatalogEntry]) {
        self.chosen = chosen
        self.others = others
    }

    /// Every entry of the conflict, the chosen one first.
    public var entries: [CatalogEntry] { [chosen] + others }

    /// `catalog keys 'a' and 'b' name one openai model, a, with different
    /// shutdown dates (2027-01-01, 2026-12-01); used 2027-01-01 from 'a' (...)`.
    public var message: String {
        let keys = entries.map { IDRule.quoted($0.key) }
        let listed = keys.count == 2 ? "\(keys[0]) and \(keys[1])" : keys.dropLast().joined(separator: ", ") + " and \(keys.last!)"
        let days = entries.map { $0.shutdown?.description ?? "none" }.joined(separator: ", ")
        return "catalog keys \(listed) name one \(chosen.provider) model, \(chosen.modelID), with different shutdown dates (\(days)); "
            + "used \(chosen.shutdown?.description ?? "none") from \(keys[0]) (a bare key wins over a provider-prefixed one, "
            + "then over one with region or deployment prefixes, then the first in byte order)"
    }
}

extension CatalogParser {
    /// The entry whose `deprecation_date` becomes a base's shutdown date,
    /// one per (provider, model id): several keys may name one model
    /// (`gpt-x-2024-01-01` and `openai/gpt-x-2024-01-01`), and applying
    /// each in turn would move the date back and forth on every run.
    ///
    /// Only entries with a date and without `ft:` take part. The bare key
    /// (the key is the model id) wins over a provider-prefixed one, which
    /// wins over one with region or deployment prefixes (`prefixCount`:
    /// fewer first), then the smallest key in byte order; so the choice
    /// never depends on the file's order. Chosen entries come back in the order their model first
    /// appears; `conflicts` lists each model whose keys disagree on the date.
    public static func shutdownSources(_ entries: [CatalogEntry]) -> (chosen: [CatalogEntry], conflicts: [CatalogConflict]) {
        struct Model: Hashable { let provider: String, modelID: String }
        var order: [Model] = []
        var groups: [Model: [CatalogEntry]] = [:]
        for e in entries where e.fineTunedBase == nil && e.shutdown != nil {
            let m = Model(provider: e.provider, modelID: e.modelID)
            if groups[m] == nil { order.append(m) }
            groups[m, default: []].append(e)
        }
        var chosen: [CatalogEntry] = []
        var conflicts: [CatalogConflict] = []
        for m in order {
            let ranked = groups[m, default: []].sorted(by: preferred)
            guard let first = ranked.first else { continue }
            chosen.append(first)
            if ranked.contains(where: { $0.shutdown != first.shutdown }) {
                conflicts.append(CatalogConflict(chosen: first, others: Array(ranked.dropFirst())))
            }
        }
        return (chosen, conflicts)
    }

    /// Whether `a` is used before `b` for one model: the fewest prefixes
    /// first (a bare key has none), then the smaller key in byte (UTF-8) order.
    static func preferred(_ a: CatalogEntry, _ b: CatalogEntry) -> Bool {
        let pa = prefixCount(a), pb = prefixCount(b)
        if pa != pb { return pa < pb }
        return a.key.utf8.lexicographicallyPrecedes(b.key.utf8)
    }

    /// How many prefixes `modelID(key:provider:)` dropped from the key: each
    /// `/` segment (route, region, deployment) and a cross-region profile
    /// (`us.`). 0 for a bare key.
    static func prefixCount(_ e: CatalogEntry) -> Int {
        guard e.key.utf8.count > e.modelID.utf8.count, e.key.hasSuffix(e.modelID) else { return e.key == e.modelID ? 0 : 1 }
        let prefix = e.key.utf8.dropLast(e.modelID.utf8.count)
        return prefix.filter { $0 == UInt8(ascii: "/") }.count + (prefix.last == UInt8(ascii: ".") ? 1 : 0)
    }
}
