import TrackerCore
import TrackerStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The providers whose model lists `tracker sync` reads.
public enum SyncProvider: String, CaseIterable, Sendable {
    case openai, anthropic, gemini, ollama

    /// The provider name base versions are recorded under.
    public var providerName: String {
        switch self {
        case .openai: return "openai"
        case .anthropic: return "anthropic"
        case .gemini: return "google"
        case .ollama: return "ollama"
        }
    }

    public var serviceName: String {
        switch self {
        case .openai: return "OpenAI"
        case .anthropic: return "Anthropic"
        case .gemini: return "Gemini"
        case .ollama: return "Ollama"
        }
    }

    /// The API root; `--base-url` replaces it (a proxy or a test server).
    public var defaultBaseURL: String {
        switch self {
        case .openai: return "https://api.openai.com"
        case .anthropic: return "https://api.anthropic.com"
        case .gemini: return "https://generativelanguage.googleapis.com"
        case .ollama: return "http://127.0.0.1:11434"
        }
    }

    /// The environment variable holding the API key, if one is needed.
    public var keyVariable: String? {
        switch self {
        case .openai: return "OPENAI_API_KEY"
        case .anthropic: return "ANTHROPIC_API_KEY"
        case .gemini: return "GEMINI_API_KEY"
        case .ollama: return nil
        }
    }
}

/// Reads one provider's model list, following its paging.
public struct ProviderSync {
    public let provider: SyncProvider
    public let baseURL: String
    var fetcher: Fetcher
    /// Pages followed at most (a runaway cursor must not loop forever).
    public static let maxPages = 100

    public init(provider: SyncProvider, baseURL: String?) throws(Failure) {
        self.provider = provider
        var base = baseURL ?? provider.defaultBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        // The SDKs' convention names the API version too
        // (OPENAI_BASE_URL=http://host/v1); tracker adds it itself.
        for version in ["/v1", "/v1beta"] where base.lowercased().hasSuffix(version) && base.count > version.count {
            base.removeLast(version.count)
            while base.hasSuffix("/") { base.removeLast() }
        }
        guard base.hasPrefix("http://") || base.hasPrefix("https://") else {
            throw Failure.usage("--base-url '\(base)' is not an http(s) URL; give e.g. \(provider.defaultBaseURL)")
        }
        self.baseURL = base
        var headers: [(name: String, value: String)] = []
        if let variable = provider.keyVariable {
            guard let p = getenv(variable), !String(cString: p).isEmpty else {
                throw Failure(.config, "\(variable) is not set; export your \(provider.serviceName) API key in it")
            }
            let key = String(cString: p)
            switch provider {
            case .openai: headers = [(name: "Authorization", value: "Bearer \(key)")]
            case .anthropic: headers = [(name: "x-api-key", value: key), (name: "anthropic-version", value: "2023-06-01")]
            case .gemini: headers = [(name: "x-goog-api-key", value: key)]
            case .ollama: break
            }
        }
        fetcher = Fetcher(service: provider.serviceName, keyVariable: provider.keyVariable, headers: headers)
        if let variable = provider.keyVariable, let p = getenv(variable) { fetcher.secrets = [String(cString: p)] }
    }

    func url(cursor: String?) -> String {
        switch provider {
        case .openai: return baseURL + "/v1/models"
        case .anthropic: return baseURL + "/v1/models?limit=1000" + (cursor.map { "&after_id=" + queryEscape($0) } ?? "")
        case .gemini: return baseURL + "/v1beta/models?pageSize=1000" + (cursor.map { "&pageToken=" + queryEscape($0) } ?? "")
        case .ollama: return baseURL + "/api/tags"
        }
    }

    /// Every model the provider lists, all pages, and the entries refused
    /// for ids that break `IDRule` (named with their page after the first).
    public func fetchModels() throws(Failure) -> (models: [ProviderModel], refused: [Refusal]) {
        var models: [ProviderModel] = []
        var refused: [Refusal] = []
        var cursor: String?
        var seenCursors = Set<String>()
        for pageNumber in 1...ProviderSync.maxPages {
            let body = try fetcher.get(url(cursor: cursor))
            let json: JSONValue
            do {
                json = try JSONParser().parse(body)
            } catch {
                throw Failure(.data, "\(provider.serviceName) answered with malformed JSON (\(error.message)); nothing was changed")
            }
            let page: ProviderPage
            do {
                switch provider {
                case .openai: page = try ProviderLists.openAI(json)
                case .anthropic: page = try ProviderLists.anthropic(json)
                case .gemini: page = try ProviderLists.gemini(json)
                case .ollama: page = try ProviderLists.ollama(json)
                }
            } catch {
                throw Failure(.data, "\(provider.serviceName) answered an unexpected shape (\(error.message)); nothing was changed")
            }
            models += page.models
            Progress.advance(page.models.count)
            refused += page.refused.map { pageNumber == 1 ? $0 : Refusal(entry: "\($0.entry) on page \(pageNumber)", reason: $0.reason) }
            guard let next = page.nextCursor else { return (models, refused) }
            guard seenCursors.insert(next).inserted else {
                throw Failure(.data, "\(provider.serviceName) repeated the page cursor \(IDRule.quoted(next)); nothing was changed")
            }
            cursor = next
        }
        throw Failure(.data, "\(provider.serviceName) listed more than \(ProviderSync.maxPages) pages; nothing was changed")
    }

    /// Turns listed models into base-version facts. Fine-tuned ids are left
    /// to `tracker import openai-jobs`; models that are not chat or
    /// completion (`ProviderModel.use`, see `notPromptable`) never become
    /// bases; ids that fit no naming rule are kept as their own family (and
    /// reported). A snapshot-less id gets the version `current`.
    public static func facts(from models: [ProviderModel], provider: SyncProvider)
        -> (facts: [SourceFacts], unrecognized: [String], fineTunes: Int) {
        var facts: [SourceFacts] = []
        var unrecognized: [String] = []
        var fineTunes = 0
        var seen = Set<BaseRef>()
        for m in models {
            if m.parsed.kind == .fineTune { fineTunes += 1; continue }
            if m.use != nil { continue }
            if m.parsed.kind == .unrecognized { unrecognized.append(m.modelID) }
            // A name without a snapshot in it (an alias such as `gpt-4o`, or
            // an id no rule reads) is recorded as version `current`, so it
            // never collides with a dated snapshot of the same family.
            let version = !m.parsed.version.isEmpty ? m.parsed.version : BaseRef.currentVersion
            let ref = BaseRef(provider: provider.providerName, family: m.parsed.family, version: version)
            guard seen.insert(ref).inserted else { continue }
            facts.append(SourceFacts(ref: ref, modelID: m.modelID, released: m.released, deprecated: m.deprecated,
                                     shutdown: m.shutdown))
        }
        return (facts, unrecognized, fineTunes)
    }

    /// The listed models that `facts` leaves out because one cannot prompt
    /// or fine-tune them (embeddings, speech, images, ...), in list order,
    /// with what they are; fine-tuned ids are counted apart.
    public static func notPromptable(_ models: [ProviderModel]) -> [(id: String, use: ModelUse)] {
        models.compactMap { m in
            guard m.parsed.kind != .fineTune, let use = m.use else { return nil }
            return (m.modelID, use)
        }
    }
}

/// What a sync found, and the fine-tunes its changes made due.
public struct SyncReport: Sendable {
    public var source: String
    public var read: Int
    public var changes: [SyncChange]
    public var unrecognized: [String]
    public var skippedFineTunes: Int
    /// Fine-tunes newly due (or due for new reasons), with those reasons.
    public var madeDue: [(name: String, reasons: [ReasonCode])]
}

/// Every model id a provider's list had on one complete read (all pages, no
/// error), for telling which bases left it. Build it only from a read that
/// succeeded: `ProviderSync.fetchModels` throws on any error or partial read.
public struct ListingRead: Sendable {
    public var provider: String
    public var modelIDs: Set<String>

    public init(provider: String, modelIDs: Set<String>) {
        self.provider = provider
        self.modelIDs = modelIDs
    }
}

extension Store {
    /// Merges facts in one transaction and reports the changes and the
    /// fine-tunes they made due (within the default horizon). With `dryRun`,
    /// everything is rolled back.
    public func applySync(source: DateSource, read: Int, facts: [SourceFacts], unrecognized: [String], skippedFineTunes: Int,
                          today: Day, dryRun: Bool, createMissing: Bool = true, listing: ListingRead? = nil,
                          extra: ((any Store) throws(Failure) -> Void)? = nil) throws(Failure) -> SyncReport {
        let horizon = DuePolicy.defaultHorizon
        let body = { () throws(Failure) -> SyncReport in
            let before = try self.dueReasons(now: today, within: horizon)
            var changes = try self.mergeSourceFacts(facts, source: source, today: today, createMissing: createMissing)
            if let listing {
                changes += try self.mergeListing(modelIDs: listing.modelIDs, provider: listing.provider, source: source, today: today)
            }
            try extra?(self)
            let after = try self.dueReasons(now: today, within: horizon)
            var madeDue: [(String, [ReasonCode])] = []
            for (name, reasons) in after.sorted(by: { $0.key < $1.key }) {
                let added = reasons.subtracting(before[name] ?? [])
                if !added.isEmpty { madeDue.append((name, ReasonCode.allCases.filter { added.contains($0) })) }
            }
            return SyncReport(source: source.name, read: read, changes: changes, unrecognized: unrecognized,
                              skippedFineTunes: skippedFineTunes, madeDue: madeDue)
        }
        return dryRun ? try rolledBack(body) : try write(body)
    }
}
