import Foundation
import Testing
import TrackerTestKit
import TrackerCore
#if canImport(Glibc)
import Glibc
#endif

/// The real binary against the throwaway PostgreSQL server under faults:
/// simultaneous notify runs, racing adds, a server restart in the middle of
/// a delivery, an unreachable server, and a role with read-only grants.
/// Each test has a schema of its own (`PostgresTestServer.freshDatabase`).
@Suite(.serialized) struct PostgresFaultTests {
    /// Runs tracker with `--db URI` in an isolated environment (PGPASSWORD
    /// from the test server unless `env` overrides it).
    final class PG: @unchecked Sendable {
        let root: URL
        let uri: String
        let schema: String
        /// The cluster the schema is in, when not the shared test server.
        let cluster: PrivateCluster?
        var env: [String: String]
        private(set) var transcript = ""
        private let lock = NSLock()

        init(_ label: String, uri: String, schema: String, cluster: PrivateCluster? = nil) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("tracker-pgfault-\(label)-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root.appendingPathComponent("home"), withIntermediateDirectories: true)
            self.uri = uri
            self.schema = schema
            self.cluster = cluster
            env = ["TRACKER_RETRY_BASE_MS": "50", "TRACKER_RETRY_AFTER_MAX": "2", "TRACKER_HTTP_TIMEOUT": "5",
                   "PGPASSWORD": cluster?.password ?? ProcessInfo.processInfo.environment["PGPASSWORD"] ?? ""]
        }

        static func fresh(_ label: String) throws -> PG {
            let (uri, schema) = try PostgresTestServer.freshDatabase()
            return try PG(label, uri: uri, schema: schema)
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        func start(_ args: [String], now: String = Fixture.day, db: String? = nil, env extra: [String: String] = [:]) throws -> Child {
            try Child(Binary.tracker, args + ["--db", db ?? uri, "--now", now],
                      environment: isolatedEnvironment(home: root.appendingPathComponent("home"), env, extra), directory: root)
        }

        func record(_ r: CLIResult) -> CLIResult {
            lock.lock(); transcript += r.stdout + r.stderr; lock.unlock()
            return r
        }

        @discardableResult
        func run(_ args: [String], now: String = Fixture.day, db: String? = nil, env extra: [String: String] = [:]) throws -> CLIResult {
            record(try start(args, now: now, db: db, env: extra).finish())
        }

        @discardableResult
        func ok(_ args: [String], now: String = Fixture.day, db: String? = nil, env extra: [String: String] = [:],
                sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
            let r = try run(args, now: now, db: db, env: extra)
            #expect(r.status == 0, "tracker \(args.joined(separator: " ")) failed: \(r)", sourceLocation: sourceLocation)
            return r
        }

        func admin(_ sql: String) throws -> String {
            try cluster.map { try $0.admin(sql) } ?? PostgresTestServer.admin(sql)
        }

        /// One query as the superuser in this schema, rows as lines.
        func query(_ sql: String) throws -> [String] {
            try admin("SET search_path TO \(schema); \(sql)").split(separator: "\n").map(String.init)
        }

        /// Every row of every tracker table, as text: to show nothing changed.
        func contents() throws -> String {
            let tables = try admin(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = '\(schema)' ORDER BY table_name")
                .split(separator: "\n").map(String.init)
            var out = ""
            for t in tables {
                out += "== \(t)\n" + (try query("SELECT x::text FROM \(schema).\"\(t)\" x ORDER BY 1").joined(separator: "\n")) + "\n"
            }
            return out
        }
    }

    /// The notify fixture (see `Fixture.build`), made with the binary in PostgreSQL.
    static func buildFixture(_ t: PG) throws {
        let d = Fixture.day
        try t.ok(["base", "add", "openai/gpt-a@old", "--released", "2023-01-01", "--shutdown", "2025-03-01"], now: d)
        try t.ok(["add", "ft-dead", "--base", "openai/gpt-a@old", "--trained", "2024-01-01", "--cost", "100",
                  "--owner", "platform-ml", "--task", "triage", "--retrain-every", "never"], now: d)
        try t.ok(["base", "add", "openai/gpt-b@2024-01-01", "--released", "2024-01-01", "--shutdown", "2025-06-21"], now: d)
        try t.ok(["add", "ft-soon", "--base", "openai/gpt-b@2024-01-01", "--trained", "2024-06-01", "--cost", "200",
                  "--owner", "platform-ml", "--task", "summaries", "--retrain-every", "never"], now: d)
        try t.ok(["base", "add", "openai/gpt-c@2024-01-01", "--released", "2024-01-01", "--deprecated", "2025-05-01"], now: d)
        try t.ok(["base", "add", "openai/gpt-c@2025-01-01", "--released", "2025-01-01"], now: d)
        try t.ok(["add", "ft-deprecated", "--base", "openai/gpt-c@2024-01-01", "--trained", "2024-06-01", "--cost", "300",
                  "--owner", "legal-ai", "--retrain-every", "never"], now: d)
        try t.ok(["base", "add", "openai/gpt-d@2025-01-01", "--released", "2025-01-01"], now: d)
        try t.ok(["add", "ft-eval", "--base", "openai/gpt-d@2025-01-01", "--trained", "2025-05-01", "--cost", "400",
                  "--owner", "finance-eng", "--eval", "30/50", "--retrain-every", "never"], now: d)
    }

    /// A TCP port on 127.0.0.1 nobody listens on (bound, then closed).
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SupportError("socket() failed") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw SupportError("bind() failed") }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        guard named == 0 else { throw SupportError("getsockname() failed") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    // MARK: 1. simultaneous notify runs

    @Test func fourSimultaneousNotifyRunsSendOneDigestPerChannel() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let trials = 3, processes = 4
        var digests: [String: Int] = [:], statuses: [Int32] = [], slowest = 0.0
        for trial in 1...trials {
            try server.reset()
            let t = try PG.fresh("notify4-\(trial)")
            t.env["HOOK_A"] = "\(server.base)/a"
            t.env["HOOK_B"] = "\(server.base)/b"
            try Self.buildFixture(t)
            try t.ok(["channel", "add", "webhook", "hook-a", "--url-env", "HOOK_A"])
            try t.ok(["channel", "add", "webhook", "hook-b", "--url-env", "HOOK_B"])
            // A slow receiver keeps the first run inside the lock while the others arrive.
            try server.queue(#"[{"delay": 0.5}, {"delay": 0.5}]"#)
            let children = try (0..<processes).map { _ in try t.start(["notify"]) }
            let results = children.map { t.record($0.finish()) }
            for r in results {
                statuses.append(r.status)
                slowest = max(slowest, r.seconds)
                #expect(r.status == 0 && r.stdout.isEmpty && r.stderr.isEmpty, "trial \(trial): \(r)")
            }
            let reqs = try server.requests()
            var perChannel: [String: Int] = [:]
            var entries: [String: Int] = [:]
            for r in reqs {
                perChannel[r.route, default: 0] += 1
                digests[r.route, default: 0] += 1
                for e in try webhookEntries(r.body) { entries["\(e.channel) \(e.id)", default: 0] += 1 }
            }
            #expect(perChannel == ["/a": 1, "/b": 1], "trial \(trial): one digest per channel, got \(perChannel)")
            for ch in ["hook-a", "hook-b"] {
                for id in Fixture.ids { #expect(entries["\(ch) \(id)"] == 1, "trial \(trial): \(ch) \(id): \(entries)") }
            }
            #expect(try t.query("SELECT count(*) FROM delivery") == ["\(2 * Fixture.ids.count)"], "trial \(trial)")
            // And nothing is left for a fifth run.
            #expect(try t.run(["notify"]).status == 0)
            #expect(try server.requests().count == 2, "trial \(trial): a later run sends nothing")
        }
        print("PG NOTIFY: \(trials) trials x \(processes) simultaneous runs, 2 webhook channels: digests received \(digests.sorted { $0.key < $1.key }), exit codes \(Set(statuses)), slowest run \(String(format: "%.2f", slowest))s")
    }

    // MARK: 2. racing adds of one name

    @Test func simultaneousAddsOfOneNameOneWins() throws {
        let t = try PG.fresh("addrace")
        try t.ok(["base", "add", "openai/gpt-a@old", "--released", "2023-01-01"])
        let rounds = 5
        var outcomes: [[Int32]] = []
        for round in 1...rounds {
            let name = "race-\(round)"
            let args = ["add", name, "--base", "openai/gpt-a@old", "--trained", "2024-01-01", "--cost", "100"]
            let a = try t.start(args), b = try t.start(args)
            let results = [a.finish(), b.finish()].map(t.record)
            let codes = results.map(\.status).sorted()
            outcomes.append(codes)
            #expect(codes == [0, 65], "round \(round): \(results)")
            if let loser = results.first(where: { $0.status != 0 }) {
                #expect(loser.stderr == "error: fine-tune '\(name)' already exists; record a new training run with 'tracker retrain \(name) ...' or choose another name\n",
                        "round \(round): the SQLite duplicate's message: \(loser)")
                #expect(loser.stdout.isEmpty, "\(loser)")
            }
            if let winner = results.first(where: { $0.status == 0 }) {
                #expect(winner.stdout.hasPrefix("added \(name): generation 1"), "\(winner)")
            }
            #expect(try t.query("SELECT count(*) FROM fine_tune WHERE name = '\(name)'") == ["1"], "round \(round)")
        }
        print("PG ADD RACE: \(rounds) rounds of 2 simultaneous adds: exit codes \(outcomes)")
    }

    // MARK: 3. server restart during notify

    /// "restart": pg_ctl restart while the receiver takes 4 s to answer the
    /// first digest. "stop-start": the server stopped while the receiver
    /// takes 2 s, and started again 4 s later, so tracker finds it down when
    /// it records the delivery and has to wait for it.
    /// A private cluster: restarting the shared server would cut the
    /// connections of the other suites running meanwhile.
    @Test(arguments: ["restart", "stop-start"])
    func serverRestartDuringNotifyDeliversEachAlertOnce(fault: String) throws {
        let cluster = try PrivateCluster()
        defer { cluster.stop() }
        let server = try HTTPServer()
        defer { server.stop() }
        let (uri, schema) = try cluster.freshDatabase()
        let t = try PG("restart", uri: uri, schema: schema, cluster: cluster)
        t.env["HOOK_A"] = "\(server.base)/a"
        t.env["HOOK_B"] = "\(server.base)/b"
        t.env["TRACKER_HTTP_TIMEOUT"] = "20"
        try Self.buildFixture(t)
        try t.ok(["channel", "add", "webhook", "hook-a", "--url-env", "HOOK_A"])
        try t.ok(["channel", "add", "webhook", "hook-b", "--url-env", "HOOK_B"])
        let delay = fault == "restart" ? 4.0 : 2.0
        try server.queue(#"[{"delay": \#(delay)}, {"delay": 0.5}]"#)
        let child = try t.start(["notify"])
        // The fault starts once the first digest is at the (slow) receiver.
        let deadline = Date().addingTimeInterval(15)
        while try server.requests().isEmpty, Date() < deadline { usleep(20_000) }
        try #require(try !server.requests().isEmpty, "notify never reached the receiver")
        let faultStart = Date()
        if fault == "restart" {
            try cluster.control("restart")
        } else {
            try cluster.control("stop")
            usleep(4_000_000)
            try cluster.control("start")
        }
        let faultSeconds = Date().timeIntervalSince(faultStart)
        let first = t.record(child.finish())
        let afterFirst = try server.requests().count
        let second = try t.run(["notify"])
        let afterSecond = try server.requests().count
        var entries: [String: Int] = [:]
        for r in try server.requests() {
            for e in try webhookEntries(r.body) { entries["\(e.channel) \(e.id)", default: 0] += 1 }
        }
        var lost = 0, duplicates = 0
        for ch in ["hook-a", "hook-b"] {
            for id in Fixture.ids {
                let n = entries["\(ch) \(id)"] ?? 0
                if n == 0 { lost += 1 }
                duplicates += max(0, n - 1)
            }
        }
        let third = try t.run(["notify"])
        let afterThird = try server.requests().count
        print("PG \(fault.uppercased()): fault took \(String(format: "%.2f", faultSeconds))s while the receiver held the first digest \(delay)s; first run exit \(first.status) in \(String(format: "%.2f", first.seconds))s (\(afterFirst) requests\(first.stderr.isEmpty ? "" : ", stderr: \(first.stderr.trimmingCharacters(in: .newlines))")), second run exit \(second.status) (\(afterSecond - afterFirst) more), third run exit \(third.status) (\(afterThird - afterSecond) more); alerts lost \(lost), duplicate entries \(duplicates)")
        if fault == "restart" {
            #expect(faultSeconds < delay, "the restart must end while tracker waits for the receiver")
        }
        #expect(lost == 0 && duplicates == 0, "every alert exactly once per channel: \(entries); first: \(first); second: \(second)")
        #expect(second.status == 0, "\(second)")
        #expect(third.status == 0 && afterThird == afterSecond, "a third run sends nothing: \(third)")
        #expect(try t.query("SELECT count(*) FROM delivery") == ["\(2 * Fixture.ids.count)"])
        #expect(!t.transcript.contains(cluster.password))
    }

    // MARK: 4. unreachable server

    @Test func unreachableServerIsOneLineWithoutThePassword() throws {
        let port = try Self.closedPort()
        let t = try PG("unreachable", uri: "", schema: "")
        let password = "S3cretPw"
        let cases: [(label: String, db: String, env: [String: String])] = [
            ("password in the URI", "postgresql://bob:\(password)@127.0.0.1:\(port)/team", ["PGPASSWORD": ""]),
            ("password in PGPASSWORD", "postgresql://bob@127.0.0.1:\(port)/team", ["PGPASSWORD": password]),
            ("password in pg:key=value", "pg:host=127.0.0.1 port=\(port) user=bob password=\(password) dbname=team", ["PGPASSWORD": ""]),
        ]
        for c in cases {
            for args in [["due"], ["add", "x", "--base", "openai/gpt-a@old", "--trained", "2024-01-01", "--cost", "1"], ["notify"]] {
                let r = try t.run(args, db: c.db, env: c.env)
                let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
                #expect(r.status == 75, "\(c.label), \(args[0]): \(r)")
                #expect(lines.count == 1 && r.stderr.hasPrefix("error: "), "\(c.label), \(args[0]): one error line: \(r)")
                #expect(r.stderr.contains("127.0.0.1:\(port)"), "\(c.label), \(args[0]): names host:port: \(r)")
                #expect(!r.stdout.contains(password) && !r.stderr.contains(password), "\(c.label), \(args[0]): \(r)")
                #expect(r.seconds < 12, "\(c.label): a refused connection fails fast (\(r.seconds)s)")
            }
            // The same through TRACKER_DB.
            var env = c.env
            env["TRACKER_DB"] = c.db
            let r = t.record(try Child(Binary.tracker, ["due", "--now", Fixture.day],
                                       environment: isolatedEnvironment(home: t.root.appendingPathComponent("home"), t.env, env),
                                       directory: t.root).finish())
            #expect(r.status == 75 && r.stderr.hasPrefix("error: ") && r.stderr.contains("127.0.0.1:\(port)"), "\(c.label), TRACKER_DB: \(r)")
        }
        #expect(!t.transcript.contains(password))
        print("PG UNREACHABLE: port \(port): sample: \(t.transcript.split(separator: "\n").first ?? "")")
    }

    // MARK: 5. read-only role

    @Test func readOnlyRoleReadsAndIsRefusedWrites() throws {
        let t = try PG.fresh("readonly")
        try Self.buildFixture(t)
        let role = "ro_" + String(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12))
        let password = "ro-pw-\(UUID().uuidString.prefix(8))"
        try PostgresTestServer.admin("""
            CREATE ROLE \(role) LOGIN PASSWORD '\(password)';
            GRANT USAGE ON SCHEMA \(t.schema) TO \(role);
            GRANT SELECT ON ALL TABLES IN SCHEMA \(t.schema) TO \(role);
            """)
        defer {
            _ = try? PostgresTestServer.admin("DROP OWNED BY \(role); DROP ROLE \(role)")
        }
        let ro = try PostgresTestServer.uri(schema: t.schema, user: role)
        let env = ["PGPASSWORD": password]
        let before = try t.contents()

        let due = try t.ok(["due"], db: ro, env: env)
        for name in ["ft-dead", "ft-soon", "ft-deprecated"] { #expect(due.stdout.contains(name), "\(due)") }
        let list = try t.ok(["list"], db: ro, env: env)
        for name in ["ft-dead", "ft-soon", "ft-deprecated", "ft-eval"] { #expect(list.stdout.contains(name), "\(list)") }
        let show = try t.ok(["show", "ft-eval"], db: ro, env: env)
        #expect(show.stdout.contains("ft-eval") && show.stdout.contains("finance-eng") && show.stdout.contains("openai/gpt-d@2025-01-01"), "\(show)")
        // The same output as the owner sees.
        #expect(show.stdout == (try t.ok(["show", "ft-eval"]).stdout))

        let writes: [[String]] = [
            ["add", "ft-new", "--base", "openai/gpt-a@old", "--trained", "2024-01-01", "--cost", "1"],
            ["retire", "ft-dead"],
            ["set", "ft-eval", "--owner", "someone-else"],
        ]
        var codes: [Int32] = []
        for args in writes {
            let r = try t.run(args, db: ro, env: env)
            codes.append(r.status)
            let lines = r.stderr.split(separator: "\n").filter { !$0.isEmpty }
            #expect(r.status == 77, "\(args[0]): \(r)")
            #expect(lines.count == 1 && r.stderr.hasPrefix("error: ") && r.stderr.contains("may only read"), "\(args[0]): \(r)")
            #expect(r.stderr.contains(role), "\(args[0]) names the role: \(r)")
            #expect(!r.stderr.contains(password) && r.stdout.isEmpty, "\(args[0]): \(r)")
        }
        #expect(try t.contents() == before, "a refused write changes nothing")
        print("PG READ-ONLY: due/list/show exit 0; add/retire/set exit \(codes); sample: \(t.transcript.split(separator: "\n").last { $0.hasPrefix("error: ") } ?? "")")
    }
}
