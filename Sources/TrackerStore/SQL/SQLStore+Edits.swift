import TrackerCore

/// Editing and recovery (migration 010): renames, reopening, generation
/// corrections with their history, removals, and taking an ack or a
/// snooze back.
extension SQLStore {
    // MARK: Fine-tunes

    public func renameFineTune(_ ft: FineTune, to newName: String, today: Day) throws(Failure) {
        if let other = try fineTune(named: newName), other.id != ft.id {
            throw Failure.data("fine-tune '\(other.name)' already exists; choose another name")
        }
        try database.run("UPDATE fine_tune SET name = ?, name_key = ? WHERE id = ?",
                         [.text(newName), .text(NameKey.of(newName)), .int(ft.id)])
        try database.run("""
            INSERT INTO fine_tune_change (fine_tune_id, field, old_value, new_value, recorded_on) VALUES (?, 'name', ?, ?, ?)
            """, [.int(ft.id), .text(ft.name), .text(newName), .day(today)])
    }

    public func reopen(_ ft: FineTune, today: Day) throws(Failure) {
        guard let retired = ft.retiredOn else { return }
        try database.run("UPDATE fine_tune SET retired_on = NULL, retire_reason = NULL WHERE id = ?", [.int(ft.id)])
        let old = retired.description + (ft.retireReason.map { " (\($0))" } ?? "")
        try database.run("""
            INSERT INTO fine_tune_change (fine_tune_id, field, old_value, new_value, recorded_on) VALUES (?, 'retired', ?, NULL, ?)
            """, [.int(ft.id), .text(old), .day(today)])
    }

    public func removeFineTune(id: Int64) throws(Failure) {
        // Explicit deletes, not only ON DELETE CASCADE: nothing is left
        // behind even on a connection without foreign keys.
        try database.run("DELETE FROM eval WHERE generation_id IN (SELECT id FROM generation WHERE fine_tune_id = ?)", [.int(id)])
        try database.run("DELETE FROM generation_change WHERE generation_id IN (SELECT id FROM generation WHERE fine_tune_id = ?)", [.int(id)])
        try database.run("DELETE FROM generation WHERE fine_tune_id = ?", [.int(id)])
        try database.run("DELETE FROM fine_tune_change WHERE fine_tune_id = ?", [.int(id)])
        try database.run("DELETE FROM fine_tune WHERE id = ?", [.int(id)])
    }

    // MARK: Generations

    /// Each correctable fact: its field, its text form, and the columns and values that store it.
    private static func facts(_ g: NewGeneration) -> [(GenerationChange.Field, String?, [String], [SQLValue])] {
        [
            (.cost, g.cost.description, ["cost_minor", "currency"], [.int(g.cost.minorUnits), .text(g.cost.currency)]),
            (.trained, g.trained.description, ["trained_on"], [.day(g.trained)]),
            (.modelID, g.modelID, ["model_id"], [.text(g.modelID)]),
            (.examples, g.examples.map { String($0) }, ["examples"], [.integer(g.examples)]),
            (.tokens, g.tokens.map { String($0) }, ["trained_tokens"], [.integer(g.tokens)]),
            (.dataset, g.datasetRef, ["dataset_ref"], [.text(g.datasetRef)]),
        ]
    }

    @discardableResult
    public func updateGeneration(_ old: Generation, to new: NewGeneration, today: Day) throws(Failure) -> [GenerationChange.Field] {
        var changed: [GenerationChange.Field] = []
        var columns: [String] = []
        var values: [SQLValue] = []
        let before = SQLStore.facts(old.facts)
        for (i, after) in SQLStore.facts(new).enumerated() {
            let (field, oldText, _, oldValues) = before[i]
            let (_, newText, names, newValues) = after
            if oldValues == newValues { continue }
            changed.append(field)
            columns += names
            values += newValues
            try database.run("""
                INSERT INTO generation_change (generation_id, field, old_value, new_value, recorded_on) VALUES (?, ?, ?, ?, ?)
                """, [.int(old.id), .text(field.rawValue), .text(oldText), .text(newText), .day(today)])
        }
        if !columns.isEmpty {
            let assignments = columns.map { "\($0) = ?" }.joined(separator: ", ")
            try database.run("UPDATE generation SET \(assignments) WHERE id = ?", values + [.int(old.id)])
        }
        return changed
    }

    public func generationChanges(fineTune: Int64) throws(Failure) -> [GenerationChange] {
        let st = try database.prepare("""
            SELECT g.number, c.field, c.old_value, c.new_value, c.recorded_on
            FROM generation_change c JOIN generation g ON g.id = c.generation_id
            WHERE g.fine_tune_id = ? ORDER BY c.id
            """)
        try st.bind([.int(fineTune)])
        var out: [GenerationChange] = []
        while try st.step() {
            guard let field = GenerationChange.Field(rawValue: st.text(1)) else { continue }
            out.append(GenerationChange(generation: Int(st.int(0)), field: field, old: st.optionalText(2), new: st.optionalText(3),
                                        recordedOn: st.day(4) ?? Day(ordinal: 0)))
        }
        return out
    }

    public func removeGeneration(id: Int64) throws(Failure) {
        try database.run("DELETE FROM eval WHERE generation_id = ?", [.int(id)])
        try database.run("DELETE FROM generation_change WHERE generation_id = ?", [.int(id)])
        try database.run("DELETE FROM generation WHERE id = ?", [.int(id)])
    }

    // MARK: Bases

    public func users(ofBase base: Int64) throws(Failure) -> BaseUsers {
        var users = BaseUsers()
        let generations = try database.prepare("""
            SELECT f.name, g.number FROM generation g JOIN fine_tune f ON f.id = g.fine_tune_id
            WHERE g.base_id = ? ORDER BY f.name COLLATE NOCASE, f.id, g.number
            """)
        try generations.bind([.int(base)])
        while try generations.step() { users.generations.append("\(generations.text(0)) g\(generations.int(1))") }
        let predecessors = try database.prepare("""
            SELECT provider || '/' || family || '@' || version FROM base_version WHERE successor_id = ? AND id <> ? ORDER BY id
            """)
        try predecessors.bind([.int(base), .int(base)])
        while try predecessors.step() { users.predecessors.append(predecessors.text(0)) }
        let prompts = try database.prepare("""
            SELECT t.name, p.number FROM prompt_revision p JOIN task t ON t.id = p.task_id
            WHERE p.base_id = ? ORDER BY t.name COLLATE NOCASE, p.number
            """)
        try prompts.bind([.int(base)])
        while try prompts.step() { users.promptRevisions.append("\(prompts.text(0)) r\(prompts.int(1))") }
        return users
    }

    public func removeBase(id: Int64) throws(Failure) {
        try database.run("DELETE FROM base_date_change WHERE base_id = ?", [.int(id)])
        try database.run("DELETE FROM base_price WHERE base_id = ?", [.int(id)])
        // A base that names itself as successor is its own only user.
        try database.run("UPDATE base_version SET successor_id = NULL WHERE id = ?", [.int(id)])
        try database.run("DELETE FROM base_version WHERE id = ?", [.int(id)])
    }

    // MARK: Alerts

    public func clearAck(alert: Int64) throws(Failure) {
        try database.run("UPDATE alert SET acked = 0, ack_until = NULL WHERE id = ?", [.int(alert)])
    }

    public func clearSnooze(alert: Int64) throws(Failure) {
        try database.run("UPDATE alert SET snoozed_until = NULL WHERE id = ?", [.int(alert)])
    }

    // MARK: Channels

    public func updateChannel(_ c: Channel) throws(Failure) {
        if let other = try channel(named: c.name), other.id != c.id {
            throw Failure.data("channel '\(other.name)' already exists; choose another name")
        }
        try database.run("""
            UPDATE channel SET name = ?, name_key = ?, url_env = ?, url_file = ?, secret_env = ?, secret_file = ?, smtp_url = ?,
                               mail_from = ?, mail_to = ?, smtp_user = ?, password_env = ?, password_file = ?,
                               insecure_plaintext = ?, ca_file = ?, route_owner = ?, route_task = ?, min_urgency = ?,
                               repeat_every = ?
            WHERE id = ?
            """, [.text(c.name), .text(NameKey.of(c.name)), .text(c.urlEnv), .text(c.urlFile), .text(c.secretEnv),
                  .text(c.secretFile), .text(c.smtpURL), .text(c.mailFrom),
                  .text(c.mailTo.isEmpty ? nil : c.mailTo.joined(separator: "\n")), .text(c.smtpUser),
                  .text(c.passwordEnv), .text(c.passwordFile), .int(c.insecurePlaintext ? 1 : 0), .text(c.caFile),
                  .text(c.route.owner), .text(c.route.task), .text(c.route.minUrgency.name),
                  .text(c.route.repeatEvery.description), .int(c.id)])
    }
}
