import Foundation
import Testing
import TrackerCore
import TrackerTestKit

/// Tasks, prompt revisions and evals through the real binary: numbering,
/// refusals that change nothing, the task notice, the diff against the real
/// `diff -u`, and evals of prompt revisions and generations.
@Suite struct PromptTests {
    /// Writes `text` to a file in the sandbox and records it as the next revision of `task`.
    @discardableResult
    func addRevision(_ sb: Sandbox, _ task: String, _ text: String, _ extra: String...) throws -> CLIResult {
        let file = sb.root.appendingPathComponent("prompt-\(UUID().uuidString).txt")
        try Data(text.utf8).write(to: file)
        return try sb.run(["prompt", "add", task, "--file", file.path] + extra)
    }

    /// `diff -u` of the same texts, without its two header lines.
    func realDiff(_ sb: Sandbox, _ a: String, _ b: String) throws -> String {
        let fa = sb.root.appendingPathComponent("a-\(UUID().uuidString)"), fb = sb.root.appendingPathComponent("b-\(UUID().uuidString)")
        try Data(a.utf8).write(to: fa)
        try Data(b.utf8).write(to: fb)
        let r = try runProcess(URL(fileURLWithPath: "/usr/bin/diff"), ["-u", fa.path, fb.path], environment: [:], directory: sb.root)
        #expect(r.status == (a == b ? 0 : 1), "\(r)")
        return CLIResult.split(r.stdout).dropFirst(2).joined(separator: "\n")
    }

    func withoutHeaders(_ text: String) -> String { CLIResult.split(text).dropFirst(2).joined(separator: "\n") }

    /// Each pair as r1 and r2 of a task: `tracker prompt diff` equals `diff -u` but for the headers.
    @Test func diffMatchesGNUDiff() throws {
        let sb = try Sandbox(now: "2026-11-29")
        let big = (1...5_000).map { "line \($0) of the prompt\n" }
        var edited = big
        for i in stride(from: 10, to: 5_000, by: 700) { edited[i] = "edited \(i)\n" }
        edited.insert("a new line\n", at: 2_500)
        edited.remove(at: 4_000)
        let ctx = (1...30).map { "c\($0)\n" }
        var near = ctx, far = ctx
        near[5] = "X\n"; near[12] = "Y\n"   // 6 unchanged lines apart: one hunk
        far[5] = "X\n"; far[13] = "Y\n"     // 7 apart: two hunks
        let cases: [(String, String, String)] = [
            ("insert", "a\nb\nc\n", "a\nb\nnew\nc\n"),
            ("delete", "a\nb\nc\nd\n", "a\nc\nd\n"),
            ("change", "one\ntwo\nthree\nfour\nfive\n", "one\nTWO\nthree\nfour\nFIVE\n"),
            ("no trailing newline", "a\nb\nc", "a\nb\nc\n"),
            ("both without trailing newline", "a\nb", "a\nc"),
            ("same last line, no newline", "x\ny\nz", "w\ny\nz"),
            ("near changes", ctx.joined(), near.joined()),
            ("far-apart hunks", ctx.joined(), far.joined()),
            ("start and end", "first\n" + ctx.joined() + "last\n", "FIRST\n" + ctx.joined() + "LAST\n"),
            ("5,000 lines, scattered edits", big.joined(), edited.joined()),
        ]
        for (i, (name, a, b)) in cases.enumerated() {
            let task = "diff-\(i)"
            #expect(try addRevision(sb, task, a).status == 0, "\(name)")
            #expect(try addRevision(sb, task, b).status == 0, "\(name)")
            let ours = try sb.ok("prompt", "diff", task, "r1", "r2")
            #expect(ours.stdout.hasPrefix("--- \(task) r1\t2026-11-29\n+++ \(task) r2\t2026-11-29\n"), "\(name): \(ours)")
            #expect(withoutHeaders(ours.stdout) == (try realDiff(sb, a, b)), "\(name)")
            let back = try sb.ok("prompt", "diff", task, "r2", "r1")
            #expect(withoutHeaders(back.stdout) == (try realDiff(sb, b, a)), "\(name), reversed")
        }
        // Empty against non-empty (a prompt is never empty, so through the core).
        for (a, b) in [("", "a\nb\n"), ("a\nb\n", ""), ("", "no newline")] {
            let ours = UnifiedDiff.render(old: a, new: b, oldHeader: "a", newHeader: "b")
            #expect(withoutHeaders(ours) == (try realDiff(sb, a, b)), "\(a.debugDescription) -> \(b.debugDescription)")
        }
        // Identical revisions: no output, exit 0.
        try addRevision(sb, "diff-0", "a\nb\nc\n")
        let same = try sb.ok("prompt", "diff", "diff-0", "r1", "r3")
        #expect(same.stdout.isEmpty && same.stderr.isEmpty)
    }

    @Test func revisionsAreNumberedAndNeverRepeatTheLatestText() throws {
        let sb = try Sandbox(now: "2026-11-29")
        let r1 = try addRevision(sb, "support-triage", "You triage tickets.\n", "--note", "first try", "--eval", "12/20")
        #expect(r1.status == 0, "\(r1)")
        #expect(r1.stderr == "notice: created task 'support-triage' with the default 80% target; change it with 'tracker task set support-triage --target N%'\n")
        #expect(r1.stdout.hasPrefix("added support-triage r1: 20 characters, sha256 "))
        #expect(r1.stdout.hasSuffix(", eval 12/20 (60%, 95% CI 39-78%)\n"))
        // The task's stored spelling is used whatever the case given.
        let r2 = try sb.ok("prompt", "add", "SUPPORT-TRIAGE", "--text", "You triage tickets.\nAnswer with one label.\n")
        #expect(r2.stdout.hasPrefix("added support-triage r2: "))
        #expect(r2.stderr.isEmpty)
        // Standard input.
        let stdin = try runProcess(URL(fileURLWithPath: "/bin/bash"),
                                   ["-c", "printf 'You triage tickets.\\nAnswer with one label.\\nBe brief.\\n' | \"$0\" prompt add support-triage - --db \"$1\"",
                                    Binary.tracker.path, sb.dbPath],
                                   environment: sb.environment([:], setNow: true), directory: sb.root)
        #expect(stdin.status == 0 && stdin.stdout.hasPrefix("added support-triage r3: "), "\(stdin)")

        // The same text as the latest revision changes nothing.
        let before = try sb.snapshot()
        let same = try sb.run("prompt", "add", "support-triage", "--text", "You triage tickets.\nAnswer with one label.\nBe brief.\n")
        let sha = PromptText.sha256("You triage tickets.\nAnswer with one label.\nBe brief.\n")
        expectFailure(same, 65, "nothing changed: r3 has the same text (sha256 \(sha.prefix(12)))")
        #expect(try sb.snapshot() == before)
        // An older revision's text is a new revision.
        #expect(try sb.ok("prompt", "add", "support-triage", "--text", "You triage tickets.\n").stdout.hasPrefix("added support-triage r4: "))

        let list = try sb.ok("prompt", "list", "support-triage", "--format", "json").json()
        let revisions = try #require(list["revisions"] as? [[String: Any]])
        #expect(revisions.map { $0["revision"] as? Int } == [1, 2, 3, 4])
        #expect(revisions[0]["sha256"] as? String == PromptText.sha256("You triage tickets.\n"))
        #expect(revisions[0]["note"] as? String == "first try")
        let eval = try #require(revisions[0]["latest_eval"] as? [String: Any])
        #expect(eval["passed"] as? Int == 12 && eval["total"] as? Int == 20)
        #expect(eval["rate"] as? Double == 0.6 && eval["ci95"] as? [Double] == [0.3866, 0.7812])
        #expect(revisions[0]["evals"] as? Int == 1 && revisions[1]["evals"] as? Int == 0)
        #expect(list["target_percent"] as? Int == 80)
        let table = try sb.ok("prompt", "list", "support-triage")
        #expect(table.stdout.contains("12/20 (60%, 95% CI 39-78%)"))

        // show: the facts, then the text exactly as stored; JSON has the text.
        let show = try sb.ok("prompt", "show", "support-triage", "r2")
        #expect(show.stdout.hasSuffix("text:\nYou triage tickets.\nAnswer with one label.\n"), "\(show)")
        #expect(show.stdout.contains("sha256:") && show.stdout.contains("revision:    r2"))
        let showJSON = try sb.ok("prompt", "show", "support-triage", "r1", "--format", "json").json()
        #expect(showJSON["text"] as? String == "You triage tickets.\n")
        #expect((showJSON["evals"] as? [[String: Any]])?.count == 1)
        #expect(try sb.ok("prompt", "show", "support-triage", "r1", "--format", "csv").stdout.hasPrefix("day,eval,dataset,recorded\n"))
    }

    @Test func badInputIsRefusedAndChangesNothing() throws {
        let sb = try Sandbox(now: "2026-11-29")
        try sb.ok("task", "add", "triage", "--target", "85%", "--description", "Label support tickets")
        try addRevision(sb, "triage", "r1 text\n")
        let before = try sb.snapshot()
        let file = sb.root.appendingPathComponent("bad.txt")
        func refuse(_ code: Int32, _ args: [String], _ fragments: String...) throws {
            let r = try sb.run(args)
            #expect(r.status == code, "\(args): \(r)")
            #expect(r.stdout.isEmpty && r.errorLines.count == 1 && r.stderr.hasPrefix("error: "), "\(args): \(r)")
            for f in fragments { #expect(r.stderr.contains(f), "\(args): \(r)") }
            #expect(try sb.snapshot() == before, "\(args) changed the database")
        }
        try Data([0x61, 0x0A, 0x62, 0x1B, 0x63]).write(to: file)
        try refuse(65, ["prompt", "add", "triage", "--file", file.path], "control character U+001B at line 2, column 2")
        try Data([0x61, 0x00]).write(to: file)
        try refuse(65, ["prompt", "add", "triage", "--file", file.path], "NUL character (U+0000) at line 1, column 2")
        try Data([0x61, 0xC3, 0x28]).write(to: file)
        try refuse(65, ["prompt", "add", "triage", "--file", file.path], "not valid UTF-8")
        try Data(" \n\t\n".utf8).write(to: file)
        try refuse(65, ["prompt", "add", "triage", "--file", file.path], "is empty")
        try Data(repeating: 0x61, count: 1024 * 1024 + 1).write(to: file)
        try refuse(65, ["prompt", "add", "triage", "--file", file.path], "more than the 1 MiB")
        try refuse(66, ["prompt", "add", "triage", "--file", sb.root.appendingPathComponent("missing.txt").path], "cannot read")
        try refuse(64, ["prompt", "add", "triage"], "exactly once")
        try refuse(64, ["prompt", "add", "triage", "--text", "a", "--file", file.path], "exactly once")
        try refuse(64, ["prompt", "add", "triage", "--text", "a", "-"], "exactly once")
        try refuse(65, ["prompt", "add", "triage", "--text", "new", "--model", "openai/gpt-9@x"], "--model", "not a known base")
        try refuse(64, ["prompt", "add", "triage", "--text", "new", "--eval", "21/20"], "--eval '21/20' is not PASSED/TOTAL")
        try refuse(64, ["prompt", "add", "triage", "--text", "new", "--eval", "1/0"], "PASSED/TOTAL")
        try refuse(65, ["prompt", "show", "triage", "r7"], "task 'triage' has no r7; it has only r1")
        try refuse(64, ["prompt", "show", "triage", "seven"], "not a prompt revision; give it as r1, r2")
        try refuse(65, ["prompt", "list", "triag"], "no task named 'triag'; did you mean 'triage'?")
        try refuse(65, ["prompt", "diff", "triage", "r1", "r2"], "has no r2")
        try refuse(64, ["task", "add", "x", "--target", "0%"], "from 1 to 100")
        try refuse(64, ["task", "add", "x", "--target", "101"], "from 1 to 100")
        try refuse(64, ["task", "add", "x", "--target", "eighty"], "from 1 to 100")
        try refuse(65, ["task", "add", "TRIAGE"], "task 'triage' already exists")
        try refuse(65, ["task", "set", "nope", "--target", "50%"], "no task named 'nope'")
        try refuse(64, ["task", "set", "triage"], "nothing to change")
        for bad in ["5/4", "0/0", "a/b", "4", "1/2/3", "1.5/2", " /2"] {
            try refuse(64, ["eval", "add", "triage@r1", bad], "is not PASSED/TOTAL")
        }
        // A negative count reads as an option: a usage error all the same.
        try refuse(64, ["eval", "add", "triage@r1", "-1/4"], "error: ")
        try refuse(64, ["eval", "add", "triage@r1", "1/2", "--date", "2026-11-30"], "--date 2026-11-30 is after today (2026-11-29)")
        try refuse(64, ["eval", "add", "triage@x1", "1/2"], "is not TASK@rN")
        try refuse(65, ["eval", "add", "triage@r2", "1/2"], "task 'triage' has no r2")
        try refuse(65, ["eval", "add", "triag@r1", "1/2"], "did you mean 'triage'?")
        try refuse(65, ["eval", "add", "nobody", "1/2"], "no fine-tune named 'nobody'")

        // The target can be changed; the description cleared.
        #expect(try sb.ok("task", "set", "Triage", "--target", "70").stdout == "updated task triage: target 70%\n")
        try sb.ok("task", "set", "triage", "--description", "none")
        let tasks = try #require(try sb.ok("task", "list", "--format", "json").json()["tasks"] as? [[String: Any]])
        #expect(tasks.count == 1 && tasks[0]["target_percent"] as? Int == 70 && tasks[0]["description"] is NSNull)
        #expect(tasks[0]["prompt_revisions"] as? Int == 1 && tasks[0]["latest_revision"] as? String == "r1")
    }

    @Test func fineTuneTasksAndGenerationEvals() throws {
        let sb = try Sandbox(now: "2026-11-29")
        try sb.ok("base", "add", "openai/gpt-4o@2024-08-06", "--released", "2024-08-06")
        try sb.ok("task", "add", "triage")
        // A known task (any case) is recorded with its stored spelling, silently.
        let add = try sb.ok("add", "bot", "--base", "openai/gpt-4o@2024-08-06", "--trained", "2026-01-10", "--cost", "100",
                            "--task", "TRIAGE", "--eval", "40/50")
        #expect(add.stderr.isEmpty)
        #expect(try sb.showJSON("bot")["task"] as? String == "triage")
        // An unknown one is created, with the notice, after the write.
        let set = try sb.ok("set", "bot", "--task", "Routing")
        #expect(set.stderr == "notice: created task 'Routing' with the default 80% target; change it with 'tracker task set Routing --target N%'\n")
        #expect(try sb.showJSON("bot")["task"] as? String == "Routing")
        // A refused add creates no task either.
        let before = try sb.snapshot()
        let dup = try sb.run("add", "bot", "--base", "openai/gpt-4o@2024-08-06", "--trained", "2026-01-10", "--cost", "1",
                             "--task", "brand-new")
        expectFailure(dup, 65, "already exists")
        #expect(try sb.snapshot() == before)

        // Evals of a generation: the latest by day is the one shown.
        #expect(try sb.ok("eval", "add", "bot", "45/50", "--dataset", "evals/v2.jsonl", "--date", "2026-03-01").stdout
                == "recorded eval of bot@g1 on 2026-03-01: 45/50 (90%, 95% CI 79-96%)\n")
        try sb.ok("eval", "add", "bot@g1", "30/50", "--date", "2026-02-01")
        let gen = try #require((try sb.showJSON("bot")["generations"] as? [[String: Any]])?.first)
        let eval = try #require(gen["eval"] as? [String: Any])
        #expect(eval["passed"] as? Int == 45 && eval["total"] as? Int == 50)
        let evals = try #require(try sb.ok("eval", "list", "bot", "--format", "json").json()["evals"] as? [[String: Any]])
        #expect(evals.map { $0["day"] as? String } == ["2026-01-10", "2026-02-01", "2026-03-01"])
        #expect(evals.map { $0["subject"] as? String } == ["bot@g1", "bot@g1", "bot@g1"])
        #expect(evals[2]["dataset"] as? String == "evals/v2.jsonl")
        expectFailure(try sb.run("eval", "add", "bot@g2", "1/2"), 65, "fine-tune 'bot' has no generation 2; it has only g1")

        // The latest eval feeds the alert rule: 30/50 on a later day is below 80%.
        try sb.ok("eval", "add", "bot", "30/50", "--date", "2026-11-29")
        let alerts = try sb.ok("alerts", "--format", "json").stdout
        #expect(alerts.contains("eval-below-target"), "\(alerts)")
    }

    @Test func exportImportRoundTripWithTasksPromptsAndEvals() throws {
        let sb = try Sandbox(now: "2026-11-29")
        try sb.ok("base", "add", "openai/gpt-4o@2024-08-06", "--released", "2024-08-06")
        try sb.ok("add", "bot", "--base", "openai/gpt-4o@2024-08-06", "--trained", "2026-01-10", "--cost", "100",
                  "--task", "triage", "--eval", "40/50")
        try sb.ok("eval", "add", "bot", "44/50", "--dataset", "evals.jsonl")
        try sb.ok("task", "set", "triage", "--target", "90%", "--description", "Label \"tickets\"")
        try addRevision(sb, "triage", "line one\n\tindented\r\nno newline at end", "--model", "openai/gpt-4o@2024-08-06",
                        "--note", "first", "--eval", "7/10")
        try addRevision(sb, "triage", "émoji ✓ and text\n", "--eval", "9/10")
        try sb.ok("eval", "add", "triage@r2", "18/20", "--date", "2026-11-01")
        try sb.ok("task", "add", "empty-task")

        let first = try sb.ok("export")
        let doc = try first.json()
        #expect(doc["version"] as? Int == 5)
        let copy = sb.root.appendingPathComponent("copy.db").path
        let exportFile = sb.root.appendingPathComponent("export.json")
        try Data(first.stdout.utf8).write(to: exportFile)
        let imported = try sb.run(["import", exportFile.path], db: copy)
        #expect(imported.status == 0, "\(imported)")
        let second = try sb.run(["export"], db: copy)
        #expect(second.stdout == first.stdout)
        let show = try sb.run(["prompt", "show", "triage", "r1", "--format", "json"], db: copy).json()
        #expect(show["text"] as? String == "line one\n\tindented\r\nno newline at end")
        #expect(show["model"] as? String == "openai/gpt-4o@2024-08-06")

        // A version 3 export (a generation's one eval, free-text tasks) still imports.
        let v3 = #"""
            {"format": "tracker-export", "version": 3, "bases": [{"provider": "openai", "family": "gpt-4o", "version": "2024-08-06",
              "model_id": "gpt-4o-2024-08-06", "released": "2024-08-06", "deprecated": null, "deprecated_undated": 0,
              "shutdown": null, "created_on": "2025-01-01", "history": []}],
             "fine_tunes": [{"name": "a", "task": "Triage", "owner": null, "retrain_every": "1y", "created_on": "2025-01-01",
               "generations": [{"number": 1, "model_id": null, "trained_on": "2025-01-01", "cost_minor": 100, "currency": "USD",
                 "eval_passed": 8, "eval_total": 10, "recorded_on": "2025-01-02", "base": "openai/gpt-4o@2024-08-06"}]},
               {"name": "b", "task": "triage", "owner": null, "retrain_every": "1y", "created_on": "2025-01-03", "generations": []}]}
            """#
        let v3File = sb.root.appendingPathComponent("v3.json")
        try Data(v3.utf8).write(to: v3File)
        let old = sb.root.appendingPathComponent("old.db").path
        let r = try sb.run(["import", v3File.path], db: old)
        #expect(r.status == 0, "\(r)")
        let tasks = try #require(try sb.run(["task", "list", "--format", "json"], db: old).json()["tasks"] as? [[String: Any]])
        #expect(tasks.map { $0["name"] as? String } == ["Triage"])
        let evals = try #require(try sb.run(["eval", "list", "a", "--format", "json"], db: old).json()["evals"] as? [[String: Any]])
        #expect(evals.count == 1 && evals[0]["day"] as? String == "2025-01-01")

        // A tampered text (its sha256 no longer matches) is refused.
        let tampered = first.stdout.replacingOccurrences(of: "émoji", with: "emoji")
        try Data(tampered.utf8).write(to: exportFile)
        let bad = try sb.run(["import", exportFile.path], db: sb.root.appendingPathComponent("bad.db").path)
        #expect(bad.status == 65 && bad.stderr.contains("sha256 is not the SHA-256 of its text"), "\(bad)")
    }
}
