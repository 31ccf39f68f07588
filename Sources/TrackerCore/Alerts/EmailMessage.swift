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
    public static func encodeHeaderText(_ s: String) -> String {
        let safe = headerSafe(s)
        guard safe.unicodeScalars.contains(where: { !$0.isASCII }) else { return safe }
        var words: [String] = []
        var chunk: [UInt8] = []
        for c in safe {
            let bytes = Array(String(c).utf8)
            if chunk.count + bytes.count > 39 {
                words.append("=?UTF-8?B?\(Base64.encode(chunk))?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Base64.encode(chunk))?=") }
        return words.joined(separator: "\r\n ")
    }

    /// True for a plausible single mailbox `local@domain` with no spaces,
    /// angle brackets or control characters.
    public static func isAddress(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
              !parts[1].hasSuffix(".") else { return false }
        return s.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && !"<>,;\"()[]\\".unicodeScalars.contains($0) }
    }

    /// The plain-text body (LF line endings; `message` converts to CRLF).
    public static func body(_ digest: Digest) -> String {
        var lines: [String] = ["tracker alerts for \(digest.now): \(digest.summary)", ""]
        for group in digest.groups {
            lines.append("\(Digest.heading(group.kind).uppercased()) (\(group.entries.count))")
            for e in group.entries {
                let a = e.alert
                if e.kind == .resolved {
                    lines.append("  \(a.fineTune), generation \(a.generation): \(a.reason) no longer applies")
                } else {
                    lines.append("  [\(a.urgency.name)] \(a.fineTune), generation \(a.generation)" + (a.owner.map { " (owner \($0))" } ?? ""))
                    lines.append("    \(a.text)")
                }
                lines.append("    base \(a.base) | id \(a.id) | key \(a.key)")
            }
            lines.append("")
        }
        lines.append("List them with 'tracker alerts'; acknowledge with 'tracker ack ID' or snooze with 'tracker snooze ID 7d'.")
        return lines.joined(separator: "\n") + "\n"
    }

    public static func subject(_ digest: Digest) -> String {
        "tracker: \(digest.summary) (\(digest.now))"
    }

    /// The whole message, headers and body, CRLF-terminated lines. Lines
    /// longer than 998 octets are wrapped.
    public static func message(from: String, to: [String], subject: String, body: String,
                               date: Timestamp, messageID: String) -> [UInt8] {
        var headers: [String] = [
            "Date: \(dateHeader(date))",
            "Message-ID: <\(headerSafe(messageID))>",
            "From: \(headerSafe(from))",
            "To: \(to.map(headerSafe).joined(separator: ", "))",
            "Subject: \(encodeHeaderText(subject))",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: 8bit",
            "Auto-Submitted: auto-generated",
        ]
        headers.append("")
        var out = headers.joined(separator: "\r\n") + "\r\n"
        var normalized = body.replacingOccurrences("\r", with: "")
        if normalized.hasSuffix("\n") { normalized.removeLast() }
        for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            var rest = Substring(line)
            while rest.utf8.count > 998 {
                var cut = rest.startIndex
                var bytes = 0
                for i in rest.indices {
                    let n = rest[i].utf8.count
                    if bytes + n > 990 { break }
                    bytes += n
                    cut = rest.index(after: i)
                }
                out += rest[..<cut] + "\r\n"
                rest = rest[cut...]
            }
            out += rest + "\r\n"
        }
        return Array(out.utf8)
    }
}
