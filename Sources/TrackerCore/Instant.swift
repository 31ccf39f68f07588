/// A moment in time (a delivery, a failure), to the second, in UTC.
///
/// Days are what the rules work with (`Day`); instants are only recorded
/// and shown. Outputs write them as RFC 3339 in UTC, `2026-11-29T13:05:00Z`,
/// whatever offset or precision they were stored with.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let unixSeconds: Int64

    public init(unixSeconds: Int64) { self.unixSeconds = unixSeconds }

    public static func < (a: Instant, b: Instant) -> Bool { a.unixSeconds < b.unixSeconds }

    /// The UTC day it falls on.
    public var day: Day { Day(unixSeconds: Int(unixSeconds)) }

    /// Parses RFC 3339 (`2026-11-29T13:05:00Z`, `2026-11-29T14:05:00.250+01:00`;
    /// a space or `t` may separate date and time), or a bare ISO day (its
    /// midnight UTC). Fractions of a second are dropped.
    public init?(rfc3339 text: String) {
        let b = Array(text.utf8)
        guard b.count >= 10, let day = Day(isoUTF8: b[0..<10]) else { return nil }
        var seconds = Int64(day.ordinal) * 86_400
        if b.count == 10 {
            self.unixSeconds = seconds
            return
        }
        func number(_ at: Int, _ digits: Int) -> Int? {
            guard at + digits <= b.count else { return nil }
            var n = 0
            for i in at..<at + digits {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                n = n * 10 + Int(b[i] - 48)
            }
            return n
        }
        guard b.count >= 20, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
              let h = number(11, 2), b[13] == UInt8(ascii: ":"), let m = number(14, 2), b[16] == UInt8(ascii: ":"),
              let s = number(17, 2), h < 24, m < 60, s <= 60 else { return nil }
        seconds += Int64(h * 3600 + m * 60 + s)
        var i = 19
        if b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
            guard i > start else { return nil }
        }
        guard i < b.count else { return nil }
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard i + 1 == b.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard i + 6 == b.count, let oh = number(i + 1, 2), b[i + 3] == UInt8(ascii: ":"),
                  let om = number(i + 4, 2), oh < 24, om < 60 else { return nil }
            let offset = Int64(oh * 3600 + om * 60)
            seconds += b[i] == UInt8(ascii: "+") ? -offset : offset
        default:
            return nil
        }
        self.unixSeconds = seconds
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    public var description: String {
        let d = Day(unixSeconds: Int(unixSeconds))
        let s = Int(unixSeconds - Int64(d.ordinal) * 86_400)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(d)T\(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))Z"
    }
}
