/// Renders a digest as a Slack incoming-webhook message: Block Kit blocks
/// plus a plain `text` fallback, within Slack's limits.
/// https://api.slack.com/reference/block-kit/blocks
public enum SlackMessage {
    public static let maxBlocks = 50
    public static let maxSectionCharacters = 3000
    public static let maxTextCharacters = 40000
    /// Alert lines shown before summarising; a digest stays readable.
    public static let maxLines = 100

    /// Escapes the three characters Slack treats as control sequences, so
    /// user text like `<!channel>` pings no one.
    /// https://api.slack.com/reference/surfaces/formatting#escaping
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(c)
            }
        }
        return out
    }

    static func mrkdwnLine(_ e: DigestEntry) -> String {
        let a = e.alert
        let who = a.owner.map { " · owner " + escape($0) } ?? ""
        if e.kind == .resolved {
            return "• ~\(escape(a.reason))~ resolved for *\(escape(a.fineTune))* gen \(a.generation)\(who) · \(escape(a.base)) · `\(a.id)`"
        }
        return "• *\(a.urgency.name)* *\(escape(a.fineTune))* gen \(a.generation)\(who): \(escape(a.text)) · \(escape(a.base)) · `\(a.id)`"
    }

    /// The JSON body to POST to the webhook.
    public static func render(_ digest: Digest) -> String { renderCounting(digest).json }

    /// The JSON body and how many entries (the first ones, in digest order)
    /// it shows: only those count as delivered; the rest go out next run.
    public static func renderCounting(_ digest: Digest) -> (json: String, shown: Int) {
        let collected = CollectedText()
        let out = collected.output
        var j = JSONWriter(out, pretty: false)
        j.beginObject()
        j.field("text", fallbackText(digest))
        j.key("blocks")
        j.beginArray()
        // Header.
        j.beginObject()
        j.field("type", "header")
        j.key("text")
        j.beginObject()
        j.field("type", "plain_text")
        j.field("text", String("tracker: \(digest.summary)".prefix(150)))
        j.endObject()
        j.endObject()
        var blocks = 1
        var shown = 0
        let total = digest.entries.count
        // Room for a closing context block.
        let contentLimit = maxBlocks - 1
        outer: for group in digest.groups {
            var section = "*\(Digest.heading(group.kind))*"
            func flush(_ text: String) {
                j.beginObject()
                j.field("type", "section")
                j.key("text")
                j.beginObject()
                j.field("type", "mrkdwn")
                j.field("text", text)
                j.endObject()
                j.endObject()
                blocks += 1
            }
            for entry in group.entries {
                if shown >= maxLines { break }
                var line = mrkdwnLine(entry)
                if line.utf8.count > maxSectionCharacters - 100 { line = String(line.prefix(maxSectionCharacters - 200)) + "…" }
                if section.utf8.count + 1 + line.utf8.count > maxSectionCharacters - 50 {
                    if blocks >= contentLimit { break outer }
                    flush(section)
                    section = ""
                }
                section += (section.isEmpty ? "" : "\n") + line
                shown += 1
            }
            if blocks >= contentLimit { break }
            if !section.isEmpty { flush(section) }
            if shown >= maxLines { break }
        }
        j.beginObject()
        j.field("type", "context")
        j.key("elements")
        j.beginArray()
        j.beginObject()
        j.field("type", "mrkdwn")
        let more = total - shown
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

    /// Plain-text fallback shown in notifications, ≤ 40,000 characters.
    public static func fallbackText(_ digest: Digest) -> String {
        var text = "tracker: \(digest.summary) (\(digest.now))"
        var shown = 0
        for e in digest.entries {
            let line = "\n" + escape(Digest.line(e))
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
        j.field("text", "tracker: test message for channel \(escape(channel)) (\(now)). Alerts will arrive here.")
        j.endObject()
        collected.output.flush()
        return collected.text
    }
}
