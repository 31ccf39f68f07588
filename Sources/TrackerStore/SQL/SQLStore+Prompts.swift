import TrackerCore

/// Tasks, prompt revisions and evals (migration 009).
extension SQLStore {
    // MARK: Tasks

    static let taskColumns = "id, name, target_percent, description, created_on"

    static func task(from st: Statement) -> TaskRecord {
        TaskRecord(id: st.int(0), name: st.text(1), targetPercent: Int(st.int(2)), description: st.optionalText(3),
                   createdOn: st.day(4) ?? Day(ordinal: 0))
    }

    public func tasks() throws(Failure) -> [TaskRecord] {
        let st = try database.prepare("SELECT \(SQLStore.taskColumns) FROM task ORDER BY name_key, id")
        var out: [TaskRecord] = []
        while try st.step() { out.append(SQLStore.task(from: st)) }
        return out
    }

    public func task(named name: String) throws(Failure) -> TaskRecord? {
        let exact = try database.prepare("SELECT \(SQLStore.taskColumns) FROM task WHERE name = ?")
        try exact.bind([.text(name)])
        if try exact.step() { return SQLStore.task(from: exact) }
        let st = try database.prepare("SELECT \(SQLStore.taskColumns) FROM task WHERE name_key = ?")
        try st.bind([.text(NameKey.of(name))])
        return try st.step() ? SQLStore.task(from: st) : nil
    }

    public func insertTask(name: String, targetPercent: Int, description: String?, today: Day) throws(Failure) -> TaskRecord {
        if let existing = try task(named: name) {
            throw Failure.data("task '\(existing.name)' already exists; change it with 'tracker task set \(existing.name) ...'")
        }
        try database.run("""
            INSERT INTO task (name, name_key, target_percent, description, created_on) VALUES (?, ?, ?, ?, ?)
            """, [.text(name), .text(NameKey.of(name)), .int(targetPercent), .text(description), .day(today)])
        return TaskRecord(id: database.lastInsertID, name: name, targetPercent: targetPercent, description: description,
                          createdOn: today)
    }

    public func updateTask(_ task: TaskRecord) throws(Failure) {
        try database.run("UPDATE task SET target_percent = ?, description = ? WHERE id = ?",
                         [.int(task.targetPercent), .text(task.description), .int(task.id)])
    }

    public func ensureTask(named name: String, today: Day) throws(Failure) -> (task: TaskRecord, created: Bool) {
        if let t = try task(named: name) { return (t, false) }
        return (try insertTask(name: name, targetPercent: TaskRecord.defaultTarget, description: nil, today: today), true)
    }

    // MARK: Prompt revisions

    /// A revision with its task's name, base, latest eval and eval count.
    static let revisionSelect = """
        SELECT p.id, t.name, p.number, p.text, p.sha256, p.note, b.provider, b.family, b.version, p.created_on,
               le.passed, le.total, (SELECT count(*) FROM eval c WHERE c.prompt_revision_id = p.id)
        FROM prompt_revision p
        JOIN task t ON t.id = p.task_id
        LEFT JOIN base_version b ON b.id = p.base_id
        LEFT JOIN latest_eval le ON le.prompt_revision_id = p.id
        """

    static func revision(from st: Statement) -> PromptRevision {
        var model: BaseRef?
        if let provider = st.optionalText(6) { model = BaseRef(provider: provider, family: st.text(7), version: st.text(8)) }
        let eval = st.optionalInt(10).flatMap { p in st.optionalInt(11).flatMap { EvalResult(passed: Int(p), total: Int($0)) } }
        return PromptRevision(id: st.int(0), task: st.text(1), number: Int(st.int(2)), text: st.text(3), sha256: st.text(4),
                              note: st.optionalText(5), model: model, createdOn: st.day(9) ?? Day(ordinal: 0),
                              latestEval: eval, evalCount: Int(st.int(12)))
    }

    public func promptRevisions(task: Int64) throws(Failure) -> [PromptRevision] {
        let st = try database.prepare("\(SQLStore.revisionSelect) WHERE p.task_id = ? ORDER BY p.number")
        try st.bind([.int(task)])
        var out: [PromptRevision] = []
        while try st.step() { out.append(SQLStore.revision(from: st)) }
        return out
    }

    public func promptRevision(task: Int64, number: Int) throws(Failure) -> PromptRevision? {
        let st = try database.prepare("\(SQLStore.revisionSelect) WHERE p.task_id = ? AND p.number = ?")
        try st.bind([.int(task), .int(number)])
        return try st.step() ? SQLStore.revision(from: st) : nil
    }

    public func insertPromptRevision(task: TaskRecord, text: String, sha256: String, note: String?, baseID: Int64?,
                                     today: Day) throws(Failure) -> PromptRevision {
        let number = Int(try database.scalarInt("SELECT coalesce(max(number), 0) + 1 FROM prompt_revision WHERE task_id = ?",
                                                [.int(task.id)]) ?? 1)
        try database.run("""
            INSERT INTO prompt_revision (task_id, number, text, sha256, note, base_id, created_on) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.int(task.id), .int(number), .text(text), .text(sha256), .text(note), .integer(baseID), .day(today)])
        guard let stored = try promptRevision(task: task.id, number: number) else {
            throw Failure(.software, "prompt revision r\(number) of \(task.name) was not stored")
        }
        return stored
    }

    // MARK: Evals

    /// An eval with its subject's names: task and revision, or fine-tune and generation.
    static let evalSelect = """
        SELECT e.id, t.name, p.number, f.name, g.number, e.passed, e.total, e.dataset_ref, e.day, e.recorded_on
        FROM eval e
        LEFT JOIN prompt_revision p ON p.id = e.prompt_revision_id
        LEFT JOIN task t ON t.id = p.task_id
        LEFT JOIN generation g ON g.id = e.generation_id
        LEFT JOIN fine_tune f ON f.id = g.fine_tune_id
        """

    static func eval(from st: Statement) -> EvalRecord? {
        let subject: EvalSubject
        if let task = st.optionalText(1) {
            subject = .prompt(task: task, revision: Int(st.int(2)))
        } else if let name = st.optionalText(3) {
            subject = .generation(fineTune: name, number: Int(st.int(4)))
        } else {
            return nil
        }
        guard let result = EvalResult(passed: Int(st.int(5)), total: Int(st.int(6))) else { return nil }
        return EvalRecord(id: st.int(0), subject: subject, result: result, dataset: st.optionalText(7),
                          day: st.day(8) ?? Day(ordinal: 0), recordedOn: st.day(9) ?? Day(ordinal: 0))
    }

    /// The row id a subject names (names as stored), or nil.
    func evalSubjectID(_ subject: EvalSubject) throws(Failure) -> (column: String, id: Int64)? {
        switch subject {
        case .prompt(let taskName, let number):
            guard let t = try task(named: taskName),
                  let id = try database.scalarInt("SELECT id FROM prompt_revision WHERE task_id = ? AND number = ?",
                                                  [.int(t.id), .int(number)]) else { return nil }
            return ("prompt_revision_id", id)
        case .generation(let name, let number):
            guard let ft = try fineTune(named: name),
                  let id = try database.scalarInt("SELECT id FROM generation WHERE fine_tune_id = ? AND number = ?",
                                                  [.int(ft.id), .int(number)]) else { return nil }
            return ("generation_id", id)
        }
    }

    public func evals(of subject: EvalSubject) throws(Failure) -> [EvalRecord] {
        guard let (column, id) = try evalSubjectID(subject) else { return [] }
        let st = try database.prepare("\(SQLStore.evalSelect) WHERE e.\(column) = ? ORDER BY e.day, e.id")
        try st.bind([.int(id)])
        var out: [EvalRecord] = []
        while try st.step() { if let e = SQLStore.eval(from: st) { out.append(e) } }
        return out
    }

    public func insertEval(_ subject: EvalSubject, result: EvalResult, dataset: String?, day: Day, today: Day) throws(Failure) -> EvalRecord {
        guard let (column, id) = try evalSubjectID(subject) else {
            throw Failure.data("no \(subject) to record an eval of")
        }
        try database.run("INSERT INTO eval (\(column), passed, total, dataset_ref, day, recorded_on) VALUES (?, ?, ?, ?, ?, ?)",
                         [.int(id), .int(result.passed), .int(result.total), .text(dataset), .day(day), .day(today)])
        return EvalRecord(id: database.lastInsertID, subject: subject, result: result, dataset: dataset, day: day, recordedOn: today)
    }

    /// Records a generation's eval by its row id (`--eval` on add and retrain).
    func insertGenerationEval(generation: Int64, _ result: EvalResult, day: Day, today: Day) throws(Failure) {
        try database.run("INSERT INTO eval (generation_id, passed, total, day, recorded_on) VALUES (?, ?, ?, ?, ?)",
                         [.int(generation), .int(result.passed), .int(result.total), .day(day), .day(today)])
    }

    public func allPromptRevisions() throws(Failure) -> [PromptRevision] {
        let st = try database.prepare("\(SQLStore.revisionSelect) ORDER BY t.name_key, t.id, p.number")
        var out: [PromptRevision] = []
        while try st.step() { out.append(SQLStore.revision(from: st)) }
        return out
    }

    public func allEvals() throws(Failure) -> [EvalRecord] {
        let st = try database.prepare("\(SQLStore.evalSelect) ORDER BY e.day, e.id")
        var out: [EvalRecord] = []
        while try st.step() { if let e = SQLStore.eval(from: st) { out.append(e) } }
        return out
    }
}
