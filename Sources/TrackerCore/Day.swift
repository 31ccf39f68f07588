/// A calendar day in UTC, stored as the number of days since 1970-01-01.
///
/// Dates in tracker are ISO 8601 days: no time of day, no time zone. Keeping
/// them as plain day numbers makes every rule pure, exact and fast.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public let ordinal: Int

    public init(ordinal: Int) { self.ordinal = ordinal }

    /// Builds a day from its civil parts; nil when they name no real day.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        self.ordinal = Day.ordinal(year: year, month: month, day: day)
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(iso text: some StringProtocol) {
        self.init(isoUTF8: text.utf8)
    }

    /// Parses exactly `YYYY-MM-DD` from a raw UTF-8 buffer (straight from
    /// SQLite). Not generic, so callers in other modules get the fast path.
    public init?(isoBytes bytes: UnsafeBufferPointer<UInt8>) {
        self.init(isoUTF8: bytes)
    }

    /// Parses exactly `YYYY-MM-DD` from UTF-8 bytes.
    public init?<Bytes: Collection>(isoUTF8 bytes: Bytes) where Bytes.Element == UInt8 {
        guard bytes.count == 10 else { return nil }
        var y = 0, m = 0, d = 0
        for (i, c) in bytes.enumerated() {
            if i == 4 || i == 7 {
                guard c == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard c >= 48, c <= 57 else { return nil }
            let digit = Int(c - 48)
            if i < 4 { y = y * 10 + digit } else if i < 7 { m = m * 10 + digit } else { d = d * 10 + digit }
        }
        self.init(year: y, month: m, day: d)
    }

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }

    public var parts: (year: Int, month: Int, day: Int) { Day.civil(ordinal) }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = parts
        var s = ""
        s.reserveCapacity(10)
        func pad(_ n: Int, _ width: Int) {
            let digits = String(n)
            if digits.count < width { for _ in digits.count..<width { s.append("0") } }
            s.append(digits)
        }
        pad(y, 4); s.append("-"); pad(m, 2); s.append("-"); pad(d, 2)
        return s
    }

    /// Appends `YYYY-MM-DD` to a byte buffer without building a String.
    public func appendISO(to buffer: inout [UInt8]) {
        let (y, m, d) = parts
        buffer.append(UInt8(48 + y / 1000 % 10)); buffer.append(UInt8(48 + y / 100 % 10))
        buffer.append(UInt8(48 + y / 10 % 10)); buffer.append(UInt8(48 + y % 10))
        buffer.append(45)
        buffer.append(UInt8(48 + m / 10)); buffer.append(UInt8(48 + m % 10))
        buffer.append(45)
        buffer.append(UInt8(48 + d / 10)); buffer.append(UInt8(48 + d % 10))
    }

    /// The last day tracker represents (9999-12-31); date arithmetic stops
    /// there instead of leaving ISO's four-digit years.
    public static let max = Day(ordinal: 2_932_896)
    /// The first day tracker represents (0001-01-01).
    public static let min = Day(ordinal: -719_162)

    public func adding(days: Int) -> Day {
        Day(ordinal: Swift.min(Swift.max(ordinal + days, Day.min.ordinal), Day.max.ordinal))
    }

    /// Adds calendar months, clamping to the month's last day (Jan 31 + 1m = Feb 28/29).
    public func adding(months: Int) -> Day {
        let (y, m, d) = parts
        let total = y * 12 + (m - 1) + months
        if total >= 10_000 * 12 { return Day.max }
        if total < 12 { return Day.min }
        let ny = total / 12, nm = total % 12 + 1
        let nd = Swift.min(d, Day.daysIn(month: nm, year: ny))
        return Day(ordinal: Day.ordinal(year: ny, month: nm, day: nd))
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: Day) -> Int { other.ordinal - ordinal }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    // https://howardhinnant.github.io/date_algorithms.html
    static func ordinal(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civil(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// The UTC day containing a Unix time in seconds.
    public init(unixSeconds: Int) {
        self.ordinal = unixSeconds >= 0 ? unixSeconds / 86400 : -((-unixSeconds + 86399) / 86400)
    }
}
