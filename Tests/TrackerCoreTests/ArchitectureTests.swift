import Foundation
import Testing

/// The module boundaries of docs/architecture.md, checked on the sources:
/// every SQL statement lives in TrackerStore, TrackerCore imports only the
/// platform, and the SQLite handle stays inside its backend.
@Suite("architecture")
struct ArchitectureTests {
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    /// Every .swift file under Sources, as (path relative to Sources, text).
    static func swiftFiles() throws -> [(path: String, text: String)] {
        let root = sources.path
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var out: [(String, String)] = []
        for case let relative as String in walker where relative.hasSuffix(".swift") {
            out.append((relative, try String(contentsOfFile: root + "/" + relative, encoding: .utf8)))
        }
        return out.sorted { $0.0 < $1.0 }
    }

    /// The contents of every string literal in Swift source (single-line,
    /// multi-line and raw), so keywords in comments and code do not count.
    static func stringLiterals(_ text: String) -> [String] {
        let chars = Array(text.unicodeScalars)
        var out: [String] = []
        var i = 0
        func at(_ k: Int, _ s: String) -> Bool {
            let u = Array(s.unicodeScalars)
            return k + u.count <= chars.count && Array(chars[k..<k + u.count]) == u
        }
        while i < chars.count {
            if at(i, "//") { // line comment
                while i < chars.count && chars[i] != "\n" { i += 1 }
                continue
            }
            if at(i, "/*") {
                i += 2
                while i < chars.count && !at(i, "*/") { i += 1 }
                i += 2
                continue
            }
            var hashes = 0
            var j = i
            while j < chars.count && chars[j] == "#" { hashes += 1; j += 1 }
            if at(j, "\"") {
                let multi = at(j, "\"\"\"")
                let quote = (multi ? "\"\"\"" : "\"") + String(repeating: "#", count: hashes)
                var k = j + (multi ? 3 : 1)
                var literal = String.UnicodeScalarView()
                while k < chars.count && !at(k, quote) {
                    if chars[k] == "\\" && hashes == 0 && k + 1 < chars.count {
                        literal.append(chars[k]); literal.append(chars[k + 1]); k += 2; continue
                    }
                    if !multi && chars[k] == "\n" { break }
                    literal.append(chars[k])
                    k += 1
                }
                out.append(String(literal))
                i = k + quote.unicodeScalars.count
                continue
            }
            i = j == i ? i + 1 : j
        }
        return out
    }

    static let sqlPattern = try! NSRegularExpression(pattern:
        #"\b(SELECT\b[\s\S]*\bFROM|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|CREATE (TABLE|VIEW|INDEX)|BEGIN( IMMEDIATE| DEFERRED)?\b(?!:)|COMMIT\b|ROLLBACK\b|PRAGMA)\b"#)

    static func looksLikeSQL(_ s: String) -> Bool {
        sqlPattern.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
    }

    @Test("the SQL detector finds statements and ignores prose")
    func detector() {
        #expect(Self.looksLikeSQL("SELECT name FROM fine_tune"))
        #expect(Self.looksLikeSQL("UPDATE alert SET state = 'open'"))
        #expect(Self.looksLikeSQL("BEGIN IMMEDIATE"))
        #expect(Self.looksLikeSQL("PRAGMA journal_mode = WAL"))
        #expect(!Self.looksLikeSQL("select a base from the list"))
        #expect(!Self.looksLikeSQL("tracker base set"))
        #expect(!Self.looksLikeSQL("BEGIN:VCALENDAR")) // iCalendar, not a transaction
        #expect(Self.stringLiterals(#"let a = "x" // "SELECT a FROM b""#) == ["x"])
        #expect(Self.stringLiterals("let q = \"\"\"\n  DELETE FROM t\n  \"\"\"") == ["\n  DELETE FROM t\n  "])
        #expect(Self.stringLiterals(##"let r = #"a "b" c"#"##) == [#"a "b" c"#])
    }

    @Test("no SQL in string literals outside Sources/TrackerStore")
    func sqlStaysInTheStore() throws {
        var leaks: [String] = []
        for file in try Self.swiftFiles() where !file.path.hasPrefix("TrackerStore/") {
            for literal in Self.stringLiterals(file.text) where Self.looksLikeSQL(literal) {
                leaks.append("\(file.path): \(literal.prefix(60))")
            }
        }
        #expect(leaks.isEmpty, "SQL outside the store:\n\(leaks.joined(separator: "\n"))")
        // The check reads the real tree.
        #expect(try Self.swiftFiles().contains { $0.path.hasPrefix("TrackerStore/") && Self.stringLiterals($0.text).contains(where: Self.looksLikeSQL) })
    }

    @Test("TrackerCore imports only the standard library and the platform")
    func coreImportsNothingElse() throws {
        let allowed: Set<String> = ["Glibc", "Darwin", "Musl"]
        var found: [String] = []
        for file in try Self.swiftFiles() where file.path.hasPrefix("TrackerCore/") {
            for line in file.text.split(separator: "\n") {
                let t = line.trimmingCharacters(in: .whitespaces)
                let words = t.split(separator: " ")
                guard let i = words.firstIndex(of: "import"), i + 1 < words.count,
                      words[..<i].allSatisfy({ $0.hasPrefix("@") || ["public", "internal", "private", "fileprivate"].contains(String($0)) })
                else { continue }
                let module = String(words[i + 1].split(separator: ".").first ?? "")
                if !allowed.contains(module) { found.append("\(file.path): \(t)") }
            }
        }
        #expect(found.isEmpty, "TrackerCore imports: \(found)")
    }

    @Test("only the store's SQLite backend touches SQLite, and its handle is not public")
    func sqliteStaysInItsBackend() throws {
        for file in try Self.swiftFiles() {
            let importsSQLite = file.text.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == "import CSQLite" }
            if importsSQLite {
                #expect(file.path.hasPrefix("TrackerStore/SQLite/"), "\(file.path) imports CSQLite")
            }
            if file.path.hasPrefix("TrackerStore/") {
                #expect(!file.text.contains("public let database"), "\(file.path) makes the database handle public")
                #expect(!file.text.contains("public final class Database"), "\(file.path) makes the connection public")
                #expect(!file.text.contains("public final class Statement"), "\(file.path) makes statements public")
            }
        }
    }
}
