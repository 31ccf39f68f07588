import TrackerCore

extension SQLStore {
    public func dateSources(base: Int64) throws(Failure) -> [DateChange.Field: DateSource] {
        let st = try database.prepare("SELECT released_source, deprecated_source, shutdown_source FROM base_version WHERE id = ?")
        try st.bind([.int(base)])
        var out: [DateChange.Field: DateSource] = [:]
        if try st.step() {
            for (i, field) in [DateChange.Field.released, .deprecated, .shutdown].enumerated() {
                if let name = st.optionalText(Int32(i)) { out[field] = DateSource(name) }
            }
        }
        return out
    }

    public func lastUnappliedDate(base: Int64, _ field: DateChange.Field, source: DateSource) throws(Failure) -> String? {
        let st = try database.prepare("""
            SELECT value FROM base_date_change WHERE base_id = ? AND field = ? AND source = ? AND applied = 0
            ORDER BY id DESC LIMIT 1
            """)
        try st.bind([.int(base), .text(field.rawValue), .text(source.name)])
        return try st.step() ? st.optionalText(0) : nil
    }

    public func recordUnappliedDate(base: Int64, _ field: DateChange.Field, _ day: Day, source: DateSource,
                                    today: Day) throws(Failure) {
        try recordChange(base: base, field, value: day.description, undated: false, source: source, today: today, applied: false)
    }

    public func setDate(base: Int64, _ field: DateChange.Field, _ day: Day, source: DateSource, today: Day) throws(Failure) {
        switch field {
        case .deprecated:
            try database.run("UPDATE base_version SET deprecated = ?, deprecated_undated = 0, deprecated_source = ? WHERE id = ?",
                             [.day(day), .text(source.name), .int(base)])
        case .shutdown:
            try database.run("UPDATE base_version SET shutdown = ?, shutdown_source = ? WHERE id = ?",
                             [.day(day), .text(source.name), .int(base)])
        case .released:
            try database.run("UPDATE base_version SET released = ?, released_source = ? WHERE id = ?",
                             [.day(day), .text(source.name), .int(base)])
        case .successor, .listing, .dispute:
            return
        }
        try recordChange(base: base, field, value: day.description, undated: false, source: source, today: today)
    }

    public func upsertCatalog(_ entries: [CatalogEntry], source: DateSource, today: Day) throws(Failure) -> CatalogChanges {
        var existing: [String: (Int64?, Int64?, String?, String)] = [:]
        let st = try database.prepare("SELECT catalog_key, input_micro_per_mtok, output_micro_per_mtok, shutdown, mode FROM catalog_model")
        while try st.step() { existing[st.text(0)] = (st.optionalInt(1), st.optionalInt(2), st.optionalText(3), st.text(4)) }
        let upsert = try database.prepare("""
            INSERT INTO catalog_model (provider, model_id, catalog_key, mode, fine_tuned, input_micro_per_mtok,
                                       output_micro_per_mtok, shutdown, source, read_on)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (catalog_key) DO UPDATE SET
                provider = excluded.provider, model_id = excluded.model_id, mode = excluded.mode,
                fine_tuned = excluded.fine_tuned, input_micro_per_mtok = excluded.input_micro_per_mtok,
                output_micro_per_mtok = excluded.output_micro_per_mtok, shutdown = excluded.shutdown,
                source = excluded.source, read_on = excluded.read_on
            """)
        var changes = CatalogChanges()
        for e in entries {
            let model = e.fineTunedBase ?? e.modelID
            if let old = existing[e.key] {
                let prices = old.0 != e.inputMicroUSDPerMTok || old.1 != e.outputMicroUSDPerMTok
                let date = old.2 != e.shutdown?.description
                if !prices && !date && old.3 == e.mode { continue }
                if prices { changes.changedPrices += 1 }
                if date { changes.changedDates += 1 }
                if !prices && !date { changes.otherChanges += 1 }
            } else {
                changes.newModels += 1
            }
            try upsert.bind([.text(e.provider), .text(model), .text(e.key), .text(e.mode), .int(e.fineTunedBase == nil ? 0 : 1),
                             e.inputMicroUSDPerMTok.map { .int($0) } ?? .null, e.outputMicroUSDPerMTok.map { .int($0) } ?? .null,
                             .day(e.shutdown), .text(source.name), .day(today)])
            while try upsert.step() {}
        }
        return changes
    }

    public func catalogShutdowns(keys: [String]) throws(Failure) -> [String: Day?] {
        let st = try database.prepare("SELECT shutdown FROM catalog_model WHERE catalog_key = ?")
        var out: [String: Day?] = [:]
        for key in Set(keys) {
            try st.bind([.text(key)])
            if try st.step() { out[key] = .some(st.day(0)) }
        }
        return out
    }

    public func setListing(base: Int64, listedBy: DateSource, goneOn: Day?) throws(Failure) {
        try database.run("UPDATE base_version SET listed_by = ?, gone_on = ? WHERE id = ?",
                         [.text(listedBy.name), .day(goneOn), .int(base)])
    }

    public func recordEvent(base: Int64, _ field: DateChange.Field, value: String?, source: String, today: Day) throws(Failure) {
        try recordChange(base: base, field, value: value, undated: false, source: DateSource(source), today: today)
    }

    public func disputeShutdown(base: Int64, _ d: DisputedDate) throws(Failure) {
        try database.run("""
            UPDATE base_version SET shutdown = NULL, shutdown_source = NULL, shutdown_disputed = ?,
                                    shutdown_disputed_source = ?, shutdown_disputed_by = ?, shutdown_disputed_on = ?
            WHERE id = ?
            """, [.day(d.day), .text(d.source.name), .text(d.disputedBy.name), .day(d.since), .int(base)])
    }

    public func clearDispute(base: Int64) throws(Failure) {
        try database.run("""
            UPDATE base_version SET shutdown_disputed = NULL, shutdown_disputed_source = NULL,
                                    shutdown_disputed_by = NULL, shutdown_disputed_on = NULL
            WHERE id = ?
            """, [.int(base)])
    }

    public func catalogRows(modelID: String) throws(Failure) -> [CatalogRow] {
        try catalogRows(where: "WHERE model_id = ?1 OR catalog_key = ?1", [.text(modelID)])
    }

    public func allCatalogRows() throws(Failure) -> [CatalogRow] {
        try catalogRows(where: "", [])
    }

    private func catalogRows(where condition: String, _ values: [SQLValue]) throws(Failure) -> [CatalogRow] {
        let st = try database.prepare("""
            SELECT catalog_key, provider, model_id, fine_tuned, input_micro_per_mtok, output_micro_per_mtok,
                   shutdown, source, read_on
            FROM catalog_model \(condition) ORDER BY catalog_key
            """)
        try st.bind(values)
        var out: [CatalogRow] = []
        while try st.step() {
            out.append(CatalogRow(key: st.text(0), provider: st.text(1), modelID: st.text(2), fineTuned: st.int(3) != 0,
                                  inputMicroUSDPerMTok: st.optionalInt(4), outputMicroUSDPerMTok: st.optionalInt(5),
                                  shutdown: st.day(6), source: st.text(7), readOn: st.day(8)))
        }
        return out
    }
}

extension SQLStore {
    public func newestSourceFacts() throws(Failure) -> [String: Day] {
        let st = try database.prepare("""
            SELECT source, max(day) FROM (
                SELECT source, read_on AS day FROM catalog_model
                UNION ALL
                SELECT source, recorded_on AS day FROM base_date_change WHERE source NOT IN ('manual', 'ended')
            ) AS seen GROUP BY source
            """)
        var out: [String: Day] = [:]
        while try st.step() {
            if let day = st.optionalText(1).flatMap({ Day(iso: $0.prefix(10)) }) { out[st.text(0)] = day }
        }
        return out
    }
}
