/// Total cost of ownership over a horizon: keeping the fine-tune (training
/// spent so far + expected retrains + fine-tuned inference) against the
/// prompt path (the same calls on the base model, with the prompt's extra
/// input tokens).
///
/// Money stays exact: a month of inference is summed in Int128 as tokens x
/// millionths per 1M tokens and rounded once, half up, to the currency's
/// minor unit; the horizon's inference is that monthly amount times the
/// months, so the totals always agree with the monthly figures shown.
public enum Ownership {
    /// What the comparison needs.
    public struct Question: Sendable {
        public var fineTune: String
        public var base: BaseRef
        public var volume: Volume
        public var promptTokens: Int64
        public var months: Int
        public var now: Day
        public var prices: EffectivePrices
        /// Every generation's training cost so far.
        public var spent: [Money]
        /// The fine-tune's expected retrains (any range; those in the horizon count).
        public var events: [RetrainEvent]

        public init(fineTune: String, base: BaseRef, volume: Volume, promptTokens: Int64, months: Int, now: Day,
                    prices: EffectivePrices, spent: [Money], events: [RetrainEvent]) {
            self.fineTune = fineTune
            self.base = base
            self.volume = volume
            self.promptTokens = promptTokens
            self.months = months
            self.now = now
            self.prices = prices
            self.spent = spent
            self.events = events
        }
    }

    /// An input the comparison cannot do without.
    public enum Missing: String, Sendable, CaseIterable {
        case callsPerMonth = "calls per month"
        case tokensIn = "input tokens per call"
        case tokensOut = "output tokens per call"
        case priceIn = "input price"
        case priceOut = "output price"
        case ftPriceIn = "fine-tuned input price"
        case ftPriceOut = "fine-tuned output price"

        /// The volume inputs are options; the prices are facts of the base.
        public var isPrice: Bool { self == .priceIn || self == .priceOut || self == .ftPriceIn || self == .ftPriceOut }
    }

    public enum Problem: Error, Sendable, Equatable {
        case missing([Missing])
        /// Two amounts in different currencies: what each one is.
        case currencies(String, String, first: String, second: String)
        case overflow
    }

    /// One path's numbers.
    public struct Path: Sendable, Equatable {
        /// Everything over the horizon.
        public var total: Money
        /// Inference per month plus (fine-tune) the horizon's retrains spread evenly.
        public var monthly: Money
        /// Inference alone, per month.
        public var inferenceMonthly: Money
    }

    public struct Answer: Sendable, Equatable {
        public var months: Int
        /// The first day after the horizon (`now` + months).
        public var until: Day
        public var fineTunePath: Path
        public var promptPath: Path
        /// Training recorded so far.
        public var spent: Money
        public var retrains: [RetrainEvent]
        public var retrainCost: Money
        /// fine-tune total - prompt total (positive: the prompt path is cheaper).
        public var difference: Money
        /// The first month (1-based) at whose end the cheaper path changes,
        /// and that day; nil when one path stays cheaper (or they stay even).
        public var crossing: (month: Int, day: Day)?

        public static func == (a: Answer, b: Answer) -> Bool {
            a.months == b.months && a.until == b.until && a.fineTunePath == b.fineTunePath && a.promptPath == b.promptPath
                && a.spent == b.spent && a.retrains == b.retrains && a.retrainCost == b.retrainCost
                && a.difference == b.difference && a.crossing?.month == b.crossing?.month && a.crossing?.day == b.crossing?.day
        }
    }

    /// The month (1-based) of the horizon a day falls in.
    public static func month(of day: Day, from now: Day) -> Int {
        var k = 1
        while day >= now.adding(months: k) && k <= 12_000 { k += 1 }
        return k
    }

    /// calls x sum(tokens x millionths per 1M), exact; nil when it does not fit in 128 bits.
    static func tokenMicros(calls: Int64, _ parts: [(tokens: Int64, micros: Int64)]) -> Int128? {
        var sum: Int128 = 0
        for p in parts {
            let (product, o1) = Int128(p.tokens).multipliedReportingOverflow(by: Int128(p.micros))
            let (next, o2) = sum.addingReportingOverflow(product)
            if o1 || o2 { return nil }
            sum = next
        }
        let (total, o) = Int128(calls).multipliedReportingOverflow(by: sum)
        return o ? nil : total
    }

    public static func compare(_ q: Question) -> Result<Answer, Problem> {
        var missing: [Missing] = []
        if q.volume.callsPerMonth == nil { missing.append(.callsPerMonth) }
        if q.volume.tokensIn == nil { missing.append(.tokensIn) }
        if q.volume.tokensOut == nil { missing.append(.tokensOut) }
        let kinds: [(PriceKind, Missing)] = [(.input, .priceIn), (.output, .priceOut), (.fineTunedInput, .ftPriceIn),
                                             (.fineTunedOutput, .ftPriceOut)]
        for (k, m) in kinds where q.prices[k] == nil { missing.append(m) }
        guard missing.isEmpty, let calls = q.volume.callsPerMonth, let tin = q.volume.tokensIn, let tout = q.volume.tokensOut,
              let pin = q.prices[.input]?.rate, let pout = q.prices[.output]?.rate,
              let fin = q.prices[.fineTunedInput]?.rate, let fout = q.prices[.fineTunedOutput]?.rate else {
            return .failure(.missing(missing))
        }
        // One currency for everything.
        let until = q.now.adding(months: q.months)
        let retrains = q.events.filter { $0.day >= q.now && $0.day < until }
        var named: [(String, String)] = [("the \(PriceKind.input.label) price of \(q.base)", pin.currency),
                                         ("the \(PriceKind.output.label) price of \(q.base)", pout.currency),
                                         ("the \(PriceKind.fineTunedInput.label) price of \(q.base)", fin.currency),
                                         ("the \(PriceKind.fineTunedOutput.label) price of \(q.base)", fout.currency)]
        named += q.spent.map { ("the training costs of \(q.fineTune)", $0.currency) }
        named += retrains.prefix(1).map { ("the estimated retrain cost of \(q.fineTune)", $0.cost.currency) }
        let currency = named[0].1
        if let other = named.first(where: { $0.1 != currency }) {
            return .failure(.currencies(currency, other.1, first: named[0].0, second: other.0))
        }
        guard let ftTokenMicros = tokenMicros(calls: calls, [(tin, fin.micros), (tout, fout.micros)]),
              let promptTokenMicros = tokenMicros(calls: calls, [(tin + q.promptTokens, pin.micros), (tout, pout.micros)]),
              let ftInf = Rounding.minorUnits(tokenMicros: ftTokenMicros, currency: currency),
              let promptInf = Rounding.minorUnits(tokenMicros: promptTokenMicros, currency: currency) else {
            return .failure(.overflow)
        }
        let spent = q.spent.reduce(Int128(0)) { $0 + Int128($1.minorUnits) }
        let months = Int128(q.months)
        var byMonth = [Int128](repeating: 0, count: q.months + 1)
        for e in retrains { byMonth[min(month(of: e.day, from: q.now), q.months)] += Int128(e.cost.minorUnits) }
        let retrainTotal = byMonth.reduce(0, +)
        let ftTotal = spent + retrainTotal + Int128(ftInf) * months
        let promptTotal = Int128(promptInf) * months
        let spread = (retrainTotal * 2 + months) / (months * 2)   // half up
        let ftMonthly = Int128(ftInf) + spread
        // The cheaper path at each month's end; the first change is the crossing.
        func sign(_ v: Int128) -> Int { v > 0 ? 1 : v < 0 ? -1 : 0 }
        var reference = sign(spent)
        var crossing: (Int, Day)?
        var retrainsSoFar: Int128 = 0
        for m in 1...q.months {
            retrainsSoFar += byMonth[m]
            let s = sign(spent + retrainsSoFar + Int128(ftInf) * Int128(m) - Int128(promptInf) * Int128(m))
            if s == 0 { continue }
            if reference == 0 { reference = s; continue }
            if s != reference { crossing = (m, q.now.adding(months: m)); break }
        }
        func money(_ v: Int128) -> Money? {
            guard v <= Int128(Int64.max), v >= Int128(Int64.min) else { return nil }
            return Money(minorUnits: Int64(v), currency: currency)
        }
        guard let ftT = money(ftTotal), let ftM = money(ftMonthly), let ftI = money(Int128(ftInf)),
              let pT = money(promptTotal), let pI = money(Int128(promptInf)), let sp = money(spent),
              let rc = money(retrainTotal), let diff = money(ftTotal - promptTotal) else {
            return .failure(.overflow)
        }
        return .success(Answer(months: q.months, until: until,
                               fineTunePath: Path(total: ftT, monthly: ftM, inferenceMonthly: ftI),
                               promptPath: Path(total: pT, monthly: pI, inferenceMonthly: pI),
                               spent: sp, retrains: retrains, retrainCost: rc, difference: diff, crossing: crossing))
    }
}
