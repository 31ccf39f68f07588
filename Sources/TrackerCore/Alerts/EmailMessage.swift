/// Renders a digest as an RFC 5322 message: UTF-8 plain text, CRLF line
/// endings, every header value free of CR/LF, non-ASCII subjects RFC 2047
/// encoded.
public enum EmailMessage {
    /// A moment in UTC, for the Date header.
    public struct Timestamp: Sendable {
        public var unixSeconds: Int
        public init(unixSeconds: Int) { self.unixSeconds = unixSeconds }
    }

    /// `Sun, 29 Nov 2026 09:30:00 +0000` (RFC 5322 section 3.3).
    public static func dateHeader(_ t: Timestamp) -> String {
        let day = Day(unixSeconds: t.unixSeconds)
        let seconds = t.unixSeconds - day.ordinal * 86400
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let w = weekdays[((day.ordinal % 7) + 7) % 7]
        let (y, m, d) = day.parts
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(w), \(two(d)) \(months[m - 1]) \(y) \(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60)) +0000"
    }

    /// Removes anything that could end a header line or start a new one.
    public static func headerSafe(_ s: String) -> String {
        String(s.map { c -> Character in
            c.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0.value == 0x85 || $0.value == 0x2028 || $0.value == 0x2029 } ? " " : c
        })
    }

    /// RFC 2047 `=?UTF-8?B?...?=` words for non-ASCII text; ASCII unchanged.
    /// Words hold at most 39 bytes (52 base64 characters), so the first
    /// line, `Subject: ` included, stays within RFC 2047's 76 characters.
    /// Words end between characters, or between the scalars of a character
    /// longer than 39 bytes (RFC 2047 only forbids splitting an encoded
    /// character), so any text is encoded.
    public static func encodeHeaderText(_ s: String) -> String {
        let safe = headerSafe(s)
        guard safe.unicodeScalars.contains(where: { !$0.isASCII }) else { return safe }
        return TextBounds.pieces(safe, maxUTF8: 39)
            .map { "=?UTF-8?B?\(Base64.encode(Array($0.utf8)))?=" }
            .joined(separator: "\r\n ")
    }

    /// Longest subject kept, in UTF-8 bytes, before encoding; longer ones end with "…".
    public static let maxSubjectBytes = 240
    /// Longest line (RFC 5322 section 2.1.1: 998 octets without CRLF).
    public static let maxLineOctets = 998
    /// Where longer body lines are cut.
    static let foldAt = 990

    /// A mailbox as people write it: `t@example.com`, `Tracker Bot
    /// <t@example.com>` or `"Bot, Tracker" <t@example.com>` (RFC 5322
    /// name-addr). The display name goes into the From and To headers; the
    /// SMTP envelope takes the bare address.
    public struct Mailbox: Equatable, Sendable {
        public var name: String?
        public var address: String

        /// The header form: `Tracker Bot <t@example.com>`, the name quoted
        /// when it holds anything but letters, digits, spaces and RFC
        /// 5322's atext symbols, RFC 2047-encoded when not ASCII.
        public var header: String {
            guard let name else { return address }
            if name.unicodeScalars.contains(where: { !$0.isASCII }) { return "\(encodeHeaderText(name)) <\(address)>" }
            let atext = name.unicodeScalars.allSatisfy {
                ($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == " " || "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains($0))
            }
            return atext ? "\(name) <\(address)>" : "\"\(name)\" <\(address)>"
        }
    }

    /// Parses a mailbox; nil when it is not one.
    public static func mailbox(_ text: String) -> Mailbox? {
        let s = text.trimmingWhitespace()
        guard s.hasSuffix(">"), let open = s.lastIndex(of: "<") else {
            return isAddress(s) ? Mailbox(name: nil, address: s) : nil
        }
        let address = String(s[s.index(after: open)..<s.index(before: s.endIndex)])
        guard isAddress(address) else { return nil }
        var name = String(s[..<open]).trimmingWhitespace()
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()).trimmingWhitespace() }
        guard name.count <= 100, name.unicodeScalars.allSatisfy({
            $0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) && !"<>\"\\".unicodeScalars.contains($0)
                && !$0.properties.isBidiControl && $0.value != 0x2028 && $0.value != 0x2029
        }) else { return nil }
        return Mailbox(name: name.isEmpty ? nil : name, address: address)
    }

    /// True for an address or a display name with an address in angle brackets.
    public static func isMailbox(_ s: String) -> Bool { mailbox(s) != nil }

    /// The bare address of a stored mailbox, for the SMTP envelope.
    public static func envelopeAddress(_ s: String) -> String { mailbox(s)?.address ?? s }

    /// The header form of a stored mailbox.
    public static func headerMailbox(_ s: String) -> String { mailbox(s)?.header ?? headerSafe(s) }

    /// True for a plausible single mailbox `local@domain` with no spaces,
    /// angle brackets or control characters.
    public static func isAddress(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
              !parts[1].hasSuffix(".") else { return false }
        // RFC 5321 section 4.5.3.1.3: a path is at most 256 octets, brackets included.
        guard s.utf8.count <= 254 else { return false }
        return s.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && !"<>,;\"()[]\\".unicodeScalars.contains($0) }
    }

    /// `support-bot, generation 2`, or `budget owner:team-a 2027-Q1`.
    static func subject(_ a: Alert) -> String {
        a.budget.map { "budget \($0)" } ?? "\(a.fineTune), generation \(a.generation)"
    }

    /// The plain-text body (LF line endings; `message` converts to CRLF):
    /// under each kind's heading, one line per group of alerts (the same
    /// grouping and words as Slack's, see `DigestGroup`), then, for a
    /// group of one, its id and key.
    public static func body(_ digest: Digest) -> String {
        var lines: [String] = ["tracker alerts for \(digest.now): \(digest.summary)", ""]
        let groups = digest.alertGroups
        for kind in DigestOrder.kinds {
            let these = groups.filter { $0.kind == kind }
            guard !these.isEmpty else { continue }
            let count = these.reduce(0) { $0 + $1.entries.count }
            lines.append("\(Digest.heading(kind).uppercased()) (\(count))")
            for g in these {
                lines.append("  " + Digest.groupLine(g, maxUTF8: maxGroupLineBytes).line)
                if g.entries.count == 1 {
                    let a = g.first
                    lines.append("    " + (a.budget == nil ? "base \(a.base) | " : "") + "id \(a.id) | key \(a.key)")
                }
            }
            lines.append("")
        }
        lines.append("List them with 'tracker alerts'; acknowledge with 'tracker ack ID' or snooze with 'tracker snooze ID 7d'.")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Longest group line in the plain text, within the 998 octets of a line.
    static let maxGroupLineBytes = 960
    /// Longest owners-and-names cell in the HTML part.
    static let maxHTMLListBytes = 8000

    public static func subject(_ digest: Digest) -> String {
        "tracker: \(digest.summary) (\(digest.now))"
    }

    /// The HTML body: the same digest as a page made with the report's
    /// renderer (`HTMLPage`, a listing per group), every text escaped.
    public static func htmlBody(_ digest: Digest) -> String {
        let collected = CollectedText()
        let out = collected.output
        let page = HTMLPage(title: subject(digest))
        page.begin(out)
        out.line("<h1>tracker alerts for \(digest.now)</h1>")
        out.line("<p class=\"meta\">\(HTML.escape(digest.summary))</p>")
        // One row per group (see `DigestGroup`): what happened, how many,
        // and the owners with their fine-tunes.
        let columns: [Column<DigestGroup>] = [
            Column("URGENCY", "urgency") { .text($0.kind == .resolved ? "resolved" : $0.first.urgency.name) },
            Column("WHAT", "text") { .text($0.headline) },
            Column("FINE-TUNES", "count") { .text($0.isBudget ? nil : String($0.entries.count)) },
            Column("OWNERS AND NAMES", "names") { g in .text(g.isBudget ? g.first.owner : Self.ownersAndNames(g)) },
            Column("ID", "id") { .text($0.entries.count == 1 ? $0.first.id : nil) },
        ]
        let groups = digest.alertGroups
        for kind in DigestOrder.kinds {
            let these = groups.filter { $0.kind == kind }
            guard !these.isEmpty else { continue }
            let count = these.reduce(0) { $0 + $1.entries.count }
            out.line("<h2>\(HTML.escape(Digest.heading(kind))) (\(count))</h2>")
            Listing(columns, key: "groups").writeFragment(these, to: out)
        }
        out.line("<p class=\"muted\">List them with <code>tracker alerts</code>; acknowledge with <code>tracker ack ID</code> or snooze with <code>tracker snooze ID 7d</code>.</p>")
        page.end(out)
        return collected.text
    }

    /// `team-1: ft-1, ft-8; team-2: ft-3`, cut with "… and N more".
    static func ownersAndNames(_ g: DigestGroup) -> String {
        // The line with no names is the head; what follows it is the list.
        let head = Digest.groupLine(g, maxUTF8: Int.max, shown: 0).line
        let headBytes = head.utf8.count - " … and \(g.entries.count) more".utf8.count
        let line = Digest.groupLine(g, maxUTF8: headBytes + maxHTMLListBytes).line
        let rest = String(decoding: line.utf8.dropFirst(headBytes), as: UTF8.self)
        return rest.hasPrefix(" — ") ? String(rest.dropFirst(3)) : rest
    }

    /// The whole message, headers and body, CRLF-terminated lines. Body
    /// lines longer than 998 octets are cut (between characters, or between
    /// scalars inside a longer character); the recipients are folded one
    /// per line when they would not fit on one; the subject is shortened to
    /// `maxSubjectBytes`.
    /// With `html`, the message is multipart/alternative: the plain text
    /// first, then the HTML (mail programs show the last one they can).
    public static func message(from: String, to: [String], subject: String, body: String, html: String? = nil,
                               date: Timestamp, messageID: String) -> [UInt8] {
        let recipients = to.map(headerMailbox)
        let toLine = "To: " + recipients.joined(separator: ", ")
        var headers: [String] = [
            "Date: \(dateHeader(date))",
            "Message-ID: <\(headerSafe(messageID))>",
            "From: \(headerMailbox(from))",
            toLine.utf8.count <= 78 ? toLine : "To: " + recipients.joined(separator: ",\r\n "),
            "Subject: \(encodeHeaderText(TextBounds.truncated(subject, maxUTF8: maxSubjectBytes)))",
            "MIME-Version: 1.0",
        ]
        let plainType = ["Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: 8bit"]
        guard let html else {
            headers += plainType + ["Auto-Submitted: auto-generated", ""]
            return Array((headers.joined(separator: "\r\n") + "\r\n" + crlfLines(body)).utf8)
        }
        // The boundary is derived from the content, so the same digest is
        // the same message; hex after `=_` never occurs in either part.
        let boundary = "=_tracker_" + String(SHA256.hex(SHA256.hash(Array((messageID + body + html).utf8))).prefix(32))
        headers += ["Content-Type: multipart/alternative; boundary=\"\(boundary)\"", "Auto-Submitted: auto-generated", ""]
        var out = headers.joined(separator: "\r\n") + "\r\n"
        out += "This is a multi-part message in MIME format.\r\n"
        out += "--\(boundary)\r\n" + plainType.joined(separator: "\r\n") + "\r\n\r\n" + crlfLines(body)
        out += "--\(boundary)\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + crlfLines(html)
        out += "--\(boundary)--\r\n"
        return Array(out.utf8)
    }

    /// Text as CRLF-terminated lines, each at most 998 octets (longer ones
    /// cut between characters).
    static func crlfLines(_ text: String) -> String {
        var out = ""
        var normalized = text.replacingOccurrences("\r", with: "")
        if normalized.hasSuffix("\n") { normalized.removeLast() }
        for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.utf8.count <= maxLineOctets {
                out += line + "\r\n"
                continue
            }
            for piece in TextBounds.pieces(line, maxUTF8: foldAt) { out += piece + "\r\n" }
        }
        return out
    }
}
