import TrackerCore

extension Store {
    /// The prices that apply to a base: those set on it, the catalog's
    /// for the rest, and its training price.
    public func effectivePrices(_ base: BaseVersion) throws(Failure) -> EffectivePrices {
        EffectivePrices.merge(set: try prices(base: base.id), catalog: try prices(of: base), train: try trainPrice(base: base.id))
    }

    /// The forecast model over every active fine-tune as of `now`.
    public func forecastModel(now: Day) throws(Failure) -> ForecastModel {
        ForecastModel(subjects: try costSubjects(), bases: try allBases(), trainPrices: try allTrainPrices(), now: now)
    }

    /// Every budget judged as of `now` (in `budgets()` order), each with
    /// its standing or the reason it cannot be judged.
    public func budgetStandings(now: Day) throws(Failure) -> [Result<BudgetStanding, BudgetProblem>] {
        let budgets = try budgets()
        guard !budgets.isEmpty else { return [] }
        let events = try forecastModel(now: now).events(through: BudgetRules.forecastEnd(budgets, now: now))
        let spending = try spending()
        return budgets.map { BudgetRules.standing($0, spending: spending, events: events, now: now) }
    }
}

extension Store {
    /// What the next retrain of an active fine-tune is expected to cost and
    /// when it is expected (nil when none is: a `never` policy on a base
    /// with no dates). Nil for a retired fine-tune.
    public func retrainOutlook(_ ft: FineTune, lineage: [Generation], now: Day)
        throws(Failure) -> (estimate: RetrainEstimate, next: RetrainEvent?)? {
        guard ft.retiredOn == nil, let current = lineage.last else { return nil }
        let subject = CostSubject(ft, current: current)
        let model = ForecastModel(subjects: [subject], bases: try allBases(), trainPrices: try allTrainPrices(), now: now)
        guard let estimate = model.estimates[ft.name] else { return nil }
        return (estimate, model.events(of: subject, through: Day.max, limit: 1).first)
    }
}

extension Store {
    /// What each task adds to its fine-tunes' due verdicts, by the task
    /// name's `NameKey`: its target, and its best prompt revision when that
    /// meets the target (`prompt-meets-target`).
    public func taskFacts() throws(Failure) -> [String: TaskFact] {
        let tasks = try tasks()
        guard !tasks.isEmpty else { return [:] }
        var prompts: [String: [PromptStanding]] = [:]
        for p in try allPromptRevisions() {
            prompts[NameKey.of(p.task), default: []].append(PromptStanding(revision: p.number, eval: p.latestEval, model: nil))
        }
        var out: [String: TaskFact] = [:]
        for t in tasks {
            let key = NameKey.of(t.name)
            var hit: PromptHit?
            if let best = Verdict.best(prompts[key] ?? []), let e = best.eval, e.meets(percent: t.targetPercent) {
                hit = PromptHit(task: t.name, revision: best.revision, eval: e)
            }
            out[key] = TaskFact(target: t.targetPercent, prompt: hit)
        }
        return out
    }
}
