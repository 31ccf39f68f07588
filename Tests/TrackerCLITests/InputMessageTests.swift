import Foundation
import Testing
import TrackerTestKit

/// Issue 13, part 6: input and messages a first user meets, through the
/// real binary.
@Suite struct InputMessageTests {
    func seeded() throws -> Sandbox {
        let box = try Sandbox(now: "2025-06-01")
        try box.ok("base", "add", "openai/gpt-4o@2024-08-06", "--released", "2024-08-06")
        return box
    }

    @Test(arguments: [["--cost", "-5"], ["--cost=-5"], ["--cost", "-$5"], ["--cost", "-5.50"]])
    func aNegativeCostSaysNegative(_ cost: [String]) throws {
        let box = try seeded()
        let r = try box.run(["add", "ft", "--base", "openai/gpt-4o@2024-08-06", "--trained", "2024-09-01"] + cost)
        expectFailure(r, 64, "--cost", "is negative")
        #expect(!r.stderr.contains("missing value"))
    }

    @Test func aNegativeCountSaysNegative() throws {
        let box = try seeded()
        expectFailure(try box.run(["add", "ft", "--base", "openai/gpt-4o@2024-08-06", "--trained", "2024-09-01",
                                   "--cost", "5", "--examples", "-3"]), 64, "--examples '-3' is negative")
    }

    @Test func anUnknownFormatListsTheFormats() throws {
        let box = try seeded()
        let r = try box.run(["list", "--format", "pdf"])
        expectFailure(r, 64, "'pdf'", "use one of 'table', 'json', 'csv' or 'html'; see 'tracker list --help'")
        #expect(!r.stderr.contains(".;"))
    }

    @Test(arguments: [
        (["lst"], "unknown command 'lst'; did you mean 'tracker list'?"),
        (["base", "lst"], "unknown command 'lst'; did you mean 'tracker base list'?"),
        (["alrets"], "did you mean 'tracker alerts'?"),
        (["xyzzy"], "unknown command 'xyzzy'; see 'tracker --help' for the commands"),
    ])
    func anUnknownSubcommandSuggestsTheClosest(_ args: [String], _ fragment: String) throws {
        let box = try seeded()
        expectFailure(try box.run(args, db: nil), 64, fragment)
    }

    @Test func trainingBeforeTheBaseWasReleasedIsRefused() throws {
        let box = try seeded()
        let before = try box.snapshot()
        expectFailure(try box.run(["add", "ft", "--base", "openai/gpt-4o@2024-08-06", "--trained", "2024-08-05", "--cost", "1"]),
                      65, "--trained 2024-08-05 is before openai/gpt-4o@2024-08-06 was released (2024-08-06)")
        #expect(try box.snapshot() == before)
        try box.ok("add", "ft", "--base", "openai/gpt-4o@2024-08-06", "--trained", "2024-08-06", "--cost", "1")
        try box.ok("base", "add", "openai/gpt-4o@2024-11-20", "--released", "2024-11-20")
        expectFailure(try box.run(["retrain", "ft", "--base", "openai/gpt-4o@2024-11-20", "--trained", "2024-11-01", "--cost", "1"]),
                      65, "is before openai/gpt-4o@2024-11-20 was released (2024-11-20)")
    }

    @Test func oneIsSingular() throws {
        let box = try seeded()
        let export = box.root.appendingPathComponent("one.json").path
        try box.ok("export", "--out", export)
        let r = try box.run(["import", export], db: box.root.appendingPathComponent("copy.db").path)
        #expect(r.stdout == "imported 1 base, 0 fine-tunes, 0 channels, 0 alerts, 0 catalog entries, 0 tasks from \(export)\n", "\(r)")
    }

    /// With neither --db nor TRACKER_DB, the run that creates the default
    /// database names it on stderr; later runs and failed runs do not.
    @Test func theDefaultDatabaseIsNamedOnce() throws {
        let box = try Sandbox()
        let path = box.root.appendingPathComponent("home/.local/share/tracker/tracker.db").path
        let failed = try box.run(["base", "add", "not a ref"], db: nil)
        #expect(failed.status == 64 && !failed.stderr.contains("created"), "\(failed)")
        let first = try box.run(["base", "add", "openai/gpt-4o@2024-08-06"], db: nil)
        #expect(first.status == 0, "\(first)")
        #expect(first.stderr == "notice: created the database \(path); pass --db PATH or set TRACKER_DB to keep it elsewhere\n", "\(first)")
        let second = try box.run(["base", "add", "openai/gpt-4o@2024-11-20"], db: nil)
        #expect(second.status == 0 && second.stderr.isEmpty, "\(second)")
        // Chosen paths are not announced.
        let chosen = try box.run(["base", "add", "openai/gpt-4o@2024-08-06"], env: ["TRACKER_DB": box.dbPath])
        #expect(chosen.status == 0 && chosen.stderr.isEmpty, "\(chosen)")
        let flagged = try box.run(["base", "add", "openai/gpt-4o@2024-08-06"], db: box.root.appendingPathComponent("x.db").path)
        #expect(flagged.status == 0 && flagged.stderr.isEmpty, "\(flagged)")
    }
}
