import ArgumentParser
import TrackerCore
import TrackerStore

extension BaseCommand {
    /// `tracker base list`: versions of each family ordered by release date.
    struct BaseList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List base versions; versions of a family are ordered by release date."
        )

        @Option(help: ArgumentHelp("Only this provider.", valueName: "provider"))
        var provider: String?

        @Option(help: ArgumentHelp("Only this family.", valueName: "family"))
        var family: String?

        @OptionGroup var format: FormatOptions
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let today = try clock.today()
            let store = try database.openForReading(today: today)
            let all = try store.read { () throws(Failure) in try store.allBases() }
            let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
            let standings = DueRules.standings(of: all, now: today)
            let bases = all.sortedForListing().filter {
                (provider == nil || $0.ref.provider == provider!.lowercased()) && (family == nil || $0.ref.family == family!)
            }
            func status(_ b: BaseVersion) -> String {
                if let s = b.shutdown, s <= today { return "shut down" }
                switch b.deprecation {
                case .undated: return "deprecated"
                case .on(let d) where d <= today: return "deprecated"
                default: break
                }
                if standings[b.id]?.supersededBy != nil { return "superseded" }
                if let r = b.released, r > today { return "unreleased" }
                return "current"
            }
            func deprecationText(_ d: Deprecation) -> String? {
                switch d {
                case .none: return nil
                case .undated: return "undated"
                case .on(let day): return day.description
                }
            }
            let out = Console.stdout
            switch format.format {
            case .table:
                if bases.isEmpty {
                    out.line(all.isEmpty ? "No base versions recorded. Add one with 'tracker base add PROVIDER/FAMILY@VERSION'."
                                         : "No base versions match.")
                    return
                }
                var table = Table(["BASE", "MODEL ID", "RELEASED", "DEPRECATED", "SHUTDOWN", "STATUS", "SUPERSEDED BY"])
                for b in bases {
                    let by = standings[b.id]?.supersededBy.flatMap { byID[$0]?.ref.description }
                    table.append([b.ref.description, b.modelID, b.released?.description ?? "-",
                                  deprecationText(b.deprecation) ?? "-", b.shutdown?.description ?? "-", status(b), by ?? "-"])
                }
                table.write(to: out)
            case .json:
                var j = JSONWriter(out)
                j.beginObject()
                j.field("now", today.description)
                j.key("bases")
                j.beginArray()
                for b in bases {
                    j.beginObject()
                    j.field("ref", b.ref.description)
                    j.field("provider", b.ref.provider)
                    j.field("family", b.ref.family)
                    j.field("version", b.ref.version)
                    j.field("model_id", b.modelID)
                    j.field("released", b.released?.description)
                    j.field("deprecated", b.deprecation.day?.description)
                    j.field("deprecated_undated", b.deprecation == .undated)
                    j.field("shutdown", b.shutdown?.description)
                    j.field("successor", b.successorID.flatMap { byID[$0]?.ref.description })
                    j.field("superseded_by", standings[b.id]?.supersededBy.flatMap { byID[$0]?.ref.description })
                    j.field("status", status(b))
                    j.endObject()
                }
                j.endArray()
                j.endObject()
            case .csv:
                out.line(CSV.row(["ref", "provider", "family", "version", "model_id", "released", "deprecated",
                                  "shutdown", "successor", "superseded_by", "status"]))
                for b in bases {
                    out.line(CSV.row([b.ref.description, b.ref.provider, b.ref.family, b.ref.version, b.modelID,
                                      b.released?.description, deprecationText(b.deprecation), b.shutdown?.description,
                                      b.successorID.flatMap { byID[$0]?.ref.description },
                                      standings[b.id]?.supersededBy.flatMap { byID[$0]?.ref.description }, status(b)]))
                }
            }
        }
    }
}
