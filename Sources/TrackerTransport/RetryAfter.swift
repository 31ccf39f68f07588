#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A server's `Retry-After` (RFC 9110 section 10.2.3), as a wait from now.
public enum RetryAfter: Sendable, Equatable, CustomStringConvertible {
    /// Wait this many seconds (0 for a date already past).
    case seconds(Int)
    /// A number too large to represent: never worth waiting for in a run,
    /// and never to be mistaken for a short wait.
    case unbounded

    /// Reads delay-seconds (`120`) or an IMF-fixdate
    /// (`Sun, 06 Nov 1994 08:49:37 GMT`) relative to `now` (Unix seconds).
    /// nil when the value is neither: the caller falls back to its backoff.
    public static func parse(_ value: String, now: Int = Int(time(nil))) -> RetryAfter? {
        let text = value.trimmingASCIISpaces()
        guard !text.isEmpty else { return nil }
        if text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return Int(text).map { .seconds($0) } ?? .unbounded
        }
        guard let when = parseIMFFixdate(text) else { return nil }
        let (delta, overflow) = when.subtractingReportingOverflow(now)
        if overflow { return .unbounded }
        return .seconds(max(0, delta))
    }

    public var description: String {
        switch self {
        case .seconds(let s): return "\(s)s"
        case .unbounded: return "beyond any limit"
        }
    }
}

extension HTTPResponse {
    /// The response's Retry-After, read relative to `now` (Unix seconds);
    /// nil when absent or unreadable.
    public func retryAfter(now: Int = Int(time(nil))) -> RetryAfter? {
        header("Retry-After").flatMap { RetryAfter.parse($0, now: now) }
    }
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` as Unix seconds. Only the preferred
/// HTTP-date form is read; the obsolete ones are rare enough to fall back
/// to the backoff.
func parseIMFFixdate(_ text: String) -> Int? {
    let parts = text.split(separator: " ", omittingEmptySubsequences: true)
    guard parts.count == 6, parts[0].count == 4, parts[0].hasSuffix(","), parts[5] == "GMT",
          let day = Int(parts[1]), parts[1].count == 2, (1...31).contains(day),
          let year = Int(parts[3]), parts[3].count == 4
    else { return nil }
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    guard let monthIndex = months.firstIndex(of: String(parts[2])) else { return nil }
    let clock = parts[4].split(separator: ":", omittingEmptySubsequences: false)
    guard clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
          let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2]),
          (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
    else { return nil }
    return daysFromCivil(year: year, month: monthIndex + 1, day: day) * 86_400 + hour * 3600 + minute * 60 + second
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
}
