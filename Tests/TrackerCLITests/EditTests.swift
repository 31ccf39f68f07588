import Foundation
import Testing
import TrackerTestKit

/// Issue 13 part 1, through the real binary: every edit is kept in the
/// history, and every refusal leaves the database as it was.
@Suite struct EditTests {
    /// Two gpt-4o snapshots and `bot` with generations 1 (2024-09-01) and 2 (2024-12-01), owned by ml.
    func fixture() throws -> Sandbox {
        let sb = try Sandbox()
        try sb.addGPT4oBases()
        try sb.ok("add", "bot", "--base", "openai/gpt-4o@2024-08-06", "--trained", "2024-09-01", "--cost", "100", "--owner", "ml")
        try sb.ok("retrain", "bot", "--base", "openai/gpt-4o@2024-08-06", "--trained", "2024-12-01", "--cost", "200")
        return sb
    }

    /// Runs `args`, expects the failure, and that the database did not change.
    func refused(_ sb: Sandbox, _ args: [String], _ code: Int32, _ fragments: String...,
                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try sb.snapshot()
        let r = try sb.run(args)
        #expect(r.status == code, "expected exit \(code): \(r)", sourceLocation: sourceLocation)
        #expect(r.stdout.isEmpty && r.errorLines.count == 1 && r.stderr.hasPrefix("error: "), "\(r)", sourceLocation: sourceLocation)
        for f in fragments { #expect(r.stderr.contains(f), "expected \"\(f)\": \(r)", sourceLocation: sourceLocation) }
        #expect(try sb.snapshot() == before, "tracker \(args.joined(separator: " ")) changed the database", sourceLocation: sourceLocation)
    }

    // MARK: set --rename

    @Test func renameKeepsHistoryAndRefusesATakenName() throws {
        let sb = try fixture()
        try sb.ok("add", "Other", "--base", "openai/gpt-4o@2024-08-06", "--trained", "2024-09-01", "--cost", "1")
        try refused(sb, ["set", "bot", "--rename", "OTHER"], 65, "'Other' already exists")
        try refused(sb, ["set", "bot", "--rename", "bad\tname"], 64, "control character")
        try refused(sb, ["set", "nobody", "--rename", "x"], 65, "no fine-tune named 'nobody'")
        let r = try sb.ok("set", "bot", "--rename", "support-bot")
        #expect(r.stdout == "updated bot (now support-bot): name\n")
        #expect(try sb.run("show", "bot").status == 65)
        let show = try sb.showJSON("SUPPORT-BOT")
        #expect(show.string("name") == "support-bot")
        let changes = show.objects("changes")
        #expect(changes.count == 1)
        #expect(changes.first?.string("field") == "name" && changes.first?.string("old") == "bot"
                && changes.first?.string("new") == "support-bot")
        #expect(try sb.ok("show", "support-bot").stdout.contains("name: bot -> support-bot"))
        // A case-only rename of itself is allowed.
        #expect(try sb.ok("set", "support-bot", "--rename", "Support-Bot").stdout.contains("name"))
    }

    // MARK: generation set

    @Test func generationSetCorrectsAndKeepsEveryChange() throws {
        let sb = try fixture()
        let r = try sb.ok("generation", "set", "bot@g1", "--cost", "150", "--trained", "2024-08-30", "--model-id", "ft:abc",
                          "--examples", "600", "--tokens", "12000", "--dataset", "s3://d/train.jsonl", "--eval", "45/50")
        #expect(r.stdout == "corrected bot@g1: cost, trained, model id, examples, tokens, dataset; recorded eval of bot@g1 on 2025-01-15: 45/50 (90%, 95% CI 79-96%)\n", "\(r)")
        let show = try sb.showJSON("bot")
        let g1 = try #require(show.objects("generations").first)
        #expect(g1.string("trained") == "2024-08-30" && g1.string("model_id") == "ft:abc" && g1.int("examples") == 600)
        let corrections = show.objects("corrections")
        #expect(corrections.map { $0.string("field") ?? "" } == ["cost", "trained", "model_id", "examples", "tokens", "dataset"])
        #expect(corrections.first?.string("old") == "100.00 USD" && corrections.first?.string("new") == "150.00 USD")
        #expect(corrections.allSatisfy { $0.int("generation") == 1 })
        #expect(try sb.ok("show", "bot").stdout.contains("g1 trained: 2024-09-01 -> 2024-08-30"))
        #expect(try sb.ok("eval", "list", "bot@g1").stdout.contains("45/50"))
        // 'none' clears; the same value again changes nothing.
        #expect(try sb.ok("generation", "set", "bot@g1", "--model-id", "none").stdout == "corrected bot@g1: model id\n")
        #expect(try sb.ok("generation", "set", "bot@g2", "--cost", "200").stdout == "no change to bot@g2\n")
    }

    @Test func generationSetRefusesWhatAddRefuses() throws {
        let sb = try fixture()
        try refused(sb, ["generation", "set", "bot@g2", "--trained", "2024-08-01"], 65, "before generation 1 (trained 2024-09-01)")
        try refused(sb, ["generation", "set", "bot@g1", "--trained", "2024-12-02"], 65, "after generation 2 (trained 2024-12-01)")
        try refused(sb, ["generation", "set", "bot@g2", "--trained", "2025-02-01"], 64, "after today")
        try refused(sb, ["generation", "set", "bot@g3", "--cost", "1"], 65, "no generation 3; it has g1, g2")
        try refused(sb, ["generation", "set", "bot", "--cost", "1"], 64, "not NAME@gN")
        try refused(sb, ["generation", "set", "nobody@g1", "--cost", "1"], 65, "no fine-tune named 'nobody'")
        try refused(sb, ["generation", "set", "bot@g1", "--cost", "lots"], 64, "--cost")
        try refused(sb, ["generation", "set", "bot@g1", "--eval", "60/50"], 64, "--eval")
        try refused(sb, ["generation", "set", "bot@g1", "--examples", "-3"], 64, "--examples")
        try refused(sb, ["generation", "set", "bot@g1"], 64, "nothing to change")
        // Currencies are never mixed under a budget.
        try sb.ok("budget", "set", "all", "2025", "1000 USD")
        try refused(sb, ["generation", "set", "bot@g1", "--cost", "100 EUR"], 65, "currencies are never mixed")
    }

    // MARK: reopen

    @Test func retireReopenRetrainIsNoLongerADeadEnd() throws {
        let sb = try fixture()
        try sb.ok("retire", "bot", "--reason", "replaced")
        try refused(sb, ["retrain", "bot", "--base", "openai/gpt-4o@2024-11-20", "--trained", "2025-01-10", "--cost", "1"],
                    65, "tracker reopen bot")
        #expect(try sb.ok("reopen", "BOT").stdout == "reopened bot (retired on 2025-01-15); record its next training run with 'tracker retrain bot ...'\n")
        let r = try sb.ok("retrain", "bot", "--base", "openai/gpt-4o@2024-11-20", "--trained", "2025-01-10", "--cost", "1")
        #expect(r.stdout.contains("generation 3"))
        let show = try sb.showJSON("bot")
        #expect(show.string("status") == "active" || show.string("retired") == nil)
        let change = try #require(show.objects("changes").first)
        #expect(change.string("field") == "retired" && change.string("old") == "2025-01-15 (replaced)" && change.string("new") == nil)
        #expect(try sb.ok("show", "bot").stdout.contains("reopened (had been retired on 2025-01-15 (replaced))"))
        // Reopening an active one says so and succeeds.
        let before = try sb.snapshot()
        #expect(try sb.ok("reopen", "bot").stdout == "bot is not retired; nothing changed\n")
        #expect(try sb.snapshot() == before)
        try refused(sb, ["reopen", "nobody"], 65, "no fine-tune named 'nobody'")
    }

    // MARK: remove

    @Test func removeAsksForYesAndDeletesOnlyWhatIsItsOwn() throws {
        let sb = try fixture()
        try sb.ok("add", "solo", "--base", "openai/gpt-4o@2024-05-13", "--trained", "2024-09-01", "--cost", "1", "--eval", "8/10")
        // Not on a terminal (the tests' stdin is not one): --yes is required.
        try refused(sb, ["remove", "bot"], 64, "removing fine-tune 'bot' is not undoable; give --yes to confirm")
        try refused(sb, ["remove", "bot@g2"], 64, "removing bot@g2 is not undoable; give --yes to confirm")
        try refused(sb, ["remove", "solo@g1", "--yes"], 65, "solo@g1 is the only generation of 'solo'; remove the fine-tune with 'tracker remove solo'")
        try refused(sb, ["remove", "nobody", "--yes"], 65, "no fine-tune named 'nobody'")
        try refused(sb, ["remove", "bot@g7", "--yes"], 65, "no generation 7")
        #expect(try sb.ok("remove", "bot@g2", "--yes").stdout == "removed bot@g2\n")
        #expect(try sb.showJSON("bot").objects("generations").count == 1)
        #expect(try sb.ok("remove", "solo", "--yes").stdout == "removed solo and its generation\n")
        #expect(try sb.listedNames("--all") == ["bot"])
        if let r = try sb.sql("SELECT count(*) FROM eval") { #expect(r.stdout == "0\n", "evals of removed generations are gone") }
    }

    /// On a terminal (a pty made by util-linux `script`), remove asks on stderr and reads a line.
    @Test func removeAsksOnATerminal() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
        let sb = try fixture()
        func answer(_ text: String) throws -> CLIResult {
            let env = sb.environment(["ANSWER": text, "TRACKER": Binary.tracker.path, "DB": sb.dbPath], setNow: true)
            return try runProcess(URL(fileURLWithPath: "/bin/sh"),
                                  ["-c", #"printf '%s\n' "$ANSWER" | /usr/bin/script -qec '"$TRACKER" remove bot --db "$DB"' /dev/null"#],
                                  environment: env, directory: sb.root)
        }
        let before = try sb.snapshot()
        let no = try answer("n")
        #expect(no.status == 64 && no.stdout.contains("remove bot and its 2 generations? [y/N]")
                && no.stdout.contains("not confirmed; nothing was removed"), "\(no)")
        #expect(try sb.snapshot() == before)
        let yes = try answer("y")
        #expect(yes.status == 0 && yes.stdout.contains("removed bot and its 2 generations"), "\(yes)")
        #expect(try sb.listedNames("--all").isEmpty)
    }

    @Test func baseRemoveNamesWhatRefersToIt() throws {
        let sb = try fixture()
        try refused(sb, ["base", "remove", "openai/gpt-4o@2024-08-06", "--yes"], 65,
                    "base openai/gpt-4o@2024-08-06 has 2 generations (bot g1, bot g2); remove them")
        try sb.ok("base", "set", "openai/gpt-4o@2024-05-13", "--successor", "openai/gpt-4o@2024-11-20")
        try refused(sb, ["base", "remove", "openai/gpt-4o@2024-11-20", "--yes"], 65,
                    "1 base naming it as successor (openai/gpt-4o@2024-05-13)", "--successor none")
        try sb.ok("prompt", "add", "support", "--text", "Answer politely.", "--model", "openai/gpt-4o@2024-05-13")
        try refused(sb, ["base", "remove", "openai/gpt-4o@2024-05-13", "--yes"], 65, "1 prompt revision tested on it (support r1)")
        try refused(sb, ["base", "remove", "openai/gpt-9@x", "--yes"], 65)
        try refused(sb, ["base", "remove", "openai/gpt-4o@2024-11-20"], 65) // the refusal comes before the question
        try sb.ok("base", "set", "openai/gpt-4o@2024-05-13", "--successor", "none")
        try refused(sb, ["base", "remove", "openai/gpt-4o@2024-11-20"], 64, "not undoable; give --yes")
        #expect(try sb.ok("base", "remove", "openai/gpt-4o@2024-11-20", "--yes").stdout == "removed base openai/gpt-4o@2024-11-20\n")
        let bases = try sb.ok("base", "list", "--format", "json").json().objects("bases").compactMap { $0.string("ref") }
        #expect(!bases.contains("openai/gpt-4o@2024-11-20"))
    }

    // MARK: unack, unsnooze

    @Test func unackAndUnsnoozeTakeBackAndSaySoWhenThereIsNothing() throws {
        let sb = try Sandbox()
        try sb.ok("base", "add", "openai/gpt-4o@2024-08-06", "--released", "2024-08-06", "--shutdown", "2025-02-01")
        try sb.ok("add", "bot", "--base", "openai/gpt-4o@2024-08-06", "--trained", "2024-09-01", "--cost", "1")
        let alerts = try sb.ok("alerts", "--format", "json").json().objects("alerts")
        let id = try #require(alerts.first?.string("id"))
        #expect(try sb.ok("unack", id).stdout.hasSuffix("is not acknowledged; nothing changed\n"))
        #expect(try sb.ok("unsnooze", id).stdout.hasSuffix("is not snoozed; nothing changed\n"))
        try sb.ok("ack", id)
        #expect(try sb.ok("unack", id).stdout.hasPrefix("took back the acknowledgement of \(id)"))
        #expect(try sb.ok("alerts", "--format", "json").json().objects("alerts").first?.string("state") == "open")
        try sb.ok("snooze", id, "7d")
        #expect(try sb.ok("unsnooze", id).stdout.hasPrefix("ended the snooze of \(id)"))
        #expect(try sb.ok("alerts", "--format", "json").json().objects("alerts").first?.string("state") == "open")
        try refused(sb, ["unack", "zzzzzz"], 65, "no alert 'zzzzzz'")
        try refused(sb, ["unsnooze", "zzzzzz"], 65, "no alert 'zzzzzz'")
    }

    // MARK: channel set

    @Test func channelSetKeepsTheDeliveryLog() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let sb = try Sandbox()
        let env = ["HOOK_URL": "\(server.base)/hook"]
        try sb.ok("base", "add", "openai/gpt-4o@2024-08-06", "--released", "2024-08-06", "--shutdown", "2025-02-01")
        try sb.ok("add", "bot", "--base", "openai/gpt-4o@2024-08-06", "--trained", "2024-09-01", "--cost", "1", "--owner", "ml")
        try sb.ok("channel", "add", "webhook", "hook", "--url-env", "HOOK_URL")
        try sb.ok("channel", "add", "webhook", "taken", "--url-env", "HOOK_URL")
        #expect(try sb.run(["notify"], env: env).status == 0)
        let sent = try server.requests().count
        #expect(sent == 2, "one digest per channel")
        // Refusals change nothing.
        try refused(sb, ["channel", "set", "hook", "--rename", "TAKEN"], 65, "channel 'taken' already exists")
        try refused(sb, ["channel", "set", "hook", "--smtp", "smtp://x:25"], 64, "are for email channels")
        try refused(sb, ["channel", "set", "hook", "--min-urgency", "someday"], 64, "--min-urgency")
        try refused(sb, ["channel", "set", "hook", "--url-env", "not a var"], 64, "--url-env")
        try refused(sb, ["channel", "set", "nope", "--repeat", "2d"], 65, "no channel named 'nope'")
        try refused(sb, ["channel", "set", "hook"], 64, "nothing to change")
        // Changed in place: renamed and rerouted, nothing is re-sent.
        #expect(try sb.ok("channel", "set", "hook", "--rename", "ml-hook", "--owner", "ml", "--repeat", "30d").stdout
                == "renamed channel hook to ml-hook; its delivery log is kept\n")
        #expect(try sb.ok("channel", "set", "ml-hook", "--min-urgency", "planned").stdout == "updated channel ml-hook; its delivery log is kept\n")
        let listed = try sb.ok("channel", "list", "--format", "json").json().objects("channels")
        let hook = try #require(listed.first { $0.string("name") == "ml-hook" })
        #expect(hook.string("owner") == "ml" && hook.string("repeat") == "30d")
        try sb.ok("channel", "remove", "taken")
        let again = try sb.run(["notify"], env: env)
        #expect(again.status == 0 && again.stdout.isEmpty, "\(again)")
        #expect(try server.requests().count == sent, "channel set must not re-send what was delivered")
    }
}

@Suite struct ChannelSetOwnerWarningTests {
    @Test func aNewOwnerNoFineTuneHasIsWarnedAbout() throws {
        let sb = try Sandbox(now: "2025-01-15")
        try sb.ok("base", "add", "openai/gpt-4o@2024-11-20", "--released", "2024-11-20")
        try sb.ok("add", "bot", "--base", "openai/gpt-4o@2024-11-20", "--trained", "2024-12-01", "--cost", "1", "--owner", "platform-ml")
        try sb.ok("channel", "add", "slack", "ops", "--url-env", "SLACK_URL")
        let typo = try sb.ok("channel", "set", "ops", "--owner", "platfrom-ml")
        #expect(typo.stderr.contains("no fine-tune has owner 'platfrom-ml' (known owners: platform-ml)"), "\(typo)")
        let right = try sb.ok("channel", "set", "ops", "--owner", "Platform-ML")
        #expect(right.stderr.isEmpty, "\(right)")
    }
}

@Suite struct OutFolderTests {
    @Test func outIsAFileNotAFolder() throws {
        let sb = try Sandbox(now: "2025-01-15")
        try sb.ok("migrate")
        let r = try sb.run("export", "--out", sb.root.path)
        expectFailure(r, 64, "--out", "is a folder")
    }
}
