import TrackerCore

extension SQLStore {
    static let channelColumns = """
        id, name, kind, url_env, url_file, secret_env, secret_file, smtp_url, mail_from, mail_to, smtp_user,
        password_env, password_file, insecure_plaintext, ca_file, route_owner, route_task, min_urgency,
        repeat_every, created_on, last_ok_at, last_error, last_error_at, failing
        """

    static func channel(from st: Statement) -> Channel {
        let route = Route(owner: st.optionalText(15), task: st.optionalText(16),
                          minUrgency: Urgency(name: st.text(17)) ?? .planned,
                          repeatEvery: Span(st.text(18)) ?? Route.defaultRepeat)
        var c = Channel(name: st.text(1), kind: Channel.Kind(rawValue: st.text(2)) ?? .slack, route: route,
                        createdOn: st.day(19) ?? Day(ordinal: 0))
        c.id = st.int(0)
        c.urlEnv = st.optionalText(3)
        c.urlFile = st.optionalText(4)
        c.secretEnv = st.optionalText(5)
        c.secretFile = st.optionalText(6)
        c.smtpURL = st.optionalText(7)
        c.mailFrom = st.optionalText(8)
        c.mailTo = (st.optionalText(9) ?? "").split(separator: "\n").map(String.init)
        c.smtpUser = st.optionalText(10)
        c.passwordEnv = st.optionalText(11)
        c.passwordFile = st.optionalText(12)
        c.insecurePlaintext = st.int(13) != 0
        c.caFile = st.optionalText(14)
        c.lastOkAt = st.optionalText(20)
        c.lastError = st.optionalText(21)
        c.lastErrorAt = st.optionalText(22)
        c.failing = st.int(23) != 0
        return c
    }

    public func channels() throws(Failure) -> [Channel] {
        let st = try database.prepare("SELECT \(SQLStore.channelColumns) FROM channel ORDER BY name COLLATE NOCASE")
        var out: [Channel] = []
        while try st.step() { out.append(SQLStore.channel(from: st)) }
        return out
    }

    /// The channel called `name`: spelled exactly so, else by its key
    /// (`NameKey`), as `fineTune(named:)` does.
    public func channel(named name: String) throws(Failure) -> Channel? {
        let exact = try database.prepare("SELECT \(SQLStore.channelColumns) FROM channel WHERE name = ?")
        try exact.bind([.text(name)])
        while try exact.step() {
            let row = SQLStore.channel(from: exact)
            if row.name.utf8.elementsEqual(name.utf8) { return row }
        }
        let st = try database.prepare("SELECT \(SQLStore.channelColumns) FROM channel WHERE name_key = ?")
        try st.bind([.text(NameKey.of(name))])
        return try st.step() ? SQLStore.channel(from: st) : nil
    }

    public func insertChannel(_ c: Channel) throws(Failure) -> Int64 {
        if let existing = try channel(named: c.name) {
            throw Failure.data("channel '\(existing.name)' already exists; remove it first with 'tracker channel remove \(existing.name)' or choose another name")
        }
        return try insertChannelRow(c, key: NameKey.of(c.name))
    }

    /// Inserts a channel row with the given name key (nil: a name that
    /// collided when keys were introduced; see migration 005).
    func insertChannelRow(_ c: Channel, key: String?) throws(Failure) -> Int64 {
        try database.run("""
            INSERT INTO channel (name, name_key, kind, url_env, url_file, secret_env, secret_file, smtp_url, mail_from, mail_to,
                                 smtp_user, password_env, password_file, insecure_plaintext, ca_file, route_owner,
                                 route_task, min_urgency, repeat_every, created_on, last_ok_at, last_error,
                                 last_error_at, failing)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(c.name), .text(key), .text(c.kind.rawValue), .text(c.urlEnv), .text(c.urlFile), .text(c.secretEnv),
                  .text(c.secretFile), .text(c.smtpURL), .text(c.mailFrom),
                  .text(c.mailTo.isEmpty ? nil : c.mailTo.joined(separator: "\n")), .text(c.smtpUser),
                  .text(c.passwordEnv), .text(c.passwordFile), .int(c.insecurePlaintext ? 1 : 0), .text(c.caFile),
                  .text(c.route.owner), .text(c.route.task), .text(c.route.minUrgency.name),
                  .text(c.route.repeatEvery.description), .day(c.createdOn), .text(c.lastOkAt), .text(c.lastError),
                  .text(c.lastErrorAt), .int(c.failing ? 1 : 0)])
        return database.lastInsertID
    }

    public func removeChannel(id: Int64) throws(Failure) {
        try database.run("DELETE FROM channel WHERE id = ?", [.int(id)])
    }

    /// Records the outcome of a delivery attempt; `error` never holds a secret.
    public func setChannelStatus(id: Int64, error: String?, at timestamp: String) throws(Failure) {
        if let error {
            try database.run("UPDATE channel SET last_error = ?, last_error_at = ?, failing = 1 WHERE id = ?",
                             [.text(error), .text(timestamp), .int(id)])
        } else {
            try database.run("UPDATE channel SET last_ok_at = ?, failing = 0, last_error = NULL, last_error_at = NULL WHERE id = ?",
                             [.text(timestamp), .int(id)])
        }
    }
}

extension SQLStore {
    public func lastDeliveryAt() throws(Failure) -> String? {
        try database.scalarText("SELECT max(delivered_at) FROM delivery")
    }
}
