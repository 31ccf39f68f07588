/// The name of one base-model snapshot: `PROVIDER/FAMILY@VERSION`, e.g.
/// `openai/gpt-4o@2024-08-06` or `ollama/llama3.1:8b@sha256:...`.
public struct BaseRef: Hashable, Sendable, CustomStringConvertible {
    public let provider: String
    public let family: String
    public let version: String

    public init(provider: String, family: String, version: String) {
        self.provider = provider
        self.family = family
        self.version = version
    }

    /// Parses `PROVIDER/FAMILY@VERSION`. The provider is lower-cased; the
    /// provider ends at the first `/`, the version starts after the last `@`.
    public init?(_ text: String) {
        guard TextRule.controlCharacter(in: text) == nil,
              !text.contains(where: { $0 == " " }),
              let slash = text.firstIndex(of: "/"),
              let at = text.lastIndex(of: "@"), slash < at else { return nil }
        let provider = text[..<slash].lowercased()
        let family = String(text[text.index(after: slash)..<at])
        let version = String(text[text.index(after: at)...])
        guard !provider.isEmpty, !family.isEmpty, !version.isEmpty,
              provider.count <= 100, family.count <= 200, version.count <= 200 else { return nil }
        self.init(provider: provider, family: family, version: version)
    }

    public var description: String { "\(provider)/\(family)@\(version)" }

    /// The version recorded for a moving name without a snapshot in it
    /// (`gpt-4o`, `gemini-2.5-pro`). Such an alias never supersedes a snapshot.
    public static let currentVersion = "current"

    /// The provider's usual model id for this snapshot when none is given:
    /// `family-version` (gpt-4o-2024-08-06), or the bare name for Ollama,
    /// whose versions are digests of one tag.
    public var defaultModelID: String {
        provider == "ollama" ? family : "\(family)-\(version)"
    }
}

/// Suggestions for a mistyped name: the closest candidates by edit distance.
public enum Closest {
    /// Up to `limit` candidates, nearest first, within a distance that still
    /// looks like a typo of `query`.
    public static func matches(for query: String, in candidates: [String], limit: Int = 3) -> [String] {
        let q = Array(query.lowercased())
        let threshold = max(3, q.count / 2)
        let scored = candidates.map { ($0, distance(q, Array($0.lowercased()))) }
            .filter { $0.1 <= threshold || $0.0.lowercased().contains(query.lowercased()) }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        var seen = Set<String>()
        return scored.compactMap { seen.insert($0.0).inserted ? $0.0 : nil }.prefix(limit).map { $0 }
    }

    /// Levenshtein distance.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
