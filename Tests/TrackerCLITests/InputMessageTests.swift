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
}
