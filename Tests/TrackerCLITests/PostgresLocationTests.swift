import Foundation
import Testing
import TrackerTestKit

/// Naming a PostgreSQL database on the command line: what is a URI, what
/// is a file, and what a SQLite-only user never needs.
@Suite struct PostgresLocationTests {
    @Test func theBinaryDoesNotLinkLibpq() throws {
        // libpq is loaded with dlopen the first time a PostgreSQL database
        // is named: a SQLite-only machine does not need it installed.
        let r = try runProcess(URL(fileURLWithPath: "/usr/bin/ldd"), [Binary.tracker.path],
                               environment: ProcessInfo.processInfo.environment, directory: FileManager.default.temporaryDirectory)
        #expect(r.status == 0, "\(r)")
        #expect(!r.stdout.contains("libpq"), "tracker links libpq: \(r.stdout)")
        #expect(r.stdout.contains("libsqlite3"), "\(r.stdout)")
    }

    @Test(arguments: [
        ("pg:host", "key=value"),
        ("pg:host='db.internal", "not closed"),
        ("postgresql://ops:Hunter2pw@db.internal:54x2/team", "port"),
        ("postgress://ops:Hunter2pw@db.internal/team", "unknown kind of database"),
        ("postgresql://ops:Hunter2pw@ssw0rd@db.internal/team", "%40"),
    ])
    func malformedLocationsAreUsageErrorsThatNeverEchoThem(_ location: String, _ fragment: String) throws {
        let s = try Sandbox()
        let r = try s.run(["due"], db: location)
        #expect(r.status == 64, "\(r)")
        #expect(r.errorLines.count == 1 && r.stderr.hasPrefix("error: ") && r.stderr.contains(fragment), "\(r)")
        #expect(!r.stderr.contains("Hunter2pw") && !r.stdout.contains("Hunter2pw"))
        #expect(!FileManager.default.fileExists(atPath: s.root.appendingPathComponent("pg:host").path))
    }

    /// Owner filters compare names by their key on both backends, Greek
    /// final sigma included (PostgreSQL's ICU lower() gives 'ς', tracker's
    /// key 'σ').
    @Test func ownerFiltersFoldCaseAlikeOnEveryBackend() throws {
        let s = try Sandbox()
        try s.ok("base", "add", "openai/gpt-4o@2024-08-06", "--released", "2024-08-06")
        try s.ok("add", "greek-bot", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "10", "--owner", "ΟΔΟΣ")
        try s.ok("add", "other-bot", "--base", "gpt-4o-2024-08-06", "--trained", "2024-09-01", "--cost", "10", "--owner", "Straße")
        for (owner, name) in [("οδοσ", "greek-bot"), ("ΟΔΟΣ", "greek-bot"), ("STRASSE", "other-bot")] {
            let r = try s.run(["list", "--owner", owner, "--format", "csv"])
            #expect(r.status == 0, "\(r)")
            #expect(r.lines.dropFirst().map { $0.split(separator: ",").first.map(String.init) } == [name], "--owner \(owner): \(r)")
        }
    }

    @Test func aPathThatOnlyLooksLikeAURIIsAFile() throws {
        let s = try Sandbox()
        let r = try s.run(["base", "add", "openai/gpt-4o@2024-08-06"], db: "./pg:notes.db")
        #expect(r.status == 0, "\(r)")
        #expect(FileManager.default.fileExists(atPath: s.root.appendingPathComponent("pg:notes.db").path))
    }
}
