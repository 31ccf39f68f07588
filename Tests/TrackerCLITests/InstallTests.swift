import Foundation
import Testing
import TrackerTestKit

/// `make install PREFIX=...` puts the binary, a man page per command and the
/// shell completions in their conventional places, `man` renders a page,
/// and `make uninstall` takes every file away again. CONFIG=debug installs
/// the debug build the tests already have, so no release build is needed;
/// --ignore-lock because `swift test` holds the build folder's lock while
/// the tests run (the builds make asks for are then no-ops).
@Suite struct InstallTests {
    static func which(_ name: String) -> String? {
        ["/usr/bin/\(name)", "/bin/\(name)", "/usr/local/bin/\(name)"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func run(_ tool: String, _ args: [String], env: [String: String] = [:]) throws -> CLIResult {
        var environment = ProcessInfo.processInfo.environment
        for k in ["DESTDIR", "PREFIX", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"] { environment[k] = nil }
        for (k, v) in env { environment[k] = v }
        return try runProcess(URL(fileURLWithPath: tool), args, environment: environment, directory: Repo.root)
    }

    func files(under root: URL) -> [String] {
        let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        var out: [String] = []
        while let u = e?.nextObject() as? URL {
            if (try? u.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                out.append(String(u.path.dropFirst(root.path.count + 1)))
            }
        }
        return out.sorted()
    }

    @Test func installManPagesCompletionsAndUninstall() throws {
        let make = try #require(Self.which("make"), "make is not installed")
        let man = try #require(Self.which("man"), "man is not installed (Debian: man-db; scripts/install-deps.sh test)")
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("tracker-prefix-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: prefix, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: prefix) }

        let install = try run(make, ["install", "PREFIX=\(prefix.path)", "CONFIG=debug", "SWIFTPM_FLAGS=--ignore-lock"])
        #expect(install.status == 0, "make install: \(install)")
        let installed = files(under: prefix)
        for path in ["bin/tracker", "share/man/man1/tracker.1", "share/man/man1/tracker-due.1",
                     "share/man/man1/tracker-base-add.1", "share/man/man1/tracker-doctor.1",
                     "share/man/man1/tracker-import-openai-jobs.1",
                     "share/bash-completion/completions/tracker", "share/zsh/site-functions/_tracker",
                     "share/fish/vendor_completions.d/tracker.fish"] {
            #expect(installed.contains(path), "\(path) not installed: \(installed)")
        }
        #expect(installed.allSatisfy { $0 == "bin/tracker" || $0.hasPrefix("share/man/man1/tracker") || $0.hasPrefix("share/") },
                "\(installed)")

        let version = try runProcess(prefix.appendingPathComponent("bin/tracker"), ["--version"], environment: [:], directory: prefix)
        #expect(version.stdout == "0.1.0\n", "\(version)")

        // The page renders with the command's abstract.
        let page = try run(man, ["-M", prefix.appendingPathComponent("share/man").path, "tracker-due"],
                           env: ["MANWIDTH": "200", "MANPAGER": "cat", "PAGER": "cat", "LANG": "C.UTF-8"])
        #expect(page.status == 0, "man tracker-due: \(page)")
        #expect(page.stdout.contains("List active fine-tunes whose current generation needs retraining."), "\(page.stdout)")
        #expect(page.stdout.contains("--within"), "\(page.stdout)")
        let root = try run(man, ["-M", prefix.appendingPathComponent("share/man").path, "tracker"],
                           env: ["MANWIDTH": "200", "MANPAGER": "cat", "PAGER": "cat", "LANG": "C.UTF-8"])
        #expect(root.stdout.contains("tracker-doctor(1)"), "\(root.stdout)")

        // The completions are what the binary generates; bash parses its own.
        let bash = prefix.appendingPathComponent("share/bash-completion/completions/tracker").path
        let parsed = try run("/bin/bash", ["-n", bash])
        #expect(parsed.status == 0, "bash -n: \(parsed)")
        #expect(try String(contentsOfFile: bash, encoding: .utf8).contains("complete -o filenames -F _tracker tracker"))
        let zsh = try String(contentsOf: prefix.appendingPathComponent("share/zsh/site-functions/_tracker"), encoding: .utf8)
        #expect(zsh.hasPrefix("#compdef tracker"), "\(zsh.prefix(80))")
        let fish = try String(contentsOf: prefix.appendingPathComponent("share/fish/vendor_completions.d/tracker.fish"), encoding: .utf8)
        #expect(fish.contains("complete -c 'tracker'"), "\(fish.prefix(200))")

        let uninstall = try run(make, ["uninstall", "PREFIX=\(prefix.path)"])
        #expect(uninstall.status == 0, "make uninstall: \(uninstall)")
        #expect(files(under: prefix).isEmpty, "left behind: \(files(under: prefix))")
    }
}
