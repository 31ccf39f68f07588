import Migrations
import TrackerCore
import TrackerStore

/// `tracker export` / `tracker import FILE`: the whole database as one JSON
/// document keyed by names, not row ids, so it can be read back into an
/// empty database losslessly (export, import, export again gives identical
/// output).
public enum Archive {
    public static let format = "tracker-export"
    public static let version = 1

    /// One table's export: the query (its column aliases are the JSON keys)
    /// and how rows nest.
    struct Section {
        let key: String
        let sql: String
    }

    static let baseColumns = ["provider", "family", "version", "model_id", "released", "released_source", "deprecated",
                              "deprecated_undated", "deprecated_source", "shutdown", "shutdown_source", "created_on"]
    static let historyColumns = ["field", "value", "undated", "source", "recorded_on", "applied"]
    static let fineTuneColumns = ["name", "task", "owner", "retrain_every", "created_on", "retired_on", "retire_reason"]
    static let generationColumns = ["number", "model_id", "trained_on", "cost_minor", "currency", "trained_tokens", "examples",
                                    "dataset_ref", "dataset_sha256", "eval_passed", "eval_total", "recorded_on", "job_id"]
    static let channelColumns = ["name", "kind", "url_env", "url_file", "secret_env", "secret_file", "smtp_url", "mail_from",
                                 "mail_to", "smtp_user", "password_env", "password_file", "insecure_plaintext", "ca_file",
                                 "route_owner", "route_task", "min_urgency", "repeat_every", "created_on", "last_ok_at",
                                 "last_error", "last_error_at", "failing"]
    static let alertColumns = ["key", "short_id", "fine_tune", "owner", "task", "generation", "reason", "base", "urgency", "date",
                               "threshold", "text", "state", "episode", "first_seen", "last_seen", "resolved_on", "acked",
                               "ack_until", "snoozed_until"]
    static let deliveryColumns = ["episode", "kind", "threshold", "day", "delivered_at", "message_id"]
    static let catalogColumns = ["provider", "model_id", "catalog_key", "mode", "fine_tuned", "input_micro_per_mtok",
                                 "output_micro_per_mtok", "shutdown", "source", "read_on"]

    static func writeRow(_ st: Statement, columns: [String], into j: inout JSONWriter) {
        for (i, name) in columns.enumerated() {
            j.key(name)
            switch st.value(Int32(i)) {
            case .null: j.string(nil)
            case .int(let v): j.int(v)
            case .text(let t): j.string(t)
            }
        }
    }

    static func select(_ columns: [String], prefix: String = "") -> String {
        columns.map { prefix + $0 }.joined(separator: ", ")
    }

    /// Writes the whole database as JSON.
    public static func export(_ store: Store, to out: TextOutput) throws(Failure) {
        let db = store.database
        var j = JSONWriter(out)
        j.beginObject()
        j.field("format", format)
        j.field("version", version)
        j.field("schema", Migrations.all.last?.version ?? 0)

        j.key("bases")
        j.beginArray()
        let bases = try db.prepare("""
            SELECT \(select(baseColumns, prefix: "b.")), s.provider || '/' || s.family || '@' || s.version, b.id
            FROM base_version b LEFT JOIN base_version s ON s.id = b.successor_id ORDER BY b.id
            """)
        let history = try db.prepare("SELECT \(select(historyColumns)) FROM base_date_change WHERE base_id = ? ORDER BY id")
        while try bases.step() {
            j.beginObject()
            writeRow(bases, columns: baseColumns, into: &j)
            j.field("successor", bases.optionalText(Int32(baseColumns.count)))
            j.key("history")
            j.beginArray()
            try history.bind([.int(bases.int(Int32(baseColumns.count + 1)))])
            while try history.step() {
                j.beginObject()
                writeRow(history, columns: historyColumns, into: &j)
                j.endObject()
            }
            j.endArray()
            j.endObject()
        }
        j.endArray()

        j.key("fine_tunes")
        j.beginArray()
        let fineTunes = try db.prepare("SELECT \(select(fineTuneColumns)), id FROM fine_tune ORDER BY id")
        let generations = try db.prepare("""
            SELECT \(select(generationColumns, prefix: "g.")), b.provider || '/' || b.family || '@' || b.version
            FROM generation g JOIN base_version b ON b.id = g.base_id WHERE g.fine_tune_id = ? ORDER BY g.number
            """)
        while try fineTunes.step() {
            j.beginObject()
            writeRow(fineTunes, columns: fineTuneColumns, into: &j)
            j.key("generations")
            j.beginArray()
            try generations.bind([.int(fineTunes.int(Int32(fineTuneColumns.count)))])
            while try generations.step() {
                j.beginObject()
                writeRow(generations, columns: generationColumns, into: &j)
                j.field("base", generations.text(Int32(generationColumns.count)))
                j.endObject()
            }
            j.endArray()
            j.endObject()
        }
        j.endArray()

        j.key("channels")
        j.beginArray()
        let channels = try db.prepare("SELECT \(select(channelColumns)) FROM channel ORDER BY id")
        while try channels.step() {
            j.beginObject()
            writeRow(channels, columns: channelColumns, into: &j)
            j.endObject()
        }
        j.endArray()

        j.key("alerts")
        j.beginArray()
        let alerts = try db.prepare("SELECT \(select(alertColumns)), id FROM alert ORDER BY id")
        let deliveries = try db.prepare("""
            SELECT \(select(deliveryColumns, prefix: "d.")), c.name FROM delivery d JOIN channel c ON c.id = d.channel_id
            WHERE d.alert_id = ? ORDER BY d.id
            """)
        while try alerts.step() {
            j.beginObject()
            writeRow(alerts, columns: alertColumns, into: &j)
            j.key("deliveries")
            j.beginArray()
            try deliveries.bind([.int(alerts.int(Int32(alertColumns.count)))])
            while try deliveries.step() {
                j.beginObject()
                writeRow(deliveries, columns: deliveryColumns, into: &j)
                j.field("channel", deliveries.text(Int32(deliveryColumns.count)))
                j.endObject()
            }
            j.endArray()
            j.endObject()
        }
        j.endArray()

        j.key("catalog")
        j.beginArray()
        let catalog = try db.prepare("SELECT \(select(catalogColumns)) FROM catalog_model ORDER BY id")
        while try catalog.step() {
            j.beginObject()
            writeRow(catalog, columns: catalogColumns, into: &j)
            j.endObject()
        }
        j.endArray()
        j.endObject()
    }

    // MARK: Import

    struct Reader {
        let path: String

        func fail(_ message: String) -> Failure { Failure(.data, "\(path): \(message); nothing was imported") }

        func objects(_ o: JSONObject, _ key: String, at where_: String) throws(Failure) -> [JSONObject] {
            guard let v = o[key] else { return [] }
            guard case .array(let items) = v else { throw fail("\(where_)\(key) is not a list") }
            var out: [JSONObject] = []
            for (i, item) in items.enumerated() {
                guard case .object(let obj) = item else { throw fail("\(where_)\(key)[\(i)] is not an object") }
                out.append(obj)
            }
            return out
        }

        /// The bindable value of `key`: strings, integers, booleans (as 0/1), null.
        func value(_ o: JSONObject, _ key: String, at where_: String) throws(Failure) -> SQLValue {
            guard let v = o[key] else { return .null }
            switch v {
            case .null: return .null
            case .string(let s): return .text(s)
            case .bool(let b): return .int(b ? 1 : 0)
            case .number(let text):
                guard let i = Int64(text) else { throw fail("\(where_)\(key) is not a whole number") }
                return .int(i)
            default: throw fail("\(where_)\(key) is not a value")
            }
        }

        func string(_ o: JSONObject, _ key: String, at where_: String) throws(Failure) -> String {
            guard case .text(let s) = try value(o, key, at: where_) else { throw fail("\(where_)\(key) must be a string") }
            return s
        }

        /// The row's values in column order, each checked by its section's rule.
        func values(_ o: JSONObject, _ columns: [String], section: String, at where_: String) throws(Failure) -> [SQLValue] {
            var out: [SQLValue] = []
            for c in columns {
                let v = try value(o, c, at: where_)
                if let check = Archive.checks[section]?[c], let problem = Archive.problem(v, check) {
                    throw fail("\(where_)\(c) \(problem)")
                }
                out.append(v)
            }
            return out
        }
    }

    /// What a column of an export must hold. An export is a file anyone
    /// can edit: every value is checked by the same rules as the commands
    /// before it is stored.
    enum Check {
        case text, optionalText, day, optionalDay, bool, count, name, policy, variable, path, smtpURL, address, addresses
        case oneOf(Set<String>), span, currency, optionalCount, optionalEvalCount
    }

    static let checks: [String: [String: Check]] = [
        "bases": ["provider": .text, "family": .text, "version": .text, "model_id": .text, "released": .optionalDay,
                  "deprecated": .optionalDay, "deprecated_undated": .bool, "shutdown": .optionalDay, "created_on": .day,
                  "released_source": .optionalText, "deprecated_source": .optionalText, "shutdown_source": .optionalText],
        "history": ["field": .oneOf(["released", "deprecated", "shutdown", "successor"]), "value": .optionalText,
                    "undated": .bool, "source": .text, "recorded_on": .day, "applied": .bool],
        "fine_tunes": ["name": .name, "task": .optionalText, "owner": .optionalText, "retrain_every": .policy,
                       "created_on": .day, "retired_on": .optionalDay, "retire_reason": .optionalText],
        "generations": ["number": .count, "model_id": .optionalText, "trained_on": .day, "cost_minor": .count,
                        "currency": .currency, "trained_tokens": .optionalCount, "examples": .optionalCount,
                        "dataset_ref": .optionalText, "dataset_sha256": .optionalText, "eval_passed": .optionalEvalCount,
                        "eval_total": .optionalEvalCount, "recorded_on": .day, "job_id": .optionalText],
        "channels": ["name": .name, "kind": .oneOf(["slack", "email", "webhook"]), "url_env": .variable, "url_file": .path,
                     "secret_env": .variable, "secret_file": .path, "smtp_url": .smtpURL, "mail_from": .address,
                     "mail_to": .addresses, "smtp_user": .optionalText, "password_env": .variable, "password_file": .path,
                     "insecure_plaintext": .bool, "ca_file": .path, "route_owner": .optionalText, "route_task": .optionalText,
                     "min_urgency": .oneOf(["planned", "soon", "critical", "overdue"]), "repeat_every": .span,
                     "created_on": .day, "last_ok_at": .optionalText, "last_error": .optionalText,
                     "last_error_at": .optionalText, "failing": .bool],
        "alerts": ["key": .text, "short_id": .text, "fine_tune": .text, "owner": .optionalText, "task": .optionalText,
                   "generation": .count, "reason": .text, "base": .text,
                   "urgency": .oneOf(["planned", "soon", "critical", "overdue"]), "date": .optionalDay,
                   "threshold": .optionalCount, "text": .text, "state": .oneOf(["open", "inhibited", "resolved"]),
                   "episode": .count, "first_seen": .day, "last_seen": .day, "resolved_on": .optionalDay, "acked": .bool,
                   "ack_until": .optionalDay, "snoozed_until": .optionalDay],
        "deliveries": ["episode": .count, "kind": .oneOf(["new", "repeat", "threshold", "resolved"]),
                       "threshold": .optionalCount, "day": .day, "delivered_at": .text, "message_id": .text],
        "catalog": ["provider": .text, "model_id": .text, "catalog_key": .text, "mode": .text, "fine_tuned": .bool,
                    "input_micro_per_mtok": .optionalCount, "output_micro_per_mtok": .optionalCount,
                    "shutdown": .optionalDay, "source": .text, "read_on": .day],
    ]

    /// Why a value breaks its column's rule, or nil. Values are not echoed
    /// (a channel field may hold a pasted secret).
    static func problem(_ value: SQLValue, _ check: Check) -> String? {
        var text: String? { if case .text(let t) = value { return t } else { return nil } }
        var isNull: Bool { if case .null = value { return true } else { return false } }
        var int: Int64? { if case .int(let i) = value { return i } else { return nil } }
        if let t = text, TextRule.controlCharacter(in: t) != nil { return "must not contain control characters" }
        switch check {
        case .text: return text == nil ? "must be a string" : nil
        case .optionalText: return isNull || text != nil ? nil : "must be a string or null"
        case .optionalEvalCount: return isNull || (0...999_999_999).contains(int ?? -1) ? nil : "must be 0 to 999999999, or null"
        case .day: return text.flatMap { Day(iso: $0) } == nil ? "must be a day (YYYY-MM-DD)" : nil
        case .optionalDay: return isNull || text.flatMap({ Day(iso: $0) }) != nil ? nil : "must be a day (YYYY-MM-DD) or null"
        case .bool: return int == 0 || int == 1 ? nil : "must be 0 or 1"
        case .count: return (int ?? -1) >= 0 ? nil : "must be a whole number, 0 or more"
        case .optionalCount: return isNull || (int ?? -1) >= 0 ? nil : "must be a whole number, 0 or more, or null"
        case .name:
            guard let t = text, case .success(let trimmed) = TextRule.name(t, field: "name"), trimmed == t else {
                return "must be a non-blank name without control characters"
            }
            return nil
        case .policy: return text.flatMap { RetrainPolicy($0) } == nil ? "must be a duration like 1y, or never" : nil
        case .span: return text.flatMap { Span($0) }.map { $0.count > 0 } == true ? nil : "must be a duration like 7d"
        case .variable: return isNull || text.map(ChannelRules.isVariableName) == true ? nil : "must be an environment variable name"
        case .path: return isNull || text.map(ChannelRules.isSecretPath) == true ? nil : "must be a file path (not a URL)"
        case .smtpURL: return isNull || (text.map { ChannelRules.smtpURLProblem($0) == nil } ?? false) ? nil : "must be smtp://host:port or smtps://host:port without credentials"
        case .address: return isNull || text.map(EmailMessage.isAddress) == true ? nil : "must be an email address"
        case .addresses:
            return isNull || (text.map { $0.split(separator: "\n").allSatisfy { EmailMessage.isAddress(String($0)) } } ?? false)
                ? nil : "must be email addresses, one per line"
        case .oneOf(let allowed): return text.map(allowed.contains) == true ? nil : "must be one of \(allowed.sorted().joined(separator: ", "))"
        case .currency:
            return text.map { $0.count == 3 && $0.allSatisfy { $0.isASCII && $0.isUppercase } } == true ? nil : "must be a three-letter currency code"
        }
    }

    /// A channel's fields must fit its kind, as `channel add` requires.
    static func checkChannel(_ row: [String: SQLValue], reader: Reader, at: String) throws(Failure) {
        func has(_ c: String) -> Bool { if case .text? = row[c] { return true } else { return false } }
        guard case .text(let kind)? = row["kind"] else { return }
        let email = ["smtp_url", "mail_from", "mail_to", "smtp_user", "password_env", "password_file", "ca_file"]
        switch kind {
        case "email":
            guard has("smtp_url"), has("mail_from"), has("mail_to") else {
                throw reader.fail("\(at) is an email channel without smtp_url, mail_from and mail_to")
            }
            if has("url_env") || has("url_file") || has("secret_env") || has("secret_file") {
                throw reader.fail("\(at) is an email channel with url or secret fields")
            }
            if has("password_env") && has("password_file") { throw reader.fail("\(at) has both password_env and password_file") }
            if (has("password_env") || has("password_file")) != has("smtp_user") {
                throw reader.fail("\(at) needs smtp_user together with a password source")
            }
        default:
            guard has("url_env") != has("url_file") else {
                throw reader.fail("\(at) needs exactly one of url_env and url_file")
            }
            if email.contains(where: has) { throw reader.fail("\(at) is a \(kind) channel with email fields") }
            if kind == "slack" && (has("secret_env") || has("secret_file")) { throw reader.fail("\(at) is a slack channel with a signing secret") }
            if has("secret_env") && has("secret_file") { throw reader.fail("\(at) has both secret_env and secret_file") }
        }
    }

    static func insertSQL(_ table: String, _ columns: [String]) -> String {
        "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
    }

    /// Reads an export into an empty database, in the caller's transaction.
    /// Returns counts per section.
    public static func importDocument(_ bytes: [UInt8], path: String, into store: Store) throws(Failure) -> [String: Int] {
        let reader = Reader(path: path)
        let root: JSONObject
        do {
            guard case .object(let o) = try JSONParser().parse(bytes) else { throw reader.fail("not a tracker export (no object)") }
            root = o
        } catch let e as JSONParseError {
            throw reader.fail("not valid JSON (\(e.message))")
        } catch let f as Failure {
            throw f
        } catch {
            throw reader.fail("unreadable")
        }
        guard case .string(format)? = root["format"] else { throw reader.fail("not a tracker export (format is not \"\(format)\")") }
        guard case .number(let v)? = root["version"], Int(v) == version else {
            throw reader.fail("export version is not \(version); use the tracker that wrote it")
        }
        if case .number(let schema)? = root["schema"], let n = Int(schema), n > (Migrations.all.last?.version ?? 0) {
            throw reader.fail("written by a newer tracker (schema \(n)); upgrade tracker to import it")
        }
        let db = store.database
        let used = try db.scalarInt("""
            SELECT (SELECT count(*) FROM base_version) + (SELECT count(*) FROM fine_tune) + (SELECT count(*) FROM channel)
                 + (SELECT count(*) FROM alert) + (SELECT count(*) FROM catalog_model)
            """) ?? 0
        guard used == 0 else {
            throw Failure(.data, "import needs an empty database, and \(db.path) has data; pass --db with a new path")
        }
        var counts: [String: Int] = [:]
        var baseIDs: [String: Int64] = [:]
        var successors: [(Int64, String)] = []
        let insertBase = try db.prepare(insertSQL("base_version", baseColumns))
        let insertHistory = try db.prepare(insertSQL("base_date_change", ["base_id"] + historyColumns))
        for (i, b) in try reader.objects(root, "bases", at: "").enumerated() {
            let at = "bases[\(i)]."
            try insertBase.bind(try reader.values(b, baseColumns, section: "bases", at: at))
            while try insertBase.step() {}
            let id = db.lastInsertID
            let ref = "\(try reader.string(b, "provider", at: at))/\(try reader.string(b, "family", at: at))@\(try reader.string(b, "version", at: at))"
            baseIDs[ref] = id
            if case .text(let s) = try reader.value(b, "successor", at: at) { successors.append((id, s)) }
            for (k, h) in try reader.objects(b, "history", at: at).enumerated() {
                try insertHistory.bind([.int(id)] + (try reader.values(h, historyColumns, section: "history", at: "\(at)history[\(k)]."))) 
                while try insertHistory.step() {}
            }
            counts["bases", default: 0] += 1
        }
        for (id, ref) in successors {
            guard let s = baseIDs[ref] else { throw reader.fail("successor \(ref) is not among the bases") }
            try db.run("UPDATE base_version SET successor_id = ? WHERE id = ?", [.int(s), .int(id)])
        }
        let insertFineTune = try db.prepare(insertSQL("fine_tune", fineTuneColumns))
        let insertGeneration = try db.prepare(insertSQL("generation", ["fine_tune_id", "base_id"] + generationColumns))
        for (i, f) in try reader.objects(root, "fine_tunes", at: "").enumerated() {
            let at = "fine_tunes[\(i)]."
            try insertFineTune.bind(try reader.values(f, fineTuneColumns, section: "fine_tunes", at: at))
            while try insertFineTune.step() {}
            let id = db.lastInsertID
            for (k, g) in try reader.objects(f, "generations", at: at).enumerated() {
                let gat = "\(at)generations[\(k)]."
                let ref = try reader.string(g, "base", at: gat)
                guard let base = baseIDs[ref] else { throw reader.fail("\(gat)base \(ref) is not among the bases") }
                try insertGeneration.bind([.int(id), .int(base)] + (try reader.values(g, generationColumns, section: "generations", at: gat)))
                while try insertGeneration.step() {}
            }
            counts["fine_tunes", default: 0] += 1
        }
        var channelIDs: [String: Int64] = [:]
        let insertChannel = try db.prepare(insertSQL("channel", channelColumns))
        for (i, c) in try reader.objects(root, "channels", at: "").enumerated() {
            let values = try reader.values(c, channelColumns, section: "channels", at: "channels[\(i)].")
            try checkChannel(Dictionary(uniqueKeysWithValues: zip(channelColumns, values)), reader: reader, at: "channels[\(i)]")
            try insertChannel.bind(values)
            while try insertChannel.step() {}
            channelIDs[try reader.string(c, "name", at: "channels[\(i)].").lowercased()] = db.lastInsertID
            counts["channels", default: 0] += 1
        }
        let insertAlert = try db.prepare(insertSQL("alert", alertColumns))
        let insertDelivery = try db.prepare(insertSQL("delivery", ["alert_id", "channel_id"] + deliveryColumns))
        for (i, a) in try reader.objects(root, "alerts", at: "").enumerated() {
            let at = "alerts[\(i)]."
            let values = try reader.values(a, alertColumns, section: "alerts", at: at)
            let row = Dictionary(uniqueKeysWithValues: zip(alertColumns, values))
            if case .text(let key)? = row["key"], case .text(let short)? = row["short_id"], short != Alert.id(forKey: key) {
                throw reader.fail("\(at)short_id does not match its key")
            }
            if case .int(0)? = row["acked"], case .text? = row["ack_until"] {
                throw reader.fail("\(at)ack_until is set on an alert that is not acknowledged")
            }
            try insertAlert.bind(values)
            while try insertAlert.step() {}
            let id = db.lastInsertID
            for (k, d) in try reader.objects(a, "deliveries", at: at).enumerated() {
                let dat = "\(at)deliveries[\(k)]."
                let name = try reader.string(d, "channel", at: dat)
                guard let channel = channelIDs[name.lowercased()] else { throw reader.fail("\(dat)channel \(name) is not among the channels") }
                try insertDelivery.bind([.int(id), .int(channel)] + (try reader.values(d, deliveryColumns, section: "deliveries", at: dat)))
                while try insertDelivery.step() {}
            }
            counts["alerts", default: 0] += 1
        }
        let insertCatalog = try db.prepare(insertSQL("catalog_model", catalogColumns))
        for (i, c) in try reader.objects(root, "catalog", at: "").enumerated() {
            try insertCatalog.bind(try reader.values(c, catalogColumns, section: "catalog", at: "catalog[\(i)]."))
            while try insertCatalog.step() {}
            counts["catalog", default: 0] += 1
        }
        return counts
    }
}
