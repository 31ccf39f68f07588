/// The deadlines `tracker calendar` publishes, as calendar events:
///
/// - end of life: the shutdown day of the base an active fine-tune's
///   current generation runs on, when that day is known;
/// - the next retrain: each active fine-tune's first expected retrain from
///   the forecast within 12 months of `now` ("planned" when it is already
///   due as `tracker due` lists it, "expected" otherwise).
///
/// UIDs depend only on the fine-tune's name key, the kind of event and
/// (for end of life) the base, never on a date: when a date moves, a
/// subscribed calendar moves the event instead of adding another.
public enum Deadlines {
    /// Display alarms fire this many days before each event.
    public static let alarmDaysBefore = [90, 30, 7]
    /// Retrains are published this many months ahead of `now`.
    public static let retrainMonths = 12

    /// The events for `subjects` (already filtered), sorted by day, then name.
    public static func events(_ model: ForecastModel, bases: [BaseVersion]) -> [ICalendar.Event] {
        let byID = Dictionary(bases.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let end = model.now.adding(months: retrainMonths).adding(days: -1)
        var out: [ICalendar.Event] = []
        for s in model.subjects {
            guard let base = byID[s.baseID] else { continue }
            let key = NameKey.of(s.name)
            let who = facts(s, base: base)
            if let shutdown = base.shutdown {
                out.append(ICalendar.Event(
                    uid: ICalendar.uid(kind: "eol", [key, base.ref.description]),
                    day: shutdown,
                    summary: "\(s.name) stops working: \(base.ref) shuts down",
                    description: (who + [
                        "\(base.ref) shuts down on \(shutdown); \(s.name) stops working that day.",
                        "What to do: retrain it on a newer snapshot before then "
                            + "(tracker retrain \(s.name) --base REF --trained DATE --cost MONEY), "
                            + "or retire it if a prompt does the job (tracker retire \(s.name)). "
                            + "'tracker due' lists what is due and why.",
                    ]).joined(separator: "\n"),
                    alarmDaysBefore: alarmDaysBefore,
                    sortName: s.name))
            }
            if let next = model.events(of: s, through: end, limit: 1).first {
                let status = next.planned ? "planned" : "expected"
                out.append(ICalendar.Event(
                    uid: ICalendar.uid(kind: "retrain", [key]),
                    day: next.day,
                    summary: "\(s.name): retrain \(status) (\(next.driver.code))",
                    description: (who + [
                        "Why: \(next.driver.text).",
                        "Estimated cost: \(next.cost).",
                        next.planned
                            ? "Planned: the retrain is already due ('tracker due' lists it)."
                            : "Expected: forecast from the base's dates, its family's release cadence and the retrain policy; not due yet.",
                        "What to do: tracker due; then tracker retrain \(s.name) --base REF --trained DATE --cost MONEY.",
                    ]).joined(separator: "\n"),
                    alarmDaysBefore: alarmDaysBefore,
                    sortName: s.name))
            }
        }
        return ICalendar.sorted(out)
    }

    /// Why a calendar has no events, for a one-line note.
    public static func whyEmpty(subjects: Int, owner: String?) -> String {
        if subjects == 0 {
            if let owner { return "no active fine-tunes owned by \(owner)" }
            return "no active fine-tunes"
        }
        return "no active fine-tune has a known base shutdown day or an expected retrain within \(retrainMonths) months"
    }

    static func facts(_ s: CostSubject, base: BaseVersion) -> [String] {
        [
            "Fine-tune: \(s.name)",
            "Owner: \(s.owner ?? "none")",
            "Task: \(s.task ?? "none")",
            "Generation: \(s.generation) (trained \(s.trained))",
            "Base: \(base.ref)",
        ]
    }
}
