import TrackerCore

extension Store {
    /// Finds the base a user means: `PROVIDER/FAMILY@VERSION`, or a provider
    /// model id already known (`gpt-4o-2024-08-06`, `openai/gpt-4o-2024-08-06`).
    /// Returns nil when nothing matches; throws when the id is ambiguous.
    public func findBase(_ text: String) throws(Failure) -> BaseVersion? {
        if let ref = BaseRef(text), let b = try base(ref) { return b }
        let matches = try bases(modelID: text)
        if matches.count > 1 {
            let refs = matches.prefix(5).map(\.ref.description).joined(separator: ", ")
            throw Failure.data("model id '\(text)' names \(matches.count) base versions (\(refs)); give one as PROVIDER/FAMILY@VERSION")
        }
        return matches.first
    }

    /// The error for a base nobody recorded, listing the closest known ones.
    public func unknownBase(_ text: String, field: String, createHint: Bool) throws(Failure) -> Failure {
        let all = try allBases()
        var candidates: [String] = []
        for b in all { candidates.append(b.ref.description); candidates.append(b.modelID) }
        let close = Closest.matches(for: text, in: candidates)
        let refs = close.compactMap { name in all.first { $0.ref.description == name || $0.modelID == name }?.ref.description }
        var unique: [String] = []
        for r in refs where !unique.contains(r) { unique.append(r) }
        var message = "\(field) '\(text)' is not a known base version"
        if !unique.isEmpty { message += "; closest known: " + unique.joined(separator: ", ") }
        if createHint {
            message += BaseRef(text) != nil
                ? "; record it with 'tracker base add \(text)' or pass --create-base"
                : "; record it with 'tracker base add PROVIDER/FAMILY@VERSION --model-id \(text)'"
        } else {
            message += "; record it first with 'tracker base add'"
        }
        return Failure.data(message)
    }

    /// `findBase`, or the unknown-base error.
    public func requireBase(_ text: String, field: String, createHint: Bool = false) throws(Failure) -> BaseVersion {
        if let b = try findBase(text) { return b }
        throw try unknownBase(text, field: field, createHint: createHint)
    }
}
