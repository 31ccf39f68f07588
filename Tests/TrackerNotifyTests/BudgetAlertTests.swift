import Foundation
import Testing
import TrackerTestKit
import TrackerCore

/// Budget alerts through the real channels: http_server.py as Slack and as
/// a webhook receiver, aiosmtpd for email.
@Suite struct BudgetAlertTests {
    static let d = "2026-12-15"
    static let key = "budget:owner:platform-ml:2027:budget-at-risk"

    /// platform-ml's fine-tune, trained 2026-12-01 for $1,500 with a 6-month
    /// policy, is forecast to retrain 2027-06-01 and 2027-12-01: $3,000
    /// against a $2,500 budget for 2027, at risk by $500. Its base has no
    /// dates and no newer snapshot, so the budget's is the only alert.
    @Test func budgetAlertsReachEveryChannelOnceAndResolve() throws {
        let http = try HTTPServer()
        defer { http.stop() }
        let s = try Sandbox("budget")
        let smtp = try SMTPServer(maildir: s.path("mail"))
        defer { smtp.stop() }
        s.env["SLACK_URL"] = "\(http.base)/slack/T000/B000/budget"
        s.env["HOOK_URL"] = "\(http.base)/hook"
        let d = Self.d
        try s.ok(["base", "add", "openai/gpt-x@2024-01-01", "--released", "2024-01-01"], now: d)
        try s.ok(["add", "ft-a", "--base", "openai/gpt-x@2024-01-01", "--trained", "2026-12-01", "--cost", "1500",
                  "--retrain-every", "6m", "--owner", "platform-ml", "--task", "triage"], now: d)
        try s.ok(["add", "ft-legal", "--base", "openai/gpt-x@2024-01-01", "--trained", "2026-12-01", "--cost", "100",
                  "--retrain-every", "never", "--owner", "legal-ai"], now: d)
        try s.ok(["budget", "set", "owner:platform-ml", "2027", "2500"], now: d)
        try s.ok(["channel", "add", "slack", "ops", "--url-env", "SLACK_URL", "--owner", "platform-ml"], now: d)
        try s.ok(["channel", "add", "slack", "legal", "--url-env", "SLACK_URL", "--owner", "legal-ai"], now: d)
        try s.ok(["channel", "add", "email", "mail", "--smtp", smtp.url, "--insecure-plaintext",
                  "--from", "tracker@example.com", "--to", "leads@example.com"], now: d)
        try s.ok(["channel", "add", "webhook", "hook", "--url-env", "HOOK_URL"], now: d)
        let id = Alert.id(forKey: Self.key)
        let text = "spent 0.00 USD + planned 0.00 USD + forecast 3,000.00 USD = 3,000.00 USD, over the 2,500.00 USD budget by 500.00 USD"

        // First run: one Slack digest (the legal-ai channel gets nothing), one email, one webhook.
        let first = try s.run(["notify"], now: d)
        #expect(first.status == 0 && first.stdout.isEmpty && first.stderr.isEmpty, "\(first)")
        var reqs = try http.requests()
        try #require(reqs.count == 2, "one Slack and one webhook POST: \(reqs.map(\.path))")
        let slack = try #require(reqs.first { $0.route.hasPrefix("/slack") })
        let slackBody = try slack.json()
        let blocks = (slackBody["blocks"] as? [[String: Any]]) ?? []
        let sections = blocks.compactMap { ($0["text"] as? [String: Any])?["text"] as? String }
        let line = try #require(sections.flatMap { $0.split(separator: "\n").map(String.init) }.first { $0.contains("budget owner:platform-ml 2027") },
                                "no budget line in \(sections)")
        #expect(line == "• [soon] *budget owner:platform-ml 2027: \(text)* · owner platform-ml · `\(id)`", "\(line)")
        #expect((slackBody["text"] as? String)?.contains("1 new") == true)

        let hook = try #require(reqs.first { $0.route == "/hook" }).json()
        let entries = (hook["entries"] as? [[String: Any]]) ?? []
        try #require(entries.count == 1, "\(entries)")
        let e = entries[0]
        #expect(e["kind"] as? String == "new")
        #expect(e["reason"] as? String == "budget-at-risk")
        #expect(e["budget"] as? String == "owner:platform-ml 2027")
        #expect(e["fine_tune"] is NSNull && e["generation"] is NSNull && e["base"] is NSNull, "\(e)")
        #expect(e["owner"] as? String == "platform-ml")
        #expect(e["key"] as? String == Self.key && e["id"] as? String == id)
        #expect(e["date"] as? String == "2027-12-31" && e["urgency"] as? String == "soon")
        #expect(e["text"] as? String == text)

        var mails = try smtp.messages()
        try #require(mails.count == 1)
        let body = mails[0].parts.body.replacingOccurrences(of: "\r\n", with: "\n")
        #expect(body.contains("  [soon] budget owner:platform-ml 2027: \(text) · owner platform-ml [id \(id)]\n    id \(id) | key \(Self.key)\n"), "\(body)")
        #expect(mails[0].header("Subject") == "tracker: 1 new (\(d))")

        // Same day again: nothing is re-sent.
        let second = try s.run(["notify"], now: d)
        #expect(second.status == 0 && second.stdout.isEmpty && second.stderr.isEmpty, "\(second)")
        #expect(try http.requests().count == 2)
        #expect(try smtp.messages().count == 1)

        // The budget is raised to the expected $3,000: the alert resolves, and each channel hears it once.
        try s.ok(["budget", "set", "owner:platform-ml", "2027", "3000", "--replace"], now: d)
        let third = try s.run(["notify"], now: d)
        #expect(third.status == 0 && third.stdout.isEmpty && third.stderr.isEmpty, "\(third)")
        reqs = try http.requests()
        try #require(reqs.count == 4, "\(reqs.map(\.path))")
        let slack2 = try reqs[2...].first { $0.route.hasPrefix("/slack") }.map { try $0.json() }
        let sections2 = ((slack2?["blocks"] as? [[String: Any]]) ?? []).compactMap { ($0["text"] as? [String: Any])?["text"] as? String }
        #expect(sections2.joined(separator: "\n").contains("• resolved: *budget owner:platform-ml 2027: no longer budget-at-risk* · owner platform-ml · `\(id)`"),
                "\(sections2)")
        let hook2 = try #require(reqs[2...].first { $0.route == "/hook" }).json()
        let resolved = (hook2["entries"] as? [[String: Any]]) ?? []
        #expect(resolved.count == 1 && resolved.first?["kind"] as? String == "resolved" && resolved.first?["id"] as? String == id, "\(resolved)")
        #expect(resolved.first?["budget"] as? String == "owner:platform-ml 2027")
        mails = try smtp.messages()
        try #require(mails.count == 2)
        #expect(mails[1].parts.body.contains("resolved: budget owner:platform-ml 2027: no longer budget-at-risk"), "\(mails[1].parts.body)")

        // And only once.
        let fourth = try s.run(["notify"], now: d)
        #expect(fourth.status == 0 && fourth.stdout.isEmpty && fourth.stderr.isEmpty, "\(fourth)")
        #expect(try http.requests().count == 4)
        #expect(try smtp.messages().count == 2)
        let state = try s.ok(["alerts", "--all", "--format", "json"], now: d).json()
        let alerts = (state["alerts"] as? [[String: Any]]) ?? []
        #expect(alerts.map { $0["state"] as? String } == ["resolved"], "\(alerts)")
    }
}
