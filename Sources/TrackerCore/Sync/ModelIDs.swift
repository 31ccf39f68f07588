/// A provider's model id split into the family and version tracker records a
/// base snapshot under (`gpt-4o` + `2024-08-06`).
///
/// Sync must never drop a model it cannot read: an id that matches no rule
/// comes back `.unrecognized` with the whole id as family and an empty
/// version, and the caller decides (e.g. first-seen date as version).
public struct ParsedModelID: Sendable, Equatable, Hashable {
    /// What kind of id it was, which decides how tracker records it.
    public enum Kind: Sendable, Equatable, Hashable {
        /// A pinned snapshot: dated (`gpt-4o-2024-08-06`), numbered
        /// (`gemini-2.0-flash-001`) or a digest (Ollama).
        case snapshot
        /// A moving name without a snapshot in it (`gpt-4o`, `claude-sonnet-4-6`,
        /// `claude-3-5-sonnet-latest`); version is empty.
        case undated
        /// A fine-tuned model (OpenAI `ft:`); family/version are its base's.
        case fineTune
        /// Matches no rule; family is the whole id, version is empty.
        case unrecognized
    }

    public let family: String
    public let version: String
    public let kind: Kind

    /// Memberwise.
    public init(family: String, version: String, kind: Kind) {
        self.family = family
        self.version = version
        self.kind = kind
    }

    static func undated(_ id: String) -> ParsedModelID { ParsedModelID(family: id, version: "", kind: .undated) }
    static func unrecognized(_ id: String) -> ParsedModelID { ParsedModelID(family: id, version: "", kind: .unrecognized) }
}

/// The naming rules of each provider's model ids, as pure functions.
///
/// Providers put the snapshot in the id in different ways; getting the split
/// right is what lets tracker see that `gpt-4o-2024-11-20` supersedes
/// `gpt-4o-2024-08-06` while `gpt-4o-mini-tts` is a different family.
public enum ModelIDs {
    /// Splits an OpenAI model id. Rules, first match wins:
    ///
    /// 1. `ft:BASE:ORG:SUFFIX:ID` is a fine-tune; family/version are BASE's
    ///    by the rules below: `ft:gpt-4o-mini-2024-07-18:org:suffix:9xYz` ->
    ///    (gpt-4o-mini, 2024-07-18, fineTune); an undated base gives version "".
    ///    The legacy form `MODEL:ft-ORG-DATE` (`curie:ft-acme-2023-01-01-00-00-00`)
    ///    is a fine-tune of MODEL: (curie, "", fineTune).
    /// 2. Ids must be lower-case ASCII letters, digits, `.`, `-`, `_`;
    ///    anything else (`My Model`, `org/model`) is unrecognized.
    /// 3. A trailing `-YYYY-MM-DD` that is a real day is the snapshot:
    ///    `gpt-4o-2024-08-06` -> (gpt-4o, 2024-08-06); `o1-2024-12-17` -> (o1, ...);
    ///    `gpt-4.1-nano-2025-04-14` -> (gpt-4.1-nano, 2025-04-14).
    /// 4. A `-MMDD` segment (a real month and day) that is last, or followed
    ///    only by letter-only segments, is the older snapshot form:
    ///    `gpt-4-0613` -> (gpt-4, 0613); `gpt-3.5-turbo-16k-0613` ->
    ///    (gpt-3.5-turbo-16k, 0613); `gpt-4-1106-preview` -> (gpt-4-preview, 1106);
    ///    `gpt-4-1106-vision-preview` -> (gpt-4-vision-preview, 1106), the
    ///    family of the `gpt-4-vision-preview` alias.
    /// 5. Everything else is an undated name, family = id: `gpt-4o`, `o1`,
    ///    `gpt-4o-mini-tts`, `chatgpt-4o-latest` (a `-latest` alias),
    ///    `text-embedding-3-small`, `whisper-1`, and `babbage-002` (a
    ///    three-digit number is part of the name, not a date).
    public static func openAI(_ id: String) -> ParsedModelID {
        if id.hasPrefix("ft:") {
            let parts = id.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 2, !parts[1].isEmpty else { return .unrecognized(id) }
            let base = openAI(String(parts[1]))
            switch base.kind {
            case .snapshot, .undated: return ParsedModelID(family: base.family, version: base.version, kind: .fineTune)
            case .fineTune, .unrecognized: return .unrecognized(id)
            }
        }
        if let colon = id.firstIndex(of: ":") {
            let model = String(id[..<colon])
            let rest = id[id.index(after: colon)...]
            guard rest.hasPrefix("ft-"), !model.isEmpty, isPlainID(model) else { return .unrecognized(id) }
            let base = openAI(model)
            guard base.kind == .snapshot || base.kind == .undated else { return .unrecognized(id) }
            return ParsedModelID(family: base.family, version: base.version, kind: .fineTune)
        }
        guard isPlainID(id) else { return .unrecognized(id) }
        let segments = id.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard !segments.contains(where: \.isEmpty) else { return .unrecognized(id) }

        // Rule 3: -YYYY-MM-DD at the end.
        if segments.count >= 4 {
            let n = segments.count
            let (y, m, d) = (segments[n - 3], segments[n - 2], segments[n - 1])
            if y.count == 4, m.count == 2, d.count == 2,
               let yy = Int(y), let mm = Int(m), let dd = Int(d), allDigits(y + m + d),
               Day(year: yy, month: mm, day: dd) != nil {
                let family = segments[0..<(n - 3)].joined(separator: "-")
                return ParsedModelID(family: family, version: "\(y)-\(m)-\(d)", kind: .snapshot)
            }
        }
        // Rule 4: -MMDD, last or followed by letter-only segments.
        var k = segments.count - 1
        while k >= 1, isLetters(segments[k]) { k -= 1 }
        if k >= 1, isMonthDay(segments[k]) {
            var rest = segments
            let version = rest.remove(at: k)
            return ParsedModelID(family: rest.joined(separator: "-"), version: version, kind: .snapshot)
        }
        // Rule 5.
        return .undated(id)
    }

    /// Splits an Anthropic model id. Rules, first match wins:
    ///
    /// 1. It must start with `claude-` and be lower-case ASCII letters,
    ///    digits, `.`, `-`; anything else is unrecognized.
    /// 2. A trailing `-YYYYMMDD` that is a real day is the snapshot:
    ///    `claude-3-5-sonnet-20241022` -> (claude-3-5-sonnet, 20241022);
    ///    `claude-sonnet-4-20250514` -> (claude-sonnet-4, 20250514);
    ///    `claude-opus-4-1-20250805` -> (claude-opus-4-1, 20250805).
    /// 3. Everything else is undated, family = id: `claude-sonnet-4-6`,
    ///    `claude-opus-4-5`, `claude-2.1`, and `-latest` aliases such as
    ///    `claude-3-5-sonnet-latest`.
    public static func anthropic(_ id: String) -> ParsedModelID {
        guard id.hasPrefix("claude-"), isPlainID(id), !id.contains("_") else { return .unrecognized(id) }
        let segments = id.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard !segments.contains(where: \.isEmpty) else { return .unrecognized(id) }
        if segments.count >= 3, let last = segments.last, last.count == 8, allDigits(last),
           let y = Int(last.prefix(4)), let m = Int(last.dropFirst(4).prefix(2)), let d = Int(last.suffix(2)),
           Day(year: y, month: m, day: d) != nil {
            return ParsedModelID(family: segments.dropLast().joined(separator: "-"), version: last, kind: .snapshot)
        }
        return .undated(id)
    }

    /// Splits a Gemini API model resource name (`models/...`; the prefix is
    /// optional). Rules, first match wins:
    ///
    /// 1. The id (after `models/`) must be lower-case ASCII letters, digits,
    ///    `.`, `-`; anything else (including `tunedModels/...`) is unrecognized
    ///    with family = the name as given.
    /// 2. A `-latest` suffix is an undated alias: `gemini-1.5-pro-latest`.
    /// 3. A trailing three-digit number is the stable snapshot:
    ///    `models/gemini-2.0-flash-001` -> (gemini-2.0-flash, 001);
    ///    `models/gemini-1.5-pro-002` -> (gemini-1.5-pro, 002);
    ///    `models/text-embedding-004` -> (text-embedding, 004).
    /// 4. A trailing `-MM-DD` (real month and day) or `-MM-YYYY` is a dated
    ///    preview/experiment: `models/gemini-2.5-flash-preview-05-20` ->
    ///    (gemini-2.5-flash-preview, 05-20); `gemini-2.5-flash-preview-09-2025`
    ///    -> (gemini-2.5-flash-preview, 09-2025).
    /// 5. A trailing `-MMDD` is the older experimental form:
    ///    `gemini-exp-1206` -> (gemini-exp, 1206).
    /// 6. Everything else is undated, family = id: `models/gemini-2.5-pro`.
    ///
    /// The list's own `version` field is not used: Google fills it
    /// inconsistently (`"2.0"` for `gemini-2.0-flash-001`, `"001"` for the
    /// `gemini-2.5-flash` alias), so only the name says which snapshot it is.
    public static func gemini(name: String) -> ParsedModelID {
        let id = name.hasPrefix("models/") ? String(name.dropFirst("models/".count)) : name
        guard !id.isEmpty, isPlainID(id), !id.contains("_") else { return .unrecognized(name) }
        let segments = id.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard !segments.contains(where: \.isEmpty) else { return .unrecognized(name) }
        let n = segments.count
        if n >= 2, segments[n - 1] == "latest" { return .undated(id) }
        if n >= 2, segments[n - 1].count == 3, allDigits(segments[n - 1]) {
            return ParsedModelID(family: segments[0..<(n - 1)].joined(separator: "-"), version: segments[n - 1], kind: .snapshot)
        }
        if n >= 3, segments[n - 2].count == 2, allDigits(segments[n - 2]), allDigits(segments[n - 1]),
           let mm = Int(segments[n - 2]), (1...12).contains(mm) {
            let last = segments[n - 1]
            let isDay = last.count == 2 && Int(last).map { (1...Day.daysIn(month: mm, year: 2000)).contains($0) } == true
            let isYear = last.count == 4 && Int(last).map { (2000...2099).contains($0) } == true
            if isDay || isYear {
                return ParsedModelID(family: segments[0..<(n - 2)].joined(separator: "-"),
                                     version: "\(segments[n - 2])-\(last)", kind: .snapshot)
            }
        }
        if n >= 2, isMonthDay(segments[n - 1]) {
            return ParsedModelID(family: segments[0..<(n - 1)].joined(separator: "-"), version: segments[n - 1], kind: .snapshot)
        }
        return .undated(id)
    }

    /// Splits an Ollama tag and its manifest digest.
    ///
    /// Ollama names are `[host/][namespace/]model[:tag]`; a missing tag means
    /// `:latest`, so `llama3.1` and `llama3.1:latest` are one family. A tag
    /// is a `:` after the last `/` (a `:` before it is a registry port).
    /// The version is the first 12 hex digits of the digest (a `sha256:`
    /// prefix is stripped, hex is lower-cased), because a new digest under
    /// the same tag is a new snapshot: (`llama3.1:8b`, `46e0c10c039e`,
    /// snapshot). Without a usable digest (fewer than 12 hex digits) the
    /// name is undated; an empty or spaced name is unrecognized.
    public static func ollama(name: String, digest: String?) -> ParsedModelID {
        guard !name.isEmpty, !name.contains(where: { $0 == " " || $0.asciiValue.map { $0 < 0x20 } == true }),
              !name.hasSuffix(":"), !name.hasSuffix("/") else { return .unrecognized(name) }
        let lastSlash = name.lastIndex(of: "/")
        let tail = lastSlash.map { name[name.index(after: $0)...] } ?? name[...]
        let family = tail.contains(":") ? name : name + ":latest"
        guard let digest else { return .undated(family) }
        var hex = Substring(digest)
        if hex.hasPrefix("sha256:") { hex = hex.dropFirst("sha256:".count) }
        let head = hex.prefix(12)
        guard head.count == 12, head.allSatisfy({ $0.isHexDigit && $0.isASCII }) else { return .undated(family) }
        return ParsedModelID(family: family, version: head.lowercased(), kind: .snapshot)
    }

    // MARK: - Character rules

    /// Lower-case ASCII letters, digits, `.`, `-`, `_` only.
    static func isPlainID(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { c in
            (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x2D || c == 0x5F
        }
    }

    static func allDigits(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    static func isLetters(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { $0 >= 0x61 && $0 <= 0x7A }
    }

    /// Four digits naming a real month and day (`0613`, `0229`).
    static func isMonthDay(_ s: String) -> Bool {
        guard s.utf8.count == 4, allDigits(s), let v = Int(s) else { return false }
        let m = v / 100, d = v % 100
        return (1...12).contains(m) && d >= 1 && d <= Day.daysIn(month: m, year: 2000)
    }
}
