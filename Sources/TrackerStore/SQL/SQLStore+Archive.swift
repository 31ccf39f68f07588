import Migrations
import TrackerCore

/// `tracker export` / `tracker import FILE` for SQLite: the whole database
/// as one JSON document keyed by names, not row ids (see `ArchiveFormat`).
/// Export, import, export again gives identical output.
extension SQLStore {
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
                                    "dataset_ref", "dataset_sha256", "recorded_on", "job_id"]
    /// Versions 1 to 3 also had a generation's one eval.
    static let oldGenerationEvalColumns = ["eval_passed", "eval_total"]
    static let taskExportColumns = ["name", "target_percent", "description", "created_on"]
    static let evalExportColumns = ["passed", "total", "dataset", "day", "recorded_on"]
    /// The eval columns as selected (the export calls `dataset_ref` `dataset`).
    static let evalSelectColumns = "passed, total, dataset_ref, day, recorded_on"
    static let alertExportColumns = ["key", "short_id", "fine_tune", "owner", "task", "generation", "reason", "base", "urgency",
                                     "date", "threshold", "text", "state", "episode", "first_seen", "last_seen", "resolved_on",
                                     "acked", "ack_until", "snoozed_until", "budget"]
    static let deliveryColumns = ["episode", "kind", "threshold", "day", "delivered_at", "message_id"]
    static let catalogColumns = ["provider", "model_id", "catalog_key", "mode", "fine_tuned", "input_micro_per_mtok",
                                 "output_micro_per_mtok", "shutdown", "source", "read_on"]

    /// Migration 009's rule: each fine-tune task becomes a task (oldest spelling, default target).
    static let tasksFromFineTunesSQL = """
        INSERT INTO task (name, name_key, target_percent, created_on)
        SELECT f.task, tracker_name_key(f.task), 80, f.created_on
        FROM fine_tune f
        WHERE f.task IS NOT NULL AND length(f.task) > 0
          AND f.id = (SELECT min(o.id) FROM fine_tune o WHERE tracker_name_key(o.task) = tracker_name_key(f.task))
        ORDER BY f.id
        """

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
            Progress.advance()
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
            SELECT \(Self.select(Self.generationColumns, prefix: "g.")), b.provider || '/' || b.family || '@' || b.version, g.id
            FROM generation g JOIN base_version b ON b.id = g.base_id WHERE g.fine_tune_id = ? ORDER BY g.number
            """)
        let generationEvals = try db.prepare("SELECT \(Self.evalSelectColumns) FROM eval WHERE generation_id = ? ORDER BY day, id")
        let changes = try db.prepare("SELECT \(Self.select(Self.changeColumns)) FROM fine_tune_change WHERE fine_tune_id = ? ORDER BY id")
        let generationChanges = try db.prepare("SELECT \(Self.select(Self.changeColumns)) FROM generation_change WHERE generation_id = ? ORDER BY id")
        while try fineTunes.step() {
            Progress.advance()
            j.beginObject()
            Self.writeRow(fineTunes, columns: Self.fineTuneExportColumns, into: &j)
            j.key("generations")
            j.beginArray()
            try generations.bind([.int(fineTunes.int(Int32(Self.fineTuneExportColumns.count)))])
            while try generations.step() {
                j.beginObject()
                Self.writeRow(generations, columns: Self.generationColumns, into: &j)
                j.field("base", generations.text(Int32(Self.generationColumns.count)))
                try generationEvals.bind([.int(generations.int(Int32(Self.generationColumns.count + 1)))])
                try Self.writeEvals(generationEvals, into: &j)
                j.key("changes")
                j.beginArray()
                try generationChanges.bind([.int(generations.int(Int32(Self.generationColumns.count + 1)))])
                while try generationChanges.step() {
                    j.beginObject()
                    Self.writeRow(generationChanges, columns: Self.changeColumns, into: &j)
                    j.endObject()
                }
                j.endArray()
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

        try exportTasks(into: &j)

        j.key("channels")
        j.beginArray()
        let channelSt = try db.prepare("SELECT \(SQLStore.channelColumns) FROM channel ORDER BY id")
        while try channelSt.step() { Progress.advance(); ArchiveFormat.write(SQLStore.channel(from: channelSt), into: &j) }
        j.endArray()

        j.key("alerts")
        j.beginArray()
        let alerts = try db.prepare("SELECT \(Self.select(Self.alertExportColumns)), id FROM alert ORDER BY id")
        let deliveries = try db.prepare("""
            SELECT \(Self.select(Self.deliveryColumns, prefix: "d.")), c.name FROM delivery d JOIN channel c ON c.id = d.channel_id
            WHERE d.alert_id = ? ORDER BY d.id
            """)
        while try alerts.step() {
            Progress.advance()
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
            Progress.advance()
            j.beginObject()
            Self.writeRow(catalog, columns: Self.catalogColumns, into: &j)
            j.endObject()
        }
        j.endArray()

        j.key("budgets")
        j.beginArray()
        let budgets = try db.prepare("SELECT \(Self.select(Self.budgetExportColumns)) FROM budget ORDER BY id")
        while try budgets.step() {
            Progress.advance()
            j.beginObject()
            Self.writeRow(budgets, columns: Self.budgetExportColumns, into: &j)
            j.endObject()
        }
        j.endArray()
        j.endObject()
    }

    /// A subject's evals as the `evals` array.
    static func writeEvals(_ st: Statement, into j: inout JSONWriter) throws(Failure) {
        j.key("evals")
        j.beginArray()
        while try st.step() {
            j.beginObject()
            writeRow(st, columns: evalExportColumns, into: &j)
            j.endObject()
        }
        j.endArray()
    }

    /// `tasks`: each task with its prompt revisions, each with its evals.
    private func exportTasks(into j: inout JSONWriter) throws(Failure) {
        let db = database
        j.key("tasks")
        j.beginArray()
        let tasks = try db.prepare("SELECT \(Self.select(Self.taskExportColumns)), id FROM task ORDER BY id")
        let prompts = try db.prepare("""
            SELECT p.number, p.text, p.sha256, p.note, b.provider || '/' || b.family || '@' || b.version, p.created_on, p.id
            FROM prompt_revision p LEFT JOIN base_version b ON b.id = p.base_id WHERE p.task_id = ? ORDER BY p.number
            """)
        let evals = try db.prepare("SELECT \(Self.evalSelectColumns) FROM eval WHERE prompt_revision_id = ? ORDER BY day, id")
        while try tasks.step() {
            Progress.advance()
            j.beginObject()
            Self.writeRow(tasks, columns: Self.taskExportColumns, into: &j)
            j.key("prompts")
            j.beginArray()
            try prompts.bind([.int(tasks.int(Int32(Self.taskExportColumns.count)))])
            while try prompts.step() {
                j.beginObject()
                Self.writeRow(prompts, columns: ["number", "text", "sha256", "note", "model", "created_on"], into: &j)
                try evals.bind([.int(prompts.int(6))])
                try Self.writeEvals(evals, into: &j)
                j.endObject()
            }
            j.endArray()
            j.endObject()
        }
        j.endArray()
    }

    /// Reads `evals` of one subject (`column` = its row id).
    private func importEvals(_ o: JSONObject, column: String, id: Int64, at place: String,
                             reader: ArchiveReader) throws(Failure) {
        for (k, e) in try reader.objects(o, "evals", at: place).enumerated() {
            let at = "\(place)evals[\(k)]."
            let row = try values(e, Self.evalExportColumns, section: .evals, at: at, reader: reader)
            guard case .int(let passed) = row[0], case .int(let total) = row[1], total > 0, passed <= total else {
                throw reader.fail("\(at)passed must be at most total, and total more than 0")
            }
            try database.run("INSERT INTO eval (\(column), passed, total, dataset_ref, day, recorded_on) VALUES (?, ?, ?, ?, ?, ?)",
                             [.int(id)] + row)
        }
    }

    /// Reads `tasks` with their prompts and evals.
    private func importTasks(_ root: JSONObject, baseIDs: [String: Int64], reader: ArchiveReader) throws(Failure) -> Int {
        var keys: Set<String> = []
        var count = 0
        for (i, t) in try reader.objects(root, "tasks", at: "").enumerated() {
            Progress.advance()
            let at = "tasks[\(i)]."
            let row = try values(t, Self.taskExportColumns, section: .tasks, at: at, reader: reader)
            let key = NameKey.of(try reader.string(t, "name", at: at))
            guard keys.insert(key).inserted else { throw reader.fail("\(at)name is already among the tasks") }
            try database.run(Self.insertSQL("task", ["name_key"] + Self.taskExportColumns), [.text(key)] + row)
            let taskID = database.lastInsertID
            var numbers: Set<Int64> = []
            for (k, p) in try reader.objects(t, "prompts", at: at).enumerated() {
                let pat = "\(at)prompts[\(k)]."
                let facts = try values(p, ["number", "sha256", "note", "created_on"], section: .prompts, at: pat, reader: reader)
                guard case .int(let number) = facts[0], number >= 1, numbers.insert(number).inserted else {
                    throw reader.fail("\(pat)number must be 1 or more and not repeat")
                }
                let text: String
                switch PromptText.check(Array(try reader.string(p, "text", at: pat).utf8), source: "\(pat)text") {
                case .success(let t): text = t
                case .failure(let f): throw reader.fail(f.message)
                }
                guard facts[1] == .text(PromptText.sha256(text)) else {
                    throw reader.fail("\(pat)sha256 is not the SHA-256 of its text")
                }
                var baseID: SQLValue = .null
                if case .text(let ref) = try reader.value(p, "model", at: pat) {
                    guard let id = baseIDs[ref] else { throw reader.fail("\(pat)model \(ref) is not among the bases") }
                    baseID = .int(id)
                }
                try database.run("""
                    INSERT INTO prompt_revision (task_id, number, text, sha256, note, base_id, created_on) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, [.int(taskID), facts[0], .text(text), facts[1], facts[2], baseID, facts[3]])
                try importEvals(p, column: "prompt_revision_id", id: database.lastInsertID, at: pat, reader: reader)
            }
            count += 1
        }
        return count
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
            throw Failure(.data, "import needs an empty database, and \(db.label) has data; pass --db with a new path")
        }
        let version = try reader.version(root)
        var counts: [String: Int] = [:]
        var baseIDs: [String: Int64] = [:]
        var successors: [(Int64, String)] = []
        let insertBase = try db.prepare(Self.insertSQL("base_version", Self.baseExportColumns))
        let insertHistory = try db.prepare(Self.insertSQL("base_date_change", ["base_id"] + Self.historyColumns))
        let insertPrice = try db.prepare(Self.insertSQL("base_price", ["base_id"] + Self.priceColumns))
        for (i, b) in try reader.objects(root, "bases", at: "").enumerated() {
            Progress.advance()
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
        let insertGenerationChange = try db.prepare(Self.insertSQL("generation_change", ["generation_id"] + Self.changeColumns))
        var fineTuneKeys: Set<String> = []
        for (i, f) in try reader.objects(root, "fine_tunes", at: "").enumerated() {
            Progress.advance()
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
                let generationID = db.lastInsertID
                if version >= 5 {
                    for (n, c) in try reader.objects(g, "changes", at: gat).enumerated() {
                        try insertGenerationChange.bind([.int(generationID)] + (try values(c, Self.changeColumns, section: .generationChanges,
                                                                                          at: "\(gat)changes[\(n)].", reader: reader)))
                        while try insertGenerationChange.step() {}
                    }
                }
                if version >= 4 {
                    try importEvals(g, column: "generation_id", id: generationID, at: gat, reader: reader)
                } else {
                    // The one eval of versions 1 to 3, dated the day it was trained.
                    let old = try values(g, Self.oldGenerationEvalColumns, section: .generations, at: gat, reader: reader)
                    if case .int(let passed) = old[0], case .int(let total) = old[1] {
                        guard total > 0, passed <= total else {
                            throw reader.fail("\(gat)eval_passed must be at most eval_total, and eval_total more than 0")
                        }
                        try db.run("INSERT INTO eval (generation_id, passed, total, day, recorded_on) VALUES (?, ?, ?, ?, ?)",
                                   [.int(generationID), .int(passed), .int(total), .text(try reader.string(g, "trained_on", at: gat)),
                                    .text(try reader.string(g, "recorded_on", at: gat))])
                    } else if old[0] != .null || old[1] != .null {
                        throw reader.fail("\(gat)eval_passed and eval_total must both be set or both be null")
                    }
                }
            }
            for (k, c) in try reader.objects(f, "changes", at: at).enumerated() {
                try insertChange.bind([.int(id)] + (try values(c, Self.changeColumns, section: .changes, at: "\(at)changes[\(k)].", reader: reader)))
                while try insertChange.step() {}
            }
            counts["fine_tunes", default: 0] += 1
        }
        if version >= 4 {
            counts["tasks"] = try importTasks(root, baseIDs: baseIDs, reader: reader)
        } else {
            // Before version 4 a task was the fine-tune's free text: each
            // becomes a task, as migration 009 does it.
            try db.run(Self.tasksFromFineTunesSQL)
            counts["tasks"] = Int(try db.scalarInt("SELECT count(*) FROM task") ?? 0)
        }
        // Deliveries name their channel exactly as the export wrote it.
        var channelIDs: [String: Int64] = [:]
        var channelKeys: Set<String> = []
        for (i, c) in try reader.objects(root, "channels", at: "").enumerated() {
            Progress.advance()
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
            Progress.advance()
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
            Progress.advance()
            try insertCatalog.bind(try values(c, Self.catalogColumns, section: .catalog, at: "catalog[\(i)].", reader: reader))
            while try insertCatalog.step() {}
            counts["catalog", default: 0] += 1
        }
        // Budgets are found by their scope's name key, computed again here.
        let insertBudget = try db.prepare(Self.insertSQL("budget", ["scope_key"] + Self.budgetExportColumns))
        var budgetKeys: Set<String> = []
        for (i, b) in try reader.objects(root, "budgets", at: "").enumerated() {
            Progress.advance()
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
