import Foundation
import Testing
import TrackerTestKit

/// `tracker report` through the real binary: the decision rules on worked
/// examples, the JSON shape and the table, the HTML page read by the real
/// `html5lib` parser (html5lib==1.1 in REPO/.venv, from scripts/test-env.sh)
/// and drawn by a real headless browser (Debian's chromium, installed by
/// `scripts/install-deps.sh test`).
@Suite struct ReportTests {
    // MARK: Helpers

    /// One task's object of `report --format json` (the only one, or the one named).
    static func task(_ s: Sandbox, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let r = try s.run("report", "--format", "json")
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r)", sourceLocation: sourceLocation)
        let json = try r.json(sourceLocation: sourceLocation)
        return try #require(json.objects("tasks").first { $0.string("task") == name }, "no task \(name): \(r.stdout)",
                            sourceLocation: sourceLocation)
    }

    static func verdict(_ s: Sandbox, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> (kind: String, text: String) {
        let v = try #require(try task(s, name, sourceLocation: sourceLocation).object("verdict"), sourceLocation: sourceLocation)
        return (v.string("kind") ?? "", v.string("text") ?? "")
    }

    /// A sandbox on 2025-01-15 with one gpt-4o snapshot (no shutdown, no cadence).
    static func base() throws -> Sandbox {
        let s = try Sandbox(now: "2025-01-15")
        try s.ok("base", "add", "openai/gpt-4o@2024-08-06", "--released", "2024-08-06")
        return s
    }

    /// Adds prompt revisions with these evals to `task`, r1 first.
    static func prompts(_ s: Sandbox, _ task: String, _ evals: String...) throws {
        for (i, e) in evals.enumerated() {
            try s.ok("prompt", "add", task, "--text", "revision \(i + 1) of the \(task) prompt", "--eval", e)
        }
    }

    // MARK: Decision rules, worked by hand

    /// $500 every 6 months, last trained 2024-12-15; on 2025-01-15 the next 12
    /// months (2025-01-15 to 2026-01-14) hold retrains on 2025-06-15 and
    /// 2025-12-15: 2 x 500 = 1,000.00 USD a year to keep a fine-tune the
    /// prompt (17/20 = 85% >= 80%) has made unnecessary.
    @Test func promptMeetsTargetWithFineTuneSaysRetireWithTheYearlyCost() throws {
        let s = try Self.base()
        try s.ok("task", "add", "triage")
        try Self.prompts(s, "triage", "17/20")
        try s.ok("add", "ft1", "--base", "openai/gpt-4o@2024-08-06", "--trained", "2024-12-15", "--cost", "$500",
                 "--retrain-every", "6m", "--task", "triage", "--examples", "900")
        let t = try Self.task(s, "triage")
        let v = try #require(t.object("verdict"))
        #expect(v.string("kind") == "retire-fine-tune")
        #expect(v.string("text") == "prompt meets target (r1: 17/20, 85%) — fine-tune ft1 costs ~1,000.00 USD/yr to maintain; consider retiring it")
        let ft = try #require(t.objects("fine_tunes").first)
        #expect(ft.int("expected_retrains") == 2)
        #expect(ft.objects("forecast_12m").map { $0.int("minor_units") } == [100_000], "\(ft)")
        #expect(ft.objects("spent").map { $0.int("minor_units") } == [50_000])
    }

    /// Trained on the `--now` day itself, every 6 months: 2025-07-15 is in the
    /// next 12 months, 2026-01-15 (a year to the day) is not, so one retrain
    /// (~500.00 USD/yr), the same count `tracker forecast` gives.
    @Test func theTwelveMonthHorizonEndsTheDayBeforeAYearFromNow() throws {
        let s = try Self.base()
        try s.ok("task", "add", "triage")
        try Self.prompts(s, "triage", "17/20")
        try s.ok("add", "ft1", "--base", "openai/gpt-4o@2024-08-06", "--trained", "2025-01-15", "--cost", "$500",
                 "--retrain-every", "6m", "--task", "triage", "--examples", "900")
        let t = try Self.task(s, "triage")
        #expect(t.objects("fine_tunes").first?.int("expected_retrains") == 1)
        #expect(try Self.verdict(s, "triage").text.contains("costs ~500.00 USD/yr to maintain"))
        let forecast = try s.ok("forecast", "--format", "json").json()
        #expect(forecast.objects("total").first?.int("retrains") == 1, "report and forecast agree")
    }

    /// 8/10 is exactly 80%: it meets the default target; no fine-tune exists.
    @Test func promptMeetsTargetWithoutFineTune() throws {
        let s = try Self.base()
        try s.ok("task", "add", "faq")
        try Self.prompts(s, "faq", "6/10", "8/10")
        let v = try Self.verdict(s, "faq")
        #expect(v.kind == "prompt-meets-target")
        #expect(v.text == "prompt meets target (r2: 8/10, 80%): no fine-tune needed")
    }

    @Test func twoRevisionsUnderTargetIterate() throws {
        let s = try Self.base()
        try s.ok("task", "add", "tagging")
        try Self.prompts(s, "tagging", "50/100", "60/100")
        let v = try Self.verdict(s, "tagging")
        #expect(v.kind == "iterate-prompt")
        #expect(v.text == "iterate the prompt first (2 revisions so far, best 60% (r2: 60/100); target 80%)")
    }

    @Test func noRevisionYetIterate() throws {
        let s = try Self.base()
        try s.ok("task", "add", "empty")
        let v = try Self.verdict(s, "empty")
        #expect(v.kind == "iterate-prompt")
        #expect(v.text == "iterate the prompt first (no prompt revision recorded yet; test one on 10-20 examples; target 80%)")
    }

    /// Five revisions, the best r4 at 62%: fine-tuning is justified; the
    /// fine-tune's 300 examples are above the minimum but under 500.
    @Test func fiveRevisionsUnderTargetJustifyAFineTune() throws {
        let s = try Self.base()
        try s.ok("task", "add", "invoices")
        try Self.prompts(s, "invoices", "50/100", "55/100", "58/100", "62/100", "61/100")
        var v = try Self.verdict(s, "invoices")
        #expect(v.kind == "fine-tune-justified")
        #expect(v.text == "fine-tune justified: best 62% (r4: 62/100) after 5 revisions, under the 80% target")
        try s.ok("add", "extractor", "--base", "openai/gpt-4o@2024-08-06", "--trained", "2025-01-01", "--cost", "$90",
                 "--task", "invoices", "--examples", "300")
        v = try Self.verdict(s, "invoices")
        #expect(v.kind == "fine-tune-justified")
        #expect(v.text == "fine-tune justified: best 62% (r4: 62/100) after 5 revisions, under the 80% target; "
                + "extractor was trained on 300 examples (500+ recommended)")
    }

    @Test func fineTuneOnFortyExamplesIsTooFew() throws {
        let s = try Self.base()
        try s.ok("task", "add", "contracts")
        try Self.prompts(s, "contracts", "50/100", "55/100", "60/100")
        try s.ok("add", "tiny", "--base", "openai/gpt-4o@2024-08-06", "--trained", "2025-01-01", "--cost", "$20",
                 "--task", "contracts", "--examples", "40")
        let v = try Self.verdict(s, "contracts")
        #expect(v.kind == "too-few-examples")
        #expect(v.text == "fine-tune tiny trained on 40 examples: below the 100 minimum (500+ recommended)")
    }

    /// 85/100 meets the default 80% but not a task's own 90%; 18/20 (90%) does.
    @Test func aTasksOwnTargetIsUsed() throws {
        let s = try Self.base()
        try s.ok("task", "add", "strict", "--target", "90%")
        try s.ok("task", "add", "lenient")
        try Self.prompts(s, "strict", "85/100")
        try Self.prompts(s, "lenient", "85/100")
        #expect(try Self.task(s, "strict").int("target") == 90)
        var v = try Self.verdict(s, "strict")
        #expect(v.kind == "iterate-prompt")
        #expect(v.text == "iterate the prompt first (1 revision so far, best 85% (r1: 85/100); target 90%)")
        #expect(try Self.verdict(s, "lenient").kind == "prompt-meets-target")
        try s.ok("prompt", "add", "strict", "--text", "a better prompt", "--eval", "18/20")
        v = try Self.verdict(s, "strict")
        #expect(v.kind == "prompt-meets-target")
        #expect(v.text == "prompt meets target (r2: 18/20, 90%): no fine-tune needed")
    }

    // MARK: JSON shape, one task, errors, the table

    /// Two tasks, one with a prompt and a fine-tune, and one fine-tune without a task.
    static func small() throws -> Sandbox {
        let s = try Self.base()
        try s.ok("task", "add", "triage", "--description", "Label tickets")
        try s.ok("task", "add", "faq")
        try s.ok("prompt", "add", "triage", "--text", "first", "--eval", "12/20", "--model", "openai/gpt-4o@2024-08-06")
        try s.ok("prompt", "add", "triage", "--text", "second", "--eval", "11/20")
        try s.ok("add", "ft1", "--base", "openai/gpt-4o@2024-08-06", "--trained", "2024-12-15", "--cost", "$500",
                 "--retrain-every", "6m", "--task", "triage", "--examples", "900", "--eval", "45/50")
        try s.ok("add", "loose", "--base", "openai/gpt-4o@2024-08-06", "--trained", "2024-12-01", "--cost", "$10")
        return s
    }

    @Test func jsonShape() throws {
        let s = try Self.small()
        let r = try s.ok("report", "--format", "json")
        let json = try r.json()
        #expect(Set(json.keys) == ["now", "tasks", "without_task"])
        #expect(json.string("now") == "2025-01-15")
        #expect(json["without_task"] as? [String] == ["loose"])
        let tasks = json.objects("tasks")
        #expect(tasks.map { $0.string("task") } == ["faq", "triage"])
        let t = try #require(tasks.last)
        #expect(Set(t.keys) == ["task", "target", "description", "verdict", "prompts", "fine_tunes"])
        #expect(t.int("target") == 80)
        #expect(t.string("description") == "Label tickets")
        #expect(tasks.first?.isNull("description") == true)
        #expect(Set(try #require(t.object("verdict")).keys) == ["kind", "text"])
        let p = try #require(t.object("prompts"))
        #expect(Set(p.keys) == ["count", "latest", "best"])
        #expect(p.int("count") == 2)
        let latest = try #require(p.object("latest")), best = try #require(p.object("best"))
        #expect(Set(latest.keys) == ["revision", "created", "model", "eval"])
        #expect(latest.int("revision") == 2 && latest.isNull("model"))
        #expect(best.int("revision") == 1 && best.string("model") == "openai/gpt-4o@2024-08-06")
        let bestEval = try #require(best.object("eval"))
        #expect(Set(bestEval.keys) == ["passed", "total", "rate", "ci95"])
        #expect(bestEval.int("passed") == 12 && bestEval.int("total") == 20)
        let fts = t.objects("fine_tunes")
        #expect(fts.count == 1)
        let ft = try #require(fts.first)
        #expect(Set(ft.keys) == ["name", "generation", "base", "examples", "eval", "due", "reasons", "due_text", "spent",
                                 "expected_retrains", "forecast_12m"])
        #expect(ft.string("name") == "ft1" && ft.int("generation") == 1 && ft.string("base") == "openai/gpt-4o@2024-08-06")
        #expect(ft.int("examples") == 900)
        let e = try #require(ft.object("eval"))
        #expect(e.int("passed") == 45 && e.int("total") == 50)
        #expect((e["ci95"] as? [Double])?.count == 2)
        #expect(ft.bool("due") == false && (ft["reasons"] as? [String]) == [] && ft.isNull("due_text"))
        #expect(Set(try #require(ft.objects("spent").first).keys) == ["amount", "minor_units", "currency"])
        #expect(ft.int("expected_retrains") == 2)
        #expect(ft.objects("forecast_12m").map { $0.string("currency") } == ["USD"])
        // faq: no prompts, no fine-tunes.
        let faq = try #require(tasks.first)
        #expect(faq.object("prompts")?.int("count") == 0)
        #expect(faq.objects("fine_tunes").isEmpty)
    }

    @Test func dueFineTuneHasReasons() throws {
        let s = try Sandbox(now: "2025-01-15")
        try s.ok("base", "add", "openai/gpt-4o@2024-08-06", "--released", "2024-08-06", "--shutdown", "2025-02-01")
        try s.ok("add", "ft1", "--base", "openai/gpt-4o@2024-08-06", "--trained", "2024-09-01", "--cost", "$100",
                 "--task", "triage", "--examples", "500")
        let ft = try #require(try Self.task(s, "triage").objects("fine_tunes").first)
        #expect(ft.bool("due") == true)
        #expect(ft["reasons"] as? [String] == ["base-shutdown-soon"], "\(ft)")
        #expect(ft.string("due_text") == "base shuts down 2025-02-01 (in 17 days)", "\(ft)")
    }

    @Test func oneTaskOnly() throws {
        let s = try Self.small()
        let json = try s.ok("report", "triage", "--format", "json").json()
        #expect(json.objects("tasks").map { $0.string("task") } == ["triage"])
        #expect(json["without_task"] as? [String] == [], "a one-task report lists no task-less fine-tunes")
        // Names compare case-insensitively.
        #expect(try s.ok("report", "TRIAGE", "--format", "json").json().objects("tasks").map { $0.string("task") } == ["triage"])
    }

    @Test func unknownTaskExits65WithASuggestion() throws {
        let s = try Self.small()
        expectFailure(try s.run("report", "triag"), 65, "no task named 'triag'", "did you mean 'triage'?")
        expectFailure(try s.run("report", "zzzzzz", "--format", "html"), 65, "no task named 'zzzzzz'", "tracker task list")
        let out = s.root.appendingPathComponent("never.html").path
        expectFailure(try s.run("report", "triag", "--format", "html", "--out", out), 65)
        #expect(!s.exists(out), "a failed report writes no file")
    }

    @Test func tableForOneTask() throws {
        let s = try Self.small()
        let r = try s.ok("report", "triage")
        #expect(r.stderr.isEmpty)
        #expect(r.lines == [
            "report as of 2025-01-15: 1 task",
            "",
            "TASK triage (target 80%)",
            "description: Label tickets",
            "verdict:     iterate the prompt first (2 revisions so far, best 60% (r1: 12/20); target 80%)",
            "prompts:     2 revisions; latest r2 11/20 (55%, 95% CI 34-74%); best r1 12/20 (60%, 95% CI 39-78%) on openai/gpt-4o@2024-08-06",
            "",
            "FINE-TUNE  GEN  BASE                      EXAMPLES  EVAL                        DUE  SPENT       NEXT 12 MONTHS",
            "ft1        1    openai/gpt-4o@2024-08-06  900       45/50 (90%, 95% CI 79-96%)  no   500.00 USD  2 retrains, 1,000.00 USD",
        ], "\(r.stdout)")
        let all = try s.ok("report")
        #expect(all.lines.first == "report as of 2025-01-15: 2 tasks")
        #expect(all.lines.last == "without a task (not judged; give one with 'tracker set NAME --task TASK'): loose")
    }

    // MARK: HTML

    static let hostileTask = "ev<il>&\"q'"
    static let hostileDescription = "<script>alert(\"x&y\")</script> & 'quoted' \u{202E}gnp.exe"
    static let hostileFineTune = "<script>ft</script>&\"'"
    static let hostileLoose = "<b>loose</b>&\""

    /// What the venv's html5lib (strict) and ElementTree say about a page:
    /// `{"ok": true, "svg_root": TAG, "svg_elements": N}` or exit 1 with the error.
    static func parseHTML(_ path: String, in s: Sandbox, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let script = """
            import json, sys, html5lib
            import xml.etree.ElementTree as ET
            assert html5lib.__version__ == "1.1", html5lib.__version__
            data = open(sys.argv[1], "rb").read()
            parser = html5lib.HTMLParser(strict=True)
            try:
                parser.parse(data)
            except Exception as e:
                print("html5lib (strict):", repr(e), parser.errors, file=sys.stderr)
                sys.exit(1)
            text = data.decode("utf-8")
            start, end = text.find("<svg"), text.find("</svg>")
            if start < 0 or end < 0:
                print("no <svg> element", file=sys.stderr)
                sys.exit(1)
            svg = ET.fromstring(text[start:end + len("</svg>")])
            print(json.dumps({"ok": True, "svg_root": svg.tag, "svg_elements": sum(1 for _ in svg.iter()),
                              "errors": [str(e) for e in parser.errors]}))
            """
        let r = try runProcess(try Repo.python(), ["-c", script, path], environment: s.environment([:], setNow: false), directory: s.root)
        #expect(r.status == 0, "the page does not parse: \(r)", sourceLocation: sourceLocation)
        return try jsonObject(r.stdout, "not JSON: \(r)")
    }

    /// Nothing the page could fetch: no scripts, links, imports or URLs
    /// except the SVG namespace.
    static func expectSelfContained(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let lower = html.lowercased()
        for banned in ["<script", "<link", "@import", "url(", "<iframe", "<img", "<object", "<embed"] {
            #expect(!lower.contains(banned), "the page contains \(banned)", sourceLocation: sourceLocation)
        }
        let withoutNamespace = lower.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
        #expect(!withoutNamespace.contains("http://") && !withoutNamespace.contains("https://"),
                "the page names a URL", sourceLocation: sourceLocation)
        #expect(!lower.contains("src="), "the page loads something", sourceLocation: sourceLocation)
    }

    @Test func htmlWritesAFileThatParsesAndIsSelfContained() throws {
        let s = try Self.small()
        let out = s.root.appendingPathComponent("report.html").path
        let r = try s.ok("report", "--format", "html", "--out", out)
        #expect(r.stdout.isEmpty && r.stderr.isEmpty, "\(r)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") || html.lowercased().hasPrefix("<!doctype html>"))
        let parsed = try Self.parseHTML(out, in: s)
        #expect(parsed.string("svg_root") == "{http://www.w3.org/2000/svg}svg")
        #expect((parsed.int("svg_elements") ?? 0) > 10, "the timeline draws something: \(parsed)")
        Self.expectSelfContained(html)
        #expect(html.contains("Task triage") && html.contains("Verdict:"))
        // Standard output gets the same page without --out.
        let stdout = try s.ok("report", "--format", "html")
        #expect(stdout.stdout == html)
    }

    @Test func hostileTextIsEscapedEverywhere() throws {
        let s = try Self.base()
        try s.ok("task", "add", Self.hostileTask, "--description", Self.hostileDescription)
        try s.ok("prompt", "add", Self.hostileTask, "--text", "<script>prompt</script>", "--eval", "3/10")
        try s.ok("add", Self.hostileFineTune, "--base", "openai/gpt-4o@2024-08-06", "--trained", "2024-12-15",
                 "--cost", "$50", "--task", Self.hostileTask, "--examples", "40", "--retrain-every", "6m")
        try s.ok("add", Self.hostileLoose, "--base", "openai/gpt-4o@2024-08-06", "--trained", "2024-12-15", "--cost", "$5")
        let out = s.root.appendingPathComponent("hostile.html").path
        try s.ok("report", "--format", "html", "--out", out)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        _ = try Self.parseHTML(out, in: s)
        Self.expectSelfContained(html)
        for raw in [Self.hostileTask, Self.hostileDescription, Self.hostileFineTune, Self.hostileLoose,
                    "<script>", "</script>", "<b>", "\u{202E}", "\"x&y\"", "'quoted'"] {
            #expect(!html.contains(raw), "raw user text in the page: \(raw)")
        }
        #expect(html.contains("&lt;script&gt;ft&lt;/script&gt;&amp;"), "the fine-tune's name, escaped")
        #expect(html.contains("&lt;script&gt;alert("), "the description, escaped")
        #expect(html.contains("&lt;b&gt;loose&lt;/b&gt;&amp;"), "the task-less fine-tune, escaped")
        // The timeline's lane label is escaped as XML inside the SVG.
        let svgStart = try #require(html.range(of: "<svg")), svgEnd = try #require(html.range(of: "</svg>"))
        let svg = html[svgStart.lowerBound..<svgEnd.upperBound]
        #expect(svg.contains("&lt;script&gt;ft&lt;/script&gt;"), "the lane of the hostile fine-tune is labelled, escaped")
        // JSON and table carry the text as data.
        let json = try s.ok("report", "--format", "json").json()
        let t = try #require(json.objects("tasks").first)
        #expect(t.string("task") == Self.hostileTask && t.string("description") == Self.hostileDescription)
        #expect(t.objects("fine_tunes").first?.string("name") == Self.hostileFineTune)
        #expect(json["without_task"] as? [String] == [Self.hostileLoose])
        let table = try s.ok("report")
        #expect(!table.stdout.contains("\u{202E}"), "the table shows the bidi override escaped")
    }

    // MARK: The demo and a real browser

    /// Runs scripts/demo.sh (as `make demo` does, with the built binary) into
    /// a folder of the sandbox on 2026-11-29; returns its output and the report path.
    static func demo(_ s: Sandbox) throws -> (output: String, report: String) {
        let db = s.root.appendingPathComponent("demo/tracker-demo.db").path
        let r = try runProcess(URL(fileURLWithPath: "/bin/bash"),
                               [Repo.root.appendingPathComponent("scripts/demo.sh").path, Binary.tracker.path, db],
                               environment: s.environment(["TRACKER_NOW": "2026-11-29"], setNow: false), directory: s.root)
        #expect(r.status == 0, "demo.sh: \(r)")
        return (r.stdout, s.root.appendingPathComponent("demo/report.html").path)
    }

    @Test func demoWritesTheReportAndPrintsItsPath() throws {
        let s = try Sandbox(now: "2026-11-29")
        let (output, report) = try Self.demo(s)
        #expect(output.contains("demo report: \(report) (open it in a browser)\n"), "\(output)")
        #expect(s.exists(report))
        let parsed = try Self.parseHTML(report, in: s)
        #expect(parsed.string("svg_root") == "{http://www.w3.org/2000/svg}svg")
        let html = try String(contentsOfFile: report, encoding: .utf8)
        Self.expectSelfContained(html)
        for verdict in ["iterate the prompt first", "fine-tune justified", "consider retiring it"] {
            #expect(html.contains(verdict), "the demo's report shows a '\(verdict)' verdict")
        }
        for lane in ["support-triage", "invoice-extractor", "contract-review", "ticket-tagger"] {
            #expect(html.contains(">\(lane)</text>"), "the timeline has a lane for \(lane)")
        }
    }

    /// The page's width in chromium at `width` pixels: a copy of `html` with
    /// a measuring script added (the report itself has none) and, for
    /// `print`, its print rules applied on screen.
    static func measure(_ html: String, width: Int, print: Bool, in s: Sandbox) throws -> (scroll: Int, client: Int) {
        let script = "<script>window.onload = function () { var e = document.documentElement, p = document.createElement('pre');"
            + " p.textContent = 'MEASURED ' + e.scrollWidth + ' ' + e.clientWidth + ' END'; document.body.appendChild(p); };</script>"
        var page = html.replacingOccurrences(of: "</body>", with: script + "</body>")
        if print { page = page.replacingOccurrences(of: "@media print {", with: "@media all {") }
        let path = s.root.appendingPathComponent("measure-\(UUID().uuidString).html").path
        try Data(page.utf8).write(to: URL(fileURLWithPath: path))
        let chromium = "/usr/bin/chromium"
        guard FileManager.default.isExecutableFile(atPath: chromium) else {
            throw SupportError("\(chromium) is missing: run `bash scripts/install-deps.sh test` (make test does)")
        }
        let r = try runProcess(URL(fileURLWithPath: chromium),
                               ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=\(width),1400",
                                "--user-data-dir=\(s.root.appendingPathComponent("chromium-\(UUID().uuidString)").path)",
                                "--dump-dom", URL(fileURLWithPath: path).absoluteString],
                               environment: s.environment([:], setNow: false), directory: s.root)
        #expect(r.status == 0, "chromium: \(r)")
        let m = try #require(r.stdout.range(of: "MEASURED ", options: .backwards), "no measurement in the DOM: \(r.stdout.suffix(500))")
        let numbers = r.stdout[m.upperBound...].prefix { $0 != "E" }.split(separator: " ").compactMap { Int($0) }
        try #require(numbers.count == 2, "\(r.stdout[m.lowerBound...].prefix(80))")
        return (numbers[0], numbers[1])
    }

    /// The demo's page does not scroll sideways in a 1200-pixel window (wide
    /// tables scroll in their own box), and its print rules fit the tables in
    /// a page's width (an A4 page is about 760 CSS pixels between margins).
    @Test func thePageFitsTheWindowAndThePrintedPage() throws {
        let s = try Sandbox(now: "2026-11-29")
        let (_, report) = try Self.demo(s)
        let html = try String(contentsOfFile: report, encoding: .utf8)
        let screen = try Self.measure(html, width: 1200, print: false, in: s)
        #expect(screen.scroll <= screen.client, "the page scrolls sideways on screen: \(screen)")
        let paper = try Self.measure(html, width: 760, print: true, in: s)
        #expect(paper.scroll <= paper.client, "the printed page is wider than the paper: \(paper)")
    }

    /// The `$ tracker report` block of docs/prompts.md ("The report", moved
    /// out of the README) is what the binary prints for the demo database on
    /// 2026-11-29.
    @Test func readmeTableMatchesTheDemo() throws {
        let readme = try String(contentsOf: Repo.root.appendingPathComponent("docs/prompts.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "```console\n$ tracker report\n"), "docs/prompts.md has no '$ tracker report' block")
        let end = try #require(readme[start.upperBound...].range(of: "```"))
        let documented = String(readme[start.upperBound..<end.lowerBound])
        let s = try Sandbox(now: "2026-11-29")
        _ = try Self.demo(s)
        let r = try s.run(["report"], db: s.root.appendingPathComponent("demo/tracker-demo.db").path)
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout == documented, "docs/prompts.md's report is out of date; regenerate it from the demo database")
    }

    /// `png_stats.py` over `png` rows top..bottom.
    static func pixels(_ png: String, _ top: Int, _ bottom: Int, in s: Sandbox) throws -> (coloured: Int, nonBackground: Int) {
        let r = try runProcess(try Repo.python(), [Repo.servers.appendingPathComponent("png_stats.py").path, png, "\(top)", "\(bottom)"],
                               environment: s.environment([:], setNow: false), directory: s.root)
        #expect(r.status == 0, "png_stats: \(r)")
        let j = try jsonObject(r.stdout, "png_stats: \(r)")
        #expect(j.int("width") == 1200 && j.int("height") == 1400, "\(j)")
        return (j.int("coloured") ?? -1, j.int("non_background") ?? -1)
    }

    /// Screenshots `html` with Debian's chromium (headless); a missing browser fails.
    static func screenshot(_ html: String, to png: String, in s: Sandbox) throws {
        let chromium = "/usr/bin/chromium"
        guard FileManager.default.isExecutableFile(atPath: chromium) else {
            throw SupportError("\(chromium) is missing: run `bash scripts/install-deps.sh test` (make test does)")
        }
        let r = try runProcess(URL(fileURLWithPath: chromium),
                               ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1200,1400",
                                "--user-data-dir=\(s.root.appendingPathComponent("chromium-\(UUID().uuidString)").path)",
                                "--screenshot=\(png)", URL(fileURLWithPath: html).absoluteString],
                               environment: s.environment([:], setNow: false), directory: s.root)
        #expect(r.status == 0, "chromium: \(r)")
        #expect(FileManager.default.fileExists(atPath: png), "chromium wrote no screenshot: \(r)")
    }

    /// The demo's page in a real browser: the chart's area (rows 180-740 of a
    /// 1200x1400 window; the chart is drawn at about 220-690 and the first
    /// task's coloured verdict bar at about 830) holds thousands of saturated
    /// pixels. The same page with the `<svg>` emptied (same size, so the same
    /// layout) has next to none there: the colour is the timeline.
    @Test func aHeadlessBrowserDrawsTheTimeline() throws {
        let s = try Sandbox(now: "2026-11-29")
        let (_, report) = try Self.demo(s)
        let html = try String(contentsOfFile: report, encoding: .utf8)
        let open = try #require(html.range(of: "<svg")), close = try #require(html.range(of: "</svg>"))
        let tagEnd = try #require(html[open.upperBound...].firstIndex(of: ">"))
        let emptied = String(html[..<html.index(after: tagEnd)]) + String(html[close.lowerBound...])
        let emptiedPath = s.root.appendingPathComponent("demo/no-timeline.html").path
        try Data(emptied.utf8).write(to: URL(fileURLWithPath: emptiedPath))
        // Also the page with the whole <svg>...</svg> removed, as a second control.
        let removed = String(html[..<open.lowerBound]) + String(html[close.upperBound...])
        let removedPath = s.root.appendingPathComponent("demo/without-svg.html").path
        try Data(removed.utf8).write(to: URL(fileURLWithPath: removedPath))

        let shot = s.root.appendingPathComponent("report.png").path
        let control = s.root.appendingPathComponent("no-timeline.png").path
        let removedShot = s.root.appendingPathComponent("without-svg.png").path
        try Self.screenshot(report, to: shot, in: s)
        try Self.screenshot(emptiedPath, to: control, in: s)
        try Self.screenshot(removedPath, to: removedShot, in: s)

        let drawn = try Self.pixels(shot, 180, 740, in: s)
        let blank = try Self.pixels(control, 180, 740, in: s)
        #expect(drawn.coloured >= 500, "the timeline's bars and markers: \(drawn)")
        #expect(blank.coloured <= 20, "without the chart's contents the area is (nearly) colourless: \(blank)")
        // Whole page: removing the chart removes most of the page's colour.
        let whole = try Self.pixels(shot, 0, 1400, in: s)
        let wholeRemoved = try Self.pixels(removedShot, 0, 1400, in: s)
        #expect(whole.coloured - wholeRemoved.coloured >= 500, "with \(whole) vs without the svg \(wholeRemoved)")
    }
}
