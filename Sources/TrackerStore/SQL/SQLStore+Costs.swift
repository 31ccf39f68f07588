import TrackerCore

/// What budgets, TCO and the forecast read and write (migration 008): base
/// inference prices, fine-tune volume and retrain cost with their change
/// history, training spend, and budgets.
extension SQLStore {
    // MARK: Prices

    static func storedPrice(from st: Statement, at i: Int32) -> StoredPrice {
        StoredPrice(rate: TokenRate(micros: st.int(i), currency: st.text(i + 1)), source: st.text(i + 2), readOn: st.day(i + 3))
    }

    public func prices(base: Int64) throws(Failure) -> [PriceKind: StoredPrice] {
        let st = try database.prepare("SELECT kind, micros, currency, source, read_on FROM base_price WHERE base_id = ?")
        try st.bind([.int(base)])
        var out: [PriceKind: StoredPrice] = [:]
        while try st.step() {
            guard let kind = PriceKind(rawValue: st.text(0)) else { continue }
            out[kind] = SQLStore.storedPrice(from: st, at: 1)
        }
        return out
    }

    public func setPrice(base: Int64, _ kind: PriceKind, _ price: StoredPrice?) throws(Failure) {
        guard let price else {
            try database.run("DELETE FROM base_price WHERE base_id = ? AND kind = ?", [.int(base), .text(kind.rawValue)])
            return
        }
        try database.run("""
            INSERT INTO base_price (base_id, kind, micros, currency, source, read_on) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (base_id, kind) DO UPDATE SET micros = excluded.micros, currency = excluded.currency,
                                                      source = excluded.source, read_on = excluded.read_on
            """, [.int(base), .text(kind.rawValue), .int(price.rate.micros), .text(price.rate.currency), .text(price.source),
                  .day(price.readOn)])
    }

    public func allPrices() throws(Failure) -> [Int64: [PriceKind: StoredPrice]] {
        let st = try database.prepare("SELECT base_id, kind, micros, currency, source, read_on FROM base_price")
        var out: [Int64: [PriceKind: StoredPrice]] = [:]
        while try st.step() {
            guard let kind = PriceKind(rawValue: st.text(1)) else { continue }
            out[st.int(0), default: [:]][kind] = SQLStore.storedPrice(from: st, at: 2)
        }
        return out
    }

    public func allTrainPrices() throws(Failure) -> [Int64: TrainPrice] {
        let st = try database.prepare("""
            SELECT id, train_price_minor, train_price_currency, train_price_source, train_price_read_on
            FROM base_version WHERE train_price_minor IS NOT NULL AND train_price_currency IS NOT NULL
            """)
        var out: [Int64: TrainPrice] = [:]
        while try st.step() {
            out[st.int(0)] = TrainPrice(perMillion: Money(minorUnits: st.int(1), currency: st.text(2)),
                                        source: st.optionalText(3) ?? "manual", readOn: st.day(4))
        }
        return out
    }

    // MARK: Fine-tune settings

    /// Each setting `updateFineTune` writes: its field, its text form, and
    /// the columns and values that store it.
    private static func settings(_ f: FineTune) -> [(FineTuneChange.Field, String?, [String], [SQLValue])] {
        [
            (.owner, f.owner, ["owner"], [.text(f.owner)]),
            (.task, f.task, ["task"], [.text(f.task)]),
            (.retrainEvery, f.retrainEvery.description, ["retrain_every"], [.text(f.retrainEvery.description)]),
            (.callsPerMonth, f.volume.callsPerMonth.map { String($0) }, ["calls_per_month"], [.integer(f.volume.callsPerMonth)]),
            (.tokensIn, f.volume.tokensIn.map { String($0) }, ["tokens_in"], [.integer(f.volume.tokensIn)]),
            (.tokensOut, f.volume.tokensOut.map { String($0) }, ["tokens_out"], [.integer(f.volume.tokensOut)]),
            (.retrainCost, f.retrainCost?.description, ["retrain_cost_minor", "retrain_cost_currency"],
             [.integer(f.retrainCost?.minorUnits), .text(f.retrainCost?.currency)]),
        ]
    }

    @discardableResult
    public func updateFineTune(from old: FineTune, to new: FineTune, today: Day) throws(Failure) -> [FineTuneChange.Field] {
        var changed: [FineTuneChange.Field] = []
        var columns: [String] = []
        var values: [SQLValue] = []
        let before = SQLStore.settings(old)
        for (i, after) in SQLStore.settings(new).enumerated() {
            let (field, oldText, _, _) = before[i]
            let (_, newText, names, newValues) = after
            // Compared as values; the text forms are what the history keeps.
            let same: Bool
            switch field {
            case .owner: same = old.owner == new.owner
            case .task: same = old.task == new.task
            case .retrainEvery: same = old.retrainEvery == new.retrainEvery
            case .callsPerMonth: same = old.volume.callsPerMonth == new.volume.callsPerMonth
            case .tokensIn: same = old.volume.tokensIn == new.volume.tokensIn
            case .tokensOut: same = old.volume.tokensOut == new.volume.tokensOut
            case .retrainCost: same = old.retrainCost == new.retrainCost
            case .name, .retired: same = true  // not settings: renameFineTune and reopen record them
            }
            if same { continue }
            changed.append(field)
            columns += names
            values += newValues
            try database.run("""
                INSERT INTO fine_tune_change (fine_tune_id, field, old_value, new_value, recorded_on) VALUES (?, ?, ?, ?, ?)
                """, [.int(old.id), .text(field.rawValue), .text(oldText), .text(newText), .day(today)])
        }
        if !columns.isEmpty {
            let assignments = columns.map { "\($0) = ?" }.joined(separator: ", ")
            try database.run("UPDATE fine_tune SET \(assignments) WHERE id = ?", values + [.int(old.id)])
        }
        return changed
    }

    public func changes(fineTune: Int64) throws(Failure) -> [FineTuneChange] {
        let st = try database.prepare("""
            SELECT field, old_value, new_value, recorded_on FROM fine_tune_change WHERE fine_tune_id = ? ORDER BY id
            """)
        try st.bind([.int(fineTune)])
        var out: [FineTuneChange] = []
        while try st.step() {
            guard let field = FineTuneChange.Field(rawValue: st.text(0)) else { continue }
            out.append(FineTuneChange(field: field, old: st.optionalText(1), new: st.optionalText(2),
                                      recordedOn: st.day(3) ?? Day(ordinal: 0)))
        }
        return out
    }

    // MARK: Spend and the cost model

    public func spending() throws(Failure) -> [Spend] {
        let st = try database.prepare("""
            SELECT f.name, f.owner, f.task, g.number, g.trained_on, g.cost_minor, g.currency
            FROM generation g JOIN fine_tune f ON f.id = g.fine_tune_id
            ORDER BY g.trained_on, f.name COLLATE NOCASE, f.id, g.number
            """)
        var out: [Spend] = []
        while try st.step() {
            out.append(Spend(fineTune: st.text(0), owner: st.optionalText(1), task: st.optionalText(2),
                             generation: Int(st.int(3)), trained: st.day(4) ?? Day(ordinal: 0),
                             cost: Money(minorUnits: st.int(5), currency: st.text(6))))
        }
        return out
    }

    public func costSubjects() throws(Failure) -> [CostSubject] {
        let st = try database.prepare("""
            SELECT f.name, f.owner, f.task, f.retrain_every, f.calls_per_month, f.tokens_in, f.tokens_out,
                   f.retrain_cost_minor, f.retrain_cost_currency,
                   g.number, g.base_id, g.trained_on, g.trained_tokens, g.cost_minor, g.currency
            FROM fine_tune f
            JOIN current_generation g ON g.fine_tune_id = f.id
            WHERE f.retired_on IS NULL
            ORDER BY f.name COLLATE NOCASE, f.id
            """)
        var out: [CostSubject] = []
        while try st.step() {
            out.append(CostSubject(
                name: st.text(0), owner: st.optionalText(1), task: st.optionalText(2),
                retrainEvery: RetrainPolicy(st.text(3)) ?? .default, volume: SQLStore.volume(from: st, at: 4),
                retrainCost: SQLStore.money(from: st, at: 7), generation: Int(st.int(9)), baseID: st.int(10),
                trained: st.day(11) ?? Day(ordinal: 0), trainedTokens: st.optionalInt(12),
                lastCost: Money(minorUnits: st.int(13), currency: st.text(14))))
        }
        return out
    }

    // MARK: Budgets

    /// The three stored forms of a period: `2027`, `2027-Q1`, `2027-03`.
    /// (Private to the store: the user-facing parser lives in the core.)
    static func storedPeriod(_ text: String) -> BudgetPeriod? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let yearText = parts.first, yearText.count == 4, yearText.allSatisfy({ $0.isASCII && $0.isNumber }),
              let year = Int(yearText), year >= 1 else { return nil }
        func digits(_ s: Substring) -> Int? { s.allSatisfy { $0.isASCII && $0.isNumber } ? Int(s) : nil }
        switch parts.count {
        case 1:
            return .year(year)
        case 2 where parts[1].count == 2 && parts[1].first == "Q":
            guard let q = digits(parts[1].dropFirst()), (1...4).contains(q) else { return nil }
            return .quarter(year, q)
        case 2 where parts[1].count == 2:
            guard let m = digits(parts[1]), (1...12).contains(m) else { return nil }
            return .month(year, m)
        default:
            return nil
        }
    }

    static func scope(kind: String, name: String?) -> BudgetScope? {
        switch (kind, name) {
        case ("all", _): return .all
        case ("owner", let n?): return .owner(n)
        case ("task", let n?): return .task(n)
        default: return nil
        }
    }

    /// The key a scope is stored and found by: '' for all, else the name's `NameKey`.
    static func scopeKey(_ scope: BudgetScope) -> String {
        scope.name.map(NameKey.of) ?? ""
    }

    static let budgetColumns = "id, scope_kind, scope_name, period, amount_minor, currency, created_on, scope_key"

    /// A budget row, or nil when its scope or period is not one tracker writes.
    static func budget(from st: Statement) -> Budget? {
        guard let scope = scope(kind: st.text(1), name: st.optionalText(2)), let period = storedPeriod(st.text(3)) else { return nil }
        return Budget(id: st.int(0), scope: scope, period: period, amount: Money(minorUnits: st.int(4), currency: st.text(5)),
                      createdOn: st.day(6) ?? Day(ordinal: 0))
    }

    public func budgets() throws(Failure) -> [Budget] {
        let st = try database.prepare("SELECT \(SQLStore.budgetColumns) FROM budget")
        var rows: [(Budget, String)] = []
        while try st.step() {
            if let b = SQLStore.budget(from: st) { rows.append((b, st.text(7))) }
        }
        func order(_ b: Budget) -> Int { b.scope.kind == "all" ? 0 : b.scope.kind == "owner" ? 1 : 2 }
        rows.sort { x, y in
            let (a, ak) = x, (b, bk) = y
            if a.period.start != b.period.start { return a.period.start < b.period.start }
            if a.period.end != b.period.end { return a.period.end < b.period.end }
            if order(a) != order(b) { return order(a) < order(b) }
            if ak != bk { return ak < bk }
            return a.id < b.id
        }
        return rows.map(\.0)
    }

    public func budget(scope: BudgetScope, period: BudgetPeriod) throws(Failure) -> Budget? {
        let st = try database.prepare("""
            SELECT \(SQLStore.budgetColumns) FROM budget WHERE scope_kind = ? AND scope_key = ? AND period = ?
            """)
        try st.bind([.text(scope.kind), .text(SQLStore.scopeKey(scope)), .text(period.description)])
        return try st.step() ? SQLStore.budget(from: st) : nil
    }

    public func insertBudget(scope: BudgetScope, period: BudgetPeriod, amount: Money, today: Day) throws(Failure) -> Int64 {
        if let existing = try budget(scope: scope, period: period) {
            throw Failure.data("a budget for \(existing.scope) in \(period) already exists (\(existing.amount)); change it with 'tracker budget set ... --replace' or remove it first")
        }
        try database.run("""
            INSERT INTO budget (scope_kind, scope_name, scope_key, period, amount_minor, currency, created_on)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.text(scope.kind), .text(scope.name), .text(SQLStore.scopeKey(scope)), .text(period.description),
                  .int(amount.minorUnits), .text(amount.currency), .day(today)])
        return database.lastInsertID
    }

    public func setBudgetAmount(id: Int64, _ amount: Money) throws(Failure) {
        try database.run("UPDATE budget SET amount_minor = ?, currency = ? WHERE id = ?",
                         [.int(amount.minorUnits), .text(amount.currency), .int(id)])
    }

    public func removeBudget(id: Int64) throws(Failure) {
        try database.run("DELETE FROM budget WHERE id = ?", [.int(id)])
    }
}
