import Foundation
import Testing
import TrackerTestKit
import TrackerCore

/// Signed webhooks (Standard Webhooks headers), verified independently with Python's hmac.
@Suite struct WebhookTests {
    /// Checks the three headers and the signature of one request; returns the body object.
    static func verify(_ r: HTTPServer.Request, keyHex: String) throws -> [String: Any] {
        let id = try #require(r.headers["webhook-id"], "no webhook-id header: \(r.headers)")
        let ts = try #require(r.headers["webhook-timestamp"], "no webhook-timestamp")
        let sig = try #require(r.headers["webhook-signature"], "no webhook-signature")
        let t = try #require(Int(ts), "timestamp is not Unix seconds: \(ts)")
        #expect(abs(Double(t) - Date().timeIntervalSince1970) < 300, "timestamp \(t) is not now")
        #expect(sig.hasPrefix("v1,"), "\(sig)")
        let expected = try pythonHMAC(keyHex: keyHex, message: Data("\(id).\(ts).".utf8) + Data(r.body.utf8))
        #expect(sig.split(separator: " ").contains { $0 == "v1," + expected }, "signature \(sig) != v1,\(expected)")
        let o = try r.json()
        #expect(o["id"] as? String == id, "body id equals webhook-id")
        return o
    }

    @Test(arguments: ["plain-secret-\u{e9}-abc123", "whsec_" + Data((0..<32).map { UInt8($0 * 7 % 256) }).base64EncodedString()])
    func signedDigest(secret: String) throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("webhook")
        s.env["HOOK_URL"] = "\(server.base)/hooks/tracker?token=hook-url-token-42"
        s.env["HOOK_SECRET"] = secret
        try Fixture.build(s)
        try s.ok(["channel", "add", "webhook", "hook", "--url-env", "HOOK_URL", "--secret-env", "HOOK_SECRET"], now: Fixture.day)
        let r = try s.run(["notify"], now: Fixture.day)
        #expect(r.status == 0 && r.stdout.isEmpty && r.stderr.isEmpty, "\(r)")
        let reqs = try server.requests()
        try #require(reqs.count == 1)
        let keyHex = secret.hasPrefix("whsec_") ? Data(base64Encoded: String(secret.dropFirst(6)))!.hex : Data(secret.utf8).hex
        let o = try Self.verify(reqs[0], keyHex: keyHex)
        #expect(reqs[0].headers["content-type"]?.hasPrefix("application/json") == true)
        #expect(o["type"] as? String == "tracker.digest")
        #expect(o["channel"] as? String == "hook")
        #expect(o["now"] as? String == Fixture.day)
        #expect(o["summary"] as? String == "4 new")
        let entries = try #require(o["entries"] as? [[String: Any]])
        #expect(Set(entries.compactMap { $0["id"] as? String }) == Set(Fixture.ids))
        #expect(Set(entries.compactMap { $0["key"] as? String }) == Set(Fixture.keys))
        for e in entries {
            #expect(e["kind"] as? String == "new")
            for f in ["fine_tune", "owner", "task", "generation", "reason", "base", "urgency", "date", "days_left", "threshold", "text"] {
                #expect(e.keys.contains(f), "entry lacks \(f): \(e)")
            }
            if e["reason"] as? String == "base-shutdown-soon" {
                #expect(e["fine_tune"] as? String == "ft-soon")
                #expect(e["date"] as? String == "2025-06-21")
                #expect(e["days_left"] as? Int == 20)
                #expect(e["threshold"] as? Int == 30)
                #expect(e["urgency"] as? String == "critical")
            }
        }
        // channel test: a signed tracker.test body and the receiver's answer printed.
        try server.queue(#"[{"status": 202, "body": "accepted-by-test-receiver"}]"#)
        let t = try s.run(["channel", "test", "hook"], now: Fixture.day)
        #expect(t.status == 0, "\(t)")
        #expect(t.stdout.contains("202") && t.stdout.contains("accepted-by-test-receiver"), "\(t)")
        let test = try #require(try server.requests().last)
        let to = try Self.verify(test, keyHex: keyHex)
        #expect(to["type"] as? String == "tracker.test")
        #expect(!s.transcript.contains(secret) && !s.transcript.contains("hook-url-token-42"))
    }

    @Test func unsignedWebhookHasNoSignature() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("webhook-unsigned")
        s.env["HOOK_URL"] = "\(server.base)/hook"
        try Fixture.build(s, only: ["ft-eval"])
        try s.ok(["channel", "add", "webhook", "hook", "--url-env", "HOOK_URL"], now: Fixture.day)
        #expect(try s.run(["notify"], now: Fixture.day).status == 0)
        let r = try #require(try server.requests().first)
        #expect(r.headers["webhook-id"] != nil && r.headers["webhook-timestamp"] != nil)
        #expect(r.headers["webhook-signature"] == nil)
    }
}

extension WebhookTests {
    /// Retries within one run keep the delivery id (receivers can deduplicate) and stay verifiable.
    @Test func retriesKeepTheDeliveryID() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("webhook-retry")
        s.env["HOOK_URL"] = "\(server.base)/hook"
        s.env["HOOK_SECRET"] = "retry-secret"
        try Fixture.build(s, only: ["ft-eval"])
        try s.ok(["channel", "add", "webhook", "hook", "--url-env", "HOOK_URL", "--secret-env", "HOOK_SECRET"], now: Fixture.day)
        try server.queue(#"[{"status": 503, "body": "busy"}, {"status": 200, "body": "ok"}]"#)
        let r = try s.run(["notify"], now: Fixture.day)
        #expect(r.status == 0 && r.stdout.isEmpty && r.stderr.isEmpty, "\(r)")
        let reqs = try server.requests()
        try #require(reqs.count == 2)
        #expect(reqs[0].headers["webhook-id"] == reqs[1].headers["webhook-id"])
        #expect(reqs[0].body == reqs[1].body)
        for q in reqs { _ = try Self.verify(q, keyHex: Data("retry-secret".utf8).hex) }
    }
}
