import Foundation
import Testing
import TrackerTestKit

/// A sync never stores dates that break released ≤ deprecated ≤ shutdown:
/// it reports the conflict once, as it does for the trust order.
@Suite("sync keeps the lifecycle order")
struct LifecycleOrderSyncTests {
    @Test("a catalog shutdown before the release is reported once, not applied")
    func catalogShutdownBeforeRelease() throws {
        let s = try Sandbox("order", now: "2025-01-15")
        try s.ok(["base", "add", "openai/gpt-4o@2024-08-06", "--released", "2024-08-06"])
        let catalog = s.path("catalog.json")
        try Data(#"""
            {"gpt-4o-2024-08-06": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 2.5e-06,
             "output_cost_per_token": 1e-05, "deprecation_date": "2024-01-01"}}
            """#.utf8).write(to: URL(fileURLWithPath: catalog))
        let first = try s.ok(["sync", "catalog", catalog])
        #expect(first.lines.contains { $0.hasPrefix("openai/gpt-4o@2024-08-06: source says shutdown 2024-01-01, not applied: shutdown 2024-01-01 is before release 2024-08-06") }, "\(first)")
        let base = try #require(try s.exported().objects("bases").first)
        #expect(base["shutdown"] is NSNull, "the out-of-order date was applied")
        #expect(base.objects("history").contains { $0.string("value") == "2024-01-01" && $0.int("applied") == 0 })
        // Reported once: the same answer again says nothing new.
        let second = try s.ok(["sync", "catalog", catalog])
        #expect(!second.stdout.contains("not applied"), "\(second)")
    }
}
