import TrackerCore

extension Store {
    /// Computes the alerts in force as of `now` and stores them (within the
    /// caller's transaction).
    @discardableResult
    public func refreshAlerts(now: Day) throws(Failure) -> (opened: Int, resolved: Int) {
        try syncAlerts(AlertRules.alerts(subjects: try alertSubjects(), bases: try allBases(), now: now), now: now)
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
