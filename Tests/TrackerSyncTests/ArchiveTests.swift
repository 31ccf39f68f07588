import Foundation
import Testing
import TrackerTestKit

/// `tracker export` / `tracker import FILE`, and `list --format csv`.
@Suite("export, import, csv")
struct ArchiveTests {
    /// A database with every kind of row, all made through the binary.
    static func richDatabase(_ label: String) throws -> Sandbox {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox(label, now: "2025-01-15")
        let key = ["OPENAI_API_KEY": "sk-test-archive-1234abcd"]
        try server.queue(.fixture("openai-models-1.json"))
        try s.ok(["sync", "openai", "--base-url", server.base], env: key)
        try s.ok(["base", "set", "gpt-4o-2024-08-06", "--shutdown", "2026-02-01"])
        try s.ok(["add", "support-bot", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "1,200",
                  "--owner", "ml, platform", "--task", #"support, "tier 1""#, "--retrain-every", "never",
                  "--examples", "500", "--eval", "46/50"])
        try s.ok(["retrain", "support-bot", "--base", "gpt-4o-2024-08-06", "--trained", "2024-10-01", "--cost", "900",
                  "--tokens", "1000000"])
        try s.ok(["add", "old-bot", "--base", "gpt-4-0613", "--trained", "2023-08-01", "--cost", "50"])
        try s.ok(["retire", "old-bot", "--reason", "replaced by support-bot"])
        try s.ok(["add", "mini-bot", "--base", "gpt-4o-mini-2024-07-18", "--trained", "2024-08-01", "--cost", "$20",
                  "--owner", "search"])
        s.now = "2025-01-20"
        try server.queue(.fixture("openai-models-2.json"))
        try s.ok(["sync", "openai", "--base-url", server.base], env: key)  // a conflict row and a moved date
        try s.ok(["channel", "add", "slack", "ops", "--url-env", "OPS_SLACK_URL"])
        // Records the alerts in force and their delivery to the test server.
        try s.ok(["notify"], env: ["OPS_SLACK_URL": server.base + "/services/T000/B000/archive"])
        // Added after notify: nothing is sent to it. Two recipients and a route.
        try s.ok(["channel", "add", "email", "team-mail", "--smtp", "smtp://relay.example:587", "--from", "tracker@example.com",
                  "--to", "ana@example.com", "--to", "bo@example.com", "--owner", "search", "--repeat", "14d"])
        try s.ok(["sync", "catalog", Fixture.path("litellm-catalog.json")])
        try s.ok(["import", "openai-jobs", Fixture.path("openai-jobs.json"), "--cost-per-1m-tokens", "$8"])
        return s
    }

    @Test("export -> import into a new database -> export is byte-identical; non-empty and bad files are refused")
    func roundTrip() throws {
        let s = try Self.richDatabase("roundtrip")
        let first = try s.export()
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(doc.string("format") == "tracker-export")
        // The database really is rich.
        let bases = doc.objects("bases")
        #expect(bases.contains { $0.objects("history").contains { $0.int("applied") == 0 } }, "a conflict row")
        let fts = doc.objects("fine_tunes")
        #expect(fts.contains { $0.objects("generations").count >= 2 })
        #expect(fts.contains { !($0["retired_on"] is NSNull) && $0["retired_on"] != nil })
        #expect(fts.contains { $0.objects("generations").contains { $0["job_id"] is String } })
        #expect(doc.objects("channels").count == 2)
        // One set of channel names, shared with `channel list --format json`.
        let mail = try #require(doc.objects("channels").first { $0.string("name") == "team-mail" })
        #expect(mail["to"] as? [String] == ["ana@example.com", "bo@example.com"])
        #expect(mail.string("smtp") == "smtp://relay.example:587")
        #expect(mail.string("from") == "tracker@example.com")
        #expect(mail.string("owner") == "search")
        #expect(mail.string("repeat") == "14d")
        #expect(mail["mail_to"] == nil && mail["smtp_url"] == nil && mail["route_owner"] == nil)
        #expect(!doc.objects("alerts").isEmpty)
        #expect(doc.objects("alerts").contains { $0.objects("deliveries").first?["channel"] as? String == "ops" })
        #expect(doc.objects("catalog").count == 10)

        let file = s.path("backup.json")
        try Data(first.utf8).write(to: URL(fileURLWithPath: file))
        let newDB = try TestBackend.freshDatabase(file: s.path("moved/new.db"))
        let imported = try s.ok(["import", file], now: "2025-02-01", db: newDB)
        #expect(imported.lines.first?.hasPrefix("imported \(bases.count) bases, \(fts.count) fine-tunes, 2 channels") == true, "\(imported)")
        let second = try s.run(["export"], now: "2025-03-01", db: newDB)
        #expect(second.status == 0)
        #expect(second.stdout == first, "export of the imported database differs")
        // The imported database works: due and show read it.
        #expect(try s.run(["due", "--format", "json"], db: newDB).status == 0)
        #expect(try s.run(["show", "support-bot"], db: newDB).status == 0)

        // Into a database with data: refused, nothing changed.
        let before = try s.dump()
        expectFailure(try s.run(["import", file]), 65, "empty database")
        #expect(try s.dump() == before)
        let importedBefore = try s.dump(newDB)
        expectFailure(try s.run(["import", file], db: newDB), 65)
        #expect(try s.dump(newDB) == importedBefore)

        // Malformed JSON, another format, another version: refused, no database left behind.
        let cases: [(String, String, String)] = [
            ("truncated.json", String(first.prefix(first.count / 2)), "not valid JSON"),
            ("other.json", #"{"format": "something-else", "version": 1, "bases": []}"#, "not a tracker export"),
            ("list.json", "[1, 2, 3]", "not a tracker export"),
            ("future.json", #"{"format": "tracker-export", "version": 99, "bases": []}"#, "version"),
        ]
        for (name, text, fragment) in cases {
            let path = s.path(name)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            let target = s.path("fresh-\(name).db")
            let r = try s.run(["import", path], db: target)
            expectFailure(r, 65, name, fragment)
            #expect(!FileManager.default.fileExists(atPath: target), "a failed import left \(target) behind")
        }
    }

    /// Splits RFC 4180 CSV text into records of fields.
    static func parseCSV(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field); field = ""
            } else if c == "\n" || c == "\r\n" {
                record.append(field); field = ""
                records.append(record); record = []
            } else if c != "\r" {
                field.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }

    @Test("list --format csv: a header and one row per fine-tune, fields with commas and quotes quoted")
    func csv() throws {
        let s = try Self.richDatabase("csv")
        let r = try s.ok(["list", "--all", "--format", "csv"])
        let records = Self.parseCSV(r.stdout)
        let header = try #require(records.first)
        #expect(header == ["name", "owner", "task", "generation", "model_id", "base", "trained", "retrain_every", "status", "retired"])
        let json = try s.run(["list", "--all", "--format", "json"]).json().objects("fine_tunes")
        #expect(records.count == json.count + 1, "\(r)")
        #expect(records.allSatisfy { $0.count == header.count }, "every row has \(header.count) fields: \(records)")
        let rows = Dictionary(records.dropFirst().map { ($0[0], $0) }, uniquingKeysWith: { a, _ in a })
        #expect(Set(rows.keys) == Set(json.compactMap { $0.string("name") }))
        let bot = try #require(rows["support-bot"])
        #expect(bot[1] == "ml, platform")
        #expect(bot[2] == #"support, "tier 1""#)
        #expect(r.stdout.contains(#""ml, platform""#), "a field with a comma is quoted")
        #expect(bot[3] == "3", "two recorded generations plus the imported ftjob-2")
        #expect(rows["old-bot"]?[8] == "retired")
        #expect(rows["old-bot"]?[9] == "2025-01-15")
        #expect(rows["mini-bot"]?[9] == "")
    }
}
