import TrackerCore

extension Store {
    /// Computes the alerts in force as of `now` (the fine-tunes' and the
    /// budgets') and stores them (within the caller's transaction). A
    /// budget that cannot be judged (a cost in another currency, which only
    /// an import can bring) keeps its alerts as they are; `tracker budget
    /// show` names the problem.
    @discardableResult
    public func refreshAlerts(now: Day) throws(Failure) -> (opened: Int, resolved: Int) {
        var set = AlertRules.alerts(subjects: try alertSubjects(), bases: try allBases(), now: now, taskFacts: try taskFacts())
        var standings: [BudgetStanding] = []
        for result in try budgetStandings(now: now) {
            switch result {
            case .success(let s): standings.append(s)
            case .failure(let p):
                let b: Budget
                switch p { case .currency(let budget, _, _), .overflow(let budget): b = budget }
                for reason in ["budget-over", "budget-at-risk"] { set.inhibited.insert(BudgetRules.key(b, reason: reason)) }
            }
        }
        let budgetSet = standings.isEmpty ? AlertSet() : BudgetRules.alerts(standings, now: now, taskOwners: try costSubjects())
        set.active += budgetSet.active
        set.inhibited.formUnion(budgetSet.inhibited)
        return try syncAlerts(set, now: now)
    }

    /// Brings the stored alerts in line with the alerts in force: new ones
    /// open, returning ones open a new episode, absent ones resolve, and
    /// inhibited ones wait silently. Returns (opened, resolved) counts.
    @discardableResult
    public func syncAlerts(_ set: AlertSet, now: Day) throws(Failure) -> (opened: Int, resolved: Int) {
        var existing: [String: StoredAlert] = [:]
        for a in try storedAlerts() { existing[a.alert.key] = a }
        var opened = 0, resolved = 0
        var seen = Set<String>()
        for a in set.active {
            seen.insert(a.key)
            if let old = existing[a.key] {
                let reopening = old.state == .resolved
                if reopening { opened += 1 }
                try updateAlert(old, to: a, reopen: reopening, now: now)
            } else {
                opened += 1
                try insertAlert(a, now: now)
            }
        }
        for (key, old) in existing where !seen.contains(key) && old.state != .resolved {
            if set.inhibited.contains(key) {
                if old.state != .inhibited { try setAlertState(old.rowID, .inhibited, now: now) }
            } else {
                resolved += 1
                try setAlertState(old.rowID, .resolved, now: now)
            }
        }
        return (opened, resolved)
    }
}
