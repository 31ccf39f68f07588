import Foundation
import Testing
import TrackerTestKit

/// `tracker due` through the built binary. Today is 2025-01-15 throughout.
@Suite struct DueTests {
    /// One fine-tune per reason, plus two that are not due:
    ///
    /// | fine-tune | base                      | why                                  |
    /// |-----------|---------------------------|--------------------------------------|
    /// | gone-ft   | acme/gone@1 shut 01-01    | base-shut-down, overdue, -14 days     |
    /// | sd-ft     | acme/sd@1 shuts 02-04     | base-shutdown-soon, critical, 20 days |
    /// | dep-ft    | acme/dep@1 deprecated 02-01 | base-deprecated, soon, 17 days      |
    /// | age-ft    | acme/ok@1                 | age (trained 2024-03-01, 1y), soon, 45 days |
    /// | undep-ft  | acme/undep@1 undated      | base-deprecated, planned, no date     |
    /// | old-ft    | acme/fam@v1 (v2 newer)    | base-superseded, planned              |
    /// | fresh-ft  | acme/ok@1                 | not due (trained 2024-12-01)          |
    /// | never-ft  | acme/ok@1 never retrained | not due                               |
    static func fixture() throws -> Sandbox {
        let sb = try Sandbox()
        try sb.ok("base", "add", "acme/gone@1", "--released", "2023-01-01", "--shutdown", "2025-01-01")
        try sb.ok("base", "add", "acme/sd@1", "--released", "2023-01-01", "--shutdown", "2025-02-04")
        try sb.ok("base", "add", "acme/dep@1", "--released", "2023-01-01", "--deprecated", "2025-02-01")
        try sb.ok("base", "add", "acme/undep@1", "--released", "2023-01-01", "--deprecated-undated")
        try sb.ok("base", "add", "acme/ok@1", "--released", "2023-01-01")
        try sb.ok("base", "add", "acme/fam@v1", "--released", "2024-01-01")
        try sb.ok("base", "add", "acme/fam@v2", "--released", "2024-06-01")
        func add(_ name: String, _ base: String, _ trained: String, owner: String = "ml", _ extra: String...) throws {
            try sb.run(["add", name, "--base", base, "--trained", trained, "--cost", "100", "--owner", owner,
                        "--task", "t-\(name)"] + extra).expectOK()
        }
        try add("gone-ft", "acme/gone@1", "2024-06-01", owner: "ops")
        try add("sd-ft", "acme/sd@1", "2024-06-01")
        try add("dep-ft", "acme/dep@1", "2024-06-01")
        try add("age-ft", "acme/ok@1", "2024-03-01", "--model-id", "ft:age")
        try add("undep-ft", "acme/undep@1", "2024-06-01")
        try add("old-ft", "acme/fam@v1", "2024-06-01")
        try add("fresh-ft", "acme/ok@1", "2024-12-01")
        try add("never-ft", "acme/ok@1", "2023-01-01", "--retrain-every", "never")
        return sb
    }

    @Test func jsonHasEveryReasonUrgencyAndDocumentedKey() throws {
        let sb = try DueTests.fixture()
        let r = try sb.run("due", "--format", "json")
        #expect(r.status == 0, "\(r)")
        let j = try r.json()
        #expect(j.string("now") == "2025-01-15")
        #expect(j.string("within") == "90d")
        #expect(j.string("horizon_end") == "2025-04-15")
        #expect(j.int("considered") == 8)
        #expect(j.int("count") == 6)
        let due = j.objects("due")
        #expect(due.count == 6)
        // Most urgent first, then earliest deadline, then name.
        #expect(due.map { $0.string("name") ?? "?" } == ["gone-ft", "sd-ft", "dep-ft", "age-ft", "old-ft", "undep-ft"])
        #expect(due.map { $0.string("urgency") ?? "?" } == ["overdue", "critical", "soon", "soon", "planned", "planned"])
        for item in due {
            for key in ["name", "owner", "task", "generation", "model_id", "base", "base_model_id", "trained",
                        "retrain_every", "urgency", "deadline", "days_left", "reasons"] {
                #expect(item.keys.contains(key), "due item lacks \(key): \(item)")
            }
            for reason in item.objects("reasons") {
                for key in ["code", "date", "days_left"] {
                    #expect(reason.keys.contains(key), "reason lacks \(key): \(reason)")
                }
            }
        }
        let byName = Dictionary(uniqueKeysWithValues: due.map { ($0.string("name") ?? "?", $0) })

        let gone = try #require(byName["gone-ft"])
        #expect(gone.string("owner") == "ops")
        #expect(gone.string("task") == "t-gone-ft")
        #expect(gone.int("generation") == 1)
        #expect(gone.string("base") == "acme/gone@1")
        #expect(gone.string("base_model_id") == "gone-1")
        #expect(gone.string("trained") == "2024-06-01")
        #expect(gone.string("retrain_every") == "1y")
        #expect(gone.string("deadline") == "2025-01-01")
        #expect(gone.int("days_left") == -14)
        let goneReason = try #require(gone.objects("reasons").first)
        #expect(gone.objects("reasons").count == 1)
        #expect(goneReason.string("code") == "base-shut-down")
        #expect(goneReason.string("date") == "2025-01-01")
        #expect(goneReason.int("days_left") == -14)

        let sd = try #require(byName["sd-ft"])
        #expect(sd.objects("reasons").map { $0.string("code") } == ["base-shutdown-soon"])
        #expect(sd.objects("reasons").first?.string("date") == "2025-02-04")
        #expect(sd.objects("reasons").first?.int("days_left") == 20)
        #expect(sd.string("deadline") == "2025-02-04")
        #expect(sd.int("days_left") == 20)

        let dep = try #require(byName["dep-ft"])
        #expect(dep.objects("reasons").map { $0.string("code") } == ["base-deprecated"])
        #expect(dep.objects("reasons").first?.string("date") == "2025-02-01")
        #expect(dep.objects("reasons").first?.int("days_left") == 17)
        #expect(dep.string("deadline") == "2025-02-01")

        let age = try #require(byName["age-ft"])
        #expect(age.string("model_id") == "ft:age")
        #expect(age.objects("reasons").map { $0.string("code") } == ["age"])
        #expect(age.objects("reasons").first?.string("date") == "2025-03-01")
        #expect(age.objects("reasons").first?.int("days_left") == 45)
        #expect(age.int("days_left") == 45)

        let undep = try #require(byName["undep-ft"])
        let undepReason = try #require(undep.objects("reasons").first)
        #expect(undepReason.string("code") == "base-deprecated")
        #expect(undepReason.isNull("date") && undepReason.isNull("days_left"))
        #expect(undep.isNull("deadline") && undep.isNull("days_left"))
        #expect(undep.isNull("model_id"))

        let old = try #require(byName["old-ft"])
        let oldReason = try #require(old.objects("reasons").first)
        #expect(oldReason.string("code") == "base-superseded")
        #expect(oldReason.string("successor") == "acme/fam@v2")
        #expect(old.isNull("deadline"))
    }

    @Test func tableSaysWhatAndWhy() throws {
        let sb = try DueTests.fixture()
        let r = try sb.ok("due")
        let rows = r.tableRows
        #expect(rows.first == ["URGENCY", "NAME", "OWNER", "BASE", "DEADLINE", "REASONS"])
        #expect(rows.dropFirst().prefix(6).map { $0.count > 1 ? $0[1] : "?" }
            == ["gone-ft", "sd-ft", "dep-ft", "age-ft", "old-ft", "undep-ft"])
        #expect(rows[1] == ["overdue", "gone-ft", "ops", "acme/gone@1", "2025-01-01", "base shut down 2025-01-01 (14 days ago)"])
        #expect(rows[2] == ["critical", "sd-ft", "ml", "acme/sd@1", "2025-02-04", "base shuts down 2025-02-04 (in 20 days)"])
        #expect(rows[4].last == "retrain due 2025-03-01 (in 45 days)")
        #expect(rows[5] == ["planned", "old-ft", "ml", "acme/fam@v1", "-", "superseded by acme/fam@v2"])
        #expect(rows[6].last == "base deprecated (date not announced)")
        #expect(r.lines.last == "6 of 8 active fine-tunes due within 90d (as of 2025-01-15).")
    }

    @Test func csvHasHeaderAndOneRowEach() throws {
        let sb = try DueTests.fixture()
        let r = try sb.ok("due", "--format", "csv")
        #expect(r.lines == [
            "urgency,name,owner,task,generation,base,trained,deadline,days_left,reasons,successor",
            "overdue,gone-ft,ops,t-gone-ft,1,acme/gone@1,2024-06-01,2025-01-01,-14,base-shut-down,",
            "critical,sd-ft,ml,t-sd-ft,1,acme/sd@1,2024-06-01,2025-02-04,20,base-shutdown-soon,",
            "soon,dep-ft,ml,t-dep-ft,1,acme/dep@1,2024-06-01,2025-02-01,17,base-deprecated,",
            "soon,age-ft,ml,t-age-ft,1,acme/ok@1,2024-03-01,2025-03-01,45,age,",
            "planned,old-ft,ml,t-old-ft,1,acme/fam@v1,2024-06-01,,,base-superseded,acme/fam@v2",
            "planned,undep-ft,ml,t-undep-ft,1,acme/undep@1,2024-06-01,,,base-deprecated,",
        ])
    }

    @Test func withinNarrowsTheHorizon() throws {
        let sb = try DueTests.fixture()
        let j = try sb.run("due", "--within", "30d", "--format", "json").json()
        #expect(j.string("within") == "30d")
        #expect(j.string("horizon_end") == "2025-02-14")
        // The age deadline (2025-03-01) is beyond 30 days; undated and superseded always count.
        #expect(j.objects("due").map { $0.string("name") ?? "?" } == ["gone-ft", "sd-ft", "dep-ft", "old-ft", "undep-ft"])
        let year = try sb.run("due", "--within", "1y", "--format", "json").json()
        #expect(year.string("horizon_end") == "2026-01-15")
        // fresh-ft falls due 2025-12-01 within a year; never-ft never does.
        let names = year.objects("due").compactMap { $0.string("name") }
        #expect(names.contains("fresh-ft"))
        #expect(!names.contains("never-ft"))
        let weeks = try sb.run("due", "--within", "12w", "--format", "json").json()
        #expect(weeks.string("horizon_end") == "2025-04-09")
        let months = try sb.run("due", "--within", "6m", "--format", "json").json()
        #expect(months.string("horizon_end") == "2025-07-15")
    }

    @Test func ownerFilter() throws {
        let sb = try DueTests.fixture()
        let j = try sb.run("due", "--owner", "ops", "--format", "json").json()
        #expect(j.int("considered") == 1)
        #expect(j.objects("due").map { $0.string("name") } == ["gone-ft"])
        let nobody = try sb.ok("due", "--owner", "nobody")
        #expect(nobody.stdout == "Nothing is due: no active fine-tunes owned by nobody are recorded.\n")
    }

    @Test func exitCodeSignalsDueWork() throws {
        let sb = try DueTests.fixture()
        let due = try sb.run("due", "--exit-code")
        #expect(due.status == 1, "\(due)")
        #expect(due.stderr.isEmpty)
        #expect(due.lines.last == "6 of 8 active fine-tunes due within 90d (as of 2025-01-15).")
        let json = try sb.run("due", "--exit-code", "--format", "json")
        #expect(json.status == 1)
        #expect(try json.json().int("count") == 6)
        // Without the flag, finding work is still success.
        #expect(try sb.run("due").status == 0)
        let none = try sb.run("due", "--exit-code", "--owner", "nobody")
        #expect(none.status == 0, "\(none)")
    }

    @Test func nothingDueSaysSoInWords() throws {
        let sb = try Sandbox()
        try sb.ok("base", "add", "acme/ok@1", "--released", "2023-01-01")
        try sb.ok("add", "fresh", "--base", "acme/ok@1", "--trained", "2024-12-01", "--cost", "1")
        let r = try sb.run("due", "--exit-code")
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.hasPrefix("Nothing is due within 90d"))
        #expect(r.stdout.contains("the one active fine-tune is current"))
        let j = try sb.run("due", "--exit-code", "--format", "json")
        #expect(j.status == 0)
        #expect(try j.json().int("count") == 0)
        #expect(try j.json().objects("due").isEmpty)
        let csv = try sb.run("due", "--format", "csv")
        #expect(csv.lines == ["urgency,name,owner,task,generation,base,trained,deadline,days_left,reasons,successor"])
        // --now on the command line wins over TRACKER_NOW.
        let later = try sb.run("due", "--now", "2025-11-15", "--format", "json").json()
        #expect(later.string("now") == "2025-11-15")
        #expect(later.objects("due").first?.objects("reasons").first?.string("code") == "age")
        #expect(later.objects("due").first?.string("urgency") == "critical")
    }

    @Test func severalReasonsAtOnceMostSevereFirst() throws {
        let sb = try Sandbox()
        try sb.ok("base", "add", "openai/gpt-4o@2024-08-06", "--released", "2024-08-06", "--deprecated", "2025-02-01",
                  "--shutdown", "2025-03-01")
        try sb.ok("base", "add", "openai/gpt-4o@2024-11-20", "--released", "2024-11-20")
        try sb.ok("add", "multi", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "1",
                  "--retrain-every", "12w")
        let item = try #require(try sb.run("due", "--format", "json").json().objects("due").first)
        // 12 weeks after 2024-09-01 is 2024-11-24: overdue by 52 days.
        #expect(item.objects("reasons").map { $0.string("code") ?? "?" }
            == ["base-shutdown-soon", "age", "base-deprecated", "base-superseded"])
        #expect(item.string("urgency") == "overdue")
        #expect(item.string("deadline") == "2024-11-24")
        #expect(item.int("days_left") == -52)
        #expect(item.objects("reasons").last?.string("successor") == "openai/gpt-4o@2024-11-20")
        let text = try sb.ok("due").tableRows[1].last ?? ""
        #expect(text.contains("retrain due 2024-11-24 (52 days overdue)"))
    }

    @Test func shutdownTodayIsOverdue() throws {
        let sb = try Sandbox()
        try sb.ok("base", "add", "acme/x@1", "--released", "2024-01-01", "--shutdown", "2025-01-15")
        try sb.ok("add", "a", "--base", "acme/x@1", "--trained", "2024-06-01", "--cost", "1")
        let item = try #require(try sb.run("due", "--format", "json").json().objects("due").first)
        #expect(item.string("urgency") == "overdue")
        #expect(item.int("days_left") == 0)
        #expect(item.objects("reasons").first?.string("code") == "base-shut-down")
        let row = try sb.ok("due").tableRows[1]
        #expect(row.last == "base shut down 2025-01-15 (today)")
        // The day before, it is a shutdown tomorrow: critical.
        let before = try #require(try sb.run("due", "--now", "2025-01-14", "--format", "json").json().objects("due").first)
        #expect(before.string("urgency") == "critical")
        #expect(before.objects("reasons").first?.string("code") == "base-shutdown-soon")
        #expect(before.objects("reasons").first?.int("days_left") == 1)
    }

    /// `tracker due --help`: "overdue (a deadline has passed)". A deadline
    /// reported as passed must come with that urgency.
    /// A passed deprecation day stops new training on the base, but the base
    /// still serves: soon, not overdue (overdue is for a passed shutdown or
    /// retrain-by day, as `due --help` says).
    @Test func passedDeprecationIsSoonNotOverdue() throws {
        let sb = try Sandbox()
        try sb.ok("base", "add", "acme/x@1", "--released", "2024-01-01", "--deprecated", "2024-12-01")
        try sb.ok("add", "a", "--base", "acme/x@1", "--trained", "2024-06-01", "--cost", "1")
        let item = try #require(try sb.run("due", "--format", "json").json().objects("due").first)
        #expect(item.objects("reasons").map { $0.string("code") } == ["base-deprecated"])
        #expect(item.objects("reasons").first?.int("days_left") == -45)
        #expect(item.string("urgency") == "soon")
        let help = try sb.run("due", "--help").stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("overdue (a shutdown or retrain-by day has passed, or the base is gone from its provider's list)"))
    }

    @Test func futureReleaseDoesNotSupersedeYet() throws {
        let sb = try Sandbox()
        try sb.ok("base", "add", "acme/fam@v1", "--released", "2024-01-01")
        try sb.ok("base", "add", "acme/fam@v2", "--released", "2025-03-01")
        try sb.ok("add", "a", "--base", "acme/fam@v1", "--trained", "2024-12-01", "--cost", "1")
        #expect(try sb.run("due", "--format", "json").json().int("count") == 0)
        let after = try sb.run("due", "--now", "2025-03-01", "--format", "json").json()
        #expect(after.objects("due").first?.objects("reasons").first?.string("successor") == "acme/fam@v2")
    }

    @Test func recordedSuccessorSupersedes() throws {
        let sb = try Sandbox()
        try sb.ok("base", "add", "acme/new@1")
        try sb.ok("base", "add", "acme/old@1", "--successor", "acme/new@1")
        try sb.ok("add", "a", "--base", "acme/old@1", "--trained", "2024-12-01", "--cost", "1")
        let item = try #require(try sb.run("due", "--format", "json").json().objects("due").first)
        #expect(item.objects("reasons").map { $0.string("code") } == ["base-superseded"])
        #expect(item.objects("reasons").first?.string("successor") == "acme/new@1")
        #expect(item.string("urgency") == "planned")
    }
}

extension CLIResult {
    func expectOK(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(status == 0, "\(self)", sourceLocation: sourceLocation)
    }
}
