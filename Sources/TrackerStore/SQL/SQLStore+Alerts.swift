import TrackerCore

extension SQLStore {
    /// The current generation of every active fine-tune, for the alert rules.
    public func alertSubjects() throws(Failure) -> [AlertSubject] {
        let st = try database.prepare("""
            SELECT f.name, f.task, f.owner, g.number, g.base_id, g.trained_on, f.retrain_every, le.passed, le.total
            FROM fine_tune f
            JOIN current_generation g ON g.fine_tune_id = f.id
            LEFT JOIN latest_eval le ON le.generation_id = g.id
            WHERE f.retired_on IS NULL
            """)
        var out: [AlertSubject] = []
        while try st.step() {
            let eval = st.optionalInt(7).flatMap { p in st.optionalInt(8).flatMap { EvalResult(passed: Int(p), total: Int($0)) } }
            out.append(AlertSubject(name: st.text(0), task: st.optionalText(1), owner: st.optionalText(2),
                                    generation: Int(st.int(3)), baseID: st.int(4), trained: st.day(5) ?? Day(ordinal: 0),
                                    retrainEvery: RetrainPolicy(st.text(6)) ?? .default, eval: eval))
        }
        return out
    }

    static let alertColumns = """
        id, key, fine_tune, owner, task, generation, reason, base, urgency, date, threshold, text, state, episode,
        first_seen, last_seen, resolved_on, acked, ack_until, snoozed_until, budget
        """

    static func storedAlert(from st: Statement, now: Day?) -> StoredAlert {
        let date = st.day(9)
        let alert = Alert(key: st.text(1), fineTune: st.text(2), owner: st.optionalText(3), task: st.optionalText(4),
                          generation: Int(st.int(5)), reason: st.text(6), base: st.text(7),
                          urgency: Urgency(name: st.text(8)) ?? .planned, date: date,
                          daysLeft: now.flatMap { n in date.map { n.days(until: $0) } },
                          threshold: st.optionalInt(10).map { Int($0) }, text: st.text(11),
                          budget: st.optionalText(20))
        return StoredAlert(rowID: st.int(0), alert: alert, state: StoredAlert.State(rawValue: st.text(12)) ?? .open,
                           episode: Int(st.int(13)), firstSeen: st.day(14) ?? Day(ordinal: 0),
                           lastSeen: st.day(15) ?? Day(ordinal: 0), resolvedOn: st.day(16), acked: st.int(17) != 0,
                           ackUntil: st.day(18), snoozedUntil: st.day(19))
    }

    /// Stored alerts, optionally only in some states, most recent first.
    public func storedAlerts(states: [StoredAlert.State]?, now: Day?) throws(Failure) -> [StoredAlert] {
        let filter = states.map { s in "WHERE state IN (" + s.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")" } ?? ""
        let st = try database.prepare("SELECT \(SQLStore.alertColumns) FROM alert \(filter) ORDER BY id")
        var out: [StoredAlert] = []
        while try st.step() { out.append(SQLStore.storedAlert(from: st, now: now)) }
        return out
    }

    /// Finds an alert by its key or short id (or a unique prefix of either).
    public func findAlert(_ text: String) throws(Failure) -> StoredAlert? {
        let st = try database.prepare("""
            SELECT \(SQLStore.alertColumns) FROM alert
            WHERE key = ?1 OR short_id = ?1 OR (length(?1) >= 4 AND substr(short_id, 1, length(?1)) = ?1)
            ORDER BY (key = ?1) DESC, id LIMIT 2
            """)
        try st.bind([.text(text)])
        guard try st.step() else { return nil }
        let first = SQLStore.storedAlert(from: st, now: nil)
        if first.alert.key != text, try st.step() {
            throw Failure.data("alert '\(text)' matches more than one alert; give the full id or key from 'tracker alerts'")
        }
        return first
    }

    public func insertAlert(_ a: Alert, now: Day) throws(Failure) {
        try database.run("""
            INSERT INTO alert (key, short_id, fine_tune, owner, task, generation, reason, base, urgency, date, threshold,
                               text, state, episode, first_seen, last_seen, budget)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', 1, ?, ?, ?)
            """, [.text(a.key), .text(a.id), .text(a.fineTune), .text(a.owner), .text(a.task),
                  .int(a.generation), .text(a.reason), .text(a.base), .text(a.urgency.name), .day(a.date),
                  .int(a.threshold), .text(a.text), .day(now), .day(now), .text(a.budget)])
    }

    public func updateAlert(_ old: StoredAlert, to a: Alert, reopen: Bool, now: Day) throws(Failure) {
        try database.run("""
            UPDATE alert SET owner = ?, task = ?, urgency = ?, date = ?, threshold = ?, text = ?, state = 'open',
                             episode = ?, first_seen = ?, last_seen = ?, resolved_on = NULL,
                             acked = ?, ack_until = ?, snoozed_until = ?, budget = ?
            WHERE id = ?
            """, [.text(a.owner), .text(a.task), .text(a.urgency.name), .day(a.date), .int(a.threshold),
                  .text(a.text), .int(old.episode + (reopen ? 1 : 0)),
                  .day(reopen ? now : old.firstSeen), .day(now),
                  .int(reopen ? 0 : (old.acked ? 1 : 0)), .day(reopen ? nil : old.ackUntil),
                  .day(reopen ? nil : old.snoozedUntil), .text(a.budget), .int(old.rowID)])
    }

    public func setAlertState(_ row: Int64, _ state: StoredAlert.State, now: Day) throws(Failure) {
        switch state {
        case .resolved:
            try database.run("UPDATE alert SET state = 'resolved', resolved_on = ? WHERE id = ?", [.day(now), .int(row)])
        case .inhibited, .open:
            try database.run("UPDATE alert SET state = ?, last_seen = ? WHERE id = ?", [.text(state.rawValue), .day(now), .int(row)])
        }
    }

    /// What `channel` has been told about each alert in its current episode.
    public func deliveryStates(channel: Int64) throws(Failure) -> [Int64: DeliveryState] {
        let st = try database.prepare("""
            SELECT d.alert_id,
                   max(CASE WHEN d.kind != 'resolved' THEN d.day END),
                   min(CASE WHEN d.kind != 'resolved' THEN d.threshold END),
                   max(CASE WHEN d.kind = 'resolved' THEN 1 ELSE 0 END),
                   count(*)
            FROM delivery d JOIN alert a ON a.id = d.alert_id AND a.episode = d.episode
            WHERE d.channel_id = ?
            GROUP BY d.alert_id
            """)
        try st.bind([.int(channel)])
        var out: [Int64: DeliveryState] = [:]
        while try st.step() {
            out[st.int(0)] = DeliveryState(lastSent: st.day(1), lastThreshold: st.optionalInt(2).map { Int($0) },
                                           resolutionSent: st.int(3) != 0, count: Int(st.int(4)))
        }
        return out
    }

    /// Records the entries of one accepted digest.
    public func recordDeliveries(channel: Int64, entries: [DeliveryRecord],
                                 day: Day, timestamp: String, messageID: String) throws(Failure) {
        let st = try database.prepare("""
            INSERT INTO delivery (alert_id, episode, channel_id, kind, threshold, day, delivered_at, message_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for e in entries {
            try st.bind([.int(e.alertRowID), .int(e.episode), .int(channel), .text(e.kind.rawValue), .int(e.threshold),
                         .day(day), .text(timestamp), .text(messageID)])
            while try st.step() {}
        }
    }

    public func setAck(alert: Int64, until: Day?) throws(Failure) {
        try database.run("UPDATE alert SET acked = 1, ack_until = ? WHERE id = ?", [.day(until), .int(alert)])
    }

    public func setSnooze(alert: Int64, until: Day) throws(Failure) {
        try database.run("UPDATE alert SET snoozed_until = ? WHERE id = ?", [.day(until), .int(alert)])
    }
}
