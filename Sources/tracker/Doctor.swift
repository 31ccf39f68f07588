import ArgumentParser
import TrackerCore
import TrackerNotify
import TrackerStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Tracker {
    /// `tracker doctor`: checks what a cron job depends on, one line each.
    struct Doctor: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "doctor",
            abstract: "Check the set-up a cron job depends on: database, secrets, libcurl, syncs, notify.",
            discussion: """
                Prints one line per check: ok, warn or FAIL, what was found and how to fix it. \
                Changes nothing and never prints a secret. Exits 0 when nothing failed, else 78.
                """
        )

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            var checks: [SetupCheck] = []
            let path = try database.path()
            if let store = Self.open(path, today: today, into: &checks) {
                do {
                    let migrations = try store.migrationStatus()
                    let (channels, sources, delivered) = try store.read { () throws(Failure) in
                        (try store.channels(), try store.newestSourceFacts(), try store.lastDeliveryAt())
                    }
                    checks.append(SetupRules.schema(migrations))
                    checks += channels.map(SetupProbe.channelSecrets)
                    checks.append(SetupProbe.transport())
                    checks += SetupRules.syncAges(sources, today: today)
                    checks.append(SetupRules.notify(channels: channels, lastDelivery: delivered))
                } catch {
                    checks.append(SetupCheck(.fail, "database", error.message))
                    checks.append(SetupProbe.transport())
                }
            } else {
                checks.append(SetupProbe.transport())
            }
            for check in checks { Console.stdout.line(check.line) }
            let code = SetupRules.exitCode(checks)
            if code != 0 { throw ExitCode(code) }
        }

        /// Checks the database can be written by this user and opens it
        /// without changing it; nil (after a FAIL line) when it cannot be opened.
        static func open(_ path: String, today: Day, into checks: inout [SetupCheck]) -> (any Store)? {
            if PostgresConnectionString.isPostgres(path) || PostgresConnectionString.isUnknownScheme(path) {
                return openServer(path, today: today, into: &checks)
            }
            guard access(path, F_OK) == 0 else {
                checks.append(SetupCheck(.fail, "database", "\(path) does not exist; create it with `tracker migrate --db \(path)`, "
                                         + "or point --db / TRACKER_DB at the database cron uses"))
                return nil
            }
            // Permissions first: opening a file this user cannot write may
            // fail for that very reason, with a less clear message.
            let access = writable(path)
            checks.append(access)
            do {
                return try SQLStore.open(path, mode: .inspect, today: today, environment: Console.environmentDictionary)
            } catch {
                if access.status != .fail { checks.append(SetupCheck(.fail, "database", error.message)) }
                return nil
            }
        }

        /// A PostgreSQL database: no file to check; it must open, hold
        /// tracker's tables, and let this role write them. Messages name the
        /// server by its label, never the text given (it may hold a password).
        static func openServer(_ location: String, today: Day, into checks: inout [SetupCheck]) -> (any Store)? {
            do {
                let store = try SQLStore.open(location, mode: .inspect, today: today, environment: Console.environmentDictionary)
                if store.isReadOnly {
                    checks.append(SetupCheck(.fail, "database", "\(store.location) opens, but this role may only read it; "
                                             + "notify and sync write: use a role with INSERT, UPDATE and DELETE on tracker's tables"))
                } else {
                    checks.append(SetupCheck(.ok, "database", "\(store.location) opens and is writable"))
                }
                return store
            } catch {
                checks.append(SetupCheck(.fail, "database", error.message))
                return nil
            }
        }

        /// access(2) with W_OK for the file and its folder (SQLite writes its
        /// -wal and -shm files beside the database). Root passes access(2)
        /// whatever the mode, so a file or folder nobody may write is a
        /// warning then: a cron job under another user could not write it.
        static func writable(_ path: String) -> SetupCheck {
            let folder = parentFolder(path)
            let user = Permissions.user
            if access(path, W_OK) != 0 {
                let reason = String(cString: strerror(errno))
                return SetupCheck(.fail, "database", "\(path) is not writable by \(user) (\(reason)); "
                                  + "give that user write permission (chown or chmod u+w), or run tracker as the file's owner")
            }
            if access(folder, W_OK | X_OK) != 0 {
                let reason = String(cString: strerror(errno))
                return SetupCheck(.fail, "database", "folder \(folder) is not writable by \(user) (\(reason)); SQLite keeps "
                                  + "-wal and -shm files beside the database: give that user write permission on the folder")
            }
            if geteuid() == 0 {
                for (what, target) in [("file", path), ("folder", folder)] where !anyWriteBit(target) {
                    return SetupCheck(.warn, "database", "\(what) \(target) has no write permission for anyone; it is writable "
                                      + "only because tracker runs as root: a cron job under another user cannot write it")
                }
            }
            return SetupCheck(.ok, "database", "\(path) opens and is writable by \(user)")
        }

        static func parentFolder(_ path: String) -> String {
            guard let slash = path.lastIndex(of: "/") else { return "." }
            let folder = String(path[..<slash])
            return folder.isEmpty ? "/" : folder
        }

        static func anyWriteBit(_ path: String) -> Bool {
            var info = stat()
            guard stat(path, &info) == 0 else { return true }
            return info.st_mode & 0o222 != 0
        }
    }
}
