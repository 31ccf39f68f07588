/// What one more retrain of a fine-tune is expected to cost, and which
/// rule gave the number. The rules, in order:
/// 1. the explicit `--retrain-cost`;
/// 2. the current generation's trained tokens times the training price of
///    the successor snapshot (the base's own price when there is no
///    successor, or the successor has no price);
/// 3. the last training cost.
public struct RetrainEstimate: Sendable, Equatable {
    public enum Rule: String, Sendable {
        case explicit = "retrain-cost"
        case successorTrainPrice = "successor-train-price"
        case baseTrainPrice = "base-train-price"
        case lastCost = "last-cost"
    }
    public var cost: Money
    public var rule: Rule
    /// For people: `2,000,000 trained tokens x 25.00 USD per 1M (training price of openai/gpt-4o@2024-11-20)`.
    public var explanation: String

    public init(cost: Money, rule: Rule, explanation: String) {
        self.cost = cost
        self.rule = rule
        self.explanation = explanation
    }

    /// The estimate for `subject`, trained on `base`, whose successor (the
    /// newer snapshot it would move to) is `successor`.
    public static func of(_ subject: CostSubject, base: BaseVersion, successor: BaseVersion?,
                          trainPrices: [Int64: TrainPrice]) -> RetrainEstimate {
        if let c = subject.retrainCost {
            return RetrainEstimate(cost: c, rule: .explicit, explanation: "the retrain cost set on \(subject.name)")
        }
        if let tokens = subject.trainedTokens {
            let candidates: [(BaseVersion, Rule)] = (successor.map { [($0, Rule.successorTrainPrice)] } ?? [])
                + [(base, .baseTrainPrice)]
            for (b, rule) in candidates {
                // A price in another currency than the fine-tune's costs is
                // not used: an estimate never changes currency.
                guard let price = trainPrices[b.id], price.perMillion.currency == subject.lastCost.currency,
                      let cost = TrainPrice.cost(tokens: tokens, at: price.perMillion) else { continue }
                let what = rule == .successorTrainPrice ? "the successor" : "its base"
                return RetrainEstimate(
                    cost: cost, rule: rule,
                    explanation: "\(Grouping.digits(tokens)) trained tokens x \(price.perMillion) per 1M, the training price of \(what) \(b.ref)")
            }
        }
        return RetrainEstimate(cost: subject.lastCost, rule: .lastCost,
                               explanation: "the last training cost, generation \(subject.generation)")
    }
}

/// Digit grouping for counts people read: `2,000,000`.
public enum Grouping {
    public static func digits(_ n: Int64) -> String {
        Money.format(n, currency: "JPY")
    }
}
