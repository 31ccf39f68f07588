import TrackerCore

/// How a command opens the store.
public enum StoreOpenMode: Sendable {
    /// Create the database if missing, apply pending migrations.
    case write
    /// The database must exist; pending migrations are still applied so an
    /// older database can be read by a newer tracker.
    case read
    /// The database must exist; nothing is changed (for `migrate --list`).
    case inspect
}

/// What any tracker database can do: transactions, the notify lock, and the
/// queries the commands, the notifier and the importers need. Callers see
/// domain records from TrackerCore only; every SQL statement lives in a
/// backend (today `SQLStore`). Rules that combine queries (finding a
/// base, merging source facts, refreshing alerts) are extensions of this
/// protocol, so every backend shares them.
///
/// Errors are `Failure`s that say what happened in the database; the command
/// layer adds the advice.
public protocol Store: AnyObject {
    /// Where the data lives (a file path, or a redacted server address).
    var location: String { get }

    // MARK: Transactions

    /// Runs `body` in one write transaction, taking the write lock up front;
    /// an error rolls everything back, so nothing is half-written.
    func write<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T
    /// Runs `body` in one read transaction: every query sees one snapshot.
    func read<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T
    /// Runs `body` in a write transaction that is always rolled back: to
    /// show what a change would do without making it.
    func rolledBack<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T
    /// Runs `body` while holding the notify lock of this database, so two
    /// `tracker notify` runs never deliver the same digest. A killed holder
    /// releases it.
    func withNotifyLock<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T

    // MARK: Schema

    /// Applied and pending migrations.
    func migrationStatus() throws(Failure) -> [MigrationStatus]
    /// The migrations applied when this store was opened.
    var migrationsAppliedAtOpen: [MigrationStatus] { get }
    /// True when nothing of the user's is stored yet (for `import`).
    func isEmpty() throws(Failure) -> Bool

    // MARK: Base versions

    func allBases() throws(Failure) -> [BaseVersion]
    func base(_ ref: BaseRef) throws(Failure) -> BaseVersion?
    func base(id: Int64) throws(Failure) -> BaseVersion?
    /// Versions whose provider model id is `modelID` (or `provider/modelID`).
    func bases(modelID: String) throws(Failure) -> [BaseVersion]
    /// Stores a new base version with its initial facts in the history.
    func insertBase(_ b: BaseVersion, source: DateSource, today: Day) throws(Failure) -> Int64
    /// Writes changed lifecycle facts of a base, recording each change;
    /// returns the fields that changed.
    @discardableResult
    func updateBase(from old: BaseVersion, to new: BaseVersion, source: DateSource, today: Day) throws(Failure) -> [DateChange.Field]
    /// Every recorded change of a base, oldest first.
    func history(base: Int64) throws(Failure) -> [DateChange]
    /// The source of each known lifecycle date of a base.
    func dateSources(base: Int64) throws(Failure) -> [DateChange.Field: DateSource]
    /// Sets one lifecycle date from `source` and records the change.
    func setDate(base: Int64, _ field: DateChange.Field, _ day: Day, source: DateSource, today: Day) throws(Failure)
    /// Records a date a less trusted source reported, without applying it.
    func recordUnappliedDate(base: Int64, _ field: DateChange.Field, _ day: Day, source: DateSource, today: Day) throws(Failure)
    /// The last date `source` reported for a field without it being applied.
    func lastUnappliedDate(base: Int64, _ field: DateChange.Field, source: DateSource) throws(Failure) -> String?
    /// Records which provider list lists a base, and the day it left it (nil: listed).
    func setListing(base: Int64, listedBy: DateSource, goneOn: Day?) throws(Failure)
    /// Adds a history row that is not a date of its own (`listing`, `dispute`).
    func recordEvent(base: Int64, _ field: DateChange.Field, value: String?, source: String, today: Day) throws(Failure)
    /// Takes the shutdown date out of use and keeps it as disputed.
    func disputeShutdown(base: Int64, _ d: DisputedDate) throws(Failure)
    /// Forgets a dispute (the caller decides what the shutdown date becomes).
    func clearDispute(base: Int64) throws(Failure)
    /// The training price per million tokens recorded for a base.
    func trainPrice(base: Int64) throws(Failure) -> TrainPrice?
    /// Records (or, with nil, clears) a base's training price.
    func setTrainPrice(base: Int64, _ price: TrainPrice?) throws(Failure)
    /// Generations (of any fine-tune) trained on a base.
    func generationCount(base: Int64) throws(Failure) -> Int
    /// The inference prices set on a base (not the catalog's).
    func prices(base: Int64) throws(Failure) -> [PriceKind: StoredPrice]
    /// Sets (or, with nil, clears) one inference price of a base.
    func setPrice(base: Int64, _ kind: PriceKind, _ price: StoredPrice?) throws(Failure)
    /// The inference prices set on every base, by base id.
    func allPrices() throws(Failure) -> [Int64: [PriceKind: StoredPrice]]
    /// The training price of every base that has one, by base id.
    func allTrainPrices() throws(Failure) -> [Int64: TrainPrice]

    // MARK: Fine-tunes

    /// The fine-tune called `name` (case-insensitive).
    func fineTune(named name: String) throws(Failure) -> FineTune?
    func allFineTuneNames() throws(Failure) -> [String]
    /// Stores a new fine-tune with its first generation.
    func insertFineTune(name: String, task: String?, owner: String?, retrainEvery: RetrainPolicy,
                        volume: Volume, retrainCost: Money?, first: NewGeneration, today: Day) throws(Failure) -> Int64
    func insertGeneration(fineTune: Int64, number: Int, _ g: NewGeneration, today: Day) throws(Failure)
    /// Whether a generation was already imported from this provider job.
    func hasGeneration(jobID: String) throws(Failure) -> Bool
    /// The generation recorded with this provider fine-tuned model id.
    func generation(fineTunedModel: String) throws(Failure) -> RecordedGeneration?
    /// Records the provider job a generation came from.
    func setJobID(generation: Int64, _ jobID: String) throws(Failure)
    /// Writes a fine-tune's changed settings (owner, task, retrain policy,
    /// volume, retrain cost), recording one history row per changed field;
    /// returns the fields that changed.
    @discardableResult
    func updateFineTune(from old: FineTune, to new: FineTune, today: Day) throws(Failure) -> [FineTuneChange.Field]
    /// Every recorded settings change of a fine-tune, oldest first.
    func changes(fineTune: Int64) throws(Failure) -> [FineTuneChange]
    /// Every generation's training cost (retired fine-tunes included), for budgets.
    func spending() throws(Failure) -> [Spend]
    /// The current generation of every active fine-tune, with volume and
    /// retrain cost, for the cost model, by name.
    func costSubjects() throws(Failure) -> [CostSubject]
    /// The lineage of a fine-tune, first generation first.
    func generations(of fineTune: Int64) throws(Failure) -> [Generation]
    func retire(fineTune: Int64, on day: Day, reason: String?) throws(Failure)

    // MARK: Editing and recovery

    /// Renames a fine-tune, recording the change; a name that folds to
    /// another fine-tune's key is refused (exit 65).
    func renameFineTune(_ ft: FineTune, to newName: String, today: Day) throws(Failure)
    /// Un-retires a fine-tune (clears its retirement day and reason),
    /// recording the change. Does nothing to an active one.
    func reopen(_ ft: FineTune, today: Day) throws(Failure)
    /// Writes a generation's corrected facts (cost, trained day, model id,
    /// examples, tokens, dataset), one history row per changed field;
    /// returns the fields that changed. Base and evals are not touched.
    @discardableResult
    func updateGeneration(_ old: Generation, to new: NewGeneration, today: Day) throws(Failure) -> [GenerationChange.Field]
    /// Every correction of a fine-tune's generations, oldest first.
    func generationChanges(fineTune: Int64) throws(Failure) -> [GenerationChange]
    /// Deletes a fine-tune with its generations, their evals and
    /// corrections, and its settings history. Its alerts resolve on the
    /// next refresh.
    func removeFineTune(id: Int64) throws(Failure)
    /// Deletes one generation with its evals and corrections.
    func removeGeneration(id: Int64) throws(Failure)
    /// What refers to a base: generations, bases naming it as successor,
    /// prompt revisions tested on it.
    func users(ofBase base: Int64) throws(Failure) -> BaseUsers
    /// Deletes a base with its history and prices (the caller checked
    /// `users(ofBase:)` is empty).
    func removeBase(id: Int64) throws(Failure)
    /// Calls `body` with the current generation of every fine-tune that
    /// matches `filter`, by name, one row at a time (memory stays flat).
    func forEachFineTune(_ filter: FineTuneFilter, _ body: (FineTuneRow) -> Void) throws(Failure)
    /// Feeds the current generation of every active fine-tune (optionally
    /// of one owner) into a due list: the fast path of `tracker due`.
    func collectDue(into list: inout DueList, owner: String?) throws(Failure)
    /// The current generation of every active fine-tune, for the alert rules.
    func alertSubjects() throws(Failure) -> [AlertSubject]

    // MARK: Alerts

    /// Stored alerts, optionally only in some states, oldest first.
    func storedAlerts(states: [StoredAlert.State]?, now: Day?) throws(Failure) -> [StoredAlert]
    /// The alert with this key or short id (or a unique prefix of 4+ characters).
    func findAlert(_ text: String) throws(Failure) -> StoredAlert?
    func insertAlert(_ a: Alert, now: Day) throws(Failure)
    /// Brings a stored alert up to date with the alert in force; `reopen`
    /// starts a new episode (it had resolved).
    func updateAlert(_ old: StoredAlert, to a: Alert, reopen: Bool, now: Day) throws(Failure)
    func setAlertState(_ row: Int64, _ state: StoredAlert.State, now: Day) throws(Failure)
    /// What `channel` has been told about each alert in its current episode.
    func deliveryStates(channel: Int64) throws(Failure) -> [Int64: DeliveryState]
    /// Records the entries of one accepted digest.
    func recordDeliveries(channel: Int64, entries: [DeliveryRecord], day: Day, timestamp: String, messageID: String) throws(Failure)
    func setAck(alert: Int64, until: Day?) throws(Failure)
    func setSnooze(alert: Int64, until: Day) throws(Failure)
    /// Takes an acknowledgement back: the alert repeats on schedule again.
    func clearAck(alert: Int64) throws(Failure)
    /// Ends a snooze now.
    func clearSnooze(alert: Int64) throws(Failure)

    // MARK: Budgets

    /// Every budget, by period then scope.
    func budgets() throws(Failure) -> [Budget]
    /// The budget for a scope (names compared case-insensitively) and period.
    func budget(scope: BudgetScope, period: BudgetPeriod) throws(Failure) -> Budget?
    func insertBudget(scope: BudgetScope, period: BudgetPeriod, amount: Money, today: Day) throws(Failure) -> Int64
    /// Changes a budget's amount (`budget set --replace`).
    func setBudgetAmount(id: Int64, _ amount: Money) throws(Failure)
    func removeBudget(id: Int64) throws(Failure)

    // MARK: Tasks, prompt revisions, evals

    /// Every task, by name.
    func tasks() throws(Failure) -> [TaskRecord]
    /// The task called `name`: spelled exactly so, else by its key.
    func task(named name: String) throws(Failure) -> TaskRecord?
    /// Stores a new task; a name that folds to a taken key is refused.
    func insertTask(name: String, targetPercent: Int, description: String?, today: Day) throws(Failure) -> TaskRecord
    /// Writes a task's target and description.
    func updateTask(_ task: TaskRecord) throws(Failure)
    /// The task called `name`, created with the default target when there
    /// is none (`created` says so, for the caller's notice).
    func ensureTask(named name: String, today: Day) throws(Failure) -> (task: TaskRecord, created: Bool)
    /// A task's prompt revisions, r1 first, each with its latest eval.
    func promptRevisions(task: Int64) throws(Failure) -> [PromptRevision]
    func promptRevision(task: Int64, number: Int) throws(Failure) -> PromptRevision?
    /// Stores the next revision of a task's prompt (numbered here); returns it.
    func insertPromptRevision(task: TaskRecord, text: String, sha256: String, note: String?, baseID: Int64?,
                              today: Day) throws(Failure) -> PromptRevision
    /// A subject's evals, oldest first (by day, then the order recorded).
    func evals(of subject: EvalSubject) throws(Failure) -> [EvalRecord]
    /// Records an eval of a subject that exists (names as stored).
    func insertEval(_ subject: EvalSubject, result: EvalResult, dataset: String?, day: Day, today: Day) throws(Failure) -> EvalRecord
    /// Every prompt revision of every task, by task then number (for reports).
    func allPromptRevisions() throws(Failure) -> [PromptRevision]
    /// Every eval, prompt revisions' and generations', oldest first.
    func allEvals() throws(Failure) -> [EvalRecord]

    // MARK: Channels

    func channels() throws(Failure) -> [Channel]
    func channel(named name: String) throws(Failure) -> Channel?
    func insertChannel(_ c: Channel) throws(Failure) -> Int64
    func removeChannel(id: Int64) throws(Failure)
    /// Writes a channel's settings in place (same id, so its delivery log
    /// stays); a name that folds to another channel's key is refused.
    func updateChannel(_ c: Channel) throws(Failure)
    /// Records the outcome of a delivery attempt; `error` never holds a secret.
    func setChannelStatus(id: Int64, error: String?, at timestamp: String) throws(Failure)
    /// When the newest entry of the delivery log was accepted (UTC
    /// timestamp), nil when nothing was ever delivered (`tracker doctor`).
    func lastDeliveryAt() throws(Failure) -> String?

    // MARK: Catalog

    /// Inserts or updates catalog rows; returns what changed (a row that
    /// did not change keeps its read day).
    func upsertCatalog(_ entries: [CatalogEntry], source: DateSource, today: Day) throws(Failure) -> CatalogChanges
    /// The stored shutdown day of each of `keys` that has a catalog row
    /// (`.some(nil)` when the row has none); keys without a row are absent.
    func catalogShutdowns(keys: [String]) throws(Failure) -> [String: Day?]
    /// Catalog rows whose model id (or key) is `modelID`, fine-tuned
    /// (`ft:`) rows of that base included, in key order.
    func catalogRows(modelID: String) throws(Failure) -> [CatalogRow]
    /// Every catalog row, in key order (for listings of many bases).
    func allCatalogRows() throws(Failure) -> [CatalogRow]
    /// The newest day a fact from each sync source (provider lists,
    /// catalogs, job imports; not `manual`) was stored: a catalog row's read
    /// day, a base's history row. tracker keeps no log of sync runs, so a
    /// sync that stored nothing new leaves no trace (`tracker doctor`).
    func newestSourceFacts() throws(Failure) -> [String: Day]

    // MARK: Whole database

    /// Writes the whole database as the documented export JSON.
    func exportArchive(to out: TextOutput) throws(Failure)
    /// Reads a parsed export into this (empty) store, in the caller's
    /// transaction; returns counts per section. `file` names the input in
    /// messages.
    func importArchive(_ root: JSONObject, file: String) throws(Failure) -> [String: Int]
}

/// What refers to a base, for `tracker base remove`.
public struct BaseUsers: Sendable, Equatable {
    /// `bot g1`, by fine-tune name then number.
    public var generations: [String] = []
    /// Bases that name it as their successor.
    public var predecessors: [String] = []
    /// `summarize r2`: prompt revisions tested on it.
    public var promptRevisions: [String] = []

    public init(generations: [String] = [], predecessors: [String] = [], promptRevisions: [String] = []) {
        self.generations = generations
        self.predecessors = predecessors
        self.promptRevisions = promptRevisions
    }

    public var isEmpty: Bool { generations.isEmpty && predecessors.isEmpty && promptRevisions.isEmpty }
}

extension Store {
    /// `forEachFineTune`, collected.
    public func listFineTunes(_ filter: FineTuneFilter) throws(Failure) -> [FineTuneRow] {
        var rows: [FineTuneRow] = []
        try forEachFineTune(filter) { rows.append($0) }
        return rows
    }

    public func storedAlerts() throws(Failure) -> [StoredAlert] { try storedAlerts(states: nil, now: nil) }
    public func storedAlerts(states: [StoredAlert.State]) throws(Failure) -> [StoredAlert] { try storedAlerts(states: states, now: nil) }
}
