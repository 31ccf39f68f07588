import Testing
import TrackerCore
@testable import TrackerStore

/// How a PostgreSQL location is read, shown and redacted, and how the shared
/// queries are translated into PostgreSQL's dialect. Pure text: no server.
@Suite struct PostgresTextTests {
    @Test(arguments: [
        ("postgresql://bob:S3cret%21@db.internal:6543/team", "postgresql://bob@db.internal:6543/team", "db.internal:6543", "S3cret!"),
        ("postgres://bob@db.internal/team", "postgresql://bob@db.internal:5432/team", "db.internal:5432", nil),
        ("postgresql://[::1]:7000/t?sslmode=disable", "postgresql://alice@[::1]:7000/t", "[::1]:7000", nil),
        ("pg:host=10.0.0.5 port=5433 dbname=tracker user=ci password='a b\\'c'", "postgresql://ci@10.0.0.5:5433/tracker", "10.0.0.5:5433", "a b'c"),
        ("postgresql:///tracker", "postgresql://alice@local socket/tracker", "local socket port 5432", nil),
    ] as [(String, String, String, String?)])
    func locationsAreReadAndShownWithoutThePassword(_ text: String, _ label: String, _ hostPort: String, _ password: String?) throws {
        let c = try #require(try PostgresConnectionString(text, environment: ["USER": "alice"]))
        #expect(c.label == label)
        #expect(c.hostPort == hostPort)
        #expect(c.embeddedPassword == password)
        if let password {
            #expect(!c.label.contains(password))
            #expect(c.redact("login failed for \(password)") == "login failed for ***")
        }
        // libpq gets the text exactly as given (without the pg: mark).
        #expect(c.conninfo == (text.hasPrefix("pg:") ? String(text.dropFirst(3)) : text))
    }

    @Test func environmentDefaultsNameTheServer() throws {
        let c = try #require(try PostgresConnectionString("pg:dbname=x", environment: ["PGHOST": "pg.lan", "PGPORT": "7777", "PGUSER": "ops"]))
        #expect(c.label == "postgresql://ops@pg.lan:7777/x")
    }

    @Test(arguments: ["/tmp/tracker.db", "tracker.db", "./pg:file", "postgresql.db", "file:x.db"])
    func filePathsAreNotPostgres(_ path: String) throws {
        #expect(try PostgresConnectionString(path, environment: [:]) == nil)
    }

    @Test(arguments: ["postgresql://h:12ab/x", "postgresql://h:port/x", "pg:host", "pg:host='open", "pg:port=99999999",
                      "postgresql://u:p@ss@h/db", "postgresql://u:pw@[::1]x/db"])
    func malformedLocationsAreUsageErrors(_ text: String) {
        #expect(throws: Failure.self) { _ = try PostgresConnectionString(text, environment: [:]) }
        do {
            _ = try PostgresConnectionString(text, environment: [:])
        } catch {
            #expect(error.kind == .usage)
        }
    }

    @Test func thePasswordIsScrubbedAsWrittenAndAsDecoded() throws {
        let uri = "POSTGRESQL://u:s3cr%40et@db.internal/team?sslmode=require"
        #expect(PostgresConnectionString.isPostgres(uri))
        let c = try #require(try PostgresConnectionString(uri, environment: [:]))
        #expect(c.embeddedPassword == "s3cr@et")
        for message in ["bad URI \"\(uri)\"", "password s3cr%40et refused", "password s3cr@et refused"] {
            let shown = c.redact(message)
            #expect(!shown.contains("s3cr"), "\(shown)")
        }
        let q = try #require(try PostgresConnectionString("postgresql://u@h/db?password=a%2Bb", environment: [:]))
        #expect(!q.redact("libpq: a%2Bb / a+b").contains("a%2Bb") && !q.redact("a+b").contains("a+b"))
    }

    @Test(arguments: ["postgress://u:pw@h/db", "mysql://u@h/db", "sqlite://x"])
    func unknownSchemesAreNotFiles(_ location: String) {
        #expect(PostgresConnectionString.isUnknownScheme(location))
    }

    @Test(arguments: ["/tmp/a.db", "file:x.db", "./pg:x", "postgresql://h/db", "data/2024://x.db"])
    func knownLocationsAreNotUnknownSchemes(_ location: String) {
        #expect(!PostgresConnectionString.isUnknownScheme(location))
    }

    @Test func controlCharactersNeverReachTheLabel() throws {
        let c = try #require(try PostgresConnectionString("postgresql://u@h\u{1B}[31m/db", environment: [:]))
        #expect(!c.label.unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test(arguments: [
        ("SELECT a FROM t WHERE x = ? AND y = ?", "SELECT a FROM t WHERE x = $1 AND y = $2"),
        ("SELECT a FROM t WHERE x = ?1 OR z = ?1 AND w = ?2", "SELECT a FROM t WHERE x = $1 OR z = $1 AND w = $2"),
        ("SELECT '?' || a FROM t WHERE b = ?", "SELECT '?' || a FROM t WHERE b = $1"),
        ("SELECT a FROM t ORDER BY f.name COLLATE NOCASE", "SELECT a FROM t ORDER BY lower(f.name COLLATE \"C\") NULLS FIRST"),
        ("SELECT a FROM t ORDER BY released DESC, id DESC", "SELECT a FROM t ORDER BY released DESC NULLS LAST, id DESC"),
        ("SELECT a FROM t ORDER BY g.id LIMIT 1", "SELECT a FROM t ORDER BY g.id LIMIT 1"),
        ("SELECT a FROM t ORDER BY (x = ?1)\nDESC, n", "SELECT a FROM t ORDER BY (x = $1)\nDESC NULLS LAST, n NULLS FIRST"),
        ("SELECT a FROM t WHERE b = ? COLLATE NOCASE", "SELECT a FROM t WHERE b = lower($1 COLLATE \"C\")"),
        ("SELECT a FROM t ORDER BY b, c LIMIT 5", "SELECT a FROM t ORDER BY b NULLS FIRST, c NULLS FIRST LIMIT 5"),
        ("SELECT row_number() OVER (PARTITION BY p ORDER BY d DESC) FROM t",
         "SELECT row_number() OVER (PARTITION BY p ORDER BY d DESC NULLS LAST) FROM t"),
        ("SELECT a FROM t ORDER BY min(b, c) DESC", "SELECT a FROM t ORDER BY min(b, c) DESC NULLS LAST"),
        ("SELECT a FROM t -- what? it's\nWHERE b = ?", "SELECT a FROM t -- what? it's\nWHERE b = $1"),
        ("SELECT \"odd?name\" FROM t ORDER BY x NULLS LAST", "SELECT \"odd?name\" FROM t ORDER BY x NULLS LAST"),
    ] as [(String, String)])
    func queriesAreTranslated(_ sqlite: String, _ postgres: String) {
        #expect(PostgresSQL.translate(sqlite) == postgres)
    }
}
