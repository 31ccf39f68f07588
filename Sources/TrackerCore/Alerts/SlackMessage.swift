/// Renders a digest as a Slack incoming-webhook message: Block Kit blocks
/// plus a plain `text` fallback, within Slack's documented limits whatever
/// the names and texts hold: at most 50 blocks, a header text of at most
/// 150 characters, section texts of at most 3,000, and a fallback `text` of
/// at most 40,000 (Slack truncates longer messages); and all the blocks'
/// texts together under 12,000 (see `maxBlocksTextCharacters`). A digest
/// too long for one message is split into several (`messages`), each group
/// of alerts whole in one, so every alert goes out in the same run.
/// https://api.slack.com/reference/block-kit/blocks
///
/// Lengths are counted in UTF-8 bytes, which is never less than Slack's
/// count of characters (scalars or UTF-16 units), so a limit met in bytes
/// is met whichever way Slack counts. Each user-supplied value in a line
/// has its own budget, so one huge name cannot crowd out the rest.
public enum SlackMessage {
    public static let maxBlocks = 50
    public static let maxHeaderCharacters = 150
    public static let maxSectionCharacters = 3000
    public static let maxTextCharacters = 40000
    /// Budgets of the values in one alert line, in UTF-8 bytes after escaping.
    static let maxNameBytes = 400, maxOwnerBytes = 200, maxAlertTextBytes = 1000, maxBaseBytes = 300, maxReasonBytes = 120
    /// Room kept free in each section (the newline joining lines, safety).
    static let sectionMargin = 50

    /// Escapes the three characters Slack treats as control sequences, so
    /// user text like `<!channel>` pings no one.
    /// https://api.slack.com/reference/surfaces/formatting#escaping
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// `escape(s)`, shortened with "…" to at most `maxUTF8` bytes: cut
    /// before escaping, so no `&amp;` is ever cut in half.
    public static func escape(_ s: String, maxUTF8: Int) -> String {
        let full = escape(s)
        if full.utf8.count <= maxUTF8 { return full }
        // Escaping at most quintuples a byte, so this start is long enough.
        var room = maxUTF8 - "…".utf8.count
        while room >= TextBounds.minimumBudget {
            let cut = escape(TextBounds.prefix(s, maxUTF8: room)) + "…"
            if cut.utf8.count <= maxUTF8 { return cut }
            room = room * 2 / 3
        }
        return "…"
    }

    /// One message of a digest: its JSON body and the entries it carries
    /// (every entry of each group it shows).
    public struct Part: Sendable {
        public var json: String
        public var entries: [DigestEntry]
        /// The fallback `text` (also inside `json`).
        public var text: String
    }

    /// Text of all a message's blocks together: Slack documents no such
    /// limit, but refuses messages whose blocks hold about 13,200
    /// characters or more (`msg_blocks_too_long`, slackapi/bolt-js#2509),
    /// so a message stays under this.
    public static let maxBlocksTextCharacters = 12000
    /// Longest group line, in UTF-8 bytes: a section holds at least one.
    static let maxGroupLineBytes = maxSectionCharacters - sectionMargin - 100
    /// Group lines per message, so one message stays readable.
    public static let maxLines = 100

    /// A group's line in mrkdwn (bold headline) and in plain text (the
    /// fallback), listing the same names, so both say the same "… and N more".
    static func lines(_ g: DigestGroup) -> (mrkdwn: String, plain: String) {
        let esc: (String, Int) -> String = { s, n in escape(s, maxUTF8: n) }
        let (m, listed) = Digest.groupLine(g, maxUTF8: maxGroupLineBytes, escape: esc, emphasis: { "*\($0)*" },
                                           maxNameBytes: maxNameBytes / 2, maxHeadlineBytes: maxAlertTextBytes + maxBaseBytes,
                                           idText: { " · `\($0)`" })
        let (p, _) = Digest.groupLine(g, maxUTF8: maxGroupLineBytes, shown: listed, escape: esc,
                                      maxNameBytes: maxNameBytes / 2, maxHeadlineBytes: maxAlertTextBytes + maxBaseBytes)
        return ("• " + m, p)
    }

    /// The digest as as many messages as its groups need, in digest order:
    /// each within Slack's limits (sections of at most 3,000 characters,
    /// 50 blocks, a fallback of at most 40,000), each group whole in one
    /// message, so every entry is delivered in the one run.
    public static func messages(_ digest: Digest) -> [Part] {
        let budget = maxSectionCharacters - sectionMargin
        let textBudget = maxTextCharacters - 1000
        let maxSections = maxBlocks - 2
        struct Building {
            var sections: [String] = []
            var current = ""
            var currentKind: DigestEntry.Kind?
            var plain: [String] = []
            var plainBytes = 0
            var entries: [DigestEntry] = []
            var lines = 0
            var blockBytes = 0
        }
        var built: [Building] = []
        var b = Building()
        func closeSection() {
            if !b.current.isEmpty {
                b.sections.append(b.current)
                b.blockBytes += b.current.utf8.count
            }
            b.current = ""
        }
        for g in digest.alertGroups {
            let (m, p) = lines(g)
            let heading = "*\(Digest.heading(g.kind))*"
            // Would this line fit in the message being built?
            func fits() -> Bool {
                if b.lines >= maxLines || b.plainBytes + p.utf8.count + 1 > textBudget { return false }
                // Sections kept plus the one being filled, plus this line (and a heading).
                if b.blockBytes + b.current.utf8.count + heading.utf8.count + m.utf8.count + 2 > maxBlocksTextCharacters { return false }
                let sameSection = b.currentKind == g.kind && !b.current.isEmpty
                    && b.current.utf8.count + 1 + m.utf8.count <= budget
                let sections = b.sections.count + (b.current.isEmpty ? 0 : 1) + (sameSection ? 0 : 1)
                return sections <= maxSections
            }
            if b.lines > 0 && !fits() {
                closeSection()
                built.append(b)
                b = Building()
            }
            if b.currentKind == g.kind && !b.current.isEmpty && b.current.utf8.count + 1 + m.utf8.count <= budget {
                b.current += "\n" + m
            } else {
                closeSection()
                b.current = heading + "\n" + m
                b.currentKind = g.kind
            }
            b.plain.append(p)
            b.plainBytes += p.utf8.count + 1
            b.entries += g.entries
            b.lines += 1
        }
        closeSection()
        if b.lines > 0 { built.append(b) }
        return built.enumerated().map { i, b in
            let part = Digest(channel: digest.channel, now: digest.now, entries: b.entries)
            let of = built.count > 1 ? " (message \(i + 1) of \(built.count))" : ""
            let text = "tracker: \(part.summary) (\(digest.now))\(of)\n" + b.plain.joined(separator: "\n")
            return Part(json: json(header: "tracker: \(part.summary)\(of)", sections: b.sections, text: text, now: digest.now),
                        entries: b.entries, text: text)
        }
    }

    static func json(header: String, sections: [String], text: String, now: Day) -> String {
        let collected = CollectedText()
        let out = collected.output
        var j = JSONWriter(out, pretty: false)
        j.beginObject()
        j.field("text", text)
        j.key("blocks")
        j.beginArray()
        j.beginObject()
        j.field("type", "header")
        j.key("text")
        j.beginObject()
        j.field("type", "plain_text")
        j.field("text", TextBounds.truncated(header, maxUTF8: maxHeaderCharacters))
        j.endObject()
        j.endObject()
        for text in sections {
            j.beginObject()
            j.field("type", "section")
            j.key("text")
            j.beginObject()
            j.field("type", "mrkdwn")
            j.field("text", text)
            j.endObject()
            j.endObject()
        }
        j.beginObject()
        j.field("type", "context")
        j.key("elements")
        j.beginArray()
        j.beginObject()
        j.field("type", "mrkdwn")
        j.field("text", "\(now) · `tracker alerts` lists them with their ids · `tracker ack ID` to acknowledge")
        j.endObject()
        j.endArray()
        j.endObject()
        j.endArray()
        j.endObject()
        out.flush()
        return collected.text
    }

    /// The JSON body of the first message (see `messages`).
    public static func render(_ digest: Digest) -> String { renderCounting(digest).json }

    /// The first message's JSON body and how many entries (the first ones,
    /// in digest order of their groups) it carries.
    public static func renderCounting(_ digest: Digest) -> (json: String, shown: Int) {
        guard let first = messages(digest).first else {
            return (json(header: "tracker: \(digest.summary)", sections: [], text: "tracker: \(digest.summary) (\(digest.now))", now: digest.now), 0)
        }
        return (first.json, first.entries.count)
    }

    /// The first message's plain-text fallback, ≤ 40,000 characters.
    public static func fallbackText(_ digest: Digest) -> String {
        messages(digest).first?.text ?? "tracker: \(digest.summary) (\(digest.now))"
    }

    /// The message `tracker channel test` sends.
    public static func test(channel: String, now: Day) -> String {
        let collected = CollectedText()
        var j = JSONWriter(collected.output, pretty: false)
        j.beginObject()
        j.field("text", "tracker: test message for channel \(escape(channel, maxUTF8: maxNameBytes)) (\(now)). Alerts will arrive here.")
        j.endObject()
        collected.output.flush()
        return collected.text
    }
}
