/// Alerts of one digest grouped as Alertmanager's `group_by` does: by kind,
/// base and reason (and the words, which carry the date), so a base that
/// shuts down makes one line for all its fine-tunes instead of one each.
/// A budget's alert is a group of its own.
public struct DigestGroup: Sendable {
    public var kind: DigestEntry.Kind
    /// In digest order of the first, then the fine-tunes in natural order.
    public var entries: [DigestEntry]

    public var first: Alert { entries[0].alert }
    public var isBudget: Bool { first.budget != nil }

    /// The members' owners in natural order (no owner last), each with its
    /// fine-tunes' names in natural order (`ft-2` before `ft-10`). A name
    /// that appears twice (two generations) carries its generation.
    public var byOwner: [(owner: String?, names: [String])] {
        var owners: [String?] = []
        var names: [String: [DigestEntry]] = [:]
        for e in entries {
            let o = e.alert.owner
            let k = o.map { "=" + NaturalOrder.fold($0) } ?? ""
            if names[k] == nil {
                owners.append(o)
                names[k] = []
            }
            names[k]!.append(e)
        }
        let counts = Dictionary(grouping: entries, by: { $0.alert.fineTune }).mapValues(\.count)
        func label(_ e: DigestEntry) -> String {
            (counts[e.alert.fineTune] ?? 1) > 1 ? "\(e.alert.fineTune) gen \(e.alert.generation)" : e.alert.fineTune
        }
        let sortedOwners = owners.sorted { a, b in
            switch (a, b) {
            case let (x?, y?): return NaturalOrder.less(x, y)
            case (.some, nil): return true
            default: return false
            }
        }
        return sortedOwners.map { o in
            (o, NaturalOrder.sorted((names[o.map { "=" + NaturalOrder.fold($0) } ?? ""] ?? []).map(label)))
        }
    }

    /// The headline without the members, for people: `openai/gpt-4o@2024-08-06
    /// shuts down 2027-01-14 (in 46 days)`, `budget owner:a 2027: ...`,
    /// `openai/gpt-4o@2024-08-06 no longer base-shutdown-soon`.
    public var headline: String {
        let a = first
        if let budget = a.budget {
            if kind == .resolved { return "budget \(budget): no longer \(a.reason)" }
            return "budget \(budget): \(a.text)"
        }
        if kind == .resolved { return "\(a.base): no longer \(a.reason)" }
        if a.text.hasPrefix("base ") { return "\(a.base) \(a.text.dropFirst(5))" }
        return "\(a.base): \(a.text)"
    }

    /// `[critical] ` before an open alert's group; `resolved: ` before a resolution's.
    public var marker: String { kind == .resolved ? "resolved: " : "[\(first.urgency.name)] " }

    /// `1 fine-tune`, `150 fine-tunes`.
    public var countText: String { entries.count == 1 ? "1 fine-tune" : "\(entries.count) fine-tunes" }
}

extension Digest {
    /// The entries grouped (see `DigestGroup`), in digest order of each
    /// group's first entry; kinds stay in their sections' order.
    public var alertGroups: [DigestGroup] {
        var order: [String] = []
        var groups: [String: DigestGroup] = [:]
        for e in entries {
            let a = e.alert
            let key = a.budget != nil ? "\(e.kind.rawValue)\u{0}budget\u{0}\(a.key)"
                : "\(e.kind.rawValue)\u{0}\(a.reason)\u{0}\(a.base)\u{0}\(a.urgency.rawValue)\u{0}\(e.kind == .resolved ? "" : a.text)"
            if groups[key] == nil {
                order.append(key)
                groups[key] = DigestGroup(kind: e.kind, entries: [])
            }
            groups[key]!.entries.append(e)
        }
        return order.map { groups[$0]! }
    }

    /// One plain line for a group, at most `maxUTF8` bytes (values
    /// escaped with `escape`, each name at most `maxNameBytes`): the
    /// headline, how many fine-tunes, and owners with their names, cut
    /// with "… and N more" where the room ends. Returns the line and how
    /// many names it lists. A group of one ends with its id (`idText`),
    /// for `tracker ack ID`.
    public static func groupLine(_ g: DigestGroup, maxUTF8: Int, shown: Int? = nil,
                                 escape: (String, Int) -> String = { s, _ in s },
                                 emphasis: (String) -> String = { $0 }, maxNameBytes: Int = 200,
                                 maxHeadlineBytes: Int = 1200,
                                 idText: (String) -> String = { " [id \($0)]" }) -> (line: String, listed: Int) {
        let a = g.first
        var head = g.marker + emphasis(escape(g.headline, maxHeadlineBytes))
        if g.isBudget {
            if let o = a.owner { head += " · owner " + escape(o, maxNameBytes) }
            return (head + idText(a.id), 1)
        }
        head += ": \(g.countText)"
        if g.entries.count == 1 { head += idText(a.id) }
        let total = g.entries.count
        // Room for the longest possible tail.
        let tailRoom = " … and \(total) more".utf8.count
        var line = head
        var listed = 0
        var first = true
        outer: for (owner, names) in g.byOwner {
            let ownerText = (first ? " — " : "; ") + escape(owner ?? "no owner", maxNameBytes) + ": "
            var segment = ownerText
            var inSegment = 0
            for n in names {
                if let shown, listed + inSegment >= shown { break }
                let piece = (inSegment == 0 ? "" : ", ") + escape(n, maxNameBytes)
                let remaining = total - listed - inSegment - 1
                let room = maxUTF8 - (remaining > 0 ? tailRoom : 0)
                if line.utf8.count + segment.utf8.count + piece.utf8.count > room { break }
                segment += piece
                inSegment += 1
            }
            if inSegment == 0 { break outer }
            line += segment
            listed += inSegment
            first = false
            if inSegment < names.count { break outer }
        }
        if listed < total { line += " … and \(total - listed) more" }
        return (line, listed)
    }
}
