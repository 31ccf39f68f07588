import Foundation
import Testing
import TrackerTestKit

/// The same names for the same facts in every output, through the real binary.
@Suite struct OutputShapeTests {
    static let channelFields = [
        "name", "kind", "owner", "task", "min_urgency", "repeat", "url_env", "url_file", "secret_env", "secret_file",
        "smtp", "from", "to", "smtp_user", "password_env", "password_file", "insecure_plaintext", "ca_file",
        "created_on", "state", "state_detail", "last_ok_at", "last_error_at",
    ]

    @Test func baseShowCarriesTheFactsOfBaseList() throws {
        let sb = try Sandbox()
        try sb.addGPT4oBases()
        try sb.ok("base", "set", "openai/gpt-4o@2024-05-13", "--deprecated-undated", "--successor", "openai/gpt-4o@2024-08-06")
        for b in try sb.run("base", "list", "--format", "json").json().objects("bases") {
            let ref = try #require(b.string("ref"))
            let shown = try sb.run("base", "show", ref, "--format", "json").json()
            // Compared as JSON with sorted keys: nested objects (prices) have no order.
            func text(_ v: Any?) throws -> String {
                guard let v else { return "missing" }
                return String(decoding: try JSONSerialization.data(withJSONObject: ["v": v], options: .sortedKeys), as: UTF8.self)
            }
            for (key, value) in b {
                #expect(try text(shown[key]) == text(value), "\(ref): \(key)")
            }
            #expect(shown["history"] is [Any] && shown["generations"] is NSNumber)
        }
        let old = try sb.run("base", "show", "openai/gpt-4o@2024-05-13", "--format", "json").json()
        #expect(old.string("status") == "deprecated")
        #expect(old.string("successor") == "openai/gpt-4o@2024-08-06")
        #expect(old.string("superseded_by") == "openai/gpt-4o@2024-11-20")
        #expect(old["deprecated_undated"] as? Bool == true)
        #expect(old.string("provider") == "openai" && old.string("family") == "gpt-4o" && old.string("version") == "2024-05-13")
    }

    @Test func alertStateIsACodeWithItsUntilDayInEveryFormat() throws {
        let sb = try Sandbox()
        try sb.ok("base", "add", "acme/gone@1", "--released", "2023-01-01", "--shutdown", "2025-01-01")
        try sb.ok("add", "a", "--base", "acme/gone@1", "--trained", "2024-06-01", "--cost", "1")
        try sb.ok("add", "b", "--base", "acme/gone@1", "--trained", "2024-06-01", "--cost", "1")
        try sb.ok("add", "c", "--base", "acme/gone@1", "--trained", "2024-06-01", "--cost", "1")
        let ids = Dictionary(uniqueKeysWithValues: try sb.run("alerts", "--format", "json").json().objects("alerts")
            .map { ($0.string("fine_tune") ?? "?", $0.string("id") ?? "?") })
        try sb.ok("ack", ids["a"]!, "--until", "2025-02-01")
        try sb.ok("snooze", ids["b"]!, "7d")

        let json = try sb.run("alerts", "--format", "json").json().objects("alerts")
        let byName = Dictionary(uniqueKeysWithValues: json.map { ($0.string("fine_tune") ?? "?", $0) })
        #expect(byName["a"]?.string("state") == "acked" && byName["a"]?.string("state_until") == "2025-02-01")
        #expect(byName["b"]?.string("state") == "snoozed" && byName["b"]?.string("state_until") == "2025-01-22")
        #expect(byName["c"]?.string("state") == "open" && byName["c"]?["state_until"] is NSNull)
        for gone in ["acked", "ack_until", "snoozed_until"] { #expect(json.allSatisfy { $0[gone] == nil }, "\(gone)") }

        let csv = try sb.ok("alerts", "--format", "csv").lines
        #expect(csv.first == "id,urgency,fine_tune,generation,reason,base,budget,since,state,state_until,channels,key")
        #expect(csv.contains { $0.hasPrefix("\(ids["a"]!),") && $0.contains(",acked,2025-02-01,") })
        #expect(csv.contains { $0.hasPrefix("\(ids["b"]!),") && $0.contains(",snoozed,2025-01-22,") })
        #expect(csv.contains { $0.hasPrefix("\(ids["c"]!),") && $0.contains(",open,,") })

        let table = try sb.ok("alerts")
        #expect(table.tableRows.first == ["ID", "URGENCY", "FINE-TUNE", "GEN", "REASON", "SINCE", "STATE", "CHANNELS"])
        #expect(table.lines.contains { $0.hasPrefix(ids["a"]!) && $0.contains("acked until 2025-02-01") })
        #expect(table.lines.contains { $0.hasPrefix(ids["b"]!) && $0.contains("snoozed until 2025-01-22") })

        // The ack's day has come: open again, without an until-day.
        let later = try sb.run(["alerts", "--format", "json"], env: ["TRACKER_NOW": "2025-02-01"]).json().objects("alerts")
        #expect(later.first { $0.string("fine_tune") == "a" }?.string("state") == "open")
    }

    @Test func channelListUsesTheSharedFieldNamesWithStateCodesAndInstants() throws {
        let sb = try Sandbox()
        try sb.ok("channel", "add", "email", "leads", "--smtp", "smtp://mail.example.com:587", "--from", "t@example.com",
                  "--to", "a@example.com", "--to", "b@example.com", "--user", "tracker", "--password-env", "SMTP_PW")
        try sb.ok("channel", "add", "slack", "ops", "--url-env", "SLACK_URL", "--min-urgency", "soon")
        try sb.ok("channel", "add", "webhook", "hook", "--url-env", "HOOK_URL")
        let json = try sb.run("channel", "list", "--format", "json").json().objects("channels")
        #expect(json.count == 3)
        for c in json { #expect(Set(c.keys) == Set(Self.channelFields), "\(c.keys.sorted())") }
        let leads = try #require(json.first { $0.string("name") == "leads" })
        #expect(leads["to"] as? [String] == ["a@example.com", "b@example.com"])
        #expect(leads.string("smtp_user") == "tracker" && leads.string("smtp") == "smtp://mail.example.com:587")
        #expect(leads.string("state") == "never-used" && leads["state_detail"] is NSNull)
        #expect(leads.string("created_on") == "2025-01-15")
        #expect(json.first { $0.string("name") == "ops" }?.string("min_urgency") == "soon")

        let csv = try sb.ok("channel", "list", "--format", "csv").lines
        #expect(csv.first == Self.channelFields.joined(separator: ","))
        #expect(csv.contains { $0.hasPrefix("leads,email,") && $0.contains(",a@example.com;b@example.com,") })

        // Delivery outcomes as notify records them, one with an offset: instants come out in UTC.
        guard try sb.sql("""
            UPDATE channel SET last_ok_at = '2026-11-28T09:30:00Z' WHERE name = 'leads';
            UPDATE channel SET failing = 1, last_error = '403 invalid_token', last_error_at = '2026-11-29T14:05:00+01:00'
            WHERE name = 'ops';
            """) != nil else { return }
        let after = try sb.run("channel", "list", "--format", "json").json().objects("channels")
        let ok = try #require(after.first { $0.string("name") == "leads" })
        #expect(ok.string("state") == "ok" && ok.string("last_ok_at") == "2026-11-28T09:30:00Z")
        let failing = try #require(after.first { $0.string("name") == "ops" })
        #expect(failing.string("state") == "failing" && failing.string("state_detail") == "403 invalid_token")
        #expect(failing.string("last_error_at") == "2026-11-29T13:05:00Z")
        let table = try sb.ok("channel", "list")
        #expect(table.tableRows.first == ["NAME", "KIND", "TARGET", "ROUTING", "LAST OK", "STATE"])
        #expect(table.lines.contains { $0.hasPrefix("ops") && $0.hasSuffix("failing: 403 invalid_token") })
        #expect(table.lines.contains { $0.hasPrefix("leads") && $0.contains("2026-11-28T09:30:00Z") && $0.hasSuffix("ok") })
    }

    @Test func controlCharactersFromTheDatabaseAreEscapedInTablesAndCSV() throws {
        let sb = try Sandbox()
        try sb.ok("base", "add", "acme/x@1", "--released", "2024-01-01")
        try sb.ok("add", "ft", "--base", "acme/x@1", "--trained", "2024-09-01", "--cost", "1", "--owner", "ops")
        // Written behind tracker's back (an old import, another tool): a line break, an escape sequence, a bell.
        let char = TestBackend.isPostgres ? "chr" : "char"
        guard try sb.sql("UPDATE fine_tune SET owner = 'evil' || \(char)(10) || 'line' || \(char)(27) || '[2J' || \(char)(7)") != nil else {
            return
        }
        let escaped = #"evil\nline\u{1b}[2J\u{7}"#
        for format in ["table", "csv"] {
            let r = try sb.ok("list", "--format", format)
            #expect(r.stdout.contains(escaped), "\(format): \(r)")
            #expect(!r.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(format)")
            #expect(r.lines.count == 2, "\(format): one line per row")
        }
        let show = try sb.ok("show", "ft")
        #expect(show.lines.contains("owner:         \(escaped)"))
        #expect(try sb.run("list", "--format", "json").json().objects("fine_tunes").first?.string("owner")
                == "evil\nline\u{1b}[2J\u{7}")
    }

    @Test func tablesAlignWideAndCombiningCharacters() throws {
        let sb = try Sandbox()
        try sb.ok("base", "add", "acme/x@1", "--released", "2024-01-01")
        for (name, owner) in [("名前-モデル", "チーム"), ("café-bot", "zoe\u{308}"), ("😀-bot", "ops"), ("plain", "ab")] {
            try sb.ok("add", name, "--base", "acme/x@1", "--trained", "2024-09-01", "--cost", "1", "--owner", owner)
        }
        let r = try sb.ok("list")
        #expect(r.lines.count == 5)
        // Every row's TASK column starts at the same terminal column as the header's.
        func column(of line: String, _ cell: String) -> Int? {
            guard let range = line.range(of: cell) else { return nil }
            return displayWidth(String(line[..<range.lowerBound]))
        }
        let taskAt = try #require(column(of: r.lines[0], "TASK"))
        for line in r.lines.dropFirst() { #expect(column(of: line, "-  ") == taskAt, "\(line)") }
    }

    /// Terminal columns, independently of tracker: wide East Asian and emoji 2, combining marks 0.
    func displayWidth(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { w, u in
            switch u.value {
            case 0x300...0x36F: return w
            case 0x3000...0x30FF, 0x4E00...0x9FFF, 0x1F300...0x1FAFF: return w + 2
            default: return w + 1
            }
        }
    }
}
