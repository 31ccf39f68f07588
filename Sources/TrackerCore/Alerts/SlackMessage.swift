/// Renders a digest as a Slack incoming-webhook message: Block Kit blocks
/// plus a plain `text` fallback, within Slack's documented limits whatever
/// the names and texts hold: at most 50 blocks, a header text of at most
/// 150 characters, section texts of at most 3,000, and a fallback `text` of
/// at most 40,000 (Slack truncates longer messages).
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
    /// Alert lines shown before summarising; a digest stays readable.
    public static let maxLines = 100
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

    static func mrkdwnLine(_ e: DigestEntry) -> String {
        let a = e.alert
        let who = a.owner.map { " · owner " + escape($0, maxUTF8: maxOwnerBytes) } ?? ""
        // A fine-tune: `*name* gen 2` and ` · base`; a budget: `*budget scope period*`.
        let subject: String, base: String
        if let budget = a.budget {
            subject = "*budget \(escape(budget, maxUTF8: maxNameBytes))*"
            base = ""
        } else {
            subject = "*\(escape(a.fineTune, maxUTF8: maxNameBytes))* gen \(a.generation)"
            base = " · " + escape(a.base, maxUTF8: maxBaseBytes)
        }
        if e.kind == .resolved {
            return "• ~\(escape(a.reason, maxUTF8: maxReasonBytes))~ resolved for \(subject)\(who)\(base) · `\(a.id)`"
        }
        return "• *\(a.urgency.name)* \(subject)\(who): \(escape(a.text, maxUTF8: maxAlertTextBytes))\(base) · `\(a.id)`"
    }

    /// The JSON body to POST to the webhook.
    public static func render(_ digest: Digest) -> String { renderCounting(digest).json }

    /// The section texts for a digest, and how many entries (the first ones,
    /// in digest order) they show: each group starts a section under its
    /// heading, lines fill a section up to the limit, and at most
    /// `maxSections` sections are made. An entry counts as shown only when
    /// its section is kept.
    static func sections(_ digest: Digest, maxSections: Int) -> (texts: [String], shown: Int) {
        var texts: [String] = []
        var shown = 0
        var current = "", pending = 0
        let budget = maxSectionCharacters - sectionMargin
        /// Keeps the section being filled, if it has entries and there is room.
        func commit() -> Bool {
            defer { current = ""; pending = 0 }
            guard pending > 0 else { return texts.count < maxSections }
            guard texts.count < maxSections else { return false }
            texts.append(current)
            shown += pending
            return texts.count < maxSections
        }
        outer: for group in digest.groups {
            guard commit() else { break }
            current = "*\(Digest.heading(group.kind))*"
            for entry in group.entries {
                if shown + pending >= maxLines { break outer }
                let line = mrkdwnLine(entry)
                if current.utf8.count + 1 + line.utf8.count > budget {
                    guard commit() else { break outer }
                }
                current += (current.isEmpty ? "" : "\n") + line
                pending += 1
            }
        }
        _ = commit()
        return (texts, shown)
    }

    /// The JSON body and how many entries (the first ones, in digest order)
    /// it shows: only those count as delivered; the rest go out next run.
    public static func renderCounting(_ digest: Digest) -> (json: String, shown: Int) {
        // One header block and one closing context block around the sections.
        let (texts, shown) = sections(digest, maxSections: maxBlocks - 2)
        let collected = CollectedText()
        let out = collected.output
        var j = JSONWriter(out, pretty: false)
        j.beginObject()
        j.field("text", fallbackText(digest))
        j.key("blocks")
        j.beginArray()
        j.beginObject()
        j.field("type", "header")
        j.key("text")
        j.beginObject()
        j.field("type", "plain_text")
        j.field("text", TextBounds.truncated("tracker: \(digest.summary)", maxUTF8: maxHeaderCharacters))
        j.endObject()
        j.endObject()
        for text in texts {
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
        let more = digest.entries.count - shown
        j.field("text", (more > 0 ? "…and \(more) more, in the next messages. " : "") +
                "\(digest.now) · `tracker alerts` lists them · `tracker ack ID` to acknowledge")
        j.endObject()
        j.endArray()
        j.endObject()
        j.endArray()
        j.endObject()
        out.flush()
        return (collected.text, shown)
    }

    /// Plain-text fallback shown in notifications, ≤ 40,000 characters;
    /// each line at most 1,000.
    public static func fallbackText(_ digest: Digest) -> String {
        var text = "tracker: \(digest.summary) (\(digest.now))"
        var shown = 0
        for e in digest.entries {
            let line = "\n" + escape(Digest.line(e), maxUTF8: 1000)
            if text.utf8.count + line.utf8.count > maxTextCharacters - 200 || shown >= maxLines { break }
            text += line
            shown += 1
        }
        if shown < digest.entries.count { text += "\n…and \(digest.entries.count - shown) more" }
        return text
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
