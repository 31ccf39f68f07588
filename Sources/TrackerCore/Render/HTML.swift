/// HTML for people: one self-contained page (no scripts, fonts, images or
/// styles from anywhere else), readable in light and dark mode and on paper.
/// Every piece of text is escaped; `HTMLPage` writes the shell, and the
/// listing sink and the report write into it.
public enum HTML {
    /// Text as HTML: `&`, `<`, `>`, `"` and `'` escaped, control and bidi
    /// characters made visible first (`ControlEscape`), so no stored text
    /// can open a tag, close an attribute or reorder what follows.
    public static func escape(_ text: String) -> String {
        let visible = ControlEscape.needsEscaping(text) ? ControlEscape.escape(text) : text
        var out = ""
        out.reserveCapacity(visible.utf8.count)
        for ch in visible.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// The page's one stylesheet: system fonts, light and dark colours, and
    /// print rules. The timeline's SVG is styled by its classes here.
    public static let style = """
        :root { color-scheme: light dark; --fg: #1d1d1f; --bg: #ffffff; --muted: #6e6e73; --line: #d2d2d7;
          --accent: #0a66c2; --warn: #b25000; --bad: #c4161c; --ok: #1a7f37; --band: #f5f5f7; }
        @media (prefers-color-scheme: dark) {
          :root { --fg: #f5f5f7; --bg: #161618; --muted: #a1a1a6; --line: #3a3a3c; --accent: #4da3ff;
            --warn: #ff9f0a; --bad: #ff453a; --ok: #32d74b; --band: #232326; }
        }
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
          background: var(--bg); margin: 2rem auto; max-width: 78rem; padding: 0 1rem; }
        h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; }
        h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }
        p.meta, .muted { color: var(--muted); }
        table { border-collapse: collapse; margin: .5rem 0 1rem; width: 100%; }
        th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-weight: 600; color: var(--muted); white-space: nowrap; }
        td:not(:last-child) { white-space: nowrap; } td.long { white-space: normal; min-width: 18rem; }
        .wide { overflow-x: auto; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        dl { display: grid; grid-template-columns: max-content auto; gap: .15rem 1rem; margin: .5rem 0 1rem; }
        dt { color: var(--muted); } dd { margin: 0; }
        pre { background: var(--band); padding: .6rem .8rem; overflow-x: auto; }
        .verdict { border-left: 4px solid var(--accent); padding: .4rem .8rem; background: var(--band); margin: .5rem 0; }
        .verdict.retire { border-color: var(--warn); } .verdict.bad { border-color: var(--bad); }
        .verdict.ok { border-color: var(--ok); }
        svg.timeline { width: 100%; height: auto; display: block; margin: .5rem 0 1rem; }
        svg.timeline text { fill: var(--fg); font: 11px system-ui, sans-serif; }
        svg.timeline .axis { stroke: var(--line); } svg.timeline .tick { fill: var(--muted); }
        svg.timeline .band { fill: var(--band); }
        svg.timeline .life { fill: var(--accent); opacity: .35; } svg.timeline .deprecated { fill: var(--warn); opacity: .45; }
        svg.timeline .shutdown { stroke: var(--bad); stroke-width: 2; } svg.timeline .release { fill: var(--accent); }
        svg.timeline .gen { fill: var(--ok); opacity: .55; } svg.timeline .genmark { fill: var(--ok); }
        svg.timeline .retrain { fill: var(--warn); } svg.timeline .today { stroke: var(--bad); stroke-dasharray: 4 3; }
        @media print {
          :root { --fg: #000; --bg: #fff; --muted: #444; --line: #bbb; --band: #f2f2f2; }
          body { margin: 0; max-width: none; font-size: 11px; } h2 { break-before: auto; } table, svg { break-inside: avoid; }
          .wide { overflow: visible; } td.long { min-width: 0; }
          th, td, td:not(:last-child), td.num { white-space: normal; padding: .25rem .35rem; } td.long { overflow-wrap: anywhere; }
        }
        """
}

/// The shell of one self-contained page: `begin` writes everything up to
/// the body's content, `end` closes it.
public struct HTMLPage {
    public let title: String

    public init(title: String) { self.title = title }

    public func begin(_ out: TextOutput) {
        out.line("<!DOCTYPE html>")
        out.line("<html lang=\"en\">")
        out.line("<head>")
        out.line("<meta charset=\"utf-8\">")
        out.line("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        out.line("<title>\(HTML.escape(title))</title>")
        out.line("<style>")
        out.line(HTML.style)
        out.line("</style>")
        out.line("</head>")
        out.line("<body>")
        out.line("<main>")
    }

    public func end(_ out: TextOutput) {
        out.line("</main>")
        out.line("</body>")
        out.line("</html>")
    }
}

/// A listing as HTML: its details as a `<dl>`, its rows as a `<table>`,
/// its footer lines as a `<pre>`, in a page of its own (`standalone`) or
/// as a fragment of a larger page. It shows what the table shows.
final class HTMLSink: ListingSink {
    private let columns: [ColumnHead]
    private let out: TextOutput
    private let page: HTMLPage?
    private var footer: [String] = []

    init(_ columns: [ColumnHead], title: String, standalone: Bool, out: TextOutput) {
        self.columns = columns
        self.out = out
        page = standalone ? HTMLPage(title: title) : nil
    }

    static func text(_ value: Value, missing: String) -> String {
        HTML.escape(value.flatText(listSeparator: ", ") ?? missing)
    }

    func begin(_ document: ListingDocument) {
        page?.begin(out)
        if let page { out.line("<h1>\(HTML.escape(page.title))</h1>") }
        footer = document.footer
        let details = (document.head + document.tail).filter { !$0.header.isEmpty }
        if !details.isEmpty {
            out.line("<dl>")
            for d in details { out.line("<dt>\(HTML.escape(d.header))</dt><dd>\(Self.text(d.value, missing: "-"))</dd>") }
            out.line("</dl>")
        }
        out.line("<table>")
        out.write("<thead><tr>")
        for c in columns { out.write("<th scope=\"col\">\(HTML.escape(c.header))</th>") }
        out.line("</tr></thead>")
        out.line("<tbody>")
        emptyText = document.empty
    }

    private var emptyText: String?
    private var rows = 0

    func beginRow() {
        rows += 1
        out.write("<tr>")
    }

    func cell(column i: Int, _ value: Value) {
        let numeric: Bool
        switch value {
        case .int: numeric = true
        default: numeric = false
        }
        let text = Self.text(value, missing: columns[i].missing)
        // Long text (reasons, drivers) wraps; short cells stay on one line.
        out.write(numeric ? "<td class=\"num\">" : text.count > 48 ? "<td class=\"long\">" : "<td>")
        out.write(text)
        out.write("</td>")
    }

    func endRow() { out.line("</tr>") }

    func end() {
        out.line("</tbody>")
        out.line("</table>")
        if rows == 0, let emptyText { out.line("<p class=\"muted\">\(HTML.escape(emptyText))</p>") }
        if rows > 0 && !footer.isEmpty {
            out.line("<pre>\(footer.map(HTML.escape).joined(separator: "\n"))</pre>")
        }
        page?.end(out)
    }
}
