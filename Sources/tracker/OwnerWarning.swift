import TrackerCore
import TrackerStore

/// A warning when `owner` (a channel's `--owner`) is no fine-tune's owner,
/// compared as names are (`NameKey`): most likely a typo (`platfrom-ml`)
/// that would route nothing. Names the known owners, in natural order (at
/// most 20). Nil when some fine-tune, retired or not, has that owner.
func unknownOwnerWarning(_ owner: String, in store: any Store) throws(Failure) -> String? {
    var known: [String] = []
    var found = false
    try store.read { () throws(Failure) in
        try store.forEachFineTune(FineTuneFilter(includeRetired: true)) { row in
            guard let o = row.owner else { return }
            if NameKey.same(o, owner) { found = true }
            if !known.contains(where: { NameKey.same($0, o) }) { known.append(o) }
        }
    }
    if found { return nil }
    known = NaturalOrder.sorted(known)
    let list = known.isEmpty ? "no fine-tune has an owner yet"
        : "known owners: " + known.prefix(20).joined(separator: ", ") + (known.count > 20 ? ", ..." : "")
    return "no fine-tune has owner '\(owner)' (\(list)); the channel routes nothing until one does"
}
