/// `1 entry`, `2 entries`, `0 entries`: a count with its noun in the
/// right number (`many` defaults to `one` + "s").
public func counted(_ n: Int, _ one: String, _ many: String? = nil) -> String {
    "\(n) \(n == 1 ? one : many ?? one + "s")"
}
