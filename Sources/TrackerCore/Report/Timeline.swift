/// The maintenance trap on one chart, as inline SVG: each base family's
/// snapshots (release, deprecation, shutdown), each fine-tune's generations
/// on their bases, today's line, and the retrains the forecast expects.
/// Every text is escaped; the SVG is well-formed XML. Colours come from the
/// page's stylesheet (`HTML.style`, light and dark), with presentation
/// attributes as the fallback when the SVG stands alone.
public struct Timeline: Sendable {
    public struct Snapshot: Sendable {
        public var ref: String
        public var released: Day?
        public var deprecated: Day?
        public var shutdown: Day?
        public init(ref: String, released: Day?, deprecated: Day?, shutdown: Day?) {
            self.ref = ref
            self.released = released
            self.deprecated = deprecated
            self.shutdown = shutdown
        }
    }

    public struct Family: Sendable {
        public var name: String
        public var snapshots: [Snapshot]
        public init(name: String, snapshots: [Snapshot]) {
            self.name = name
            self.snapshots = snapshots
        }
    }

    public struct Generation: Sendable {
        public var number: Int
        public var base: String
        public var trained: Day
        public init(number: Int, base: String, trained: Day) {
            self.number = number
            self.base = base
            self.trained = trained
        }
    }

    public struct Lane: Sendable {
        public var fineTune: String
        public var generations: [Generation]
        /// Expected retrains (the forecast).
        public var retrains: [Day]
        /// The day it was retired, if it was.
        public var retired: Day?
        public init(fineTune: String, generations: [Generation], retrains: [Day], retired: Day?) {
            self.fineTune = fineTune
            self.generations = generations
            self.retrains = retrains
            self.retired = retired
        }
    }

    public var families: [Family]
    public var lanes: [Lane]
    public var now: Day
    /// The first and last day drawn.
    public var from: Day
    public var to: Day

    /// The range drawn: from the earliest date shown (at most three years
    /// back) to a month after the latest (at least a year ahead, at most
    /// two), so today and the forecast are always in view.
    public init(families: [Family], lanes: [Lane], now: Day) {
        self.families = families
        self.lanes = lanes
        self.now = now
        var days: [Day] = []
        for f in families { for s in f.snapshots { days += [s.released, s.deprecated, s.shutdown].compactMap { $0 } } }
        for l in lanes { days += l.generations.map(\.trained) + l.retrains + [l.retired].compactMap { $0 } }
        let earliest = days.min() ?? now.adding(months: -12)
        let latest = days.max() ?? now
        from = max(min(earliest, now.adding(months: -6)), now.adding(months: -36))
        to = min(max(latest.adding(days: 31), now.adding(months: 12)), now.adding(months: 24))
    }

    static let width = 1000
    static let labelWidth = 230
    static let rowHeight = 22
    static let top = 34

    /// The x of a day, clamped to the plot.
    func x(_ d: Day) -> Int {
        let span = max(1, from.days(until: to))
        let offset = min(max(from.days(until: d), 0), span)
        return Timeline.labelWidth + offset * (Timeline.width - Timeline.labelWidth - 10) / span
    }

    /// The chart as one `<svg>` element.
    public func svg() -> String {
        var rows: [String] = []
        var y = Timeline.top
        let plotRight = Timeline.width - 10
        func text(_ s: String, x: Int, y: Int, cls: String = "", anchor: String = "start") -> String {
            let c = cls.isEmpty ? "" : " class=\"\(cls)\""
            return "<text\(c) x=\"\(x)\" y=\"\(y)\" text-anchor=\"\(anchor)\" fill=\"#1d1d1f\">\(HTML.escape(s))</text>"
        }
        func label(_ s: String) -> String {
            // Long names are cut to fit the label column (the full name is in the tables).
            s.count > 34 ? String(s.prefix(33)) + "…" : s
        }
        // Families and their snapshots.
        if !families.isEmpty {
            rows.append(text("Base models", x: 4, y: y + 14, cls: "tick"))
            y += Timeline.rowHeight
        }
        for f in families {
            rows.append(text(label(f.name), x: 4, y: y + 14))
            y += Timeline.rowHeight
            for s in f.snapshots {
                rows.append("<rect class=\"band\" x=\"0\" y=\"\(y)\" width=\"\(Timeline.width)\" height=\"\(Timeline.rowHeight - 2)\" fill=\"#f5f5f7\"/>")
                rows.append(text(label("  " + s.ref), x: 4, y: y + 14, cls: "tick"))
                let start = s.released ?? from
                let end = s.shutdown ?? to
                if end >= from && start <= to {
                    let x0 = x(start), x1 = max(x(end), x(start) + 2)
                    rows.append("<rect class=\"life\" x=\"\(x0)\" y=\"\(y + 5)\" width=\"\(x1 - x0)\" height=\"10\" fill=\"#0a66c2\" fill-opacity=\"0.35\"><title>\(HTML.escape(s.ref))</title></rect>")
                    if let d = s.deprecated {
                        let d0 = x(d), d1 = max(x(end), d0 + 2)
                        rows.append("<rect class=\"deprecated\" x=\"\(d0)\" y=\"\(y + 5)\" width=\"\(d1 - d0)\" height=\"10\" fill=\"#b25000\" fill-opacity=\"0.45\"><title>deprecated \(d)</title></rect>")
                    }
                }
                if let r = s.released, r >= from, r <= to {
                    rows.append("<circle class=\"release\" cx=\"\(x(r))\" cy=\"\(y + 10)\" r=\"4\" fill=\"#0a66c2\"><title>released \(r)</title></circle>")
                }
                if let sd = s.shutdown, sd >= from, sd <= to {
                    rows.append("<line class=\"shutdown\" x1=\"\(x(sd))\" y1=\"\(y + 1)\" x2=\"\(x(sd))\" y2=\"\(y + 19)\" stroke=\"#c4161c\" stroke-width=\"2\"><title>shuts down \(sd)</title></line>")
                }
                y += Timeline.rowHeight
            }
        }
        // Fine-tunes: generations, then expected retrains.
        if !lanes.isEmpty {
            y += 6
            rows.append(text("Fine-tunes", x: 4, y: y + 14, cls: "tick"))
            y += Timeline.rowHeight
        }
        for l in lanes {
            rows.append(text(label(l.fineTune), x: 4, y: y + 14))
            let end = l.retired ?? to
            for (i, g) in l.generations.enumerated() {
                let next = i + 1 < l.generations.count ? l.generations[i + 1].trained : (l.retired == nil ? now : end)
                if next >= from && g.trained <= to {
                    let x0 = x(g.trained), x1 = max(x(next), x0 + 3)
                    rows.append("<rect class=\"gen\" x=\"\(x0)\" y=\"\(y + 4)\" width=\"\(x1 - x0)\" height=\"12\" fill=\"#1a7f37\" fill-opacity=\"0.55\"><title>generation \(g.number) on \(HTML.escape(g.base)), trained \(g.trained)</title></rect>")
                    rows.append("<rect class=\"genmark\" x=\"\(x0)\" y=\"\(y + 2)\" width=\"2\" height=\"16\" fill=\"#1a7f37\"/>")
                }
            }
            for r in l.retrains where r >= from && r <= to {
                let cx = x(r), cy = y + 10
                rows.append("<path class=\"retrain\" d=\"M\(cx) \(cy - 6) L\(cx + 6) \(cy) L\(cx) \(cy + 6) L\(cx - 6) \(cy) Z\" fill=\"#b25000\"><title>expected retrain \(r)</title></path>")
            }
            y += Timeline.rowHeight
        }
        let height = y + 8
        // Axis: a tick per quarter, labelled with the year on January.
        var axis: [String] = ["<line class=\"axis\" x1=\"\(Timeline.labelWidth)\" y1=\"\(Timeline.top - 4)\" x2=\"\(plotRight)\" y2=\"\(Timeline.top - 4)\" stroke=\"#d2d2d7\"/>"]
        let (fy, fm, _) = from.parts
        var tickYear = fy, tickMonth = ((fm - 1) / 3) * 3 + 1
        var guardCount = 0
        while guardCount < 200, let d = Day(year: tickYear, month: tickMonth, day: 1), d <= to {
            guardCount += 1
            if d >= from {
                let tx = x(d)
                axis.append("<line class=\"axis\" x1=\"\(tx)\" y1=\"\(Timeline.top - 8)\" x2=\"\(tx)\" y2=\"\(height - 4)\" stroke=\"#d2d2d7\" stroke-opacity=\"0.5\"/>")
                if tickMonth == 1 { axis.append(text(String(tickYear), x: tx + 3, y: Timeline.top - 12, cls: "tick")) }
            }
            tickMonth += 3
            if tickMonth > 12 { tickMonth -= 12; tickYear += 1 }
        }
        let tx = x(now)
        let today = ["<line class=\"today\" x1=\"\(tx)\" y1=\"\(Timeline.top - 8)\" x2=\"\(tx)\" y2=\"\(height - 4)\" stroke=\"#c4161c\" stroke-dasharray=\"4 3\"/>",
                     text("today \(now)", x: tx + 3, y: Timeline.top - 22, cls: "tick")]
        var svg = "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Timeline.width) \(height)\" "
        svg += "width=\"\(Timeline.width)\" height=\"\(height)\" role=\"img\" aria-label=\"Timeline of base models, fine-tunes and expected retrains from \(from) to \(to)\">\n"
        svg += "<title>Base models, fine-tunes and expected retrains, \(from) to \(to)</title>\n"
        for line in axis + rows + today { svg += line + "\n" }
        svg += "</svg>"
        return svg
    }
}
