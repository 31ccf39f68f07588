import Migrations
import TrackerCore

/// `tracker export` / `tracker import FILE` for SQLite: the whole database
/// as one JSON document keyed by names, not row ids (see `ArchiveFormat`).
/// Export, import, export again gives identical output.
extension SQLiteStore {
    static let baseExportColumns = ["provider", "family", "version", "model_id", "released", "released_source", "deprecated",
                              "deprecated_undated", "deprecated_source", "shutdown", "shutdown_source", "created_on",
                              "listed_by", "gone_on", "shutdown_disputed", "shutdown_disputed_source",
                              "shutdown_disputed_by", "shutdown_disputed_on",
                              "train_price_minor", "train_price_currency", "train_price_source", "train_price_read_on"]
    static let historyColumns = ["field", "value", "undated", "source", "recorded_on", "applied"]
    static let fineTuneExportColumns = ["name", "task", "owner", "retrain_every", "created_on", "retired_on", "retire_reason",
                                        "calls_per_month", "tokens_in", "tokens_out", "retrain_cost_minor", "retrain_cost_currency"]
    static let priceColumns = ["kind", "micros", "currency", "source", "read_on"]
    static let changeColumns = ["field", "old_value", "new_value", "recorded_on"]
    static let budgetExportColumns = ["scope_kind", "scope_name", "period", "amount_minor", "currency", "created_on"]
    static let generationColumns = ["number", "model_id", "trained_on", "cost_minor", "currency", "trained_tokens", "examples",
                                    "dataset_ref", "dataset_sha256", "eval_passed", "eval_total", "recorded_on", "job_id"]
    static let alertExportColumns = ["key", "short_id", "fine_tune", "owner", "task", "generation", "reason", "base", "urgency",
                                     "date", "threshold", "text", "state", "episode", "first_seen", "last_seen", "resolved_on",
                                     "acked", "ack_until", "snoozed_until", "budget"]
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

    public func exportArchive(to out: TextOutput) throws(Failure) {
        let db = database
        var j = JSONWriter(out)
        j.beginObject()
        j.field("format", ArchiveFormat.name)
        j.field("version", ArchiveFormat.version)
        j.field("schema", Migrations.all.last?.version ?? 0)

        j.key("bases")
        j.beginArray()
        let bases = try db.prepare("""
            SELECT \(Self.select(Self.baseExportColumns, prefix: "b.")), s.provider || '/' || s.family || '@' || s.version, b.id
            FROM base_version b LEFT JOIN base_version s ON s.id = b.successor_id ORDER BY b.id
            """)
        let history = try db.prepare("SELECT \(Self.select(Self.historyColumns)) FROM base_date_change WHERE base_id = ? ORDER BY id")
        let prices = try db.prepare("SELECT \(Self.select(Self.priceColumns)) FROM base_price WHERE base_id = ? ORDER BY kind")
        while try bases.step() {
            j.beginObject()
            Self.writeRow(bases, columns: Self.baseExportColumns, into: &j)
            j.field("successor", bases.optionalText(Int32(Self.baseExportColumns.count)))
            j.key("history")
            j.beginArray()
            try history.bind([.int(bases.int(Int32(Self.baseExportColumns.count + 1)))])
            while try history.step() {
                j.beginObject()
                Self.writeRow(history, columns: Self.historyColumns, into: &j)
                j.endObject()
            }
            j.endArray()
            j.key("prices")
            j.beginArray()
            try prices.bind([.int(bases.int(Int32(Self.baseExportColumns.count + 1)))])
            while try prices.step() {
                j.beginObject()
                Self.writeRow(prices, columns: Self.priceColumns, into: &j)
                j.endObject()
            }
            j.endArray()
            j.endObject()
        }
        j.endArray()

        j.key("fine_tunes")
        j.beginArray()
        let fineTunes = try db.prepare("SELECT \(Self.select(Self.fineTuneExportColumns)), id FROM fine_tune ORDER BY id")
        let generations = try db.prepare("""
            SELECT \(Self.select(Self.generationColumns, prefix: "g.")), b.provider || '/' || b.family || '@' || b.version
            FROM generation g JOIN base_version b ON b.id = g.base_id WHERE g.fine_tune_id = ? ORDER BY g.number
            """)
        let changes = try db.prepare("SELECT \(Self.select(Self.changeColumns)) FROM fine_tune_change WHERE fine_tune_id = ? ORDER BY id")
        while try fineTunes.step() {
            j.beginObject()
            Self.writeRow(fineTunes, columns: Self.fineTuneExportColumns, into: &j)
            j.key("generations")
            j.beginArray()
            try generations.bind([.int(fineTunes.int(Int32(Self.fineTuneExportColumns.count)))])
            while try generations.step() {
                j.beginObject()
                Self.writeRow(generations, columns: Self.generationColumns, into: &j)
                j.field("base", generations.text(Int32(Self.generationColumns.count)))
                j.endObject()
            }
            j.endArray()
            j.key("changes")
            j.beginArray()
            try changes.bind([.int(fineTunes.int(Int32(Self.fineTuneExportColumns.count)))])
            while try changes.step() {
                j.beginObject()
                Self.writeRow(changes, columns: Self.changeColumns, into: &j)
                j.endObject()
            }
            j.endArray()
            j.endObject()
        }
        j.endArray()

        j.key("channels")
        j.beginArray()
        let channelSt = try db.prepare("SELECT \(SQLiteStore.channelColumns) FROM channel ORDER BY id")
        while try channelSt.step() { ArchiveFormat.write(SQLiteStore.channel(from: channelSt), into: &j) }
        j.endArray()

        j.key("alerts")
        j.beginArray()
        let alerts = try db.prepare("SELECT \(Self.select(Self.alertExportColumns)), id FROM alert ORDER BY id")
        let deliveries = try db.prepare("""
            SELECT \(Self.select(Self.deliveryColumns, prefix: "d.")), c.name FROM delivery d JOIN channel c ON c.id = d.channel_id
            WHERE d.alert_id = ? ORDER BY d.id
            """)
        while try alerts.step() {
            j.beginObject()
            Self.writeRow(alerts, columns: Self.alertExportColumns, into: &j)
            j.key("deliveries")
            j.beginArray()
            try deliveries.bind([.int(alerts.int(Int32(Self.alertExportColumns.count)))])
            while try deliveries.step() {
                j.beginObject()
                Self.writeRow(deliveries, columns: Self.deliveryColumns, into: &j)
                j.field("channel", deliveries.text(Int32(Self.deliveryColumns.count)))
                j.endObject()
            }
            j.endArray()
            j.endObject()
        }
        j.endArray()

        j.key("catalog")
        j.beginArray()
        let catalog = try db.prepare("SELECT \(Self.select(Self.catalogColumns)) FROM catalog_model ORDER BY id")
        while try catalog.step() {
            j.beginObject()
            Self.writeRow(catalog, columns: Self.catalogColumns, into: &j)
            j.endObject()
        }
        j.endArray()

        j.key("budgets")
        j.beginArray()
        let budgets = try db.prepare("SELECT \(Self.select(Self.budgetExportColumns)) FROM budget ORDER BY id")
        while try budgets.step() {
            j.beginObject()
            Self.writeRow(budgets, columns: Self.budgetExportColumns, into: &j)
            j.endObject()
        }
        j.endArray()
        j.endObject()
    }

    /// The row's values in column order, each checked by its section's rule.
    private func values(_ o: JSONObject, _ columns: [String], section: ArchiveFormat.Section, at place: String,
                        reader: ArchiveReader) throws(Failure) -> [SQLValue] {
        var out: [SQLValue] = []
        for c in columns {
            let v = try reader.value(o, c, at: place)
            if let check = section.checks[c], let problem = check.problem(v) { throw reader.fail("\(place)\(c) \(problem)") }
            switch v {
            case .null: out.append(.null)
            case .int(let i): out.append(.int(i))
            case .text(let t): out.append(.text(t))
            }
        }
        return out
    }

    private static func insertSQL(_ table: String, _ columns: [String]) -> String {
        "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
    }

    public func importArchive(_ root: JSONObject, file: String) throws(Failure) -> [String: Int] {
        let reader = ArchiveReader(file: file)
        let db = database
        guard try isEmpty() else {
            throw Failure(.data, "import needs an empty database, and \(db.path) has data; pass --db with a new path")
        }
        let version = try reader.version(root)
        var counts: [String: Int] = [:]
        var baseIDs: [String: Int64] = [:]
        var successors: [(Int64, String)] = []
        let insertBase = try db.prepare(Self.insertSQL("base_version", Self.baseExportColumns))
        let insertHistory = try db.prepare(Self.insertSQL("base_date_change", ["base_id"] + Self.historyColumns))
        let insertPrice = try db.prepare(Self.insertSQL("base_price", ["base_id"] + Self.priceColumns))
        for (i, b) in try reader.objects(root, "bases", at: "").enumerated() {
            let at = "bases[\(i)]."
            try insertBase.bind(try values(b, Self.baseExportColumns, section: .bases, at: at, reader: reader))
            if let problem = try reader.lifecycleProblem(b, at: at) { throw reader.fail("\(at) \(problem)") }
            while try insertBase.step() {}
            let id = db.lastInsertID
            let ref = "\(try reader.string(b, "provider", at: at))/\(try reader.string(b, "family", at: at))@\(try reader.string(b, "version", at: at))"
            baseIDs[ref] = id
            if case .text(let s) = try reader.value(b, "successor", at: at) { successors.append((id, s)) }
            for (k, h) in try reader.objects(b, "history", at: at).enumerated() {
                try insertHistory.bind([.int(id)] + (try values(h, Self.historyColumns, section: .history, at: "\(at)history[\(k)].", reader: reader)))
                while try insertHistory.step() {}
            }
            var kinds: Set<String> = []
            for (k, p) in try reader.objects(b, "prices", at: at).enumerated() {
                let pat = "\(at)prices[\(k)]."
                let row = try values(p, Self.priceColumns, section: .prices, at: pat, reader: reader)
                guard kinds.insert(try reader.string(p, "kind", at: pat)).inserted else {
                    throw reader.fail("\(pat)kind is already among this base's prices")
                }
                try insertPrice.bind([.int(id)] + row)
                while try insertPrice.step() {}
            }
            counts["bases", default: 0] += 1
        }
        for (id, ref) in successors {
            guard let s = baseIDs[ref] else { throw reader.fail("successor \(ref) is not among the bases") }
            try db.run("UPDATE base_version SET successor_id = ? WHERE id = ?", [.int(s), .int(id)])
        }
        // The export has no name keys: each name's is computed again. Names
        // that fold to one key come from a database that had them before
        // migration 005; as there, the first keeps the key and the others
        // none, so export, import, export gives identical output.
        let insertFineTune = try db.prepare(Self.insertSQL("fine_tune", ["name_key"] + Self.fineTuneExportColumns))
        let insertGeneration = try db.prepare(Self.insertSQL("generation", ["fine_tune_id", "base_id"] + Self.generationColumns))
        let insertChange = try db.prepare(Self.insertSQL("fine_tune_change", ["fine_tune_id"] + Self.changeColumns))
        var fineTuneKeys: Set<String> = []
        for (i, f) in try reader.objects(root, "fine_tunes", at: "").enumerated() {
            let at = "fine_tunes[\(i)]."
            let row = try values(f, Self.fineTuneExportColumns, section: .fineTunes, at: at, reader: reader)
            try reader.checkFineTune(f, at: at)
            let key = NameKey.of(try reader.string(f, "name", at: at))
            try insertFineTune.bind([fineTuneKeys.insert(key).inserted ? .text(key) : .null] + row)
            while try insertFineTune.step() {}
            let id = db.lastInsertID
            for (k, g) in try reader.objects(f, "generations", at: at).enumerated() {
                let gat = "\(at)generations[\(k)]."
                let ref = try reader.string(g, "base", at: gat)
                guard let base = baseIDs[ref] else { throw reader.fail("\(gat)base \(ref) is not among the bases") }
                try insertGeneration.bind([.int(id), .int(base)] + (try values(g, Self.generationColumns, section: .generations, at: gat, reader: reader)))
                while try insertGeneration.step() {}
            }
            for (k, c) in try reader.objects(f, "changes", at: at).enumerated() {
                try insertChange.bind([.int(id)] + (try values(c, Self.changeColumns, section: .changes, at: "\(at)changes[\(k)].", reader: reader)))
                while try insertChange.step() {}
            }
            counts["fine_tunes", default: 0] += 1
        }
        // Deliveries name their channel exactly as the export wrote it.
        var channelIDs: [String: Int64] = [:]
        var channelKeys: Set<String> = []
        for (i, c) in try reader.objects(root, "channels", at: "").enumerated() {
            let at = "channels[\(i)]"
            let channel = try reader.channel(c, version: version, at: at)
            if channelIDs[channel.name] != nil { throw reader.fail("\(at).name \(channel.name) is already among the channels") }
            let key = NameKey.of(channel.name)
            channelIDs[channel.name] = try insertChannelRow(channel, key: channelKeys.insert(key).inserted ? key : nil)
            counts["channels", default: 0] += 1
        }
        let insertAlert = try db.prepare(Self.insertSQL("alert", Self.alertExportColumns))
        let insertDelivery = try db.prepare(Self.insertSQL("delivery", ["alert_id", "channel_id"] + Self.deliveryColumns))
        for (i, a) in try reader.objects(root, "alerts", at: "").enumerated() {
            let at = "alerts[\(i)]."
            let row = try values(a, Self.alertExportColumns, section: .alerts, at: at, reader: reader)
            try reader.checkAlert(a, at: at)
            try insertAlert.bind(row)
            while try insertAlert.step() {}
            let id = db.lastInsertID
            for (k, d) in try reader.objects(a, "deliveries", at: at).enumerated() {
                let dat = "\(at)deliveries[\(k)]."
                let name = try reader.string(d, "channel", at: dat)
                guard let channel = channelIDs[name] else { throw reader.fail("\(dat)channel \(name) is not among the channels") }
                try insertDelivery.bind([.int(id), .int(channel)] + (try values(d, Self.deliveryColumns, section: .deliveries, at: dat, reader: reader)))
                while try insertDelivery.step() {}
            }
            counts["alerts", default: 0] += 1
        }
        let insertCatalog = try db.prepare(Self.insertSQL("catalog_model", Self.catalogColumns))
        for (i, c) in try reader.objects(root, "catalog", at: "").enumerated() {
            try insertCatalog.bind(try values(c, Self.catalogColumns, section: .catalog, at: "catalog[\(i)].", reader: reader))
            while try insertCatalog.step() {}
            counts["catalog", default: 0] += 1
        }
        // Budgets are found by their scope's name key, computed again here.
        let insertBudget = try db.prepare(Self.insertSQL("budget", ["scope_key"] + Self.budgetExportColumns))
        var budgetKeys: Set<String> = []
        for (i, b) in try reader.objects(root, "budgets", at: "").enumerated() {
            let at = "budgets[\(i)]."
            let row = try values(b, Self.budgetExportColumns, section: .budgets, at: at, reader: reader)
            try reader.checkBudget(b, at: at)
            let period = try reader.string(b, "period", at: at)
            guard Self.storedPeriod(period) != nil else {
                throw reader.fail("\(at)period must be a year, quarter or month (2027, 2027-Q1, 2027-03)")
            }
            let kind = try reader.string(b, "scope_kind", at: at)
            var key = ""
            if case .text(let name) = try reader.value(b, "scope_name", at: at) { key = NameKey.of(name) }
            guard budgetKeys.insert("\(kind)\u{0}\(key)\u{0}\(period)").inserted else {
                throw reader.fail("budgets[\(i)] is a second budget for the same scope and period")
            }
            try insertBudget.bind([.text(key)] + row)
            while try insertBudget.step() {}
            counts["budgets", default: 0] += 1
        }
        return counts
    }
}
