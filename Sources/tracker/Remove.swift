import ArgumentParser
import TrackerCore
import TrackerStore

extension Tracker {
    /// `tracker remove NAME` or `tracker remove NAME@gN`.
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Delete a fine-tune (with its generations, evals and history) or one generation (NAME@gN). Not undoable.",
            discussion: """
                A generation can be removed only while the fine-tune has others; remove the fine-tune instead. \
                Alerts of what was removed resolve on the next notify. To keep the record, use 'tracker retire'. \
                Asks on a terminal; otherwise give --yes.
                """
        )

        @Argument(help: ArgumentHelp("The fine-tune's name, or NAME@gN for one generation.", valueName: "name[@gN]"))
        var target: String

        @Flag(help: "Remove without asking.")
        var yes = false

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        /// What would be removed: the question, and the delete.
        struct Plan {
            var question: String
            var what: String
            var done: String
            var remove: (any Store) throws(Failure) -> Void
        }

        func plan(_ text: String, in store: any Store) throws(Failure) -> Plan {
            if let (name, number) = parseGenerationRef(text), try store.fineTune(named: text) == nil {
                let (ft, lineage, g) = try findGeneration(name, number, in: store)
                guard lineage.count > 1 else {
                    throw Failure.data("\(ft.name)@g\(g.number) is the only generation of '\(ft.name)'; remove the fine-tune with 'tracker remove \(ft.name)', or retire it")
                }
                let evals = try store.evals(of: .generation(fineTune: ft.name, number: g.number)).count
                let extra = evals == 0 ? "" : " and its \(evals == 1 ? "eval" : "\(evals) evals")"
                return Plan(question: "remove \(ft.name)@g\(g.number)\(extra)?", what: "removing \(ft.name)@g\(g.number)",
                            done: "removed \(ft.name)@g\(g.number)\(extra)") { (s: any Store) throws(Failure) in try s.removeGeneration(id: g.id) }
            }
            guard let ft = try store.fineTune(named: text) else { throw try unknownFineTune(text, in: store) }
            let n = try store.generations(of: ft.id).count
            let gens = n == 1 ? "its generation" : "its \(n) generations"
            return Plan(question: "remove \(ft.name) and \(gens)?", what: "removing fine-tune '\(ft.name)'",
                        done: "removed \(ft.name) and \(gens)") { (s: any Store) throws(Failure) in try s.removeFineTune(id: ft.id) }
        }

        func run() throws {
            let today = try clock.today()
            let text = try checkExistingName(target, field: "name")
            let store = try database.openForReading(today: today)
            let first = try store.read { () throws(Failure) -> Plan in try plan(text, in: store) }
            try confirm(first.question, what: first.what, yes: yes)
            // Planned again inside the write: what was asked about may have changed meanwhile.
            let done = try store.write { () throws(Failure) -> String in
                let p = try plan(text, in: store)
                try p.remove(store)
                return p.done
            }
            Console.stdout.line(done)
        }
    }
}
