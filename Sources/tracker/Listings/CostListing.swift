import TrackerCore
import TrackerStore

/// One path of `tracker cost`: `fine-tune` or `prompt`.
struct CostPathRow: Sendable {
    var path: String
    var numbers: Ownership.Path
}

/// `tracker cost NAME`: the two paths as rows, the inputs above them, the
/// verdict below (JSON: head and tail fields).
enum CostListing {
    static let columns: [Column<CostPathRow>] = [
        Column("PATH", "path") { .text($0.path) },
        Column("TOTAL", "total", in: .table) { .text($0.numbers.total.description) },
        Column("TOTAL", "total", in: .json) { .money($0.numbers.total) },
        Column("TOTAL", "total", in: .csv) { .text($0.numbers.total.plainAmount) },
        Column("MONTHLY", "monthly", in: .table) { .text($0.numbers.monthly.description) },
        Column("MONTHLY", "monthly", in: .json) { .money($0.numbers.monthly) },
        Column("MONTHLY", "monthly", in: .csv) { .text($0.numbers.monthly.plainAmount) },
        Column("INFERENCE/MONTH", "inference_monthly", in: .table) { .text($0.numbers.inferenceMonthly.description) },
        Column("INFERENCE/MONTH", "inference_monthly", in: .json) { .money($0.numbers.inferenceMonthly) },
        Column("INFERENCE/MONTH", "inference_monthly", in: .csv) { .text($0.numbers.inferenceMonthly.plainAmount) },
        Column("CURRENCY", "currency", in: .csv) { .text($0.numbers.total.currency) },
    ]

    static func rows(_ a: Ownership.Answer) -> [CostPathRow] {
        [CostPathRow(path: "fine-tune", numbers: a.fineTunePath), CostPathRow(path: "prompt", numbers: a.promptPath)]
    }

    /// `fine-tune`, `prompt` or `even`: the cheaper path over the horizon.
    static func cheaper(_ a: Ownership.Answer) -> String {
        a.difference.minorUnits > 0 ? "prompt" : a.difference.minorUnits < 0 ? "fine-tune" : "even"
    }

    /// `month 3 (2027-02-28)` or `none within 12 months`.
    static func crossingText(_ a: Ownership.Answer) -> String {
        a.crossing.map { "month \($0.month) (\($0.day))" } ?? "none within \(a.months) month\(a.months == 1 ? "" : "s")"
    }

    static func listing(_ name: String, base: BaseRef, question q: Ownership.Question, answer a: Ownership.Answer) -> Listing<CostPathRow> {
        let kinds: [(PriceKind, String)] = [(.input, "input_per_1m"), (.output, "output_per_1m"),
                                            (.fineTunedInput, "fine_tuned_input_per_1m"),
                                            (.fineTunedOutput, "fine_tuned_output_per_1m")]
        let pricesText = kinds.compactMap { k, _ in q.prices[k].map { "\(k.label) \($0.rate) (\($0.source))" } }
            .joined(separator: ", ")
        let retrainsText = "\(a.retrains.count) expected" + (a.retrains.isEmpty ? "" : ", \(a.retrainCost)")
        let difference: String
        switch a.difference.minorUnits {
        case 1...: difference = "\(a.difference) more on the fine-tune path"
        case ..<0: difference = "\(Money(minorUnits: -a.difference.minorUnits, currency: a.difference.currency)) more on the prompt path"
        default: difference = "none"
        }
        let verdict: [(String, String)] = [
            ("spent so far", "\(a.spent)"),
            ("retrains", retrainsText),
        ]
        let events = a.retrains.map { "  \($0.day)  \($0.cost)  \($0.driver.text)" }
        let after: [(String, String)] = [
            ("difference", difference),
            ("cheaper", cheaper(a) == "even" ? "neither (even)" : "the \(cheaper(a)) path"),
            ("crossing", crossingText(a)),
        ]
        func aligned(_ pairs: [(String, String)]) -> [String] {
            pairs.map { $0.0 + ":" + String(repeating: " ", count: 13 - $0.0.count) + $0.1 }
        }
        let footer = [""] + aligned(verdict) + events + aligned(after)
        return Listing(columns, key: "paths", head: [
            Field("fine-tune", key: "name", .text(name)),
            Field("base", key: "base", .text(base.description)),
            Field("", key: "now", in: .json, .day(q.now)),
            Field("", key: "months", in: .json, .int(q.months)),
            Field("", key: "until", in: .json, .day(a.until)),
            Field("horizon", key: "horizon", in: .table,
                  .text("\(q.months) month\(q.months == 1 ? "" : "s"), \(q.now) to \(a.until.adding(days: -1))")),
            Field("volume", key: "volume", in: .table, .text(volumeText(q.volume))),
            Field("", key: "volume", in: .json, .object([
                Field("calls_per_month", .int(q.volume.callsPerMonth)), Field("tokens_in", .int(q.volume.tokensIn)),
                Field("tokens_out", .int(q.volume.tokensOut)),
            ], flat: nil)),
            Field("prompt tokens", key: "prompt_tokens", in: .table, .text("+\(Grouping.digits(q.promptTokens)) input tokens per call on the prompt path")),
            Field("", key: "prompt_tokens", in: .json, .int(q.promptTokens)),
            Field("prices per 1M", key: "prices", in: .table, .text(pricesText)),
            Field("", key: "prices", in: .json, .object(kinds.map { k, key in
                Field(key, .object(EffectivePrices.fields(q.prices[k]), flat: nil))
            }, flat: nil)),
        ], tail: [
            Field("", key: "spent", in: .json, .money(a.spent)),
            Field("", key: "retrains", in: .json, .object([
                Field("count", .int(a.retrains.count)),
                Field("cost", .money(a.retrainCost)),
                Field("events", .objects(a.retrains.map { e in
                    [Field("date", .day(e.day)), Field("driver", .text(e.driver.code)), Field("reason", .text(e.driver.text)),
                     Field("cost", .money(e.cost))]
                }, flat: nil)),
            ], flat: nil)),
            Field("", key: "difference", in: .json, .money(a.difference)),
            Field("", key: "cheaper", in: .json, .text(cheaper(a))),
            Field("", key: "crossing", in: .json, .object(a.crossing.map {
                [Field("month", .int($0.month)), Field("date", .day($0.day))]
            }, flat: nil)),
        ], footer: footer)
    }

    /// The one-line error for a comparison that cannot be made.
    static func failure(_ problem: Ownership.Problem, name: String, base: BaseRef) -> Failure {
        switch problem {
        case .missing(let missing):
            var parts: [String] = []
            let volume = missing.filter { !$0.isPrice }
            if !volume.isEmpty {
                let options = volume.map(option)
                let give = options.count == 1 ? "give \(options[0]) or" : "give \(list(options)), or set them with"
                parts.append("\(list(volume.map(\.rawValue))) (\(give) 'tracker set \(name) \(options.map { "\($0) N" }.joined(separator: " "))')")
            }
            let prices = missing.filter(\.isPrice)
            if !prices.isEmpty {
                let options = prices.map { "\(kind($0).option) ..." }.joined(separator: " ")
                let them = prices.count == 1 ? "it" : "them"
                parts.append("\(list(prices.map(\.rawValue))) of \(base) (set \(them) with 'tracker base set \(base) \(options)' or read \(them) with 'tracker sync catalog')")
            }
            return Failure.data("cannot compare costs for \(name): missing \(parts.joined(separator: ", "))")
        case .currencies(let a, let b, let first, let second):
            return Failure.data("cannot compare costs for \(name) in one currency: \(first) is in \(a), \(second) in \(b); currencies are never mixed: set the prices of \(base) in \(b) with 'tracker base set \(base) --price-in ... --price-out ... --ft-price-in ... --ft-price-out ...', or give the other amounts in \(a) ('tracker set \(name) --retrain-cost ...')")
        case .overflow:
            return Failure.data("cannot compare costs for \(name): the amounts are too large to add up; check its volume with 'tracker show \(name)'")
        }
    }

    static func option(_ m: Ownership.Missing) -> String {
        switch m {
        case .callsPerMonth: return "--calls-per-month"
        case .tokensIn: return "--tokens-in"
        case .tokensOut: return "--tokens-out"
        default: return kind(m).option
        }
    }

    static func kind(_ m: Ownership.Missing) -> PriceKind {
        switch m {
        case .priceIn: return .input
        case .priceOut: return .output
        case .ftPriceIn: return .fineTunedInput
        default: return .fineTunedOutput
        }
    }

    /// `a`, `a and b`, `a, b and c`.
    static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}
