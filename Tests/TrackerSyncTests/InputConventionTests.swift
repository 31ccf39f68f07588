import Foundation
import Testing
import TrackerTestKit

/// Issue 13, part 6: `--base-url` with the SDKs' `/v1`, and `-` for
/// standard input wherever a command reads a file.
@Suite struct InputConventionTests {
    @Test(arguments: ["/v1", "/v1/", ""])
    func baseURLMayEndInV1(_ suffix: String) throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("v1", now: "2025-01-15")
        try server.queue(.fixture("openai-models-1.json"))
        let r = try s.ok(["sync", "openai", "--base-url", server.base + suffix], env: ["OPENAI_API_KEY": "sk-test-v1"])
        #expect(try server.requests().map(\.route) == ["/v1/models"], "\(r)")
        #expect(r.lines.first?.hasPrefix("openai: 7 models read") == true, "\(r)")
    }

    @Test func geminiBaseURLMayEndInV1beta() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("v1beta", now: "2025-01-15")
        try server.queue(.fixture("gemini-models-real.json"))
        _ = try s.run(["sync", "gemini", "--base-url", server.base + "/v1beta"], env: ["GEMINI_API_KEY": "k"])
        #expect(try server.requests().first?.route.hasPrefix("/v1beta/models") == true)
    }

    /// Runs `tracker ARGS --db DB --now NOW < file` through the shell.
    func withStdin(_ s: Sandbox, _ args: [String], from file: String) throws -> CLIResult {
        let quoted = ([Binary.tracker.path] + args + ["--db", s.db, "--now", s.now]).map { "'\($0)'" }.joined(separator: " ")
        return try runProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", "\(quoted) < '\(file)'"],
                              environment: s.environment([:]), directory: s.root)
    }

    @Test func dashIsStandardInput() throws {
        let s = try Sandbox("stdin", now: "2025-01-15")
        let catalog = try withStdin(s, ["sync", "catalog", "-"], from: Fixture.path("litellm-catalog.json"))
        #expect(catalog.status == 0 && catalog.lines.first?.hasPrefix("catalog: 10 chat/completion models read") == true, "\(catalog)")
        let jobs = try withStdin(s, ["import", "openai-jobs", "-"], from: Fixture.path("openai-jobs.json"))
        #expect(jobs.status == 0 && jobs.stdout.contains("3 jobs imported"), "\(jobs)")
        let export = s.path("export.json")
        try s.export().write(toFile: export, atomically: true, encoding: .utf8)
        let fresh = try Sandbox("stdin-import", now: "2025-01-15")
        let imported = try withStdin(fresh, ["import", "-"], from: export)
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stdout.hasPrefix("imported ") && imported.stdout.hasSuffix(" from standard input\n"), "\(imported)")
        #expect(try fresh.export() == (try s.export()))
        // An empty standard input is refused as the file would be.
        let empty = try withStdin(fresh, ["import", "-"], from: "/dev/null")
        #expect(empty.status != 0 && empty.stderr.contains("standard input"), "\(empty)")
    }
}
