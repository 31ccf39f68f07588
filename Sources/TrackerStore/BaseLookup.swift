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
        // For `add`/`retrain`, ids the catalog knows are known too: `--base ID` records them.
        let catalogIDs = createHint ? Set(try allCatalogRows().filter { !$0.fineTuned }.map(\.modelID)) : []
        candidates += catalogIDs.sorted()
        let close = Closest.matches(for: text, in: candidates)
        let refs = close.compactMap { name in
            all.first { $0.ref.description == name || $0.modelID == name }?.ref.description
                ?? (catalogIDs.contains(name) ? name : nil)
        }
        var unique: [String] = []
        for r in refs where !unique.contains(r) { unique.append(r) }
        var message = "\(field) '\(text)' is not a known base version"
        if !unique.isEmpty { message += "; closest known: " + unique.joined(separator: ", ") }
        if createHint {
            if BaseRef(text) != nil {
                message += "; record it with 'tracker base add \(text)' or pass --create-base"
            } else if let guess = ModelIDs.guessedRef(text) {
                let id = guess.defaultModelID == text ? "" : " --model-id \(text)"
                message += "; it reads as \(guess): record it with 'tracker base add \(guess)\(id)', or learn it with 'tracker sync catalog FILE'"
            } else {
                message += "; record it with 'tracker base add PROVIDER/FAMILY@VERSION --model-id \(text)'"
            }
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

    /// The catalog prices of a base (matched by provider and model id).
    public func prices(of b: BaseVersion) throws(Failure) -> BasePrices {
        BasePrices.from(try catalogRows(modelID: b.modelID), provider: b.ref.provider, modelID: b.modelID)
    }

    /// A model id the catalog knows but no base has yet, as the base its
    /// facts make: provider from the catalog row, family and version read
    /// from the id, its shutdown date, and its prices. A key written as
    /// given (`gpt-4o-2024-08-06`, `azure/gpt-4o-2024-08-06`) wins over
    /// other providers' rows for the same id; rows of several providers and
    /// none written as given are ambiguous. `PROVIDER/FAMILY@VERSION` finds
    /// the row of that provider whose id reads as it. Nil when the catalog
    /// has no row.
    public func catalogBase(_ text: String) throws(Failure) -> (base: BaseVersion, row: CatalogRow, prices: BasePrices)? {
        // PROVIDER/FAMILY@VERSION names the catalog row of that provider
        // whose id reads as it (`openai/gpt-4o@2024-05-13`).
        if let ref = BaseRef(text) {
            let rows = try catalogRows(modelID: ref.defaultModelID)
                .filter { !$0.fineTuned && $0.provider == ref.provider && ModelIDs.baseRef(provider: $0.provider, modelID: $0.modelID) == ref }
            guard let row = rows.first(where: { $0.key == $0.modelID }) ?? rows.first else { return nil }
            let base = BaseVersion(id: 0, ref: ref, modelID: row.modelID, released: nil, deprecation: .none,
                                   shutdown: row.shutdown, successorID: nil)
            return (base, row, BasePrices.from(try catalogRows(modelID: row.modelID), provider: row.provider, modelID: row.modelID))
        }
        let rows = try catalogRows(modelID: text).filter { !$0.fineTuned }
        guard !rows.isEmpty else { return nil }
        let row: CatalogRow
        if let exact = rows.first(where: { $0.key == text }) {
            row = exact
        } else if Set(rows.map(\.provider)).count == 1 {
            row = rows[0]
        } else {
            let keys = rows.prefix(5).map { "'\($0.key)'" }.joined(separator: ", ")
            throw Failure.data("model id '\(text)' is in the catalog for several providers (\(keys)); give the catalog key or PROVIDER/FAMILY@VERSION")
        }
        guard let ref = ModelIDs.baseRef(provider: row.provider, modelID: row.modelID) else { return nil }
        let base = BaseVersion(id: 0, ref: ref, modelID: row.modelID, released: nil, deprecation: .none,
                               shutdown: row.shutdown, successorID: nil)
        return (base, row, BasePrices.from(try catalogRows(modelID: row.modelID), provider: row.provider, modelID: row.modelID))
    }
}
