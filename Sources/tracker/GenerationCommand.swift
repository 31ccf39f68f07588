import ArgumentParser
import TrackerCore
import TrackerStore

/// `tracker generation ...`: one recorded training run of a fine-tune.
struct GenerationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generation",
        abstract: "Correct a recorded generation (training run) of a fine-tune.",
        subcommands: [GenerationSet.self]
    )
}

/// `NAME@gN`, or nil when the text is not of that form.
func parseGenerationRef(_ text: String) -> (name: String, number: Int)? {
    guard case .generation(let name, let number?)? = EvalSubject.parse(text) else { return nil }
    return (name, number)
}

/// A fine-tune's generation by number, with its lineage, or a data error
/// naming the closest fine-tune or the generations it has.
func findGeneration(_ name: String, _ number: Int, in store: any Store) throws(Failure) -> (FineTune, [Generation], Generation) {
    guard let ft = try store.fineTune(named: name) else { throw try unknownFineTune(name, in: store) }
    let lineage = try store.generations(of: ft.id)
    guard let g = lineage.first(where: { $0.number == number }) else {
        let numbers = lineage.map { "g\($0.number)" }.joined(separator: ", ")
        throw Failure.data("fine-tune '\(ft.name)' has no generation \(number); it has \(numbers)")
    }
    return (ft, lineage, g)
}
