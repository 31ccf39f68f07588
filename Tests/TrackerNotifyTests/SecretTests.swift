import Foundation
import Testing
import TrackerTestKit
import TrackerCore

/// Secrets (Slack URL token, SMTP password, signing secret) are never printed or stored.
@Suite struct SecretTests {
    static let slackToken = "xoxSECRETslackTOKEN77"
    static let password = "smtpSECRETpassword88"
    static let hookSecret = "hookSECRETsigning99"

    @Test func secretsNeverAppearAnywhere() throws {
        let server = try HTTPServer()
        defer { server.stop() }
        let s = try Sandbox("secrets")
        let smtp = try SMTPServer(maildir: s.path("mail"), ["--auth", "u:\(Self.password)", "--allow-plain-auth"])
        defer { smtp.stop() }
        s.env["SLACK_URL"] = "\(server.base)/services/T1/B1/\(Self.slackToken)"
        s.env["SMTP_PW"] = Self.password
        s.env["HOOK_SECRET"] = Self.hookSecret
        let urlFile = s.path("hook-url")
        try "\(server.base)/hook/\(Self.slackToken)-file\n".write(toFile: urlFile, atomically: true, encoding: .utf8)
        try Fixture.build(s, only: ["ft-dead", "ft-eval"])
        let d = Fixture.day
        try s.ok(["channel", "add", "slack", "ops", "--url-env", "SLACK_URL"], now: d)
        try s.ok(["channel", "add", "email", "mail", "--smtp", smtp.url, "--insecure-plaintext", "--from", "t@example.com",
                  "--to", "a@example.com", "--user", "u", "--password-env", "SMTP_PW"], now: d)
        try s.ok(["channel", "add", "webhook", "hook", "--url-file", urlFile, "--secret-env", "HOOK_SECRET"], now: d)

        // Failures whose answers echo the secret URL path back (channels run in name order: hook, mail, ops).
        try server.queue(#"""
            [{"status": 500, "body": "down: /hook/\#(Self.slackToken)-file"}, {"status": 500}, {"status": 500}, {"status": 500},
             {"status": 404, "body": "no_service for /services/T1/B1/\#(Self.slackToken)"}]
            """#)
        let failed = try s.run(["notify"], now: d, env: ["SMTP_PW": "wrong-\(Self.password)"])
        #expect(failed.status == 78, "\(failed)")
        #expect(failed.stderr.contains("ops") && failed.stderr.contains("mail") && failed.stderr.contains("hook"), "\(failed)")
        for args in [["channel", "list"], ["channel", "list", "--format", "json"], ["channel", "list", "--format", "csv"],
                     ["alerts"], ["alerts", "--format", "json"], ["notify", "--dry-run"]] {
            try s.ok(args, now: d)
        }
        try server.queue(#"[{"status": 403, "body": "invalid_token /services/T1/B1/\#(Self.slackToken)"}]"#)
        let t1 = try s.run(["channel", "test", "ops"], now: d)
        #expect(t1.status == 78, "\(t1)")
        try s.ok(["channel", "test", "mail"], now: d)
        try s.ok(["channel", "test", "hook"], now: d)
        let good = try s.run(["notify", "--verbose"], now: d)
        #expect(good.status == 0, "\(good)")
        try s.ok(["channel", "list"], now: d)
        // A missing variable for each kind.
        for (variable, channel) in [("SLACK_URL", "ops"), ("SMTP_PW", "mail"), ("HOOK_SECRET", "hook")] {
            let r = try s.run(["channel", "test", channel], now: d, env: [variable: ""])
            #expect(r.status == 78 && r.stderr.contains(variable), "\(r)")
        }

        let transcript = s.transcript
        #expect(!transcript.isEmpty)
        let dump = try s.dump()
        // The file's raw bytes (with -wal and -shm) only on SQLite; the dump is every row on both.
        let raw = TestBackend.isSQLite ? s.rawDatabaseBytes() : Data()
        for secret in [Self.slackToken, Self.password, Self.hookSecret] {
            #expect(!transcript.contains(secret), "\(secret) printed:\n\(transcript)")
            #expect(!dump.contains(secret), "\(secret) in the database dump")
            #expect(!raw.contains(secret), "\(secret) in the database file bytes")
        }
        // Where they come from is shown.
        let list = try s.ok(["channel", "list", "--format", "json"], now: d).json()
        let channels = (list["channels"] as? [[String: Any]]) ?? []
        #expect(channels.first { $0["name"] as? String == "ops" }?["url_env"] as? String == "SLACK_URL")
        #expect(channels.first { $0["name"] as? String == "mail" }?["password_env"] as? String == "SMTP_PW")
        #expect(channels.first { $0["name"] as? String == "hook" }?["url_file"] as? String == urlFile)
    }

    @Test func missingVariableNamesIt() throws {
        let s = try Sandbox("secret-missing")
        try Fixture.build(s, only: ["ft-dead"])
        try s.ok(["channel", "add", "slack", "ops", "--url-env", "TRACKER_TEST_UNSET_SLACK_URL"], now: Fixture.day)
        let r = try s.run(["notify"], now: Fixture.day)
        #expect(r.status == 78, "\(r)")
        #expect(r.stderr.contains("TRACKER_TEST_UNSET_SLACK_URL"), "\(r)")
        #expect(r.stdout.isEmpty)
        #expect(try s.query("SELECT count(*) FROM delivery") == ["0"])
    }

    @Test func unreadableURLFileNamesIt() throws {
        let s = try Sandbox("secret-file")
        try Fixture.build(s, only: ["ft-dead"])
        let missing = s.path("no-such-dir/slack-url")
        try s.ok(["channel", "add", "slack", "ops", "--url-file", missing], now: Fixture.day)
        let r = try s.run(["notify"], now: Fixture.day)
        #expect(r.status == 78, "\(r)")
        #expect(r.stderr.contains(missing), "\(r)")
        // A directory is not readable as a file either.
        try s.ok(["channel", "add", "webhook", "hook", "--url-file", s.root.path], now: Fixture.day)
        let r2 = try s.run(["notify", "--channel", "hook"], now: Fixture.day)
        #expect(r2.status == 78 && r2.stderr.contains(s.root.path), "\(r2)")
    }
}
