import Testing
@testable import TrackerCore

@Suite("Day")
struct DayTests {
    @Test("parses valid ISO days", arguments: [
        ("2024-08-06", 2024, 8, 6),
        ("1970-01-01", 1970, 1, 1),
        ("2000-02-29", 2000, 2, 29),
        ("2024-02-29", 2024, 2, 29),
        ("1969-12-31", 1969, 12, 31),
        ("9999-12-31", 9999, 12, 31),
        ("0001-01-01", 1, 1, 1),
    ])
    func parsesValid(text: String, y: Int, m: Int, d: Int) throws {
        let parsed = try #require(Day(iso: text))
        #expect(parsed.parts == (y, m, d))
        #expect(parsed.description == text)
    }

    @Test("epoch ordinals")
    func ordinals() {
        #expect(day("1970-01-01").ordinal == 0)
        #expect(day("1970-01-02").ordinal == 1)
        #expect(day("1969-12-31").ordinal == -1)
        #expect(day("2000-03-01").ordinal == 11017)
        #expect(Day(year: 2024, month: 8, day: 6) == day("2024-08-06"))
    }

    @Test("refuses days that do not exist", arguments: [
        "2024-13-01", "2024-00-10", "2024-01-00", "2024-01-32", "2024-04-31", "2024-06-31",
        "2023-02-29", "1900-02-29", "2100-02-29", "2024-02-30", "0000-01-01",
    ])
    func refusesInvalidParts(text: String) {
        #expect(Day(iso: text) == nil)
    }

    @Test("refuses wrong shapes", arguments: [
        "", "2024-1-01", "2024-01-1", "24-01-01", "2024-001-01", "2024-01-011", "20240101", "2024/01/01",
        "2024-01-01T00:00:00Z", " 2024-01-01", "2024-01-01 ", "2024-0a-01", "2O24-01-01", "+024-01-01",
        "-024-01-01", "2024--1-01", "2024-01-0\u{0661}", "２０２４-01-01",
    ])
    func refusesBadShapes(text: String) {
        #expect(Day(iso: text) == nil)
    }

    @Test("parses from UTF-8 bytes like SQLite hands them over")
    func parsesBytes() {
        #expect(Day(isoUTF8: Array("2024-08-06".utf8)) == day("2024-08-06"))
        #expect(Day(isoUTF8: Array("2024-08-6".utf8)) == nil)
    }

    @Test("description zero-pads every part")
    func descriptionPads() {
        #expect(Day(year: 7, month: 3, day: 9)?.description == "0007-03-09")
        #expect(Day(ordinal: 0).description == "1970-01-01")
    }

    @Test("description round-trips across a wide range of days")
    func roundTrip() {
        var o = day("1899-12-25").ordinal
        let end = day("2101-01-05").ordinal
        while o <= end {
            let d = Day(ordinal: o)
            #expect(Day(iso: d.description) == d)
            o += 13
        }
    }

    @Test("ordering and comparison")
    func ordering() {
        #expect(day("2024-01-31") < day("2024-02-01"))
        #expect(day("2023-12-31") < day("2024-01-01"))
        #expect(!(day("2024-01-01") < day("2024-01-01")))
        #expect([day("2025-01-01"), day("2024-06-30"), day("2024-07-01")].sorted().map(\.description)
                == ["2024-06-30", "2024-07-01", "2025-01-01"])
    }

    @Test("adding days crosses month, year and leap boundaries")
    func addingDays() {
        #expect(day("2024-02-28").adding(days: 1) == day("2024-02-29"))
        #expect(day("2023-02-28").adding(days: 1) == day("2023-03-01"))
        #expect(day("2024-12-31").adding(days: 1) == day("2025-01-01"))
        #expect(day("2025-01-01").adding(days: -1) == day("2024-12-31"))
        #expect(day("2024-01-01").adding(days: 366) == day("2025-01-01"))
    }

    @Test("adding months clamps to the month's last day", arguments: [
        ("2024-01-31", 1, "2024-02-29"),
        ("2023-01-31", 1, "2023-02-28"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2024-02-29", 48, "2028-02-29"),
        ("2024-03-31", 1, "2024-04-30"),
        ("2024-05-31", -1, "2024-04-30"),
        ("2024-01-15", -1, "2023-12-15"),
        ("2024-11-30", 3, "2025-02-28"),
        ("2024-12-15", 1, "2025-01-15"),
        ("2024-08-06", 0, "2024-08-06"),
        ("2024-01-31", 25, "2026-02-28"),
    ])
    func addingMonths(start: String, months: Int, expected: String) {
        #expect(day(start).adding(months: months).description == expected)
    }

    @Test("days(until:) is signed")
    func daysUntil() {
        #expect(day("2024-01-01").days(until: day("2024-01-01")) == 0)
        #expect(day("2024-01-01").days(until: day("2024-12-31")) == 365)
        #expect(day("2024-12-31").days(until: day("2024-01-01")) == -365)
        #expect(day("2023-03-01").days(until: day("2024-03-01")) == 366)
        #expect(day("1969-12-31").days(until: day("1970-01-02")) == 2)
    }

    @Test("Day(unixSeconds:) takes the UTC day, also before 1970", arguments: [
        (0, "1970-01-01"),
        (86_399, "1970-01-01"),
        (86_400, "1970-01-02"),
        (-1, "1969-12-31"),
        (-86_399, "1969-12-31"),
        (-86_400, "1969-12-31"),
        (-86_401, "1969-12-30"),
        (1_722_902_400, "2024-08-06"),
        (1_722_988_799, "2024-08-06"),
        (951_782_400, "2000-02-29"),
    ])
    func unixSeconds(seconds: Int, expected: String) {
        #expect(Day(unixSeconds: seconds).description == expected)
    }
}
