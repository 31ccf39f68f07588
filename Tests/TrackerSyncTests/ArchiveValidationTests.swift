import Foundation
import Testing
import TrackerCore
@testable import TrackerStore
import TrackerSync

/// An export is a file anyone can edit: `import` must check it with the
/// commands' own rules and store nothing when it is wrong.
@Suite("import validation")
struct ArchiveValidationTests {
    func importing(_ json: String) throws -> Failure? {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tracker-archive-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLStore(path: dir.appendingPathComponent("t.db").path, mode: .write, today: Day(iso: "2026-11-29")!)
        do {
            _ = try store.write { () throws(Failure) in try Archive.importDocument(Array(json.utf8), path: "x.json", into: store) }
            return nil
        } catch {
            let rows = try store.database.scalarInt("SELECT (SELECT count(*) FROM channel) + (SELECT count(*) FROM alert) + (SELECT count(*) FROM fine_tune)")
            #expect(rows == 0, "a refused import stored rows")
            return error
        }
    }

    func doc(channels: String = "[]", alerts: String = "[]", bases: String = "[]", version: Int = 2) -> String {
        #"{"format": "tracker-export", "version": \#(version), "schema": 3, "bases": \#(bases), "fine_tunes": [], "channels": "# + channels
            + #", "alerts": "# + alerts + #", "catalog": []}"#
    }

    let webhook = #"{"name": "hook", "kind": "webhook", "url_env": "HOOK_URL", "min_urgency": "planned", "repeat": "7d", "created_on": "2026-11-01", "insecure_plaintext": false, "failing": false"#

    @Test func aValidChannelImports() throws {
        #expect(try importing(doc(channels: "[" + webhook + "}]")) == nil)
    }

    @Test func channelsMustFitTheirKind() throws {
        let noURL = #"{"name": "hook", "kind": "webhook", "min_urgency": "planned", "repeat": "7d", "created_on": "2026-11-01", "insecure_plaintext": false, "failing": false}"#
        #expect(try importing(doc(channels: "[" + noURL + "]"))?.message.contains("exactly one of url_env and url_file") == true)
        let emailless = webhook.replacingOccurrences(of: #""kind": "webhook""#, with: #""kind": "email""#) + "}"
        #expect(try importing(doc(channels: "[" + emailless + "]"))?.kind == .data)
        let creds = webhook.replacingOccurrences(of: #""kind": "webhook", "url_env": "HOOK_URL""#, with: #""kind": "email""#)
            + #", "smtp": "smtp://u:pw@evil.example:25", "from": "a@example.com", "to": ["b@example.com"]}"#
        let failure = try importing(doc(channels: "[" + creds + "]"))
        #expect(failure?.message.contains("smtp must be") == true)
        #expect(failure?.message.contains("pw") == false, "the refused value is not echoed")
    }

    @Test func controlCharactersAndBadAlertsAreRefused() throws {
        let broken = webhook.replacingOccurrences(of: #""name": "hook""#, with: #""name": "ho\nok""#) + "}"
        #expect(try importing(doc(channels: "[" + broken + "]"))?.message.contains("control characters") == true)
        let alert = #"{"key": "a#1:age:x/y@1", "short_id": "zz", "fine_tune": "a", "generation": 1, "reason": "age", "base": "x/y@1", "urgency": "soon", "text": "t", "state": "open", "episode": 1, "first_seen": "2026-11-01", "last_seen": "2026-11-01", "acked": 0}"#
        #expect(try importing(doc(alerts: "[" + alert + "]"))?.message.contains("short_id") == true)
    }

    @Test func versionOneChannelNamesStillImport() throws {
        let v1 = #"{"name": "mail", "kind": "email", "smtp_url": "smtp://relay.example:587", "mail_from": "a@example.com", "mail_to": "b@example.com\nc@example.com", "route_owner": "ana", "min_urgency": "soon", "repeat_every": "14d", "created_on": "2026-11-01", "insecure_plaintext": 0, "failing": 0}"#
        #expect(try importing(doc(channels: "[" + v1 + "]", version: 1)) == nil)
        // A version this tracker does not know yet is refused.
        #expect(try importing(doc(channels: "[" + v1 + "]", version: ArchiveFormat.version + 1))?.message.contains("export version") == true)
    }

    @Test func basesOutOfLifecycleOrderAreRefused() throws {
        let base = #"{"provider": "openai", "family": "gpt-x", "version": "1", "model_id": "gpt-x-1", "released": "2025-05-01", "shutdown": "2025-01-01", "deprecated_undated": 0, "created_on": "2025-05-01", "history": []}"#
        let failure = try importing(doc(bases: "[" + base + "]"))
        #expect(failure?.message.contains("shutdown 2025-01-01 is before release 2025-05-01") == true)
    }
}
