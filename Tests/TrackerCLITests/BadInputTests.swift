import Foundation
import Testing
import TrackerTestKit

/// One refused command line: what a user typed, the exit code they get, and
/// words the one-line error must contain.
struct BadInput: Sendable, CustomTestStringConvertible {
    var args: [String]
    var code: Int32
    var fragments: [String]
    var env: [String: String] = [:]
    /// Whether `--db` is appended (not possible after an unknown subcommand).
    var withDB = true

    init(_ args: [String], _ code: Int32, _ fragments: String..., env: [String: String] = [:], withDB: Bool = true) {
        self.args = args
        self.code = code
        self.fragments = fragments
        self.env = env
        self.withDB = withDB
    }

    var testDescription: String {
        args.map { $0.debugDescription }.joined(separator: " ") + " -> \(code)"
    }
}

/// `add NAME` with valid facts on the seeded base, with `extra` appended.
private func add(_ name: String = "new-ft", _ extra: String...) -> [String] {
    var args = ["add", name, "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "100"]
    // Later options replace earlier ones of the same name.
    var i = 0
    while i < extra.count {
        let option = extra[i]
        if option.hasPrefix("--"), let eq = option.firstIndex(of: "="),
           let at = args.firstIndex(of: String(option[..<eq])), at + 1 < args.count {
            args.removeSubrange(at...(at + 1))
            args.append(option)
            i += 1
        } else if option.hasPrefix("--"), let at = args.firstIndex(of: option), at + 1 < args.count, i + 1 < extra.count {
            args[at + 1] = extra[i + 1]
            i += 2
        } else {
            args.append(option)
            i += 1
        }
    }
    return args
}

/// Bad inputs: each gets one `error:` line, its documented exit code, and
/// leaves the database exactly as it was.
@Suite struct BadInputTests {
    static let cases: [BadInput] = [
        // Names.
        BadInput(add(""), 64, "name is empty"),
        BadInput(add("   "), 64, "name is empty"),
        BadInput(add("two\nlines"), 64, "control character", "U+000A"),
        BadInput(add("tab\there"), 64, "control character", "U+0009"),
        BadInput(add("bell\u{7}"), 64, "control character", "U+0007"),
        BadInput(add("new-ft", "--owner", " "), 64, "--owner is empty"),
        BadInput(add("new-ft", "--task", "a\nb"), 64, "--task contains a control character"),
        BadInput(add(String(repeating: "n", count: 201)), 64, "at most 200"),
        // Dates.
        BadInput(add("new-ft", "--trained", "2024-02-30"), 64, "--trained '2024-02-30' is not a date", "2025-03-31"),
        BadInput(add("new-ft", "--trained", "24-1-1"), 64, "--trained '24-1-1' is not a date"),
        BadInput(add("new-ft", "--trained", "2024/09/01"), 64, "is not a date"),
        BadInput(add("new-ft", "--trained", "2025-01-16"), 64, "--trained 2025-01-16 is after today (2025-01-15)"),
        BadInput(add("new-ft", "--now", "2025-13-01"), 64, "--now '2025-13-01' is not a date"),
        BadInput(add("new-ft"), 64, "TRACKER_NOW", env: ["TRACKER_NOW": "yesterday"]),
        // Money.
        BadInput(add("new-ft", "--cost", "1.234"), 64, "--cost", "1.234", "decimals"),
        BadInput(add("new-ft", "--cost=-5"), 64, "--cost", "negative"),
        BadInput(add("new-ft", "--cost", "abc"), 64, "--cost", "'abc' is not an amount"),
        BadInput(add("new-ft", "--cost", "1,20"), 64, "--cost", "'1,20' is not an amount"),
        BadInput(add("new-ft", "--cost", "12 dollars"), 64, "--cost"),
        BadInput(add("new-ft", "--cost", "$12 EUR"), 64, "--cost", "two currencies"),
        BadInput(add("new-ft", "--cost", ""), 64, "--cost"),
        // Durations.
        BadInput(["due", "--within", "10x"], 64, "--within '10x' is not a duration", "90d"),
        BadInput(["due", "--within", "d"], 64, "--within 'd' is not a duration"),
        BadInput(["due", "--within", "-5d"], 64),
        BadInput(add("new-ft", "--retrain-every", "0d"), 64, "--retrain-every '0d'"),
        BadInput(add("new-ft", "--retrain-every", "yearly"), 64, "--retrain-every 'yearly'"),
        // Counts, evals, hashes.
        BadInput(add("new-ft", "--eval", "51/50"), 64, "--eval '51/50'", "46/50"),
        BadInput(add("new-ft", "--eval", "5/0"), 64, "--eval '5/0'"),
        BadInput(add("new-ft", "--eval", "90%"), 64, "--eval '90%'"),
        BadInput(add("new-ft", "--dataset-sha256", "abc123"), 64, "--dataset-sha256 'abc123' is not a SHA-256"),
        BadInput(add("new-ft", "--dataset-sha256", String(repeating: "g", count: 64)), 64, "--dataset-sha256"),
        BadInput(add("new-ft", "--examples", "many"), 64, "--examples 'many' is not a whole number"),
        BadInput(add("new-ft", "--tokens", "1e6"), 64, "--tokens '1e6'"),
        // The command line itself.
        BadInput(add("new-ft", "--colour", "red"), 64, "--colour"),
        BadInput(["add", "new-ft", "--base", "gpt-4o-2024-08-06", "--cost", "1"], 64, "--trained"),
        BadInput(["add", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "1"], 64, "name"),
        BadInput(["list", "--format", "xml"], 64, "xml"),
        BadInput(["due", "--format", "yaml"], 64, "yaml"),
        BadInput(["show", "known", "--format", "pdf"], 64, "pdf"),
        BadInput(["frobnicate"], 64, "frobnicate", withDB: false),
        BadInput(["base", "add", "acme/x@1", "--deprecated", "2025-01-01", "--deprecated-undated"], 64,
                 "--deprecated-undated"),
        BadInput(["base", "add", "acme/x@1", "--released", "2024-05-01", "--shutdown", "2024-04-30"], 64,
                 "shutdown 2024-04-30 is before release 2024-05-01"),
        BadInput(["base", "add", "not-a-ref"], 64, "'not-a-ref' is not PROVIDER/FAMILY@VERSION"),
        BadInput(["base", "set", "gpt-4o-2024-08-06"], 64, "nothing to change"),
        // Data problems.
        BadInput(add("KNOWN"), 65, "'known' already exists"),
        BadInput(add("new-ft", "--base", "gpt-4o-2024-08-07"), 65, "'gpt-4o-2024-08-07' is not a known base version",
                 "closest known: openai/gpt-4o@2024-08-06"),
        BadInput(["base", "add", "openai/gpt-4o@2024-08-06"], 65, "already exists"),
        BadInput(["base", "add", "acme/x@1", "--successor", "acme/y@1"], 65, "--successor 'acme/y@1' is not a known base version"),
        BadInput(["base", "show", "acme/y@1"], 65, "not a known base version"),
        BadInput(["show", "knwon"], 65, "no fine-tune named 'knwon'", "did you mean 'known'?"),
        BadInput(["retire", "knwon"], 65, "no fine-tune named 'knwon'", "did you mean 'known'?"),
        BadInput(["retrain", "knwon", "--base", "gpt-4o-2024-08-06", "--trained", "2024-10-01", "--cost", "1"], 65,
                 "did you mean 'known'?"),
        BadInput(["retrain", "known", "--base", "gpt-4o-2024-08-06", "--trained", "2024-08-31", "--cost", "1"], 65,
                 "before generation 1"),
        BadInput(["retrain", "old", "--base", "gpt-4o-2024-08-06", "--trained", "2024-10-01", "--cost", "1"], 65,
                 "'old' was retired"),
    ]

    /// A database with one base, one active and one retired fine-tune.
    static func seeded() throws -> Sandbox {
        let sb = try Sandbox()
        try sb.ok("base", "add", "openai/gpt-4o@2024-08-06", "--released", "2024-08-06")
        try sb.ok("add", "known", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "100",
                  "--owner", "alice")
        try sb.ok("add", "old", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "100")
        try sb.ok("retire", "old")
        return sb
    }

    @Test(arguments: BadInputTests.cases)
    func refusedWithOneLineAndNothingWritten(_ c: BadInput) throws {
        let sb = try BadInputTests.seeded()
        let before = try sb.snapshot()
        let r = c.withDB
            ? try sb.run(c.args, env: c.env)
            : try sb.run(c.args, env: c.env.merging(["TRACKER_DB": sb.dbPath]) { a, _ in a }, db: nil)
        #expect(r.status == c.code, "\(c.testDescription): \(r)")
        #expect(r.stdout.isEmpty, "\(c.testDescription): \(r)")
        #expect(r.errorLines.count == 1, "\(c.testDescription): \(r)")
        #expect(r.stderr.hasPrefix("error: "), "\(c.testDescription): \(r)")
        for f in c.fragments {
            #expect(r.stderr.contains(f), "\(c.testDescription): stderr lacks \"\(f)\": \(r)")
        }
        #expect(try sb.snapshot() == before, "\(c.testDescription) changed the database")
    }

    /// A usage error found before the database is opened must not create it.
    @Test func usageErrorOnFreshPathCreatesNoFile() throws {
        let sb = try Sandbox()
        let path = sb.root.appendingPathComponent("fresh/tracker.db").path
        for args in [
            ["add", "x", "--base", "openai/gpt-4o@2024-08-06", "--create-base", "--trained", "2024-09-01", "--cost", "abc"],
            ["add", "", "--base", "openai/gpt-4o@2024-08-06", "--trained", "2024-09-01", "--cost", "1"],
            ["base", "add", "openai/gpt-4o@2024-08-06", "--released", "2024-13-01"],
            ["base", "add", "nonsense"],
        ] {
            let r = try sb.run(args, db: path)
            expectFailure(r, 64)
            #expect(!sb.exists(path), "\(args) created the database")
        }
    }

    /// A write command that fails on data (65) before storing anything
    /// leaves no database behind, nor the folders it made for it.
    @Test(.enabled(if: TestBackend.isSQLite, "checks the database file and its folders"))
    func failedFirstWriteLeavesNoTrace() throws {
        let sb = try Sandbox()
        let cases: [[String]] = [
            ["retire", "x"],
            ["retrain", "x", "--base", "openai/gpt-4o@2024-08-06", "--trained", "2024-09-01", "--cost", "1"],
            ["add", "x", "--base", "openai/gpt-4o@2024-08-06", "--trained", "2024-09-01", "--cost", "1"],
            ["base", "set", "openai/gpt-4o@2024-08-06", "--shutdown", "2025-06-01"],
            ["base", "add", "openai/gpt-4o@2024-08-06", "--successor", "openai/gpt-4o@2024-11-20"],
        ]
        for (i, args) in cases.enumerated() {
            let folder = sb.root.appendingPathComponent("first\(i)")
            let path = folder.appendingPathComponent("sub/tracker.db").path
            expectFailure(try sb.run(args, db: path), 65)
            #expect(!sb.exists(path), "\(args) left \(path)")
            #expect(!sb.exists(path + "-wal") && !sb.exists(path + "-shm"))
            #expect(!sb.exists(folder.path), "\(args) left the folder \(folder.path)")
        }
        // An existing empty database is the user's: a failed command keeps it.
        try sb.ok("migrate")
        expectFailure(try sb.run("retire", "x"), 65)
        #expect(sb.exists())
    }

    static let readCommands: [[String]] = [
        ["list"], ["list", "--all", "--format", "json"], ["show", "x"], ["due"], ["due", "--exit-code"],
        ["base", "list"], ["base", "show", "openai/gpt-4o@2024-08-06"], ["migrate", "--list"],
    ]

    @Test(arguments: BadInputTests.readCommands)
    func readOnMissingDatabaseIs66AndCreatesNothing(_ args: [String]) throws {
        let sb = try Sandbox()
        let path = sb.root.appendingPathComponent("missing/tracker.db").path
        let r = try sb.run(args, db: path)
        expectFailure(r, 66, "no database at \(path)")
        #expect(!sb.exists(path))
        #expect(!sb.exists(sb.root.appendingPathComponent("missing").path))
        // The same through TRACKER_DB.
        let env = try sb.run(args, env: ["TRACKER_DB": path], db: nil)
        expectFailure(env, 66)
        #expect(!sb.exists(path))
    }

    @Test func notADatabaseIsADataError() throws {
        let sb = try Sandbox()
        let path = sb.root.appendingPathComponent("notes.txt").path
        let text = String(repeating: "these are not the bytes you are looking for\n", count: 100)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        expectFailure(try sb.run(["list"], db: path), 65, path)
        expectFailure(try sb.run(["base", "add", "acme/x@1"], db: path), 65, path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }

    @Test func uncreatableDatabaseIs73() throws {
        let sb = try Sandbox()
        // A regular file where a folder is needed.
        let blocker = sb.root.appendingPathComponent("blocker").path
        try "x".write(toFile: blocker, atomically: true, encoding: .utf8)
        expectFailure(try sb.run(["base", "add", "acme/x@1"], db: blocker + "/sub/tracker.db"), 73)
    }
}
