import Foundation
import Testing
import TrackerTestKit

/// `tracker base add|set|list|show` through the built binary.
@Suite struct BaseCommandTests {
    @Test func baseAddWithEveryOptionIsShownBack() throws {
        let sb = try Sandbox()
        let first = try sb.ok("base", "add", "openai/gpt-4o@2024-11-20", "--released", "2024-11-20")
        #expect(first.stdout == "added base openai/gpt-4o@2024-11-20 (model id gpt-4o-2024-11-20)\n")
        #expect(first.stderr.isEmpty)

        let r = try sb.ok("base", "add", "openai/gpt-4o@2024-08-06", "--model-id", "gpt-4o-aug",
                          "--released", "2024-08-06", "--deprecated", "2025-02-01", "--shutdown", "2025-06-01",
                          "--successor", "openai/gpt-4o@2024-11-20", "--now", "2025-01-10")
        #expect(r.stdout == "added base openai/gpt-4o@2024-08-06 (model id gpt-4o-aug)\n")

        let j = try sb.run("base", "show", "openai/gpt-4o@2024-08-06", "--format", "json").json()
        #expect(j.string("ref") == "openai/gpt-4o@2024-08-06")
        #expect(j.string("model_id") == "gpt-4o-aug")
        #expect(j.string("released") == "2024-08-06")
        #expect(j.string("deprecated") == "2025-02-01")
        #expect(j.bool("deprecated_undated") == false)
        #expect(j.string("shutdown") == "2025-06-01")
        #expect(j.string("successor") == "openai/gpt-4o@2024-11-20")
        #expect(j.int("generations") == 0)
        let history = j.objects("history")
        #expect(history.map { $0.string("field") } == ["released", "deprecated", "shutdown", "successor"])
        #expect(history.map { $0.string("value") } == ["2024-08-06", "2025-02-01", "2025-06-01", "openai/gpt-4o@2024-11-20"])
        // --now wins over TRACKER_NOW for the recorded day.
        #expect(history.allSatisfy { $0.string("recorded") == "2025-01-10" && $0.string("source") == "manual" })

        let table = try sb.ok("base", "show", "gpt-4o-aug")
        #expect(table.lines.contains("base:        openai/gpt-4o@2024-08-06"))
        #expect(table.lines.contains("model id:    gpt-4o-aug"))
        #expect(table.lines.contains("released:    2024-08-06"))
        #expect(table.lines.contains("deprecated:  2025-02-01"))
        #expect(table.lines.contains("shutdown:    2025-06-01"))
        #expect(table.lines.contains("successor:   openai/gpt-4o@2024-11-20"))
        #expect(table.lines.contains("generations: 0"))
        #expect(table.tableRows.contains(["RECORDED", "FIELD", "VALUE", "SOURCE"]))
        #expect(table.tableRows.contains(["2025-01-10", "shutdown", "2025-06-01", "manual"]))
    }

    @Test func providerIsLowerCasedAndDefaultsApply() throws {
        let sb = try Sandbox()
        let r = try sb.ok("base", "add", "OpenAI/o1@2024-12-17")
        #expect(r.stdout == "added base openai/o1@2024-12-17 (model id o1-2024-12-17)\n")
        let j = try sb.run("base", "show", "o1-2024-12-17", "--format", "json").json()
        #expect(j.string("ref") == "openai/o1@2024-12-17")
        #expect(j.isNull("released") && j.isNull("deprecated") && j.isNull("shutdown") && j.isNull("successor"))
        #expect(j.objects("history").isEmpty)
        let table = try sb.ok("base", "show", "openai/o1@2024-12-17")
        #expect(table.lines.contains("released:    unknown"))
        #expect(table.lines.contains("deprecated:  no"))
        #expect(table.lines.contains("No recorded date changes."))
        // The same snapshot spelled with another provider case is a duplicate.
        expectFailure(try sb.run("base", "add", "OPENAI/o1@2024-12-17"), 65, "openai/o1@2024-12-17", "already exists")
    }

    @Test func deprecatedUndatedIsExpressible() throws {
        let sb = try Sandbox()
        try sb.ok("base", "add", "anthropic/claude-3-opus@20240229", "--released", "2024-02-29", "--deprecated-undated")
        let j = try sb.run("base", "show", "anthropic/claude-3-opus@20240229", "--format", "json").json()
        #expect(j.isNull("deprecated"))
        #expect(j.bool("deprecated_undated") == true)
        #expect(j.objects("history").contains { $0.string("field") == "deprecated" && $0.bool("undated") == true })
        let table = try sb.ok("base", "show", "claude-3-opus-20240229")
        #expect(table.lines.contains("deprecated:  yes, date not announced"))
        #expect(table.tableRows.contains(["2025-01-15", "deprecated", "undated", "manual"]))
        let list = try sb.run("base", "list", "--format", "json").json().objects("bases")
        #expect(list.first?.string("status") == "deprecated")
        #expect(list.first?.bool("deprecated_undated") == true)
    }

    @Test func ollamaDigestsAreVersionsOfOneTag() throws {
        let sb = try Sandbox()
        let d1 = "sha256:" + String(repeating: "a1", count: 32)
        let d2 = "sha256:" + String(repeating: "b2", count: 32)
        let r = try sb.ok("base", "add", "ollama/llama3.1:8b@\(d1)", "--released", "2024-07-23")
        #expect(r.stdout == "added base ollama/llama3.1:8b@\(d1) (model id llama3.1:8b)\n")
        try sb.ok("base", "add", "ollama/llama3.1:8b@\(d2)", "--released", "2024-09-01")
        let bases = try sb.run("base", "list", "--format", "json").json().objects("bases")
        #expect(bases.map { $0.string("version") } == [d1, d2])
        #expect(bases.allSatisfy { $0.string("provider") == "ollama" && $0.string("family") == "llama3.1:8b" })
        #expect(bases.map { $0.string("status") } == ["superseded", "current"])
        #expect(bases.first?.string("superseded_by") == "ollama/llama3.1:8b@\(d2)")
        // The bare tag names two versions: ambiguous, so the full ref is needed.
        expectFailure(try sb.run("add", "local", "--base", "llama3.1:8b", "--trained", "2024-10-01", "--cost", "0"),
                      65, "llama3.1:8b", "2 base versions")
        let ok = try sb.ok("add", "local", "--base", "ollama/llama3.1:8b@\(d2)", "--trained", "2024-10-01", "--cost", "0")
        #expect(ok.stdout == "added local: generation 1 on ollama/llama3.1:8b@\(d2), trained 2024-10-01, cost 0.00 USD\n")
    }

    @Test func baseAddRefusals() throws {
        let sb = try Sandbox()
        try sb.addGPT4oBases()
        let before = try sb.snapshot()
        expectFailure(try sb.run("base", "add", "openai/gpt-4o@2024-08-06"), 65,
                      "openai/gpt-4o@2024-08-06", "already exists", "tracker base set")
        expectFailure(try sb.run("base", "add", "gpt-4o-2024-08-06"), 64, "PROVIDER/FAMILY@VERSION")
        expectFailure(try sb.run("base", "add", "openai/gpt-4o"), 64, "PROVIDER/FAMILY@VERSION")
        expectFailure(try sb.run("base", "add", "openai/gpt 4o@1"), 64)
        expectFailure(try sb.run("base", "add", "acme/x@1", "--deprecated", "2025-01-01", "--deprecated-undated"),
                      64, "--deprecated-undated")
        expectFailure(try sb.run("base", "add", "acme/x@1", "--released", "2024-05-01", "--shutdown", "2024-01-01"),
                      64, "2024-01-01", "2024-05-01")
        expectFailure(try sb.run("base", "add", "acme/x@1", "--deprecated", "2024-06-01", "--shutdown", "2024-05-01"),
                      64, "shutdown 2024-05-01 is before deprecation 2024-06-01")
        let unknown = try sb.run("base", "add", "openai/gpt-4o@2025-01-01", "--successor", "openai/gpt-4o@2024-11-21")
        expectFailure(unknown, 65, "--successor 'openai/gpt-4o@2024-11-21'", "closest known: openai/gpt-4o@2024-11-20")
        #expect(try sb.snapshot() == before)
    }

    @Test func baseSetChangesEachFieldAndKeepsHistory() throws {
        let sb = try Sandbox()
        try sb.addGPT4oBases()
        let ref = "openai/gpt-4o@2024-05-13"

        var r = try sb.run("base", "set", ref, "--deprecated", "2025-03-01", "--now", "2025-01-20")
        #expect(r.status == 0 && r.stdout == "updated \(ref): deprecated\n", "\(r)")
        r = try sb.run("base", "set", "gpt-4o-2024-05-13", "--shutdown", "2025-09-01", "--now", "2025-02-01")
        #expect(r.status == 0 && r.stdout == "updated \(ref): shutdown\n", "\(r)")
        r = try sb.run("base", "set", ref, "--successor", "openai/gpt-4o@2024-11-20", "--now", "2025-02-02")
        #expect(r.status == 0 && r.stdout == "updated \(ref): successor\n", "\(r)")
        r = try sb.run("base", "set", ref, "--released", "2024-05-14", "--now", "2025-02-03")
        #expect(r.status == 0 && r.stdout == "updated \(ref): released\n", "\(r)")
        r = try sb.run("base", "set", ref, "--model-id", "gpt-4o-may", "--now", "2025-02-04")
        #expect(r.status == 0 && r.stdout == "updated \(ref): model id\n", "\(r)")
        r = try sb.run("base", "set", ref, "--deprecated-undated", "--now", "2025-02-05")
        #expect(r.status == 0 && r.stdout == "updated \(ref): deprecated\n", "\(r)")

        var j = try sb.run("base", "show", "gpt-4o-may", "--format", "json").json()
        #expect(j.string("model_id") == "gpt-4o-may")
        #expect(j.string("released") == "2024-05-14")
        #expect(j.isNull("deprecated") && j.bool("deprecated_undated") == true)
        #expect(j.string("shutdown") == "2025-09-01")
        #expect(j.string("successor") == "openai/gpt-4o@2024-11-20")
        let h = j.objects("history")
        #expect(h.map { $0.string("field") ?? "?" } == ["released", "deprecated", "shutdown", "successor", "released", "deprecated"])
        #expect(h.map { $0.string("recorded") ?? "?" } == ["2025-01-15", "2025-01-20", "2025-02-01", "2025-02-02", "2025-02-03", "2025-02-05"])
        #expect(h.last?.bool("undated") == true)

        // 'none' clears; the clearing is history too.
        r = try sb.run("base", "set", ref, "--shutdown", "none", "--deprecated", "none", "--successor", "none",
                       "--now", "2025-03-01")
        #expect(r.status == 0 && r.stdout == "updated \(ref): deprecated, shutdown, successor\n", "\(r)")
        j = try sb.run("base", "show", ref, "--format", "json").json()
        #expect(j.isNull("shutdown") && j.isNull("deprecated") && j.isNull("successor"))
        #expect(j.bool("deprecated_undated") == false)
        let cleared = j.objects("history").suffix(3)
        #expect(cleared.allSatisfy { $0.isNull("value") && $0.string("recorded") == "2025-03-01" })
        let table = try sb.ok("base", "show", ref)
        #expect(table.tableRows.contains(["2025-03-01", "shutdown", "none", "manual"]))
        #expect(table.tableRows.contains(["2025-02-05", "deprecated", "undated", "manual"]))
        #expect(table.lines.contains("shutdown:    unknown"))

        // Setting what is already there changes nothing and says so.
        let before = try sb.snapshot()
        r = try sb.run("base", "set", ref, "--released", "2024-05-14", "--now", "2025-04-01")
        #expect(r.status == 0 && r.stdout == "no change to \(ref)\n" && r.stderr.isEmpty, "\(r)")
        #expect(try sb.snapshot() == before)

        // Base set refusals leave the database alone.
        expectFailure(try sb.run("base", "set", ref), 64, "nothing to change")
        expectFailure(try sb.run("base", "set", "openai/gpt-4o@2099-01-01", "--shutdown", "2025-01-01"), 65,
                      "not a known base version")
        expectFailure(try sb.run("base", "set", ref, "--successor", ref), 64, "itself")
        // A date that conflicts with a stored one is a data problem (65), like
        // retraining before the previous generation; both values were typed
        // on one `base add` command line it is a usage error (64).
        expectFailure(try sb.run("base", "set", ref, "--shutdown", "2024-01-01"), 65, "before release")
        expectFailure(try sb.run("base", "set", ref, "--shutdown", "soon"), 64, "--shutdown 'soon' is not a date")
        #expect(try sb.snapshot() == before)
    }

    @Test func baseListOrdersByReleaseDateNotByVersionText() throws {
        let sb = try Sandbox()
        // Version strings sort the other way round from their release dates.
        try sb.ok("base", "add", "acme/widget@a-new", "--released", "2024-09-01")
        try sb.ok("base", "add", "acme/widget@z-old", "--released", "2023-01-01")
        try sb.ok("base", "add", "acme/widget@m-mid", "--released", "2024-02-01")
        try sb.ok("base", "add", "acme/widget@b-future", "--released", "2025-06-01")
        try sb.addGPT4oBases()
        try sb.ok("base", "add", "anthropic/claude-3-5-sonnet@20241022", "--released", "2024-10-22")

        let j = try sb.run("base", "list", "--format", "json").json()
        #expect(j.string("now") == "2025-01-15")
        let bases = j.objects("bases")
        #expect(bases.map { $0.string("ref") ?? "?" } == [
            "acme/widget@z-old", "acme/widget@m-mid", "acme/widget@a-new", "acme/widget@b-future",
            "anthropic/claude-3-5-sonnet@20241022",
            "openai/gpt-4o@2024-05-13", "openai/gpt-4o@2024-08-06", "openai/gpt-4o@2024-11-20",
        ])
        // Superseded by the newest released one; a future release supersedes nothing yet.
        #expect(bases[0].string("status") == "superseded")
        #expect(bases[0].string("superseded_by") == "acme/widget@a-new")
        #expect(bases[2].string("status") == "current")
        #expect(bases[2].isNull("superseded_by"))
        #expect(bases[3].string("status") == "unreleased")

        let openai = try sb.run("base", "list", "--provider", "OpenAI", "--format", "json").json().objects("bases")
        #expect(openai.map { $0.string("version") ?? "?" } == ["2024-05-13", "2024-08-06", "2024-11-20"])
        let widget = try sb.run("base", "list", "--family", "widget", "--format", "json").json().objects("bases")
        #expect(widget.count == 4)

        let table = try sb.ok("base", "list", "--family", "gpt-4o")
        #expect(table.tableRows.first == ["BASE", "MODEL ID", "RELEASED", "DEPRECATED", "SHUTDOWN", "STATUS", "SUPERSEDED BY"])
        #expect(table.tableRows.dropFirst().map { $0[0] } == ["openai/gpt-4o@2024-05-13", "openai/gpt-4o@2024-08-06", "openai/gpt-4o@2024-11-20"])
        #expect(table.tableRows[1] == ["openai/gpt-4o@2024-05-13", "gpt-4o-2024-05-13", "2024-05-13", "-", "-", "superseded", "openai/gpt-4o@2024-11-20"])

        let csv = try sb.ok("base", "list", "--provider", "openai", "--format", "csv")
        #expect(csv.lines == [
            "ref,provider,family,version,model_id,released,deprecated,shutdown,successor,superseded_by,status,gone,shutdown_disputed",
            "openai/gpt-4o@2024-05-13,openai,gpt-4o,2024-05-13,gpt-4o-2024-05-13,2024-05-13,,,,openai/gpt-4o@2024-11-20,superseded,,",
            "openai/gpt-4o@2024-08-06,openai,gpt-4o,2024-08-06,gpt-4o-2024-08-06,2024-08-06,,,,openai/gpt-4o@2024-11-20,superseded,,",
            "openai/gpt-4o@2024-11-20,openai,gpt-4o,2024-11-20,gpt-4o-2024-11-20,2024-11-20,,,,,current,,",
        ])

        let none = try sb.ok("base", "list", "--provider", "google")
        #expect(none.stdout == "No base versions match.\n")
    }

    @Test func baseListStatusFollowsLifecycleDates() throws {
        let sb = try Sandbox()
        try sb.ok("base", "add", "acme/a@1", "--released", "2024-01-01", "--shutdown", "2025-01-15")
        try sb.ok("base", "add", "acme/b@1", "--released", "2024-01-01", "--deprecated", "2025-01-01")
        try sb.ok("base", "add", "acme/c@1", "--released", "2024-01-01", "--deprecated", "2025-02-01")
        let bases = try sb.run("base", "list", "--format", "json").json().objects("bases")
        #expect(bases.map { $0.string("status") ?? "?" } == ["shut down", "deprecated", "current"])
        // A day before the shutdown it is not shut down yet.
        let earlier = try sb.run("base", "list", "--format", "json", "--now", "2025-01-14").json().objects("bases")
        #expect(earlier.first?.string("status") == "current")
    }

    @Test func emptyBaseListSaysHowToAddOne() throws {
        let sb = try Sandbox()
        try sb.ok("migrate")
        let r = try sb.ok("base", "list")
        #expect(r.stdout == "No base versions recorded. Add one with 'tracker base add PROVIDER/FAMILY@VERSION'.\n")
        let j = try sb.run("base", "list", "--format", "json").json()
        #expect(j.objects("bases").isEmpty)
    }

    @Test func baseShowCountsGenerationsAndFindsByModelID() throws {
        let sb = try Sandbox()
        try sb.addGPT4oBases()
        try sb.ok("add", "a", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "10")
        try sb.ok("add", "b", "--base", "openai/gpt-4o-2024-08-06", "--trained", "2024-09-02", "--cost", "10")
        let j = try sb.run("base", "show", "openai/gpt-4o-2024-08-06", "--format", "json").json()
        #expect(j.string("ref") == "openai/gpt-4o@2024-08-06")
        #expect(j.int("generations") == 2)
        let csv = try sb.ok("base", "show", "gpt-4o-2024-08-06", "--format", "csv")
        #expect(csv.lines == ["recorded,field,value,source,applied", "2025-01-15,released,2024-08-06,manual,true"])
        expectFailure(try sb.run("base", "show", "gpt-4o-2024-08-07"), 65,
                      "'gpt-4o-2024-08-07' is not a known base version", "openai/gpt-4o@2024-08-06")
    }
}
