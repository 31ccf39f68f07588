/// A provider response that parsed as JSON but is not the documented shape.
/// The message names the path, e.g. `data[3].id: expected a string, found null`,
/// so a changed API is reported precisely instead of half-imported.
public struct ShapeError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    /// A refusal with its path-prefixed message.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// One model as a provider lists it, reduced to the facts tracker records.
public struct ProviderModel: Sendable, Equatable {
    /// `openai`, `anthropic`, `google`, `ollama`.
    public let provider: String
    /// The id exactly as the provider gave it (Gemini: without `models/`).
    public let modelID: String
    public let parsed: ParsedModelID
    /// UTC day of `created` / `created_at` / `modified_at` (Ollama: the day
    /// the tag was pulled or changed, the only date it offers).
    public let released: Day?
    /// Anthropic `deprecated_at`.
    public let deprecated: Day?
    /// OpenAI `shutdown_date`, Anthropic `retires_at`.
    public let shutdown: Day?
    public let displayName: String?
    /// What it is when it is not a chat or completion model (`ModelUse`);
    /// such a model never becomes a base. nil = chat or completion.
    public let use: ModelUse?

    /// Memberwise; decoders build these, tests compare against them.
    public init(provider: String, modelID: String, parsed: ParsedModelID, released: Day?,
                deprecated: Day?, shutdown: Day?, displayName: String?, use: ModelUse? = nil) {
        self.use = use
        self.provider = provider
        self.modelID = modelID
        self.parsed = parsed
        self.released = released
        self.deprecated = deprecated
        self.shutdown = shutdown
        self.displayName = displayName
    }
}

/// One page of a provider's model list and the cursor of the next page.
public struct ProviderPage: Sendable, Equatable {
    public let models: [ProviderModel]
    /// Anthropic `last_id` (as `after_id`) when `has_more`; Gemini
    /// `nextPageToken`; nil when this was the last page.
    public let nextCursor: String?
    /// Entries left out because their id breaks `IDRule` (an empty id, a
    /// control character, a path segment, a huge id), for warnings.
    public let refused: [Refusal]

    /// Memberwise.
    public init(models: [ProviderModel], nextCursor: String?, refused: [Refusal] = []) {
        self.models = models
        self.nextCursor = nextCursor
        self.refused = refused
    }
}

/// Decoders for the model-list endpoints named in DESIGN.md, from parsed
/// JSON to `ProviderPage`. Unknown fields, and known fields tracker does not
/// read, are ignored (providers add and change fields all the time); a
/// missing required field or a read field of the wrong type is a
/// `ShapeError` naming its path. An entry whose id breaks `IDRule` is left
/// out as a `Refusal`, and the rest of the page is kept.
public enum ProviderLists {
    /// OpenAI `GET /v1/models`:
    /// `{"object":"list","data":[{"id","object","created","owned_by","shutdown_date"?}]}`.
    /// `id` is required; `created` (Unix seconds) and `shutdown_date`
    /// (`YYYY-MM-DD`, or null) are optional. One list, no paging. The
    /// release day is the day in the id when it has one (`created` only
    /// dates an `MMDD` id's year; see `VersionOrder.releaseDay`), else `created`.
    public static func openAI(_ json: JSONValue) throws(ShapeError) -> ProviderPage {
        let root = try Shape.object(json, "")
        let data = try Shape.requiredArray(root, "data", "")
        var models: [ProviderModel] = []
        var refused: [Refusal] = []
        models.reserveCapacity(data.count)
        for (n, item) in data.enumerated() {
            let path = "data[\(n)]"
            let o = try Shape.object(item, path)
            let id = try Shape.requiredString(o, "id", path)
            let parsed = ModelIDs.openAI(id)
            let model = ProviderModel(
                provider: "openai", modelID: id, parsed: parsed,
                released: VersionOrder.releaseDay(provider: "openai", version: parsed.version,
                                                  listed: try Shape.optionalUnixDay(o, "created", path)),
                deprecated: nil,
                shutdown: try Shape.optionalDay(o, "shutdown_date", path),
                displayName: nil, use: ModelUse.openAI(id))
            if let r = refusal(model, name: id, path: path) { refused.append(r) } else { models.append(model) }
        }
        return ProviderPage(models: models, nextCursor: nil, refused: refused)
    }

    /// Anthropic `GET /v1/models`:
    /// `{"data":[{"type","id","display_name","created_at","deprecated_at"?,"retires_at"?}],
    /// "has_more","first_id","last_id"}`. Timestamps are RFC 3339; the UTC
    /// day is kept. Anthropic documents `created_at` as possibly the Unix
    /// epoch when the release date is unknown, so 1970-01-01 reads as nil.
    /// The day in the id (`20241022`) is the release day when there is one.
    /// The next cursor is `last_id` (use it as `after_id`) when `has_more`.
    public static func anthropic(_ json: JSONValue) throws(ShapeError) -> ProviderPage {
        let root = try Shape.object(json, "")
        let data = try Shape.requiredArray(root, "data", "")
        var models: [ProviderModel] = []
        var refused: [Refusal] = []
        models.reserveCapacity(data.count)
        for (n, item) in data.enumerated() {
            let path = "data[\(n)]"
            let o = try Shape.object(item, path)
            let id = try Shape.requiredString(o, "id", path)
            var released = try Shape.optionalTimestampDay(o, "created_at", path)
            if released == Day(ordinal: 0) { released = nil }
            let parsed = ModelIDs.anthropic(id)
            let model = ProviderModel(
                provider: "anthropic", modelID: id, parsed: parsed,
                released: VersionOrder.releaseDay(provider: "anthropic", version: parsed.version, listed: released),
                deprecated: try Shape.optionalTimestampDay(o, "deprecated_at", path),
                shutdown: try Shape.optionalTimestampDay(o, "retires_at", path),
                displayName: try Shape.optionalString(o, "display_name", path))
            if let r = refusal(model, name: id, path: path) { refused.append(r) } else { models.append(model) }
        }
        let hasMore = try Shape.optionalBool(root, "has_more", "") ?? false
        var next: String?
        if hasMore {
            guard let last = try Shape.optionalString(root, "last_id", ""), !last.isEmpty else {
                throw ShapeError("last_id: expected a string when has_more is true")
            }
            next = last
        }
        return ProviderPage(models: models, nextCursor: next, refused: refused)
    }

    /// Gemini `models.list`:
    /// `{"models":[{"name":"models/...","version","displayName",...}],"nextPageToken"?}`.
    /// `models` may be absent (Google's JSON omits empty lists). The model id
    /// is the name without `models/`. The list carries no dates. An empty
    /// `nextPageToken` means no more pages.
    public static func gemini(_ json: JSONValue) throws(ShapeError) -> ProviderPage {
        let root = try Shape.object(json, "")
        let list = try Shape.optionalArray(root, "models", "") ?? []
        var models: [ProviderModel] = []
        var refused: [Refusal] = []
        models.reserveCapacity(list.count)
        for (n, item) in list.enumerated() {
            let path = "models[\(n)]"
            let o = try Shape.object(item, path)
            let name = try Shape.requiredString(o, "name", path)
            let id = name.hasPrefix("models/") ? String(name.dropFirst("models/".count)) : name
            let methods = try Shape.optionalStrings(o, "supportedGenerationMethods", path)
            let model = ProviderModel(
                provider: "google", modelID: id, parsed: ModelIDs.gemini(name: name),
                released: nil, deprecated: nil, shutdown: nil,
                displayName: try Shape.optionalString(o, "displayName", path),
                use: ModelUse.gemini(name: name, methods: methods))
            if let r = refusal(model, name: name, path: path) { refused.append(r) } else { models.append(model) }
        }
        let token = try Shape.optionalString(root, "nextPageToken", "")
        return ProviderPage(models: models, nextCursor: token?.isEmpty == false ? token : nil, refused: refused)
    }

    /// Ollama `GET /api/tags`:
    /// `{"models":[{"name","model","modified_at","size","digest","details":{...}}]}`.
    /// `name` (or, failing it, `model`) and `digest` are required; a null
    /// `models` is an empty list (a Go nil slice). `modified_at` is RFC 3339
    /// with a local offset; its UTC day is `released`.
    public static func ollama(_ json: JSONValue) throws(ShapeError) -> ProviderPage {
        let root = try Shape.object(json, "")
        let list: [JSONValue]
        if let v = root["models"], v.isNull { list = [] } else { list = try Shape.requiredArray(root, "models", "") }
        var models: [ProviderModel] = []
        var refused: [Refusal] = []
        models.reserveCapacity(list.count)
        for (n, item) in list.enumerated() {
            let path = "models[\(n)]"
            let o = try Shape.object(item, path)
            let name: String
            if let given = try Shape.optionalString(o, "name", path) {
                name = given
            } else {
                name = try Shape.requiredString(o, "model", path)
            }
            let digest = try Shape.requiredString(o, "digest", path)
            var families: [String] = []
            if let v = o["details"], !v.isNull {
                let details = try Shape.object(v, Shape.join(path, "details"))
                let detailsPath = Shape.join(path, "details")
                if let f = try Shape.optionalString(details, "family", detailsPath) { families.append(f) }
                families += try Shape.optionalStrings(details, "families", detailsPath) ?? []
            }
            let model = ProviderModel(
                provider: "ollama", modelID: name, parsed: ModelIDs.ollama(name: name, digest: digest),
                released: try Shape.optionalTimestampDay(o, "modified_at", path),
                deprecated: nil, shutdown: nil, displayName: nil,
                use: ModelUse.ollama(name: name, families: families))
            if let r = refusal(model, name: name, path: path) { refused.append(r) } else { models.append(model) }
        }
        return ProviderPage(models: models, nextCursor: nil, refused: refused)
    }

    /// Why a listed model is left out, or nil when it is kept: its name as
    /// listed, its id, and the family and version read from it must pass
    /// `IDRule` (an Ollama family gains `:latest` and may grow too long).
    static func refusal(_ m: ProviderModel, name: String, path: String) -> Refusal? {
        let entry = "model \(path) \(IDRule.quoted(name))"
        if let r = Refusal.id(name, field: "id", entry: entry, named: true) { return r }
        if m.modelID != name, let r = Refusal.id(m.modelID, field: "id", entry: entry) { return r }
        if let r = Refusal.id(m.parsed.family, field: "family", entry: entry) { return r }
        if !m.parsed.version.isEmpty, let r = Refusal.id(m.parsed.version, field: "version", entry: entry) { return r }
        return nil
    }
}

/// Typed field access that names the path of whatever is wrong.
enum Shape {
    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    static func object(_ v: JSONValue, _ path: String) throws(ShapeError) -> JSONObject {
        guard let o = v.object else {
            throw ShapeError("\(path.isEmpty ? "top level" : path): expected an object, found \(v.kindDescription)")
        }
        return o
    }

    static func requiredArray(_ o: JSONObject, _ key: String, _ path: String) throws(ShapeError) -> [JSONValue] {
        guard let v = o[key] else { throw ShapeError("\(join(path, key)): missing (expected an array)") }
        guard let a = v.array else { throw ShapeError("\(join(path, key)): expected an array, found \(v.kindDescription)") }
        return a
    }

    static func optionalArray(_ o: JSONObject, _ key: String, _ path: String) throws(ShapeError) -> [JSONValue]? {
        guard let v = o[key], !v.isNull else { return nil }
        guard let a = v.array else { throw ShapeError("\(join(path, key)): expected an array, found \(v.kindDescription)") }
        return a
    }

    /// An optional array of strings; absent or null is nil.
    static func optionalStrings(_ o: JSONObject, _ key: String, _ path: String) throws(ShapeError) -> [String]? {
        guard let a = try optionalArray(o, key, path) else { return nil }
        var out: [String] = []
        for (i, v) in a.enumerated() {
            guard let s = v.string else {
                throw ShapeError("\(join(path, key))[\(i)]: expected a string, found \(v.kindDescription)")
            }
            out.append(s)
        }
        return out
    }

    static func requiredString(_ o: JSONObject, _ key: String, _ path: String) throws(ShapeError) -> String {
        guard let v = o[key] else { throw ShapeError("\(join(path, key)): missing (expected a string)") }
        guard let s = v.string else { throw ShapeError("\(join(path, key)): expected a string, found \(v.kindDescription)") }
        return s
    }

    /// Absent or null is nil; any other non-string is an error.
    static func optionalString(_ o: JSONObject, _ key: String, _ path: String) throws(ShapeError) -> String? {
        guard let v = o[key], !v.isNull else { return nil }
        guard let s = v.string else { throw ShapeError("\(join(path, key)): expected a string, found \(v.kindDescription)") }
        return s
    }

    static func optionalBool(_ o: JSONObject, _ key: String, _ path: String) throws(ShapeError) -> Bool? {
        guard let v = o[key], !v.isNull else { return nil }
        guard let b = v.bool else { throw ShapeError("\(join(path, key)): expected a boolean, found \(v.kindDescription)") }
        return b
    }

    static func optionalInt(_ o: JSONObject, _ key: String, _ path: String) throws(ShapeError) -> Int64? {
        guard let v = o[key], !v.isNull else { return nil }
        guard let n = v.int64 else {
            throw ShapeError("\(join(path, key)): expected an integer, found \(v.numberLiteral ?? v.kindDescription)")
        }
        return n
    }

    /// Unix seconds within years 1...9999 as a UTC day.
    static func optionalUnixDay(_ o: JSONObject, _ key: String, _ path: String) throws(ShapeError) -> Day? {
        guard let seconds = try optionalInt(o, key, path) else { return nil }
        guard let d = Timestamps.day(unixSeconds: seconds) else {
            throw ShapeError("\(join(path, key)): \(seconds) is not a Unix time in seconds")
        }
        return d
    }

    /// A `YYYY-MM-DD` day; an RFC 3339 timestamp or Unix seconds are also
    /// taken (the UTC day), since the field is not formally documented.
    static func optionalDay(_ o: JSONObject, _ key: String, _ path: String) throws(ShapeError) -> Day? {
        guard let v = o[key], !v.isNull else { return nil }
        if v.numberLiteral != nil { return try optionalUnixDay(o, key, path) }
        guard let s = v.string else {
            throw ShapeError("\(join(path, key)): expected a date string, found \(v.kindDescription)")
        }
        if let d = Day(iso: s) ?? Timestamps.utcDay(rfc3339: s) { return d }
        throw ShapeError("\(join(path, key)): expected a YYYY-MM-DD date, found '\(s.prefix(40))'")
    }

    /// An RFC 3339 timestamp (or a bare `YYYY-MM-DD`) as its UTC day.
    static func optionalTimestampDay(_ o: JSONObject, _ key: String, _ path: String) throws(ShapeError) -> Day? {
        guard let v = o[key], !v.isNull else { return nil }
        guard let s = v.string else {
            throw ShapeError("\(join(path, key)): expected an RFC 3339 timestamp, found \(v.kindDescription)")
        }
        if let d = Timestamps.utcDay(rfc3339: s) ?? Day(iso: s) { return d }
        throw ShapeError("\(join(path, key)): expected an RFC 3339 timestamp, found '\(s.prefix(40))'")
    }
}

/// Timestamp forms the provider APIs use, reduced to UTC days.
public enum Timestamps {
    /// The UTC day of an RFC 3339 date-time: `2024-10-22T00:00:00Z`,
    /// `2024-07-23T15:10:07.123456789-07:00` (-> 2024-07-23, since 15:10 at
    /// -07:00 is 22:10 UTC), `2024-07-23T23:30:00-02:00` (-> 2024-07-24).
    /// `T` may be `t` or a space and `Z` may be `z`, as RFC 3339 allows;
    /// fractional seconds of any length are accepted and ignored; second 60
    /// (a leap second) is accepted. Anything else is nil.
    public static func utcDay(rfc3339 text: String) -> Day? {
        let b = Array(text.utf8)
        guard b.count >= 20, let date = Day(isoUTF8: b[0..<10]) else { return nil }
        let sep = b[10]
        guard sep == UInt8(ascii: "T") || sep == UInt8(ascii: "t") || sep == UInt8(ascii: " ") else { return nil }
        func two(_ at: Int) -> Int? {
            guard at + 1 < b.count, b[at] >= 0x30, b[at] <= 0x39, b[at + 1] >= 0x30, b[at + 1] <= 0x39 else { return nil }
            return Int(b[at] - 0x30) * 10 + Int(b[at + 1] - 0x30)
        }
        guard let h = two(11), b[13] == UInt8(ascii: ":"), let m = two(14), b[16] == UInt8(ascii: ":"),
              let s = two(17), h <= 23, m <= 59, s <= 60 else { return nil }
        var k = 19
        if k < b.count, b[k] == UInt8(ascii: ".") {
            k += 1
            let start = k
            while k < b.count, b[k] >= 0x30, b[k] <= 0x39 { k += 1 }
            guard k > start else { return nil }
        }
        guard k < b.count else { return nil }
        var offsetMinutes = 0
        if b[k] == UInt8(ascii: "Z") || b[k] == UInt8(ascii: "z") {
            k += 1
        } else if b[k] == UInt8(ascii: "+") || b[k] == UInt8(ascii: "-") {
            guard let oh = two(k + 1), k + 3 < b.count, b[k + 3] == UInt8(ascii: ":"), let om = two(k + 4),
                  oh <= 23, om <= 59 else { return nil }
            offsetMinutes = (oh * 60 + om) * (b[k] == UInt8(ascii: "-") ? -1 : 1)
            k += 6
        } else {
            return nil
        }
        guard k == b.count else { return nil }
        let localMinutes = h * 60 + m - offsetMinutes
        let dayShift = localMinutes < 0 ? -1 : (localMinutes >= 1440 ? 1 : 0)
        return date.adding(days: dayShift)
    }

    /// The UTC day of Unix seconds, or nil outside years 1...9999.
    public static func day(unixSeconds: Int64) -> Day? {
        // 0001-01-01T00:00:00Z ... 9999-12-31T23:59:59Z
        guard unixSeconds >= -62_135_596_800, unixSeconds <= 253_402_300_799 else { return nil }
        return Day(unixSeconds: Int(unixSeconds))
    }
}
