import ArgumentParser
import TrackerCore
import TrackerStore

/// Expected use and the explicit retrain cost, shared by `add`, `retrain`
/// and `set`. In `set`, 'none' clears a value.
struct VolumeOptions: ParsableArguments {
    @Option(name: .customLong("calls-per-month"), help: ArgumentHelp("Expected calls a month.", valueName: "n"))
    var callsPerMonth: String?

    @Option(name: .customLong("tokens-in"), help: ArgumentHelp("Input tokens per call.", valueName: "n"))
    var tokensIn: String?

    @Option(name: .customLong("tokens-out"), help: ArgumentHelp("Output tokens per call.", valueName: "n"))
    var tokensOut: String?

    @Option(name: .customLong("retrain-cost"), help: ArgumentHelp(
        "What one retrain will cost (overrides the estimate): 1500, $1,500 or 1500 USD.", valueName: "money"))
    var retrainCost: String?

    var isEmpty: Bool { callsPerMonth == nil && tokensIn == nil && tokensOut == nil && retrainCost == nil }

    /// The checked values; `.some(nil)` is 'none' (clear), `nil` is not given.
    struct Parsed {
        var callsPerMonth: Int64??
        var tokensIn: Int64??
        var tokensOut: Int64??
        var retrainCost: Money??

        /// Applies the given values to a fine-tune.
        func apply(to ft: inout FineTune) {
            if let v = callsPerMonth { ft.volume.callsPerMonth = v }
            if let v = tokensIn { ft.volume.tokensIn = v }
            if let v = tokensOut { ft.volume.tokensOut = v }
            if let v = retrainCost { ft.retrainCost = v }
        }
    }

    /// Checks every value before the database is touched; 'none' clears
    /// when `allowNone`.
    func parsed(allowNone: Bool) throws(Failure) -> Parsed {
        func count(_ text: String?, _ field: String) throws(Failure) -> Int64?? {
            guard let text else { return nil }
            if allowNone && isNone(text) { return .some(nil) }
            return .some(try parseVolume(text, field: field))
        }
        var p = Parsed()
        p.callsPerMonth = try count(callsPerMonth, "--calls-per-month")
        p.tokensIn = try count(tokensIn, "--tokens-in")
        p.tokensOut = try count(tokensOut, "--tokens-out")
        if let text = retrainCost {
            p.retrainCost = allowNone && isNone(text) ? .some(nil) : .some(try parseMoney(text, field: "--retrain-cost"))
        }
        return p
    }
}

/// 'none' (or 'unknown'): clear the value.
func isNone(_ text: String) -> Bool {
    let t = text.trimmingWhitespace().lowercased()
    return t == "none" || t == "unknown"
}

/// A volume: a whole number from 0 up to a trillion (a larger one is a typo).
func parseVolume(_ text: String, field: String) throws(Failure) -> Int64 {
    if text.trimmingWhitespace().hasPrefix("-") {
        throw Failure.usage("\(field) '\(text)' is negative; give a whole number of 0 or more")
    }
    let n = try parseCount(text, field: field)
    guard n <= 1_000_000_000_000 else {
        throw Failure.usage("\(field) '\(text)' is more than 1,000,000,000,000; give the expected number")
    }
    return n
}
