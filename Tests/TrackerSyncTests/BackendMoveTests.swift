import Foundation
import Testing
import TrackerTestKit

/// Moving a team's database between backends, as the README says:
/// `tracker export --db team.db | tracker import - --db postgres://…`, and
/// back. Every kind of row, through a real shell pipe, against the real
/// server `make test` starts; the exports on both sides are byte-identical.
@Suite("moving a database between SQLite and PostgreSQL")
struct BackendMoveTests {
    /// ArchiveTests' rich database plus what later issues added: tasks,
    /// prompt revisions, evals, prices, volumes, budgets, settings changes
    /// and generation corrections.
    static func everyKindOfRow(_ label: String) throws -> Sandbox {
        let s = try ArchiveTests.richDatabase(label)
        try s.ok(["task", "add", "triage", "--target", "85", "--description", "route tickets"])
        try s.ok(["prompt", "add", "triage", "--text", "Route the ticket.\nBe brief.", "--note", "first", "--eval", "40/50"])
        try s.ok(["prompt", "add", "triage", "--text", "Route the ticket to one queue.\nBe brief.", "--model", "gpt-4o-2024-08-06"])
        try s.ok(["eval", "add", "triage@r2", "45/50", "--dataset", "s3://acme/triage.jsonl", "--date", "2025-01-18"])
        try s.ok(["eval", "add", "support-bot", "47/50", "--date", "2025-01-19"])
        try s.ok(["base", "set", "gpt-4o-2024-08-06", "--price-in", "2.50", "--price-out", "$10", "--train-price", "25"])
        try s.ok(["set", "support-bot", "--task", "triage", "--calls-per-month", "120000", "--tokens-in", "900",
                  "--tokens-out", "150", "--retrain-cost", "$1,100"])
        try s.ok(["generation", "set", "support-bot@g1", "--cost", "1,250", "--examples", "520"])
        try s.ok(["budget", "set", "owner:ml", "2025", "$5,000"])
        try s.ok(["budget", "set", "task:triage", "2025-Q1", "2000 USD"])
        return s
    }

    /// A fresh database of the other backend: a PostgreSQL schema when the
    /// sandbox is a file, a new file when it is PostgreSQL.
    static func otherBackend(_ s: Sandbox, _ name: String) throws -> String {
        if s.db.hasPrefix("postgres") { return s.path("\(name).db") }
        return try PostgresTestServer.freshDatabase().uri
    }

    /// The test server's password, where libpq looks for it.
    static var serverLogin: [String: String] {
        ["PGPASSWORD": ProcessInfo.processInfo.environment["PGPASSWORD"] ?? ""]
    }

    /// `tracker export --db FROM | tracker import - --db TO` in a real shell.
    static func pipe(_ s: Sandbox, from: String, to: String) throws -> CLIResult {
        let tracker = Binary.tracker.path
        let script = #""$0" export --db "$1" | "$0" import - --db "$2""#
        return try runProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", script, tracker, from, to],
                              environment: s.environment(serverLogin), directory: s.root)
    }

    @Test("export | import - into the other backend, and back: every export byte-identical")
    func moveAndBack() throws {
        let s = try Self.everyKindOfRow("move")
        let original = try s.export()
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(original.utf8)) as? [String: Any])
        // Every section holds rows, so the comparison covers every table.
        for section in ["bases", "fine_tunes", "channels", "alerts", "catalog", "budgets", "tasks"] {
            #expect((doc[section] as? [Any])?.isEmpty == false, "the rich database has no \(section)")
        }

        let there = try Self.otherBackend(s, "there")
        let moved = try Self.pipe(s, from: s.db, to: there)
        #expect(moved.status == 0, "\(moved)")
        #expect(moved.stdout.hasPrefix("imported "), "\(moved)")
        let exportedThere = try s.run(["export"], db: there, env: Self.serverLogin)
        #expect(exportedThere.status == 0, "\(exportedThere)")
        #expect(exportedThere.stdout == original, "the export of the moved database differs from the original's")

        // The moved database answers the everyday questions the same way.
        for args in [["due", "--format", "json"], ["list", "--all", "--format", "json"], ["show", "support-bot", "--format", "json"],
                     ["budget", "show", "--format", "json"], ["report", "--format", "json"]] {
            let a = try s.run(args, env: Self.serverLogin)
            let b = try s.run(args, db: there, env: Self.serverLogin)
            #expect(a.status == 0 && b.status == 0, "\(args): \(a) \(b)")
            #expect(a.stdout == b.stdout, "tracker \(args.joined(separator: " ")) differs between the backends")
        }

        // And back again into a third, empty database of the first kind.
        let back = s.db.hasPrefix("postgres") ? try PostgresTestServer.freshDatabase().uri : s.path("back.db")
        let returned = try Self.pipe(s, from: there, to: back)
        #expect(returned.status == 0, "\(returned)")
        #expect(try s.run(["export"], db: back, env: Self.serverLogin).stdout == original)

        // Into a database that has rows: refused, nothing changed there.
        let refused = try Self.pipe(s, from: s.db, to: there)
        #expect(refused.status == 65, "\(refused)")
        #expect(refused.stderr.contains("empty database"), "\(refused)")
        #expect(try s.run(["export"], db: there, env: Self.serverLogin).stdout == original)
    }
}
