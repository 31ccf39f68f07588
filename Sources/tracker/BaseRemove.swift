import ArgumentParser
import TrackerCore
import TrackerStore

extension BaseCommand {
    /// `tracker base remove REF`: only a base nothing refers to.
    struct BaseRemove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Delete a base version nothing refers to (no generation, successor link or prompt revision), with its history and prices. Not undoable.",
            discussion: "Asks on a terminal; otherwise give --yes. A synced base comes back on the next sync while its source lists it."
        )

        @Argument(help: ArgumentHelp("The snapshot: PROVIDER/FAMILY@VERSION or a known model id.", valueName: "ref"))
        var ref: String

        @Flag(help: "Remove without asking.")
        var yes = false

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        /// The base, or a data error naming what refers to it.
        func check(_ text: String, in store: any Store) throws(Failure) -> BaseVersion {
            guard let b = try store.findBase(text) else { throw try store.unknownBase(text, field: "ref", createHint: false) }
            let users = try store.users(ofBase: b.id)
            func list(_ items: [String]) -> String {
                items.prefix(5).joined(separator: ", ") + (items.count > 5 ? ", ..." : "")
            }
            func count(_ n: Int, _ one: String) -> String { n == 1 ? "1 \(one)" : "\(n) \(one)s" }
            var what: [String] = []
            var fixes: [String] = []
            if !users.generations.isEmpty {
                what.append("\(count(users.generations.count, "generation")) (\(list(users.generations)))")
                fixes.append("remove them with 'tracker remove NAME' or 'tracker remove NAME@gN'")
            }
            if !users.predecessors.isEmpty {
                what.append("\(count(users.predecessors.count, "base")) naming it as successor (\(list(users.predecessors)))")
                fixes.append("unlink them with 'tracker base set REF --successor none'")
            }
            if !users.promptRevisions.isEmpty {
                what.append("\(count(users.promptRevisions.count, "prompt revision")) tested on it (\(list(users.promptRevisions)))")
                fixes.append("prompt revisions are never rewritten, so it stays")
            }
            if !what.isEmpty {
                throw Failure.data("base \(b.ref) has \(what.joined(separator: "; ")); \(fixes.joined(separator: "; "))")
            }
            return b
        }

        func run() throws {
            let today = try clock.today()
            let text = try checkExistingName(ref, field: "ref")
            let store = try database.openForReading(today: today)
            let b = try store.read { () throws(Failure) -> BaseVersion in try check(text, in: store) }
            try confirm("remove base \(b.ref) and its history?", what: "removing base \(b.ref)", yes: yes)
            let removed = try store.write { () throws(Failure) -> BaseVersion in
                let b = try check(text, in: store)
                try store.removeBase(id: b.id)
                return b
            }
            Console.stdout.line("removed base \(removed.ref)")
        }
    }
}
