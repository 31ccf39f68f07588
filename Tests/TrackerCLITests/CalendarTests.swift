import Foundation
import Testing
import TrackerTestKit

/// `tracker calendar` through the real binary, its feed read by the real
/// Python `icalendar` parser (icalendar==7.3.0 in REPO/.venv, installed by
/// scripts/test-env.sh).
@Suite struct CalendarTests {
    static let hostileName = "Ünïcode, bad; name\\ 日本語 🚀 with a really long tail that keeps going well past one folded line"
    static let hostileOwner = "Bob, Jr.; 🙂 中文 \"the owner\""

    /// On 2025-01-15:
    /// - support-triage (alice, triage, 1y policy, trained 2024-09-01) on openai/gpt-4o@2024-08-06,
    ///   the family's only snapshot (no cadence), shutting down 2025-09-30: end of life 2025-09-30;
    ///   next retrain at the earliest of the shutdown and the policy (2025-09-01): 2025-09-01, after
    ///   the 90-day due horizon (2025-04-15), so expected, not planned.
    /// - the hostile name (hostile owner, never retrained by policy) on anthropic/claude-x@20240101,
    ///   shutting down 2025-03-01: end of life 2025-03-01 and a planned retrain that day (due now).
    /// - quiet (carol) on google/gemini-x@001, no dates, policy never: no events.
    static func fleet() throws -> Sandbox {
        let s = try Sandbox(now: "2025-01-15")
        try s.ok("base", "add", "openai/gpt-4o@2024-08-06", "--released", "2024-08-06", "--shutdown", "2025-09-30")
        try s.ok("base", "add", "anthropic/claude-x@20240101", "--released", "2024-01-01", "--shutdown", "2025-03-01")
        try s.ok("base", "add", "google/gemini-x@001", "--released", "2024-02-01")
        try s.ok("add", "support-triage", "--base", "openai/gpt-4o@2024-08-06", "--trained", "2024-09-01",
                 "--cost", "1840 USD", "--owner", "alice", "--task", "triage", "--retrain-every", "1y")
        try s.ok("add", hostileName, "--base", "anthropic/claude-x@20240101", "--trained", "2024-02-01",
                 "--cost", "$500", "--owner", hostileOwner, "--retrain-every", "never")
        try s.ok("add", "quiet", "--base", "google/gemini-x@001", "--trained", "2024-03-01", "--cost", "$10",
                 "--owner", "carol", "--retrain-every", "never")
        return s
    }

    struct Alarm: Equatable { var action: String; var days: Int; var description: String }
    struct Event {
        var uid: String, start: String, end: String, summary: String, description: String
        var alarms: [Alarm]
    }

    /// The feed as icalendar reads it; any parse error found by the parser fails the test.
    static func parse(_ ics: String, in s: Sandbox, sourceLocation: SourceLocation = #_sourceLocation) throws -> (calendar: [String: String], events: [Event]) {
        let file = s.root.appendingPathComponent("feed-\(UUID().uuidString).ics")
        try Data(ics.utf8).write(to: file)
        let script = """
            import json, sys, icalendar
            assert icalendar.__version__ == "7.3.0", icalendar.__version__
            cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
            errors = [e for c in cal.walk() for e in c.errors]
            events = []
            for ev in cal.walk("VEVENT"):
                alarms = [{"action": str(a["ACTION"]), "days": a["TRIGGER"].dt.days,
                           "description": str(a["DESCRIPTION"])} for a in ev.walk("VALARM")]
                events.append({"uid": str(ev["UID"]), "start": ev["DTSTART"].dt.isoformat(),
                               "end": ev["DTEND"].dt.isoformat(), "summary": str(ev["SUMMARY"]),
                               "description": str(ev["DESCRIPTION"]), "alarms": alarms,
                               "start_is_date": type(ev["DTSTART"].dt).__name__ == "date"})
            head = {k: str(cal[k]) for k in ["VERSION", "PRODID", "CALSCALE", "METHOD", "X-WR-CALNAME"]}
            print(json.dumps({"errors": [str(e) for e in errors], "calendar": head, "events": events}))
            """
        let r = try runProcess(try Repo.python(), ["-c", script, file.path],
                               environment: s.environment([:], setNow: false), directory: s.root)
        #expect(r.status == 0, "icalendar could not read the feed: \(r)", sourceLocation: sourceLocation)
        let json = try jsonObject(r.stdout, "not JSON: \(r)")
        #expect((json["errors"] as? [String] ?? ["?"]).isEmpty, "parse errors: \(r.stdout)", sourceLocation: sourceLocation)
        let events = json.objects("events").map { e in
            #expect(e.bool("start_is_date") == true, "not an all-day event: \(e)", sourceLocation: sourceLocation)
            return Event(uid: e.string("uid") ?? "", start: e.string("start") ?? "", end: e.string("end") ?? "",
                         summary: e.string("summary") ?? "", description: e.string("description") ?? "",
                         alarms: e.objects("alarms").map {
                             Alarm(action: $0.string("action") ?? "", days: $0.int("days") ?? 0, description: $0.string("description") ?? "")
                         })
        }
        let head = (json["calendar"] as? [String: String]) ?? [:]
        return (head, events)
    }

    /// Every line ends in CRLF and holds at most 75 octets; no bare CR or LF.
    static func expectWellFormedLines(_ ics: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let bytes = Array(ics.utf8)
        #expect(bytes.suffix(2) == [13, 10], "the feed does not end in CRLF", sourceLocation: sourceLocation)
        var line: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 13 {
                #expect(i + 1 < bytes.count && bytes[i + 1] == 10, "a bare CR", sourceLocation: sourceLocation)
                #expect(line.count <= 75, "a line of \(line.count) octets: \(String(decoding: line, as: UTF8.self))",
                        sourceLocation: sourceLocation)
                #expect(String(validating: line, as: UTF8.self) != nil, "a line that is not valid UTF-8 on its own",
                        sourceLocation: sourceLocation)
                line = []
                i += 2
                continue
            }
            #expect(bytes[i] != 10, "a bare LF", sourceLocation: sourceLocation)
            line.append(bytes[i])
            i += 1
        }
    }

    @Test func eventsDatesAndAlarmsAsComputedByHand() throws {
        let s = try Self.fleet()
        let r = try s.ok("calendar")
        #expect(r.stderr.isEmpty, "\(r)")
        Self.expectWellFormedLines(r.stdout)
        let (head, events) = try Self.parse(r.stdout, in: s)
        #expect(head == ["VERSION": "2.0", "PRODID": "-//tracker//tracker 0.1//EN", "CALSCALE": "GREGORIAN",
                         "METHOD": "PUBLISH", "X-WR-CALNAME": "tracker deadlines"])
        #expect(r.stdout.contains("\r\nDTSTAMP:20250115T000000Z\r\n"))
        let h = Self.hostileName
        #expect(events.map(\.summary) == [
            "\(h) stops working: anthropic/claude-x@20240101 shuts down",
            "\(h): retrain planned (shutdown)",
            "support-triage: retrain expected (policy)",
            "support-triage stops working: openai/gpt-4o@2024-08-06 shuts down",
        ])
        #expect(events.map(\.start) == ["2025-03-01", "2025-03-01", "2025-09-01", "2025-09-30"])
        #expect(events.map(\.end) == ["2025-03-02", "2025-03-02", "2025-09-02", "2025-10-01"])
        for e in events {
            #expect(e.alarms.map(\.days) == [-90, -30, -7], "\(e.summary)")
            #expect(e.alarms.allSatisfy { $0.action == "DISPLAY" && $0.description.hasSuffix(e.summary) })
        }
        #expect(events[0].uid.hasPrefix("eol-") && events[1].uid.hasPrefix("retrain-"))
        #expect(events.allSatisfy { $0.uid.wholeMatch(of: /(eol|retrain)-[0-9a-f]{16}@tracker/) != nil })
        #expect(Set(events.map(\.uid)).count == 4)
        let eol = events[3].description
        for part in ["Owner: alice", "Task: triage", "Generation: 1 (trained 2024-09-01)", "Base: openai/gpt-4o@2024-08-06",
                     "shuts down on 2025-09-30", "tracker retrain support-triage", "tracker due"] {
            #expect(eol.contains(part), "missing '\(part)' in \(eol)")
        }
        let retrain = events[2].description
        for part in ["Why: retrain policy 1y.", "Estimated cost: 1,840.00 USD.", "Expected:", "tracker due"] {
            #expect(retrain.contains(part), "missing '\(part)' in \(retrain)")
        }
        #expect(events[1].description.contains("Planned: the retrain is already due"))
    }

    @Test func hostileNamesRoundTripExactly() throws {
        let s = try Self.fleet()
        let r = try s.ok("calendar", "--owner", Self.hostileOwner.uppercased())
        Self.expectWellFormedLines(r.stdout)
        let events = try Self.parse(r.stdout, in: s).events
        #expect(events.count == 2)
        for e in events {
            #expect(e.summary.hasPrefix(Self.hostileName), "\(e.summary)")
            #expect(e.description.contains("Fine-tune: \(Self.hostileName)\nOwner: \(Self.hostileOwner)\n"), "\(e.description)")
        }
        // No hostile text starts a line of its own: each property line begins with a known name.
        let names = Set(["BEGIN", "END", "VERSION", "PRODID", "CALSCALE", "METHOD", "X-WR-CALNAME", "UID", "DTSTAMP",
                         "DTSTART;VALUE=DATE", "DTEND;VALUE=DATE", "SUMMARY", "DESCRIPTION", "TRANSP", "ACTION", "TRIGGER"])
        for line in r.stdout.components(separatedBy: "\r\n") where !line.isEmpty && !line.hasPrefix(" ") {
            let name = String(line.prefix { $0 != ":" })
            #expect(names.contains(name), "unexpected property line: \(line)")
        }
    }

    @Test func uidsStableAcrossRunsAndDateChanges() throws {
        let s = try Self.fleet()
        let first = try s.ok("calendar").stdout
        let second = try s.ok("calendar").stdout
        #expect(first == second, "two runs on one day differ")
        let before = try Self.parse(first, in: s).events
        try s.ok("base", "set", "openai/gpt-4o@2024-08-06", "--shutdown", "2025-08-15")
        let after = try Self.parse(try s.ok("calendar").stdout, in: s).events
        func uid(_ events: [Event], _ summary: String) -> String? { events.first { $0.summary == summary }?.uid }
        let eolSummary = "support-triage stops working: openai/gpt-4o@2024-08-06 shuts down"
        let retrainAfter = "support-triage: retrain expected (shutdown)"
        #expect(after.first { $0.summary == eolSummary }?.start == "2025-08-15")
        #expect(after.first { $0.summary == retrainAfter }?.start == "2025-08-15")
        #expect(uid(before, eolSummary) != nil)
        #expect(uid(before, eolSummary) == uid(after, eolSummary))
        #expect(uid(before, "support-triage: retrain expected (policy)") == uid(after, retrainAfter))
        #expect(Set(before.map(\.uid)) == Set(after.map(\.uid)))
        // Another day: only DTSTAMP changes for a date-less change of today.
        let later = try s.ok("calendar", "--now", "2025-01-16").stdout
        #expect(later.contains("DTSTAMP:20250116T000000Z"))
    }

    @Test func ownerFilterAndEmptyCalendars() throws {
        let s = try Self.fleet()
        let alice = try Self.parse(try s.ok("calendar", "--owner", "ALICE").stdout, in: s).events
        #expect(alice.map(\.summary).allSatisfy { $0.hasPrefix("support-triage") } && alice.count == 2)
        // carol's fine-tune has no dates: a valid, empty calendar and a note saying why.
        let carol = try s.ok("calendar", "--owner", "carol")
        #expect(try Self.parse(carol.stdout, in: s).events.isEmpty)
        #expect(carol.stdout.hasPrefix("BEGIN:VCALENDAR\r\n") && carol.stdout.hasSuffix("END:VCALENDAR\r\n"))
        #expect(carol.errorLines == ["note: the calendar is empty: no active fine-tune has a known base shutdown day or an expected retrain within 12 months"])
        let nobody = try s.ok("calendar", "--owner", "nobody")
        #expect(nobody.errorLines == ["note: the calendar is empty: no active fine-tunes owned by nobody"])
        let fresh = try Sandbox()
        try fresh.ok("base", "add", "openai/gpt-4o@2024-08-06")
        let none = try fresh.ok("calendar")
        #expect(try Self.parse(none.stdout, in: fresh).events.isEmpty)
        #expect(none.errorLines == ["note: the calendar is empty: no active fine-tunes"])
    }

    @Test func outWritesTheFileAtomicallyAndNothingOnStdout() throws {
        let s = try Self.fleet()
        let path = s.root.appendingPathComponent("deadlines.ics").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        let r = try s.ok("calendar", "--out", path)
        #expect(r.stdout.isEmpty && r.stderr.isEmpty, "\(r)")
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written == (try s.ok("calendar").stdout))
        #expect(try Self.parse(written, in: s).events.count == 4)
        // No temporary file is left beside it.
        let left = try FileManager.default.contentsOfDirectory(atPath: s.root.path).filter { $0.contains(".tmp-") }
        #expect(left.isEmpty, "\(left)")
        // A folder that does not exist: an error, nothing written.
        let bad = try s.run("calendar", "--out", s.root.appendingPathComponent("missing/x.ics").path)
        expectFailure(bad, 73, "cannot create")
    }

    @Test func badNowIsAUsageError() throws {
        let s = try Self.fleet()
        expectFailure(try s.run("calendar", "--now", "2025-13-01"), 64, "--now")
        expectFailure(try s.run("calendar", "--bogus"), 64)
    }
}
