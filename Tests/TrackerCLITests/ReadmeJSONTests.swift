import Foundation
import Testing
import TrackerTestKit

/// Every JSON shape the README and docs/*.md document is what the real binary writes: the
/// same keys at every level and the same nesting, so the docs cannot drift.
@Suite struct ReadmeJSONTests {
    /// A JSON value's shape: object keys and nesting; scalars are alike.
    indirect enum Shape: CustomStringConvertible {
        case object([String: Shape])
        case array(Shape?)
        case scalar
        case null

        init(_ any: Any) {
            switch any {
            case is NSNull: self = .null
            case let o as [String: Any]: self = .object(o.mapValues(Shape.init))
            case let a as [Any]:
                self = .array(a.map(Shape.init).reduce(nil) { (acc: Shape?, next: Shape) in acc?.merged(next) ?? next })
            default: self = .scalar
            }
        }

        /// Two values of one place (array items): union of keys, null filled in.
        func merged(_ other: Shape) -> Shape {
            switch (self, other) {
            case (.null, _): return other
            case (_, .null): return self
            case let (.object(a), .object(b)): return .object(a.merging(b) { $0.merged($1) })
            case let (.array(a), .array(b)):
                guard let a else { return .array(b) }
                guard let b else { return .array(a) }
                return .array(a.merged(b))
            default: return self
            }
        }

        /// Where `documented` and `real` differ; null and empty arrays match anything.
        static func differences(_ documented: Shape, _ real: Shape, at path: String = "$") -> [String] {
            switch (documented, real) {
            case (.null, _), (_, .null), (.scalar, .scalar): return []
            case let (.object(d), .object(r)):
                var out: [String] = []
                let missing = Set(r.keys).subtracting(d.keys), extra = Set(d.keys).subtracting(r.keys)
                if !missing.isEmpty { out.append("\(path): real output has keys the README does not show: \(missing.sorted())") }
                if !extra.isEmpty { out.append("\(path): README shows keys the real output does not have: \(extra.sorted())") }
                for k in Set(d.keys).intersection(r.keys).sorted() {
                    out += differences(d[k]!, r[k]!, at: "\(path).\(k)")
                }
                return out
            case let (.array(d), .array(r)):
                guard let d, let r else { return [] }
                return differences(d, r, at: path + "[]")
            default:
                return ["\(path): README shows \(documented), real output is \(real)"]
            }
        }

        var description: String {
            switch self {
            case .object: return "an object"
            case .array: return "an array"
            case .scalar: return "a scalar"
            case .null: return "null"
            }
        }
    }

    /// The demo database (as `make demo` builds it on 2026-11-29) with two
    /// channels, one failing, an acked and a snoozed alert, and catalog
    /// prices: every documented array and object has items.
    static func fixture() throws -> Sandbox {
        let s = try Sandbox(now: "2026-11-29")
        let demo = try runProcess(URL(fileURLWithPath: "/bin/bash"),
                                  [Repo.root.appendingPathComponent("scripts/demo.sh").path, Binary.tracker.path, s.dbPath],
                                  environment: s.environment([:], setNow: true), directory: s.root)
        #expect(demo.status == 0, "demo.sh: \(demo)")
        try s.ok("channel", "add", "email", "leads", "--smtp", "smtp://mail.example.com:587", "--from", "tracker@example.com",
                 "--to", "ml-leads@example.com", "--to", "cto@example.com", "--user", "tracker",
                 "--password-file", "/etc/tracker/smtp-password", "--owner", "platform-ml")
        try s.ok("channel", "add", "slack", "ml-alerts", "--url-env", "SLACK_WEBHOOK_URL")
        if let r = try s.sql("UPDATE channel SET failing = 1, last_error = 'SMTP 535', last_error_at = '2026-11-29T13:05:00Z', last_ok_at = '2026-11-28T09:30:00Z' WHERE name = 'leads'") {
            #expect(r.status == 0, "\(r)")
        }
        // Catalog prices, so `prices` has its objects.
        try s.ok("sync", "catalog", Repo.root.appendingPathComponent("Tests/TrackerSyncTests/Fixtures/litellm-tour.json").path)
        try s.ok("base", "set", "openai/gpt-4o@2024-08-06", "--train-price", "$25")
        try s.ok("ack", "9333f72a", "--until", "2026-12-15")
        try s.ok("snooze", "4c2b2cc4", "10d")
        return s
    }

    @Test func documentedShapesMatchRealOutput() throws {
        // docs/costs.md shows two; the rest are in docs/output.md. The README and
        // every docs file are read, so a block may move between them.
        var blocks = ReadmeTests.blocks(try ReadmeTests.readme(), kind: "json", fence: "json")
        for name in try ReadmeTests.docNames() {
            blocks += ReadmeTests.blocks(try ReadmeTests.doc(name), kind: "json", fence: "json")
        }
        #expect(blocks.count == Set(blocks.map(\.0)).count, "a JSON block is documented twice: \(blocks.map(\.0))")
        #expect(Set(blocks.map(\.0)) == [
            "tracker due --format json", "tracker list --format json", "tracker show support-triage --format json",
            "tracker base list --format json", "tracker base show openai/gpt-4o@2024-08-06 --format json",
            "tracker migrate --list --format json", "tracker alerts --format json", "tracker channel list --format json",
            "tracker forecast --format json", "tracker cost support-triage --prompt-tokens 2000 --format json",
            "tracker budget show --format json", "tracker budget list --format json",
            "tracker task list --format json", "tracker prompt list support-triage --format json",
            "tracker report --format json",
        ], "every listing's JSON is documented: \(blocks.map(\.0))")
        let s = try Self.fixture()
        for (command, documented) in blocks {
            let doc = try #require(try? JSONSerialization.jsonObject(with: Data(documented.utf8)),
                                   "README JSON for '\(command)' does not parse")
            let r = try s.run(Array(command.split(separator: " ").dropFirst().map(String.init)))
            #expect(r.status == 0, "\(command): \(r)")
            let real = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
            let diffs = Shape.differences(Shape(doc), Shape(real))
            #expect(diffs.isEmpty, "README JSON for '\(command)' is out of date:\n\(diffs.joined(separator: "\n"))")
        }
    }

    @Test func shapeComparisonFindsDrift() throws {
        func diffs(_ a: String, _ b: String) throws -> [String] {
            Shape.differences(Shape(try JSONSerialization.jsonObject(with: Data(a.utf8))),
                              Shape(try JSONSerialization.jsonObject(with: Data(b.utf8))))
        }
        #expect(try diffs(#"{"a": 1, "b": [{"c": null}]}"#, #"{"a": "x", "b": [{"c": {"d": 1}}]}"#).isEmpty)
        #expect(try diffs(#"{"a": [{"x": 1}, {"y": 2}]}"#, #"{"a": [{"x": 1, "y": null}]}"#).isEmpty, "keys of all items")
        #expect(try diffs(#"{"a": 1}"#, #"{"a": 1, "b": 2}"#).count == 1)
        #expect(try diffs(#"{"a": 1, "b": 2}"#, #"{"a": 1}"#).count == 1)
        #expect(try diffs(#"{"a": {"b": 1}}"#, #"{"a": [1]}"#).count == 1)
        #expect(try diffs(#"{"a": [{"b": 1}]}"#, #"{"a": [{"c": 1}]}"#).count == 2)
    }
}
