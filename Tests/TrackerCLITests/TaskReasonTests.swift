import Foundation
import Testing
import TrackerTestKit

/// `eval-below-target` and `prompt-meets-target` as due reasons and alerts,
/// through the real binary.
@Suite struct TaskReasonCLITests {
    @Test func evalBelowTheTasksTargetAndAPromptAtTargetAreDue() throws {
        let sb = try Sandbox(now: "2025-01-15")
        try sb.ok("base", "add", "openai/gpt-4o@2024-11-20", "--released", "2024-11-20")
        try sb.ok("task", "add", "triage", "--target", "90%")
        try sb.ok("add", "bot", "--base", "openai/gpt-4o@2024-11-20", "--trained", "2024-12-01", "--cost", "100",
                  "--task", "Triage", "--eval", "85/100")
        // 85% meets the default 80% but not triage's 90%.
        var due = try sb.run("due", "--format", "json").json().objects("due")
        #expect(due.map { $0.string("name") } == ["bot"])
        #expect(due.first?.objects("reasons").map { $0.string("code") } == ["eval-below-target"])
        #expect(due.first?.objects("reasons").first?.int("target") == 90)
        #expect(due.first?.string("urgency") == "soon")
        #expect(try sb.ok("due").lines.contains { $0.contains("eval 85/100 (85%) is below the 90% target") })
        #expect(try sb.run("due", "--exit-code").status == 1)

        // A newer eval at 92% clears it; a prompt at target makes it due to retire.
        try sb.ok("eval", "add", "bot", "92/100")
        #expect(try sb.run("due", "--format", "json").json().objects("due").isEmpty)
        try sb.ok("prompt", "add", "triage", "--text", "Label the ticket.", "--eval", "19/20")
        due = try sb.run("due", "--format", "json").json().objects("due")
        #expect(due.first?.objects("reasons").map { $0.string("code") } == ["prompt-meets-target"])
        #expect(due.first?.objects("reasons").first?.string("prompt") == "triage@r1")
        #expect(due.first?.string("urgency") == "planned")
        #expect(try sb.ok("due").lines.contains { $0.contains("prompt triage@r1 meets the target (19/20, 95%): retire rather than retrain") })

        // The same reason is an alert, keyed like the others, that resolves on retirement.
        let alerts = try sb.run("alerts", "--format", "json").json().objects("alerts")
        #expect(alerts.map { $0.string("reason") } == ["prompt-meets-target"])
        #expect(alerts.first?.string("key") == "bot#1:prompt-meets-target:openai/gpt-4o@2024-11-20")
        // No channel takes the open alert: it is recorded, said on stderr, exit 78.
        let unrouted = try sb.run("notify")
        #expect(unrouted.status == 78 && unrouted.stderr.contains("1 open alert reached no channel (no channel is configured)"), "\(unrouted)")
        try sb.ok("retire", "bot")
        try sb.ok("notify")
        let all = try sb.run("alerts", "--all", "--format", "json").json().objects("alerts")
        #expect(all.first?.string("state") == "resolved", "\(all)")
        #expect(try sb.run("due", "--format", "json").json().objects("due").isEmpty)
    }
}
