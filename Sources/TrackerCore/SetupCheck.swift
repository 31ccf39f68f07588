/// One line of `tracker doctor`: a check of the set-up a cron job depends
/// on, its result, and what to do about it.
public struct SetupCheck: Sendable, Equatable {
    public enum Status: String, Sendable, Comparable {
        case ok, warn, fail = "FAIL"
        var rank: Int { self == .ok ? 0 : self == .warn ? 1 : 2 }
        public static func < (a: Status, b: Status) -> Bool { a.rank < b.rank }
    }

    public var status: Status
    /// What was checked: `database`, `schema`, `channel ops-slack`, `libcurl`,
    /// `sync litellm`, `notify`.
    public var name: String
    /// What was found and, unless it is ok, how to fix it. Never a secret.
    public var message: String

    public init(_ status: Status, _ name: String, _ message: String) {
        self.status = status
        self.name = name
        self.message = message
    }

    /// `ok    database: ...`: the status padded so the names line up.
    public var line: String {
        let s = status.rawValue
        return s + String(repeating: " ", count: max(1, 6 - s.count)) + name + ": " + message
    }
}

/// The pure rules of `tracker doctor`.
public enum SetupRules {
    /// A source whose newest stored fact is older than this is reported.
    public static let staleSyncDays = 7

    /// Exit code of a doctor run: 0 when nothing failed, else 78 (config).
    public static func exitCode(_ checks: [SetupCheck]) -> Int32 {
        checks.contains { $0.status == .fail } ? Failure.Kind.config.rawValue : 0
    }

    /// Whether the schema is current, from `migrate --list`'s status rows.
    public static func schema(_ migrations: [MigrationStatus]) -> SetupCheck {
        let pending = migrations.filter { $0.appliedOn == nil }
        if pending.isEmpty {
            return SetupCheck(.ok, "schema", "current (\(migrations.count) migration\(migrations.count == 1 ? "" : "s") applied)")
        }
        let names = pending.map { threeDigits($0.version) + "_" + $0.name }.joined(separator: ", ")
        return SetupCheck(.warn, "schema",
                          "\(pending.count) migration\(pending.count == 1 ? "" : "s") pending (\(names)); "
                          + "run `tracker migrate` (any command that writes also applies them)")
    }

    /// The age of the newest fact stored from each sync source (`newest`:
    /// source name to day). No source at all is a warning: cron's `sync`
    /// has never stored anything.
    public static func syncAges(_ newest: [String: Day], today: Day) -> [SetupCheck] {
        if newest.isEmpty {
            return [SetupCheck(.warn, "sync", "never synced: no fact from a provider list or catalog is stored; "
                               + "run `tracker sync openai` (or anthropic, gemini, ollama, catalog FILE) from cron")]
        }
        return newest.keys.sorted().map { source in
            let day = newest[source]!
            let age = day.days(until: today)
            let ago = age <= 0 ? "today" : age == 1 ? "1 day ago" : "\(age) days ago"
            if age > staleSyncDays {
                return SetupCheck(.warn, "sync \(source)",
                                  "newest fact stored \(day) (\(ago)), older than \(staleSyncDays) days; "
                                  + "check that cron runs `tracker sync` for it (a sync that finds nothing new stores nothing)")
            }
            return SetupCheck(.ok, "sync \(source)", "newest fact stored \(day) (\(ago))")
        }
    }

    /// The last notify run as the channels and the delivery log remember it.
    public static func notify(channels: [Channel], lastDelivery: String?) -> SetupCheck {
        if channels.isEmpty {
            return SetupCheck(.warn, "notify", "no channel: alerts reach nobody; add one with `tracker channel add`")
        }
        let failing = channels.filter(\.failing).map(\.name)
        let lastOK = channels.compactMap(\.lastOkAt).max()
        let lastError = channels.compactMap(\.lastErrorAt).max()
        let delivered = lastDelivery.map { "last digest delivered \($0)" } ?? "nothing delivered yet"
        if !failing.isEmpty {
            return SetupCheck(.warn, "notify",
                              "failing: \(failing.joined(separator: ", ")) (last error \(lastError ?? "unknown")); \(delivered); "
                              + "see `tracker channel list` and try `tracker channel test NAME`")
        }
        guard let last = [lastOK, lastError].compactMap({ $0 }).max() else {
            return SetupCheck(.warn, "notify", "never run: no channel has delivered or failed; "
                              + "run `tracker notify` from cron, or `tracker channel test NAME` once")
        }
        return SetupCheck(.ok, "notify", "last run \(last) succeeded; \(delivered)")
    }
}

extension SetupRules {
    /// `7` as `007`, as migration files are numbered.
    static func threeDigits(_ n: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }
}
