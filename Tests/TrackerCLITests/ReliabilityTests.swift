import Foundation
import Testing
import TrackerTestKit

/// Issue 12's database defects, through the real binary: first-command
/// races, unwritable folders and full disks, empty paths and empty files.
@Suite struct ReliabilityTests {
    /// A failing first command (it creates the file, then fails) races a
    /// succeeding one on the same new path: the successful write must
    /// survive every time.
    @Test func aFailedFirstCommandNeverRemovesAnotherCommandsWrite() throws {
        let s = try Sandbox()
        let trials = Int(ProcessInfo.processInfo.environment["TRACKER_RACE_TRIALS"] ?? "") ?? 300
        let parallel = 5
        var lost = 0, succeeded = 0, leftovers = 0
        var trial = 0
        while trial < trials {
            let batch = (trial..<min(trials, trial + parallel)).map { s.root.appendingPathComponent("race-\($0)/t.db").path }
            trial += batch.count
            var children: [(String, Child, Child)] = []
            for path in batch {
                let env = s.environment([:], setNow: true)
                let failing = try Child(Binary.tracker, ["add", "x", "--base", "openai/nope@1", "--trained", "2025-01-01",
                                                         "--cost", "1", "--db", path], environment: env, directory: s.root)
                let succeeding = try Child(Binary.tracker, ["base", "add", "openai/q@1", "--db", path], environment: env,
                                           directory: s.root)
                children.append((path, failing, succeeding))
            }
            for (path, failing, succeeding) in children {
                let f = failing.finish(), ok = succeeding.finish()
                #expect(f.status == 65, "\(f)")
                if ok.status == 0 {
                    succeeded += 1
                    let shown = try s.run(["base", "show", "openai/q@1", "--format", "json"], db: path)
                    if shown.status != 0 { lost += 1 }
                } else {
                    // Only a busy database may refuse it, and then it says so.
                    #expect(ok.status == 75, "\(ok)")
                    if FileManager.default.fileExists(atPath: path) { leftovers += 1 }
                }
            }
        }
        print("FIRST-COMMAND RACES: \(trials) trials: \(succeeded) writes succeeded, \(lost) lost, \(leftovers) empty files left")
        #expect(lost == 0, "a successful write was deleted \(lost) times")
        #expect(succeeded > 0)
    }

    @Test func aFailedFirstCommandAloneLeavesNoTrace() throws {
        let s = try Sandbox()
        let path = s.root.appendingPathComponent("new/deeper/t.db").path
        expectFailure(try s.run(["add", "x", "--base", "openai/nope@1", "--trained", "2025-01-01", "--cost", "1"], db: path),
                      65, "not a known base version")
        #expect(!FileManager.default.fileExists(atPath: s.root.appendingPathComponent("new").path))
    }

    @Test func anEmptyDatabasePathIsAUsageError() throws {
        let s = try Sandbox()
        try s.ok("base", "add", "openai/q@1")  // the default database exists: it must not be used
        for args in [["list"], ["base", "add", "openai/r@1"], ["due"]] {
            expectFailure(try s.run(args + ["--db", ""], db: nil), 64, "--db needs a file path")
        }
    }

    @Test(.enabled(if: TestBackend.isSQLite, "checks an empty database file"))
    func readOnlyCommandsRefuseAnEmptyFileAndLeaveItEmpty() throws {
        let s = try Sandbox()
        _ = FileManager.default.createFile(atPath: s.dbPath, contents: Data())
        for args in [["list"], ["due"], ["base", "list"], ["alerts"], ["migrate", "--list"], ["export"]] {
            expectFailure(try s.run(args), 66, "is an empty file, not a tracker database")
        }
        #expect(try FileManager.default.attributesOfItem(atPath: s.dbPath)[.size] as? Int == 0)
    }

    /// Needs root and `chattr` (CI and this project's machines run as root).
    @Test func anUnwritableFolderIsSaidAsSuchNotAsCorruption() throws {
        let s = try Sandbox()
        let folder = s.root.appendingPathComponent("locked").path
        let path = folder + "/t.db"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        #expect(try s.run(["base", "add", "openai/q@1"], db: path).status == 0)
        guard try runProcess(URL(fileURLWithPath: "/usr/bin/chattr"), ["+i", folder], environment: [:], directory: s.root).status == 0
        else { return } // not root, or the file system has no immutable flag
        defer { _ = try? runProcess(URL(fileURLWithPath: "/usr/bin/chattr"), ["-i", folder], environment: [:], directory: s.root) }
        expectFailure(try s.run(["base", "add", "openai/r@1"], db: path), 73, "cannot", "t.db")
        let r = try s.run(["base", "add", "openai/r@1"], db: path)
        #expect(!r.stderr.contains("not a tracker database"), "\(r)")
    }

    /// Needs root and tmpfs (CI and this project's machines run as root).
    @Test func aFullDiskIsAnIOErrorAndAFailedFirstCommandLeavesNothing() throws {
        let s = try Sandbox()
        let mountPoint = s.root.appendingPathComponent("small").path
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        guard try runProcess(URL(fileURLWithPath: "/bin/mount"), ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint],
                             environment: [:], directory: s.root).status == 0 else { return }
        defer { _ = try? runProcess(URL(fileURLWithPath: "/bin/umount"), [mountPoint], environment: [:], directory: s.root) }
        let path = mountPoint + "/t.db"
        #expect(try s.run(["base", "add", "openai/q@1"], db: path).status == 0)
        // Fill the rest of the disk.
        _ = try runProcess(URL(fileURLWithPath: "/bin/dd"), ["if=/dev/zero", "of=" + mountPoint + "/fill", "bs=4k"],
                           environment: [:], directory: s.root)
        let r = try s.run(["base", "add", "openai/r@1", "--released", "2025-01-01"], db: path)
        expectFailure(r, 74, "cannot write database", "disk is full")
        let fresh = mountPoint + "/new/t.db"
        expectFailure(try s.run(["base", "add", "openai/r@1"], db: fresh), 74, "disk is full")
        #expect(!FileManager.default.fileExists(atPath: mountPoint + "/new"), "the failed first command left files behind")
    }

    /// Runs `tracker ARGS --db DB` through the shell with `redirect`
    /// applied to its standard output.
    func shell(_ s: Sandbox, _ args: String, _ redirect: String) throws -> CLIResult {
        try runProcess(URL(fileURLWithPath: "/bin/sh"),
                       ["-c", "'\(Binary.tracker.path)' \(args) --db '\(s.dbPath)' \(redirect)"],
                       environment: s.environment([:], setNow: true), directory: s.root)
    }

    @Test func aFailedWriteOfTheOutputIsExit74() throws {
        let s = try Sandbox()
        try s.ok("base", "add", "openai/q@1")
        try s.ok("add", "bot", "--base", "openai/q@1", "--trained", "2025-01-01", "--cost", "10")
        for (args, redirect) in [("export", "> /dev/full"), ("export", ">&-"), ("list --format csv", "> /dev/full"),
                                 ("due --format json", "> /dev/full"), ("base list", ">&-")] {
            let r = try shell(s, args, redirect)
            #expect(r.status == 74, "\(args) \(redirect): \(r)")
            #expect(r.stderr.hasPrefix("error: cannot write the output") && r.errorLines.count == 1, "\(args) \(redirect): \(r)")
        }
        // A reader that goes away early is not an error.
        #expect(try shell(s, "export", "| head -c 10 >/dev/null").status == 0)
    }

    /// Needs root and tmpfs.
    @Test func exportOutWritesTheWholeFileOrNothing() throws {
        let s = try Sandbox()
        try s.ok("base", "add", "openai/q@1")
        let good = s.root.appendingPathComponent("backup.json").path
        #expect(try s.run(["export", "--out", good]).status == 0)
        let whole = try #require(FileManager.default.contents(atPath: good))
        #expect(try s.run(["export"]).stdout.utf8.count == whole.count)
        let mountPoint = s.root.appendingPathComponent("small").path
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        guard try runProcess(URL(fileURLWithPath: "/bin/mount"), ["-t", "tmpfs", "-o", "size=8k", "tmpfs", mountPoint],
                             environment: [:], directory: s.root).status == 0 else { return }
        defer { _ = try? runProcess(URL(fileURLWithPath: "/bin/umount"), [mountPoint], environment: [:], directory: s.root) }
        for i in 0..<40 { try s.ok("base", "add", "openai/q@\(i + 2)", "--released", "2025-01-01") }
        let target = mountPoint + "/backup.json"
        try Data("the old backup".utf8).write(to: URL(fileURLWithPath: target))
        expectFailure(try s.run(["export", "--out", target]), 74, "cannot write", "nothing was written there")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "the old backup", "the old file was replaced")
        #expect(try FileManager.default.contentsOfDirectory(atPath: mountPoint) == ["backup.json"], "a temporary file was left")
    }

    @Test func aRolledBackCreateBaseIsNotAnnounced() throws {
        let s = try Sandbox()
        try s.ok("base", "add", "openai/q@1")
        try s.ok("add", "bot", "--base", "openai/q@1", "--trained", "2025-01-01", "--cost", "10")
        let before = try s.snapshot()
        // The name is taken: the new base is rolled back, and nothing says it was recorded.
        expectFailure(try s.run(["add", "bot", "--base", "openai/zz@1", "--create-base", "--trained", "2025-01-01",
                                 "--cost", "10"]), 65, "already exists")
        #expect(try s.snapshot() == before)
        let created = try s.run(["add", "bot2", "--base", "openai/zz@1", "--create-base", "--trained", "2025-01-01", "--cost", "10"])
        #expect(created.status == 0 && created.stderr.contains("warning: recorded new base openai/zz@1"), "\(created)")
    }
}
