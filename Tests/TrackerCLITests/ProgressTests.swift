import Foundation
import Testing
import TrackerTestKit

/// Issue 13, part 7: `sync`, `import` and `export` show progress on stderr
/// on a terminal (util-linux `script` gives them one), updated in place and
/// wiped at the end; nothing when stderr is not a terminal or with --quiet.
@Suite struct ProgressTests {
    static let script = ["/usr/bin/script", "/bin/script"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let catalog = Repo.root.appendingPathComponent("Tests/TrackerSyncTests/Fixtures/litellm-catalog.json").path

    /// A database with the catalog's 10 models and its export file.
    func seeded() throws -> (Sandbox, String) {
        let box = try Sandbox()
        try box.ok("sync", "catalog", ProgressTests.catalog)
        let export = box.root.appendingPathComponent("export.json").path
        try box.ok("export", "--out", export)
        return (box, export)
    }

    func commands(_ box: Sandbox, _ export: String) -> [[String]] {
        [["import", export, "--db", box.root.appendingPathComponent("copy-\(UUID().uuidString).db").path],
         ["export", "--out", box.root.appendingPathComponent("again.json").path, "--db", box.dbPath],
         ["sync", "catalog", ProgressTests.catalog, "--db", box.dbPath]]
    }

    @Test func nothingWhenNotOnATerminal() throws {
        let (box, export) = try seeded()
        for args in commands(box, export) {
            let r = try box.run(args, env: ["TRACKER_PROGRESS_MS": "0"], db: nil)
            #expect(r.status == 0 && r.stderr.isEmpty, "\(args): \(r)")
        }
    }

    /// Runs `tracker ARGS` with a terminal for stdin, stdout and stderr;
    /// returns everything written to it.
    func onATerminal(_ box: Sandbox, _ args: [String]) throws -> CLIResult {
        let line = ([Binary.tracker.path] + args).map { "'\($0)'" }.joined(separator: " ")
        return try runProcess(URL(fileURLWithPath: ProgressTests.script!), ["-qec", line, "/dev/null"],
                              environment: box.environment(["TRACKER_PROGRESS_MS": "0"], setNow: true), directory: box.root)
    }

    @Test(.enabled(if: ProgressTests.script != nil, "needs util-linux script"))
    func progressOnATerminal() throws {
        let (box, export) = try seeded()
        let expected = ["import: 10 items read (", "export: 10 items written (", "sync catalog: 14 items read ("]
        for (i, (args, fragment)) in zip(commands(box, export), expected).enumerated() {
            let r = try onATerminal(box, args)
            #expect(r.status == 0, "\(args): \(r)")
            #expect(r.stdout.contains("\r" + fragment), "\(args): \(r)")
            #expect(r.stdout.contains("/s)\u{1B}[K"), "updated in place: \(r)")
            // Wiped before the command's own output.
            let wiped = try #require(r.stdout.range(of: "\r\u{1B}[K", options: .backwards), "\(r)")
            #expect(!r.stdout[wiped.upperBound...].contains("items"), "\(r)")
            let quiet = try onATerminal(box, commands(box, export)[i] + ["--quiet"])
            #expect(quiet.status == 0 && !quiet.stdout.contains("items"), "\(args) --quiet: \(quiet)")
        }
    }
}
