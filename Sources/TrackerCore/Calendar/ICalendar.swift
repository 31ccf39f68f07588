/// An iCalendar (RFC 5545) writer for all-day events with display alarms:
/// what `tracker calendar` publishes.
///
/// - Every line ends in CRLF and is folded at 75 octets (RFC 5545 §3.1):
///   a continuation line starts with one space, and a fold never falls
///   inside a UTF-8 sequence (a multi-byte character moves whole to the
///   next line).
/// - TEXT values are escaped (§3.3.11): backslash, `;`, `,` and newlines
///   (`\n`); every other control character is dropped, so no name can end
///   a line early and inject a property.
public enum ICalendar {
    /// The longest line in octets, CRLF not counted.
    public static let maximumLineOctets = 75

    /// One all-day event.
    public struct Event: Sendable, Equatable {
        public var uid: String
        public var day: Day
        public var summary: String
        public var description: String
        /// Days before the event each display alarm fires (90, 30, 7).
        public var alarmDaysBefore: [Int]
        /// What sorts events on one day: the name they are about.
        public var sortName: String

        public init(uid: String, day: Day, summary: String, description: String, alarmDaysBefore: [Int], sortName: String) {
            self.uid = uid
            self.day = day
            self.summary = summary
            self.description = description
            self.alarmDaysBefore = alarmDaysBefore
            self.sortName = sortName
        }
    }

    /// A calendar's header fields.
    public struct Header: Sendable {
        public var productID = "-//tracker//tracker 0.1//EN"
        public var name = "tracker deadlines"
        public init() {}
    }

    /// Escapes a TEXT value: `\` `;` `,` become `\\` `\;` `\,`; a line
    /// break (LF, CR or CRLF, and U+2028/U+2029) becomes `\n`; other
    /// control characters (C0, DEL, C1) are removed.
    public static func escapeText(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var afterCR = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v == 0x0A && afterCR { afterCR = false; continue } // CRLF: one break
            afterCR = v == 0x0D
            switch v {
            case 0x5C: out += "\\\\"
            case 0x3B: out += "\\;"
            case 0x2C: out += "\\,"
            case 0x0A, 0x0D, 0x2028, 0x2029: out += "\\n"
            case 0x00...0x1F, 0x7F...0x9F: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// One content line, folded and CRLF-terminated, as bytes.
    public static func fold(_ line: String) -> [UInt8] {
        let bytes = Array(line.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 40 * 3 + 2)
        var start = 0
        var budget = maximumLineOctets
        while bytes.count - start > budget {
            var cut = start + budget
            // Never inside a UTF-8 sequence: back off continuation bytes.
            // A scalar is at most 4 bytes and the budget is 74 or 75, so
            // each line takes at least one scalar and the loop advances.
            while cut > start && bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
            out.append(contentsOf: bytes[start..<cut])
            out.append(contentsOf: [13, 10, 32])
            start = cut
            budget = maximumLineOctets - 1 // after the leading space
        }
        out.append(contentsOf: bytes[start...])
        out.append(contentsOf: [13, 10])
        return out
    }

    /// `YYYYMMDD`.
    public static func date(_ day: Day) -> String {
        let p = day.parts
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return pad(p.year, 4) + pad(p.month, 2) + pad(p.day, 2)
    }

    /// A stable UID: `KIND-<16 hex of SHA-256 over the parts>@tracker`.
    /// Parts are joined with NUL, so ("a", "bc") and ("ab", "c") differ.
    public static func uid(kind: String, _ parts: [String]) -> String {
        var message = Array(kind.utf8)
        for p in parts { message.append(0); message += Array(p.utf8) }
        return "\(kind)-\(SHA256.hex(Array(SHA256.hash(message).prefix(8))))@tracker"
    }

    /// Events sorted by day, then the name they are about, then UID.
    public static func sorted(_ events: [Event]) -> [Event] {
        events.sorted { a, b in
            if a.day != b.day { return a.day < b.day }
            if a.sortName != b.sortName { return a.sortName.utf8.lexicographicallyPrecedes(b.sortName.utf8) }
            return a.uid.utf8.lexicographicallyPrecedes(b.uid.utf8)
        }
    }

    /// Writes a whole VCALENDAR: `events` in the order given, DTSTAMP at
    /// midnight UTC of `stamp`, so two runs on one day give the same bytes.
    public static func write(_ events: [Event], stamp: Day, header: Header = Header(), to out: TextOutput) {
        func line(_ s: String) { out.write(bytes: fold(s)) }
        line("BEGIN:VCALENDAR")
        line("VERSION:2.0")
        line("PRODID:" + escapeText(header.productID))
        line("CALSCALE:GREGORIAN")
        line("METHOD:PUBLISH")
        line("X-WR-CALNAME:" + escapeText(header.name))
        let dtstamp = date(stamp) + "T000000Z"
        for e in events {
            line("BEGIN:VEVENT")
            line("UID:" + escapeText(e.uid))
            line("DTSTAMP:" + dtstamp)
            line("DTSTART;VALUE=DATE:" + date(e.day))
            line("DTEND;VALUE=DATE:" + date(e.day.adding(days: 1)))
            line("SUMMARY:" + escapeText(e.summary))
            line("DESCRIPTION:" + escapeText(e.description))
            line("TRANSP:TRANSPARENT")
            for days in e.alarmDaysBefore {
                line("BEGIN:VALARM")
                line("ACTION:DISPLAY")
                line("TRIGGER:-P\(days)D")
                line("DESCRIPTION:" + escapeText("In \(counted(days, "day")): \(e.summary)"))
                line("END:VALARM")
            }
            line("END:VEVENT")
        }
        line("END:VCALENDAR")
    }
}
