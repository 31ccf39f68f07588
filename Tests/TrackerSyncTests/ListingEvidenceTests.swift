import Foundation
import Testing
import TrackerTestKit

/// What a provider's own list shows beyond dates: a model gone from a
/// complete read (`base-gone`), and a model still served after a catalog's
/// shutdown date (the date is disputed, not applied). Issue 8, items 2 and 3.
@Suite("provider list evidence")
struct ListingEvidenceTests {
    static let key = ["ANTHROPIC_API_KEY": "sk-ant-test-0123456789abcdef"]

    /// One Anthropic page in the documented shape.
    static func page(_ ids: [String], hasMore: Bool = false) -> HTTPServer.Answer {
        let created = ["claude-3-haiku-20240307": "2024-03-07", "claude-3-5-haiku-20241022": "2024-10-22",
                       "claude-3-opus-20240229": "2024-02-29"]
        let data = ids.map { id in
            "{\"type\": \"model\", \"id\": \"\(id)\", \"display_name\": \"\(id)\", \"created_at\": \"\(created[id] ?? "2025-01-01")T00:00:00Z\"}"
        }
        return .json("{\"data\": [\(data.joined(separator: ", "))], \"has_more\": \(hasMore), "
                     + "\"first_id\": \"\(ids.first ?? "")\", \"last_id\": \"\(ids.last ?? "")\"}")
    }

    /// A catalog with the real (wrong) LiteLLM entry for claude-3-haiku-20240307.
    static func writeCatalog(_ s: Sandbox) throws -> String {
        let path = s.path("catalog.json")
        try """
        {"claude-3-haiku-20240307": {"litellm_provider": "anthropic", "mode": "chat", "deprecation_date": "2025-03-01",
          "input_cost_per_token": 2.5e-07, "output_cost_per_token": 1.25e-06, "max_tokens": 4096}}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func reasons(_ item: [String: Any]?) -> [String] {
        (item?.objects("reasons") ?? []).compactMap { $0.string("code") }
    }

    @Test("a catalog shutdown date contradicted by the provider's list is disputed once; gone, back and the history")
    func disputeGoneAndBack() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("evidence", now: "2026-03-01")
        let sync = ["sync", "anthropic", "--base-url", server.base]
        let both = ["claude-3-haiku-20240307", "claude-3-5-haiku-20241022"]

        try server.queue(Self.page(both))
        try s.ok(sync, env: Self.key)
        try s.ok(["add", "haiku-bot", "--base", "claude-3-haiku-20240307", "--trained", "2026-01-10", "--cost", "10"])
        try s.ok(["add", "haiku35-bot", "--base", "claude-3-5-haiku-20241022", "--trained", "2026-01-10", "--cost", "10"])
        try s.ok(["sync", "catalog", try Self.writeCatalog(s)])
        #expect(try s.baseJSON("claude-3-haiku-20240307").string("shutdown") == "2025-03-01")
        #expect(Self.reasons(try s.due()["haiku-bot"]) == ["base-shut-down"])

        // Still served after the catalog's date: disputed, reported once.
        try server.queue(Self.page(both))
        let seen = try s.ok(sync, now: "2026-03-02", env: Self.key)
        #expect(seen.lines.contains(
            "anthropic/claude-3-haiku@20240307: litellm says shutdown 2025-03-01 but the provider's list still serves it "
            + "on 2026-03-02; the date is disputed, not applied"), "\(seen)")
        let haiku = try s.baseJSON("claude-3-haiku-20240307")
        #expect(haiku.isNull("shutdown"))
        let dispute = haiku["shutdown_disputed"] as? [String: Any]
        #expect(dispute?.string("date") == "2025-03-01")
        #expect(dispute?.string("source") == "litellm")
        #expect(dispute?.string("disputed_by") == "anthropic")
        #expect(dispute?.string("since") == "2026-03-02")
        #expect(haiku.string("status") != "shut down")
        let history = haiku.objects("history")
        #expect(history.contains { $0.string("field") == "shutdown" && $0.string("value") == "2025-03-01" && $0.string("source") == "litellm" })
        #expect(history.contains { $0.string("field") == "dispute" && $0.string("value") == "2025-03-01" && $0.string("source") == "anthropic" })
        #expect(try s.due(now: "2026-03-02")["haiku-bot"] == nil, "a disputed date makes nothing due")
        let table = try s.ok(["base", "show", "claude-3-haiku-20240307"], now: "2026-03-02")
        #expect(table.stdout.contains("shutdown:          none in use (disputed)"), "\(table)")
        #expect(table.stdout.contains("disputed shutdown: 2025-03-01 from litellm: not used; anthropic's list still served it on 2026-03-02"),
                "\(table)")

        // Export and import keep the dispute and its history.
        let exported = try s.export()
        let file = s.path("export.json")
        try exported.write(toFile: file, atomically: true, encoding: .utf8)
        let copy = try TestBackend.freshDatabase(file: s.path("copy.db"))
        try s.ok(["import", file], now: "2026-03-02", db: copy)
        #expect(try s.export(copy) == exported)

        // Reported once: the list and the catalog again change nothing.
        try server.queue(Self.page(both))
        #expect(try s.ok(sync, now: "2026-03-02", env: Self.key).lines.contains("nothing new"))
        let catalogAgain = try s.ok(["sync", "catalog", try Self.writeCatalog(s)], now: "2026-03-02")
        #expect(catalogAgain.lines.contains("nothing new"), "\(catalogAgain)")
        #expect(try s.baseJSON("claude-3-haiku-20240307").isNull("shutdown"))

        // A partial read (page 2 fails) is never a disappearance.
        try server.queue([Self.page(["claude-3-haiku-20240307"], hasMore: true)]
                         + Array(repeating: HTTPServer.Answer.status(500, "oops"), count: 6))
        let partial = try s.run(sync, now: "2026-03-03", env: Self.key)
        #expect(partial.status != 0, "\(partial)")
        try server.reset()
        #expect(try s.due(now: "2026-03-03")["haiku35-bot"] == nil)

        // A read that refused an entry is not a complete picture either: the
        // refused id may be the one that seems missing.
        try server.queue(Self.page(["claude-3-haiku-20240307", "claude-3-5-haiku-20241022\\u001b[31m"]))
        let refusedRead = try s.ok(sync, now: "2026-03-03", env: Self.key)
        #expect(!refusedRead.stdout.contains("gone"), "\(refusedRead)")
        #expect(refusedRead.stderr.contains("warning: skipped"), "\(refusedRead)")
        #expect(try s.due(now: "2026-03-03")["haiku35-bot"] == nil)

        // A complete read without claude-3-5-haiku: gone, base-gone, overdue.
        try server.queue(Self.page(["claude-3-haiku-20240307"]))
        let gone = try s.ok(sync, now: "2026-03-03", env: Self.key)
        #expect(gone.lines.contains("anthropic/claude-3-5-haiku@20241022: gone from the provider's list on 2026-03-03"), "\(gone)")
        #expect(gone.lines.contains("now due: haiku35-bot (base-gone)"), "\(gone)")
        let due = try s.due(now: "2026-03-04")["haiku35-bot"]
        #expect(Self.reasons(due) == ["base-gone"])
        #expect(due?.string("urgency") == "overdue")
        #expect(due?.string("deadline") == "2026-03-03")
        #expect((due?.objects("reasons").first?.string("text")) == "base gone from the provider's list 2026-03-03 (1 day ago)")
        #expect(try s.baseJSON("claude-3-5-haiku-20241022").string("gone") == "2026-03-03")
        let alerts = try s.ok(["alerts", "--format", "json"], now: "2026-03-04").json().objects("alerts")
        #expect(alerts.contains { $0.string("reason") == "base-gone" && $0.string("fine_tune") == "haiku35-bot"
                                  && $0.string("urgency") == "overdue" }, "\(alerts)")
        // The notify digest carries the new reason.
        try s.ok(["channel", "add", "slack", "ml", "--url-env", "SLACK_URL"])
        let digest = try s.ok(["notify", "--dry-run"], now: "2026-03-04", env: ["SLACK_URL": "http://127.0.0.1:9/hook"])
        #expect(digest.stdout.contains("anthropic/claude-3-5-haiku@20241022 gone from the provider's list 2026-03-03 (1 day ago): 1 fine-tune [id ")
                && digest.stdout.contains("— no owner: haiku35-bot"), "\(digest)")
        // Gone is reported once.
        try server.queue(Self.page(["claude-3-haiku-20240307"]))
        #expect(try s.ok(sync, now: "2026-03-04", env: Self.key).lines.contains("nothing new"))

        // An empty list is not read as every model gone.
        try server.queue(Self.page([]))
        #expect(try s.ok(sync, now: "2026-03-05", env: Self.key).lines.contains("nothing new"))
        #expect(try s.baseJSON("claude-3-haiku-20240307").isNull("gone"))

        // The disputed model leaves the list too: its date is confirmed.
        try server.queue(Self.page(["claude-3-opus-20240229"]))
        let both_gone = try s.ok(sync, now: "2026-03-05", env: Self.key)
        #expect(both_gone.lines.contains(
            "anthropic/claude-3-haiku@20240307: shutdown 2025-03-01 from litellm confirmed (gone from the provider's list); applied"),
            "\(both_gone)")
        let confirmed = try s.baseJSON("claude-3-haiku-20240307")
        #expect(confirmed.string("shutdown") == "2025-03-01")
        #expect(confirmed.isNull("shutdown_disputed"))
        #expect(Self.reasons(try s.due(now: "2026-03-05")["haiku-bot"]) == ["base-shut-down", "base-gone"])

        // Gone survives export and import too.
        let goneExport = try s.export()
        try goneExport.write(toFile: s.path("gone.json"), atomically: true, encoding: .utf8)
        let goneDB = try TestBackend.freshDatabase(file: s.path("gone.db"))
        try s.ok(["import", s.path("gone.json")], now: "2026-03-05", db: goneDB)
        #expect(try s.export(goneDB) == goneExport)

        // Back in the list: base-gone resolves; the history shows both events.
        try server.queue(Self.page(["claude-3-5-haiku-20241022"]))
        let back = try s.ok(sync, now: "2026-03-06", env: Self.key)
        #expect(back.lines.contains("anthropic/claude-3-5-haiku@20241022: back in the provider's list on 2026-03-06 (gone since 2026-03-03)"),
                "\(back)")
        #expect(try s.due(now: "2026-03-06")["haiku35-bot"] == nil)
        let events = try s.baseJSON("claude-3-5-haiku-20241022").objects("history")
            .filter { $0.string("field") == "listing" }.map { "\($0.string("recorded") ?? "") \($0.string("value") ?? "")" }
        #expect(events == ["2026-03-03 gone", "2026-03-06 back"])
        let shown = try s.ok(["base", "show", "claude-3-5-haiku-20241022"], now: "2026-03-06").stdout
        #expect(shown.contains("gone from the provider's list") && shown.contains("back in the provider's list"), "\(shown)")
        // Alerts resolve with the cause.
        let open = try s.ok(["alerts", "--format", "json"], now: "2026-03-06").json().objects("alerts")
        #expect(!open.contains { $0.string("reason") == "base-gone" && $0.string("fine_tune") == "haiku35-bot" }, "\(open)")
    }

    @Test("a manual shutdown date wins over the provider's list and ends a dispute")
    func manualWins() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("evidence-manual", now: "2026-03-01")
        let sync = ["sync", "anthropic", "--base-url", server.base]
        try server.queue(Self.page(["claude-3-haiku-20240307"]))
        try s.ok(sync, env: Self.key)
        try s.ok(["add", "haiku-bot", "--base", "claude-3-haiku-20240307", "--trained", "2026-01-10", "--cost", "10"])
        try s.ok(["sync", "catalog", try Self.writeCatalog(s)])
        try server.queue(Self.page(["claude-3-haiku-20240307"]))
        try s.ok(sync, env: Self.key)
        #expect(try s.baseJSON("claude-3-haiku-20240307")["shutdown_disputed"] is [String: Any])

        try s.ok(["base", "set", "claude-3-haiku-20240307", "--shutdown", "2026-02-01"])
        let b = try s.baseJSON("claude-3-haiku-20240307")
        #expect(b.string("shutdown") == "2026-02-01")
        #expect(b.isNull("shutdown_disputed"))
        #expect(b.objects("history").contains { $0.string("field") == "dispute" && $0.string("source") == "ended" })

        // Still listed after the manual date: a manual date is never disputed.
        try server.queue(Self.page(["claude-3-haiku-20240307"]))
        #expect(try s.ok(sync, env: Self.key).lines.contains("nothing new"))
        #expect(try s.baseJSON("claude-3-haiku-20240307").string("shutdown") == "2026-02-01")
        #expect(Self.reasons(try s.due()["haiku-bot"]) == ["base-shut-down"])
    }
}
