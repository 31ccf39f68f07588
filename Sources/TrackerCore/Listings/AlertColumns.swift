/// An alert's own fields, declared once and shared by every view of an
/// alert: the webhook payload (`JSONWriter.alertFields`) and `tracker alerts`.
public enum AlertColumns {
    public static let id = Column<Alert>("ID", "id") { .text($0.id) }
    public static let key = Column<Alert>("KEY", "key") { .text($0.key) }
    /// Null for a budget's alert (as are generation and base).
    public static let fineTune = Column<Alert>("FINE-TUNE", "fine_tune") { .text($0.budget == nil ? $0.fineTune : nil) }
    public static let owner = Column<Alert>("OWNER", "owner") { .text($0.owner) }
    public static let task = Column<Alert>("TASK", "task") { .text($0.task) }
    public static let generation = Column<Alert>("GEN", "generation") { .int($0.budget == nil ? $0.generation : nil) }
    public static let reason = Column<Alert>("REASON", "reason") { .text($0.reason) }
    public static let base = Column<Alert>("BASE", "base") { .text($0.budget == nil ? $0.base : nil) }
    /// For `budget-at-risk` and `budget-over`: `SCOPE PERIOD`; null otherwise.
    public static let budget = Column<Alert>("BUDGET", "budget") { .text($0.budget) }
    public static let urgency = Column<Alert>("URGENCY", "urgency") { .text($0.urgency.name) }
    /// The day that matters (shutdown, retrain-by, deprecation).
    public static let date = Column<Alert>("DATE", "date") { .day($0.date) }
    public static let daysLeft = Column<Alert>("DAYS LEFT", "days_left") { .int($0.daysLeft) }
    /// For `base-shutdown-soon`: the step crossed (90, 60, 30, 7 or 1 days).
    public static let threshold = Column<Alert>("THRESHOLD", "threshold") { .int($0.threshold) }
    public static let text = Column<Alert>("TEXT", "text") { .text($0.text) }

    /// The fields every JSON view of an alert starts with, in this order.
    public static let common: [Column<Alert>] = [id, key, fineTune, owner, task, generation, reason, base, urgency, date, budget]
}
