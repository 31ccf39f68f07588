import Foundation
import Testing
import TrackerTestKit

/// The README tour's first commands run verbatim on a fresh database and
/// print exactly what the README shows.
@Suite struct TourTests {
    /// One `$ tracker ...` command of a console block and the lines shown after it.
    struct Step {
        var command: String
        var shown: [String]
    }

    /// The console blocks of "## A tour" before its `$ tracker due` block
    /// (which runs on the demo database; `ReadmeTests` checks it).
    static func freshSteps(_ readme: String) throws -> [Step] {
        let start = try #require(readme.range(of: "## A tour\n"))
        let end = try #require(readme.range(of: "```console\n$ tracker due\n", range: start.upperBound..<readme.endIndex))
        let tour = readme[start.upperBound..<end.lowerBound]
        var steps: [Step] = []
        var rest = tour[...]
        while let open = rest.range(of: "```console\n") {
            let body = rest[open.upperBound...]
            guard let close = body.range(of: "```") else { break }
            var pendingContinuation = false
            for line in body[..<close.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                let line = String(line)
                if pendingContinuation, var last = steps.popLast() {
                    last.command = String(last.command.dropLast()) + " " + line.trimmingCharacters(in: .whitespaces)
                    steps.append(last)
                } else if line.hasPrefix("$ ") {
                    steps.append(Step(command: String(line.dropFirst(2)), shown: []))
                } else if var last = steps.popLast() {
                    last.shown.append(line)
                    steps.append(last)
                }
                pendingContinuation = line.hasSuffix("\\")
            }
            rest = body[close.upperBound...]
        }
        return steps
    }

    /// Splits a command line as the shell does for the tour's quoting:
    /// spaces separate words, single quotes keep text as is.
    static func words(_ command: String) -> [String] {
        var words: [String] = [], current = "", quoted = false, inWord = false
        for c in command {
            if c == "'" { quoted.toggle(); inWord = true; continue }
            if c == " " && !quoted {
                if inWord { words.append(current); current = ""; inWord = false }
                continue
            }
            current.append(c)
            inWord = true
        }
        if inWord { words.append(current) }
        return words
    }

    @Test func tourRunsVerbatimOnAFreshDatabase() throws {
        let steps = try Self.freshSteps(try ReadmeTests.readme())
        #expect(steps.count >= 5, "the tour lost its commands: \(steps.map(\.command))")
        let s = try Sandbox(now: "2025-02-12")
        // The catalog the tour reads, an excerpt of real LiteLLM entries.
        try FileManager.default.copyItem(
            at: Repo.root.appendingPathComponent("Tests/TrackerSyncTests/Fixtures/litellm-tour.json"),
            to: s.root.appendingPathComponent("model_prices_and_context_window.json"))
        for step in steps {
            let args = Self.words(step.command)
            try #require(args.first == "tracker", "not a tracker command: \(step.command)")
            let r = try s.run(Array(args.dropFirst()), env: ["TRACKER_DB": s.dbPath], db: nil)
            let shown = CLIResult.split(r.stdout) + CLIResult.split(r.stderr)
            #expect(shown == step.shown, "README tour: '\(step.command)' printed\n\(shown.joined(separator: "\n"))")
            let fails = step.shown.first?.hasPrefix("error:") == true
            #expect((r.status == 0) != fails, "'\(step.command)' exit \(r.status)")
        }
    }

    @Test func tourCommandsAreSplitLikeTheShell() {
        #expect(Self.words("tracker add x --cost '$1,250' --note 'a b'") == ["tracker", "add", "x", "--cost", "$1,250", "--note", "a b"])
    }
}
