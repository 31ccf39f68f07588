import Foundation
import Testing

/// The command reference (docs/cli.md) and the README's tour must match the
/// real binary, so the docs cannot drift.
@Suite struct ReadmeTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        let beside = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("tracker")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return Bundle.main.bundleURL.appendingPathComponent("tracker")
    }

    static func readme() throws -> String {
        try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    }

    /// A reference file moved out of the README into docs/ (`cli.md`,
    /// `output.md`, `costs.md`, `prompts.md`, ...).
    static func doc(_ name: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("docs").appendingPathComponent(name), encoding: .utf8)
    }

    /// The names of every `docs/*.md`, sorted.
    static func docNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.sorted()
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["COLUMNS"] = "80"
        for key in ["TRACKER_DB", "TRACKER_NOW", "XDG_DATA_HOME"] { env[key] = nil }
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Pairs of (command, block text) from `<!-- KIND: COMMAND -->` markers
    /// followed by a ```FENCE block: `help`/`text` for --help, `json`/`json`
    /// for JSON shapes.
    static func blocks(_ text: String, kind: String, fence: String) -> [(String, String)] {
        var blocks: [(String, String)] = []
        var rest = Substring(text)
        while let marker = rest.range(of: "<!-- \(kind): ") {
            let afterMarker = rest[marker.upperBound...]
            guard let close = afterMarker.range(of: " -->\n```\(fence)\n") else { break }
            let command = String(afterMarker[..<close.lowerBound])
            let body = afterMarker[close.upperBound...]
            guard let end = body.range(of: "```") else { break }
            blocks.append((command, String(body[..<end.lowerBound])))
            rest = body[end.upperBound...]
        }
        return blocks
    }

    @Test func commandReferenceMatchesHelp() throws {
        let blocks = Self.blocks(try Self.doc("cli.md"), kind: "help", fence: "text")
        let documented = Set(blocks.map(\.0))
        let expected: Set<String> = [
            "tracker", "tracker add", "tracker retrain", "tracker set", "tracker generation set", "tracker retire",
            "tracker reopen", "tracker remove", "tracker base remove", "tracker unack", "tracker unsnooze", "tracker channel set",
            "tracker list", "tracker show",
            "tracker due", "tracker forecast", "tracker cost", "tracker base add", "tracker base set", "tracker base list", "tracker base show",
            "tracker sync", "tracker import openai-jobs", "tracker import database", "tracker export",
            "tracker notify", "tracker alerts", "tracker ack", "tracker snooze", "tracker channel add",
            "tracker channel list", "tracker channel test", "tracker channel remove", "tracker migrate",
            "tracker budget set", "tracker budget list", "tracker budget show", "tracker budget remove",
            "tracker calendar",
            "tracker task add", "tracker task list", "tracker task set", "tracker prompt add", "tracker prompt list",
            "tracker prompt show", "tracker prompt diff", "tracker eval add", "tracker eval list", "tracker report",
            "tracker doctor",
        ]
        #expect(documented == expected, "docs/cli.md help blocks: \(documented.sorted())")
        for (command, text) in blocks {
            let args = Array(command.split(separator: " ").dropFirst().map(String.init)) + ["--help"]
            let actual = try Self.run(Self.binary.path, args)
            #expect(text == actual,
                    "docs/cli.md block for '\(command)' is out of date; run: swift build && python3 scripts/update-readme-help.py")
        }
    }

    /// The tour's `tracker due` output is what `make demo` prints on that day.
    @Test func tourDueOutputMatchesDemo() throws {
        let text = try Self.readme()
        guard let start = text.range(of: "```console\n$ tracker due\n") else {
            Issue.record("README has no '$ tracker due' console block")
            return
        }
        let documented = String(text[start.upperBound...].prefix { $0 != "`" })
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tracker-readme-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("demo.db").path
        let output = try Self.run("/bin/bash", [Self.root.appendingPathComponent("scripts/demo.sh").path, Self.binary.path, db],
                                  environment: ["TRACKER_NOW": "2026-11-29"])
        guard let due = output.range(of: "$ tracker due\n") else {
            Issue.record("demo.sh did not run tracker due: \(output)")
            return
        }
        #expect(String(output[due.upperBound...]) == documented)
    }
}
