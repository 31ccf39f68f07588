import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import TrackerCore

@Suite("HTML rendering and the timeline")
struct ReportRenderTests {
    @Test("text is escaped: no stored text opens a tag or an attribute, controls are made visible")
    func escaping() {
        #expect(HTML.escape("<script>alert('x') & \"y\"</script>") == "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;")
        #expect(HTML.escape("a\u{1b}[31mb") == "a\\u{1b}[31mb")
        #expect(HTML.escape("evil\u{202E}txt") == "evil\\u{202e}txt")
        #expect(HTML.escape("Zoë 日本") == "Zoë 日本")
    }

    @Test("a listing as HTML is a page with its details and a table, every cell escaped")
    func listing() {
        struct Row { let name: String; let n: Int }
        let listing = Listing<Row>([Column("NAME", "name") { .text($0.name) }, Column("N", "n") { .int($0.n) }],
                                   key: "rows", head: [Field("owner", key: "owner", .text("<b>me</b>"))],
                                   footer: ["note <1>"])
        let html = render { listing.write([Row(name: "a<b", n: 3)], as: .html, to: $0) }
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("<dt>owner</dt><dd>&lt;b&gt;me&lt;/b&gt;</dd>"))
        #expect(html.contains("<tr><td>a&lt;b</td><td class=\"num\">3</td></tr>"))
        #expect(html.contains("<pre>note &lt;1&gt;</pre>"))
        #expect(html.hasSuffix("</main>\n</body>\n</html>\n"))
        #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"))
    }

    func timeline(name: String = "bot") -> Timeline {
        Timeline(families: [Timeline.Family(name: "openai/gpt-4o", snapshots: [
                    Timeline.Snapshot(ref: "openai/gpt-4o@2024-08-06", released: day("2024-08-06"),
                                      deprecated: day("2026-10-14"), shutdown: day("2027-01-14")),
                    Timeline.Snapshot(ref: "openai/gpt-4o@2024-11-20", released: day("2024-11-20"), deprecated: nil, shutdown: nil)])],
                 lanes: [Timeline.Lane(fineTune: name, generations: [
                    Timeline.Generation(number: 1, base: "openai/gpt-4o@2024-08-06", trained: day("2025-02-10"))],
                    retrains: [day("2027-01-14")], retired: nil)],
                 now: day("2026-11-29"))
    }

    @Test("the timeline is well-formed XML with today's line, the snapshots, the generations and the retrains")
    func svg() throws {
        let svg = timeline(name: "<&\"'> 日本 \u{202E}").svg()
        final class Counter: NSObject, XMLParserDelegate {
            var elements: [String: Int] = [:]
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) {
                elements[name, default: 0] += 1
                if let c = attributes["class"] { elements["." + c, default: 0] += 1 }
            }
        }
        let parser = XMLParser(data: Data(svg.utf8))
        let counter = Counter()
        parser.delegate = counter
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(counter.elements["svg"] == 1)
        #expect(counter.elements[".today"] == 1)
        #expect(counter.elements[".life"] == 2)
        #expect(counter.elements[".deprecated"] == 1)
        #expect(counter.elements[".shutdown"] == 1)
        #expect(counter.elements[".gen"] == 1)
        #expect(counter.elements[".retrain"] == 1)
        #expect(svg.contains("today 2026-11-29"))
        #expect(svg.contains("&lt;&amp;&quot;&#39;&gt; 日本 \\u{202e}"))
    }

    @Test("the range keeps today and a year of forecast in view")
    func range() {
        let t = timeline()
        #expect(t.from == day("2024-08-06"))
        #expect(t.to == day("2027-11-29"))
        #expect(t.x(day("2026-11-29")) > t.x(day("2024-08-06")))
        #expect(t.x(day("1990-01-01")) == Timeline.labelWidth)
    }
}

@Suite("Report verdicts")
struct VerdictTests {
    func ft(_ name: String, examples: Int64? = 900, forecast: Int64 = 1840_00) -> FineTuneStanding {
        FineTuneStanding(name: name, generation: 2, base: "openai/gpt-4o@2024-08-06", examples: examples, eval: nil,
                         dueCodes: [], dueText: nil, spent: [], forecast: forecast == 0 ? [] : [Money(minorUnits: forecast, currency: "USD")],
                         expectedRetrains: 1)
    }
    func p(_ r: Int, _ passed: Int?, _ total: Int = 20) -> PromptStanding {
        PromptStanding(revision: r, eval: passed.flatMap { EvalResult(passed: $0, total: total) }, model: nil)
    }

    @Test("a prompt at target makes the fine-tune a cost to retire, with its yearly maintenance")
    func retire() {
        let v = Verdict.of(target: 80, prompts: [p(1, 10), p(2, 12), p(3, 14), p(4, 17)], fineTunes: [ft("triage")])
        #expect(v.kind == .retireFineTune)
        #expect(v.text == "prompt meets target (r4: 17/20, 85%) — fine-tune triage costs ~1,840.00 USD/yr to maintain; consider retiring it")
        #expect(Verdict.of(target: 80, prompts: [p(1, 8, 10)], fineTunes: []).text == "prompt meets target (r1: 8/10, 80%): no fine-tune needed")
    }

    @Test("fewer than 3 revisions under target: iterate the prompt first")
    func iterate() {
        let v = Verdict.of(target: 80, prompts: [p(1, 10), p(2, 12)], fineTunes: [])
        #expect(v.kind == .iteratePrompt)
        #expect(v.text == "iterate the prompt first (2 revisions so far, best 60% (r2: 12/20); target 80%)")
        #expect(Verdict.of(target: 80, prompts: [], fineTunes: [ft("x")]).kind == .iteratePrompt)
        var due = ft("old")
        due.dueCodes = ["base-shut-down", "prompt-meets-target"]
        #expect(Verdict.of(target: 80, prompts: [], fineTunes: [due]).text
                == "iterate the prompt first (no prompt revision recorded yet; test one on 10-20 examples; target 80%), before paying to retrain old")
    }

    @Test("3 or more revisions under target: a fine-tune is justified")
    func justified() {
        let v = Verdict.of(target: 80, prompts: [p(1, 10), p(2, 11), p(3, 124, 200), p(4, 9), p(5, 12)], fineTunes: [])
        #expect(v.kind == .fineTuneJustified)
        #expect(v.text == "fine-tune justified: best 62% (r3: 124/200) after 5 revisions, under the 80% target")
    }

    @Test("a fine-tune trained on 40 examples is below the 100 minimum")
    func tooFew() {
        let v = Verdict.of(target: 80, prompts: [p(1, 10), p(2, 11), p(3, 12)], fineTunes: [ft("tiny", examples: 40)])
        #expect(v.kind == .tooFewExamples)
        #expect(v.text == "fine-tune tiny trained on 40 examples: below the 100 minimum (500+ recommended)")
    }

    @Test("the best revision compares rates exactly, the later one on a tie")
    func best() {
        #expect(Verdict.best([p(1, 8, 10), p(2, 16, 20), p(3, 7, 10)])?.revision == 2)
        #expect(Verdict.best([p(1, nil), p(2, nil)]) == nil)
    }
}
