import ArgumentParser

/// `tracker base ...`: the base-model snapshots fine-tunes are trained on.
struct BaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "base",
        abstract: "Record and inspect base-model versions (snapshots).",
        subcommands: [BaseAdd.self, BaseSet.self, BaseRemove.self, BaseList.self, BaseShow.self]
    )
}
