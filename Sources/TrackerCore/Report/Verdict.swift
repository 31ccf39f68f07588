/// One prompt revision as the report weighs it: its latest eval.
public struct PromptStanding: Sendable, Equatable {
    public var revision: Int
    public var eval: EvalResult?
    /// The base it was tested on (`PROVIDER/FAMILY@VERSION`), if recorded.
    public var model: String?

    public init(revision: Int, eval: EvalResult?, model: String?) {
        self.revision = revision
        self.eval = eval
        self.model = model
    }
}

/// One active fine-tune of a task as the report weighs it.
public struct FineTuneStanding: Sendable, Equatable {
    public var name: String
    public var generation: Int
    public var base: String
    public var examples: Int64?
    /// Its current generation's latest eval.
    public var eval: EvalResult?
    /// The due reasons' codes and text (empty: not due).
    public var dueCodes: [String]
    public var dueText: String?
    /// Training spent to date, per currency.
    public var spent: [Money]
    /// The retrains the forecast expects in the next 12 months, per currency.
    public var forecast: [Money]
    public var expectedRetrains: Int

    public init(name: String, generation: Int, base: String, examples: Int64?, eval: EvalResult?, dueCodes: [String],
                dueText: String?, spent: [Money], forecast: [Money], expectedRetrains: Int) {
        self.name = name
        self.generation = generation
        self.base = base
        self.examples = examples
        self.eval = eval
        self.dueCodes = dueCodes
        self.dueText = dueText
        self.spent = spent
        self.forecast = forecast
        self.expectedRetrains = expectedRetrains
    }
}

/// The one verdict per task, from the rules teams should follow: try a
/// prompt first and stop when it meets the target on 10-20 examples; after
/// 3-5 revisions still under the target a fine-tune is justified, trained
/// on at least 100 examples (500+ is better); a fine-tune that a prompt
/// has caught up with is a maintenance cost to retire, not to retrain.
public struct Verdict: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A prompt meets the target and a fine-tune is still kept.
        case retireFineTune = "retire-fine-tune"
        /// A prompt meets the target; no fine-tune is needed.
        case promptMeetsTarget = "prompt-meets-target"
        /// A fine-tune was trained on fewer than the minimum examples.
        case tooFewExamples = "too-few-examples"
        /// Fewer than `minimumRevisions` prompt revisions, none at target.
        case iteratePrompt = "iterate-prompt"
        /// `minimumRevisions` or more revisions, none at target.
        case fineTuneJustified = "fine-tune-justified"
    }
    public var kind: Kind
    public var text: String

    /// Revisions to try before a fine-tune is justified.
    public static let minimumRevisions = 3
    /// Examples below which a fine-tune is unstable.
    public static let minimumExamples: Int64 = 100
    public static let recommendedExamples: Int64 = 500

    /// The best revision: the highest success rate among those evaluated
    /// (the later revision on a tie).
    public static func best(_ prompts: [PromptStanding]) -> PromptStanding? {
        prompts.filter { $0.eval != nil }.max { a, b in
            let x = a.eval!, y = b.eval!
            // Compare passed/total exactly: x.p * y.t vs y.p * x.t.
            let l = x.passed.multipliedFullWidth(by: y.total), r = y.passed.multipliedFullWidth(by: x.total)
            if l.high != r.high || l.low != r.low { return l.high != r.high ? l.high < r.high : l.low < r.low }
            return a.revision < b.revision
        }
    }

    /// `r4: 17/20, 85%`.
    static func describe(_ p: PromptStanding) -> String {
        "r\(p.revision): \(p.eval.map { "\($0), \($0.percent)%" } ?? "no eval")"
    }

    /// The verdict for a task with `target` percent, its prompt revisions
    /// (oldest first) and its active fine-tunes.
    public static func of(target: Int, prompts: [PromptStanding], fineTunes: [FineTuneStanding]) -> Verdict {
        let best = Verdict.best(prompts)
        if let best, let e = best.eval, e.meets(percent: target) {
            guard !fineTunes.isEmpty else {
                return Verdict(kind: .promptMeetsTarget, text: "prompt meets target (\(describe(best))): no fine-tune needed")
            }
            let names = fineTunes.map(\.name).joined(separator: ", ")
            let totals = (try? Money.totals(fineTunes.flatMap(\.forecast))) ?? []
            let cost = totals.isEmpty ? "nothing expected in the next 12 months"
                : "~\(Money.describe(totals: totals))/yr to maintain"
            let it = fineTunes.count == 1 ? "it" : "them"
            return Verdict(kind: .retireFineTune, text: "prompt meets target (\(describe(best))) — fine-tune \(names) costs \(cost); consider retiring \(it)")
        }
        if let few = fineTunes.first(where: { ($0.examples ?? Verdict.minimumExamples) < Verdict.minimumExamples }), let n = few.examples {
            return Verdict(kind: .tooFewExamples, text: "fine-tune \(few.name) trained on \(n) examples: below the \(Verdict.minimumExamples) minimum (\(Verdict.recommendedExamples)+ recommended)")
        }
        let bestText = best.map { b in b.eval.map { "best \($0.percent)% (r\(b.revision): \($0))" } ?? "" } ?? ""
        if prompts.count < Verdict.minimumRevisions {
            let so = prompts.isEmpty ? "no prompt revision recorded yet; test one on 10-20 examples"
                : "\(prompts.count) revision\(prompts.count == 1 ? "" : "s") so far" + (bestText.isEmpty ? ", none evaluated" : ", \(bestText)")
            // A fine-tune the base or its policy makes due is about to cost a
            // retrain: the prompt is worth trying before paying for it.
            let retrainCodes: Set<String> = [ReasonCode.baseShutDown, .baseShutdownSoon, .baseGone, .baseDeprecated,
                                             .baseSuperseded, .age].reduce(into: []) { $0.insert($1.rawValue) }
            let due = fineTunes.filter { !Set($0.dueCodes).isDisjoint(with: retrainCodes) }.map(\.name)
            let before = due.isEmpty ? "" : ", before paying to retrain \(due.joined(separator: ", "))"
            return Verdict(kind: .iteratePrompt, text: "iterate the prompt first (\(so); target \(target)%)\(before)")
        }
        var text = "fine-tune justified: " + (bestText.isEmpty ? "no evaluated prompt" : bestText)
            + " after \(counted(prompts.count, "revision")), under the \(target)% target"
        if let small = fineTunes.first(where: { ($0.examples ?? Verdict.recommendedExamples) < Verdict.recommendedExamples }),
           let n = small.examples {
            text += "; \(small.name) was trained on \(n) examples (\(Verdict.recommendedExamples)+ recommended)"
        }
        return Verdict(kind: .fineTuneJustified, text: text)
    }
}
