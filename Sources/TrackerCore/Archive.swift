/// The documented shape of `tracker export`: one JSON object with
/// `format`, `version`, `schema`, and the sections `bases` (each with its
/// `history` and `prices`), `fine_tunes` (each with its `generations` and
/// `changes`), `channels`, `alerts` (each with its `deliveries`), `catalog`
/// and `budgets`. Rows are keyed by
/// names, never row ids. An export is a file anyone can edit, so `import`
/// checks every value with the same rules as the commands.
public enum ArchiveFormat {
    public static let name = "tracker-export"
    /// 2: channels use the names of `channel list --format json` (`smtp`,
    /// `from`, `to` as a list, `owner`, `task`, `repeat`). Version 1 files
    /// (`smtp_url`, `mail_from`, `mail_to` one per line, `route_owner`,
    /// `route_task`, `repeat_every`) are still read.
    /// 3: base inference `prices`, fine-tune volume (`calls_per_month`,
    /// `tokens_in`, `tokens_out`), `retrain_cost_minor`/`_currency` and
    /// settings `changes`, `budgets`, and each alert's `budget`. Versions 1
    /// and 2 have none of these and read as "not set".
    /// 4: `tasks` (each with its `prompts`, each prompt with its `evals`),
    /// and each generation's `evals`; generations no longer carry
    /// `eval_passed`/`eval_total`. In versions 1 to 3 those two become the
    /// generation's one eval (dated the day it was trained), and each
    /// fine-tune's task becomes a task with the default target.
    /// 5: each generation's `changes` (`tracker generation set`), and
    /// fine-tune changes of field `retired` (`tracker reopen`). Versions 1
    /// to 4 have none.
    public static let version = 5
    public static let readableVersions = 1...5

    /// A scalar value of an export row.
    public enum Value: Equatable, Sendable {
        case null
        case int(Int64)
        case text(String)
    }

    /// What a column of an export must hold.
    public enum Check: Sendable {
        case text, optionalText, day, optionalDay, bool, count, name, policy
        case oneOf(Set<String>), currency, optionalCurrency, optionalCount, optionalEvalCount, percent

        /// Why `value` breaks the rule, or nil. Values are not echoed.
        public func problem(_ value: Value) -> String? {
            var text: String? { if case .text(let t) = value { return t } else { return nil } }
            var isNull: Bool { value == .null }
            var int: Int64? { if case .int(let i) = value { return i } else { return nil } }
            if let t = text, TextRule.controlCharacter(in: t) != nil { return "must not contain control characters" }
            switch self {
            case .text: return text == nil ? "must be a string" : nil
            case .optionalText: return isNull || text != nil ? nil : "must be a string or null"
            case .optionalEvalCount: return isNull || (0...999_999_999).contains(int ?? -1) ? nil : "must be 0 to 999999999, or null"
            case .day: return text.flatMap { Day(iso: $0) } == nil ? "must be a day (YYYY-MM-DD)" : nil
            case .optionalDay: return isNull || text.flatMap({ Day(iso: $0) }) != nil ? nil : "must be a day (YYYY-MM-DD) or null"
            case .bool: return int == 0 || int == 1 ? nil : "must be 0 or 1"
            case .count: return (int ?? -1) >= 0 ? nil : "must be a whole number, 0 or more"
            case .percent: return (1...100).contains(int ?? -1) ? nil : "must be a whole number from 1 to 100"
            case .optionalCount: return isNull || (int ?? -1) >= 0 ? nil : "must be a whole number, 0 or more, or null"
            case .name:
                // The name rule of the commands; a name stored before NFC
                // was required keeps its bytes (the key compares it in NFC).
                guard let t = text, case .success(let trimmed) = TextRule.name(t, field: "name"), trimmed == NameKey.nfc(t) else {
                    return "must be a name as 'tracker add' accepts it: no surrounding spaces, no control or invisible characters, at most \(TextRule.maxNameLength) characters and \(TextRule.maxNameBytes) bytes"
                }
                return nil
            case .policy: return text.flatMap { RetrainPolicy($0) } == nil ? "must be a duration like 1y, or never" : nil
            case .oneOf(let allowed): return text.map(allowed.contains) == true ? nil : "must be one of \(allowed.sorted().joined(separator: ", "))"
            case .currency:
                return text.map { $0.count == 3 && $0.allSatisfy { $0.isASCII && $0.isUppercase } } == true ? nil : "must be a three-letter currency code"
            case .optionalCurrency:
                return isNull ? nil : Check.currency.problem(value).map { "\($0), or null" }
            }
        }
    }

    /// The sections whose rows are plain columns, with each column's rule.
    public enum Section: Sendable {
        case bases, history, fineTunes, generations, alerts, deliveries, catalog
        case prices, changes, budgets, tasks, prompts, evals, generationChanges

        static let urgencies: Set<String> = Set(Urgency.allCases.map(\.name))

        public var checks: [String: Check] {
            switch self {
            case .bases:
                return ["provider": .text, "family": .text, "version": .text, "model_id": .text, "released": .optionalDay,
                        "deprecated": .optionalDay, "deprecated_undated": .bool, "shutdown": .optionalDay, "created_on": .day,
                        "released_source": .optionalText, "deprecated_source": .optionalText, "shutdown_source": .optionalText,
                        "listed_by": .optionalText, "gone_on": .optionalDay, "shutdown_disputed": .optionalDay,
                        "shutdown_disputed_source": .optionalText, "shutdown_disputed_by": .optionalText,
                        "shutdown_disputed_on": .optionalDay,
                        "train_price_minor": .optionalCount, "train_price_currency": .optionalCurrency,
                        "train_price_source": .optionalText, "train_price_read_on": .optionalDay]
            case .history:
                return ["field": .oneOf(["released", "deprecated", "shutdown", "successor", "listing", "dispute"]), "value": .optionalText,
                        "undated": .bool, "source": .text, "recorded_on": .day, "applied": .bool]
            case .fineTunes:
                return ["name": .name, "task": .optionalText, "owner": .optionalText, "retrain_every": .policy,
                        "created_on": .day, "retired_on": .optionalDay, "retire_reason": .optionalText,
                        "calls_per_month": .optionalCount, "tokens_in": .optionalCount, "tokens_out": .optionalCount,
                        "retrain_cost_minor": .optionalCount, "retrain_cost_currency": .optionalCurrency]
            case .generations:
                return ["number": .count, "model_id": .optionalText, "trained_on": .day, "cost_minor": .count,
                        "currency": .currency, "trained_tokens": .optionalCount, "examples": .optionalCount,
                        "dataset_ref": .optionalText, "dataset_sha256": .optionalText, "eval_passed": .optionalEvalCount,
                        "eval_total": .optionalEvalCount, "recorded_on": .day, "job_id": .optionalText]
            case .alerts:
                return ["key": .text, "short_id": .text, "fine_tune": .text, "owner": .optionalText, "task": .optionalText,
                        "generation": .count, "reason": .text, "base": .text, "urgency": .oneOf(Section.urgencies),
                        "date": .optionalDay, "threshold": .optionalCount, "text": .text,
                        "state": .oneOf(["open", "inhibited", "resolved"]), "episode": .count, "first_seen": .day,
                        "last_seen": .day, "resolved_on": .optionalDay, "acked": .bool, "ack_until": .optionalDay,
                        "snoozed_until": .optionalDay, "budget": .optionalText]
            case .deliveries:
                return ["episode": .count, "kind": .oneOf(["new", "repeat", "threshold", "resolved"]),
                        "threshold": .optionalCount, "day": .day, "delivered_at": .text, "message_id": .text]
            case .catalog:
                return ["provider": .text, "model_id": .text, "catalog_key": .text, "mode": .text, "fine_tuned": .bool,
                        "input_micro_per_mtok": .optionalCount, "output_micro_per_mtok": .optionalCount,
                        "shutdown": .optionalDay, "source": .text, "read_on": .day]
            case .prices:
                return ["kind": .oneOf(Set(PriceKind.allCases.map(\.rawValue))), "micros": .count, "currency": .currency,
                        "source": .text, "read_on": .optionalDay]
            case .changes:
                return ["field": .oneOf(Set(FineTuneChange.Field.allCases.map(\.rawValue))),
                        "old_value": .optionalText, "new_value": .optionalText, "recorded_on": .day]
            case .generationChanges:
                return ["field": .oneOf(Set(GenerationChange.Field.allCases.map(\.rawValue))),
                        "old_value": .optionalText, "new_value": .optionalText, "recorded_on": .day]
            case .tasks:
                return ["name": .name, "target_percent": .percent, "description": .optionalText, "created_on": .day]
            case .prompts:
                // The text is checked by the store with `PromptText` (it may hold newlines).
                return ["number": .count, "sha256": .text, "note": .optionalText, "created_on": .day]
            case .evals:
                return ["passed": .count, "total": .count, "dataset": .optionalText, "day": .day, "recorded_on": .day]
            case .budgets:
                // The period's form is checked by the store, which parses it.
                return ["scope_kind": .oneOf(["all", "owner", "task"]), "scope_name": .optionalText, "period": .text,
                        "amount_minor": .count, "currency": .currency, "created_on": .day]
            }
        }
    }

    /// Writes one channel with the shared field names (`ChannelFields`).
    public static func write(_ c: Channel, into j: inout JSONWriter) {
        typealias F = ChannelFields
        j.beginObject()
        j.field(F.name, c.name)
        j.field(F.kind, c.kind.rawValue)
        j.field(F.owner, c.route.owner)
        j.field(F.task, c.route.task)
        j.field(F.minUrgency, c.route.minUrgency.name)
        j.field(F.repeatEvery, c.route.repeatEvery.description)
        j.field(F.urlEnv, c.urlEnv)
        j.field(F.urlFile, c.urlFile)
        j.field(F.secretEnv, c.secretEnv)
        j.field(F.secretFile, c.secretFile)
        j.field(F.smtp, c.smtpURL)
        j.field(F.from, c.mailFrom)
        j.key(F.to)
        j.beginArray()
        for address in c.mailTo { j.string(address) }
        j.endArray()
        j.field(F.smtpUser, c.smtpUser)
        j.field(F.passwordEnv, c.passwordEnv)
        j.field(F.passwordFile, c.passwordFile)
        j.field(F.insecurePlaintext, c.insecurePlaintext)
        j.field(F.caFile, c.caFile)
        j.field(F.createdOn, day: c.createdOn)
        j.field(F.lastOkAt, c.lastOkAt)
        j.field(F.lastError, c.lastError)
        j.field(F.lastErrorAt, c.lastErrorAt)
        j.field(F.failing, c.failing)
        j.endObject()
    }
}

/// Reads the parts of a parsed export; every problem is a data error that
/// names the file and the place, and says nothing was imported.
public struct ArchiveReader: Sendable {
    public let file: String

    public init(file: String) { self.file = file }

    public func fail(_ message: String) -> Failure { Failure(.data, "\(file): \(message); nothing was imported") }

    /// Checks `format`, `version` and `schema`; returns the version.
    public func version(_ root: JSONObject, newestSchema: Int? = nil) throws(Failure) -> Int {
        guard case .string(ArchiveFormat.name)? = root["format"] else {
            throw fail("not a tracker export (format is not \"\(ArchiveFormat.name)\")")
        }
        guard case .number(let v)? = root["version"], let version = Int(v), ArchiveFormat.readableVersions.contains(version) else {
            throw fail("export version is not one this tracker reads (\(ArchiveFormat.readableVersions.lowerBound) to \(ArchiveFormat.version)); use the tracker that wrote it")
        }
        if let newestSchema, case .number(let schema)? = root["schema"], let n = Int(schema), n > newestSchema {
            throw fail("written by a newer tracker (schema \(n)); upgrade tracker to import it")
        }
        return version
    }

    public func objects(_ o: JSONObject, _ key: String, at place: String) throws(Failure) -> [JSONObject] {
        guard let v = o[key] else { return [] }
        guard case .array(let items) = v else { throw fail("\(place)\(key) is not a list") }
        var out: [JSONObject] = []
        for (i, item) in items.enumerated() {
            guard case .object(let obj) = item else { throw fail("\(place)\(key)[\(i)] is not an object") }
            out.append(obj)
        }
        return out
    }

    /// The scalar value of `key`: strings, integers, booleans (as 0/1), null.
    public func value(_ o: JSONObject, _ key: String, at place: String) throws(Failure) -> ArchiveFormat.Value {
        guard let v = o[key] else { return .null }
        switch v {
        case .null: return .null
        case .string(let s): return .text(s)
        case .bool(let b): return .int(b ? 1 : 0)
        case .number(let text):
            guard let i = Int64(text) else { throw fail("\(place)\(key) is not a whole number") }
            return .int(i)
        default: throw fail("\(place)\(key) is not a value")
        }
    }

    public func string(_ o: JSONObject, _ key: String, at place: String) throws(Failure) -> String {
        guard case .text(let s) = try value(o, key, at: place) else { throw fail("\(place)\(key) must be a string") }
        return s
    }

    func optionalString(_ o: JSONObject, _ key: String, at place: String) throws(Failure) -> String? {
        switch try value(o, key, at: place) {
        case .null: return nil
        case .text(let s): return s
        case .int: throw fail("\(place)\(key) must be a string or null")
        }
    }

    func flag(_ o: JSONObject, _ key: String, at place: String) throws(Failure) -> Bool {
        switch try value(o, key, at: place) {
        case .null: return false
        case .int(let i) where i == 0 || i == 1: return i == 1
        default: throw fail("\(place)\(key) must be true or false")
        }
    }

    /// Why a base row's dates are out of lifecycle order, or nil.
    public func lifecycleProblem(_ o: JSONObject, at place: String) throws(Failure) -> String? {
        func day(_ key: String) throws(Failure) -> Day? {
            guard case .text(let t) = try value(o, key, at: place) else { return nil }
            return Day(iso: t)
        }
        let ref = BaseRef(provider: try string(o, "provider", at: place), family: try string(o, "family", at: place),
                          version: try string(o, "version", at: place))
        let b = BaseVersion(id: 0, ref: ref, modelID: "", released: try day("released"),
                            deprecation: try day("deprecated").map { .on($0) } ?? .none, shutdown: try day("shutdown"),
                            successorID: nil)
        return LifecycleOrder.problem(b)
    }

    /// An alert row's cross-field rules.
    public func checkAlert(_ o: JSONObject, at place: String) throws(Failure) {
        if case .text(let key) = try value(o, "key", at: place), case .text(let short) = try value(o, "short_id", at: place),
           short != Alert.id(forKey: key) {
            throw fail("\(place)short_id does not match its key")
        }
        if case .int(0) = try value(o, "acked", at: place), case .text = try value(o, "ack_until", at: place) {
            throw fail("\(place)ack_until is set on an alert that is not acknowledged")
        }
    }

    /// A fine-tune row's cross-field rule: the retrain cost's amount and
    /// currency are both set or both null.
    public func checkFineTune(_ o: JSONObject, at place: String) throws(Failure) {
        let minor = try value(o, "retrain_cost_minor", at: place), currency = try value(o, "retrain_cost_currency", at: place)
        if (minor == .null) != (currency == .null) {
            throw fail("\(place)retrain_cost_minor and retrain_cost_currency must both be set or both be null")
        }
    }

    /// A budget row's cross-field rule: `scope_name` is null exactly when
    /// `scope_kind` is `all`, and otherwise a name.
    public func checkBudget(_ o: JSONObject, at place: String) throws(Failure) {
        let kind = try value(o, "scope_kind", at: place), name = try value(o, "scope_name", at: place)
        if kind == .text("all") {
            if name != .null { throw fail("\(place)scope_name must be null when scope_kind is all") }
        } else if let problem = ArchiveFormat.Check.name.problem(name) {
            throw fail("\(place)scope_name \(problem)")
        }
    }

    /// A channel row, read with the names of `version` and checked with
    /// `ChannelRules` (the rules of `channel add`).
    public func channel(_ o: JSONObject, version: Int, at index: String) throws(Failure) -> Channel {
        typealias F = ChannelFields
        let place = index + "."
        // Version 1 used the database's column names.
        let v1 = version == 1
        let smtpKey = v1 ? "smtp_url" : F.smtp, fromKey = v1 ? "mail_from" : F.from, toKey = v1 ? "mail_to" : F.to
        let ownerKey = v1 ? "route_owner" : F.owner, taskKey = v1 ? "route_task" : F.task
        let repeatKey = v1 ? "repeat_every" : F.repeatEvery
        let kindText = try string(o, F.kind, at: place)
        guard let kind = Channel.Kind(rawValue: kindText) else {
            throw fail("\(place)\(F.kind) must be one of \(Channel.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let urgencyText = try string(o, F.minUrgency, at: place)
        guard let urgency = Urgency(name: urgencyText) else {
            throw fail("\(place)\(F.minUrgency) must be one of \(Urgency.allCases.map(\.name).joined(separator: ", "))")
        }
        guard let repeatEvery = Span(try string(o, repeatKey, at: place)), repeatEvery.count > 0 else {
            throw fail("\(place)\(repeatKey) must be a duration like 7d")
        }
        guard let created = Day(iso: try string(o, F.createdOn, at: place)) else {
            throw fail("\(place)\(F.createdOn) must be a day (YYYY-MM-DD)")
        }
        for key in [F.name, F.urlEnv, F.urlFile, F.secretEnv, F.secretFile, smtpKey, fromKey, F.smtpUser, F.passwordEnv,
                    F.passwordFile, F.caFile, ownerKey, taskKey, F.lastOkAt, F.lastError, F.lastErrorAt] {
            if let t = try optionalString(o, key, at: place), TextRule.controlCharacter(in: t) != nil {
                throw fail("\(place)\(key) must not contain control characters")
            }
        }
        let route = Route(owner: try optionalString(o, ownerKey, at: place), task: try optionalString(o, taskKey, at: place),
                          minUrgency: urgency, repeatEvery: repeatEvery)
        var c = Channel(name: try string(o, F.name, at: place), kind: kind, route: route, createdOn: created)
        c.urlEnv = try optionalString(o, F.urlEnv, at: place)
        c.urlFile = try optionalString(o, F.urlFile, at: place)
        c.secretEnv = try optionalString(o, F.secretEnv, at: place)
        c.secretFile = try optionalString(o, F.secretFile, at: place)
        c.smtpURL = try optionalString(o, smtpKey, at: place)
        c.mailFrom = try optionalString(o, fromKey, at: place)
        if v1 {
            c.mailTo = (try optionalString(o, toKey, at: place) ?? "").split(separator: "\n").map(String.init)
        } else if let list = o[toKey] {
            guard case .array(let items) = list else { throw fail("\(place)\(toKey) must be a list of email addresses") }
            for item in items {
                guard case .string(let address) = item else { throw fail("\(place)\(toKey) must be a list of email addresses") }
                c.mailTo.append(address)
            }
        }
        c.smtpUser = try optionalString(o, F.smtpUser, at: place)
        c.passwordEnv = try optionalString(o, F.passwordEnv, at: place)
        c.passwordFile = try optionalString(o, F.passwordFile, at: place)
        c.insecurePlaintext = try flag(o, F.insecurePlaintext, at: place)
        c.caFile = try optionalString(o, F.caFile, at: place)
        c.lastOkAt = try optionalString(o, F.lastOkAt, at: place)
        c.lastError = try optionalString(o, F.lastError, at: place)
        c.lastErrorAt = try optionalString(o, F.lastErrorAt, at: place)
        c.failing = try flag(o, F.failing, at: place)
        if let problem = ChannelRules.problem(c) { throw fail("\(index): \(problem)") }
        return c
    }
}
