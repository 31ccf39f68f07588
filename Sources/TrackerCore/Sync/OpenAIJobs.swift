/// One OpenAI fine-tuning job, reduced to what a fine-tune generation records:
/// which base snapshot it was trained on and what it produced.
public struct OpenAIJob: Sendable, Equatable {
    /// `ftjob-...`.
    public let id: String
    /// The job's `model`: the base snapshot, e.g. `gpt-4o-mini-2024-07-18`.
    public let baseModel: String
    /// `ft:BASE:ORG:SUFFIX:ID` once the job succeeded; nil before.
    public let fineTunedModel: String?
    /// The fourth `:` part of `fineTunedModel` when present, else the job's
    /// `suffix` field (not in OpenAI's documented job object, but sent by
    /// some versions and compatible servers).
    public let suffix: String?
    /// `validating_files`, `queued`, `running`, `succeeded`, `failed`,
    /// `cancelled` (kept as text: new states must not break a sync).
    public let status: String
    public let createdAt: Day?
    public let finishedAt: Day?
    public let trainedTokens: Int64?
    public let trainingFile: String?

    /// Memberwise; `OpenAIJobs` builds these.
    public init(id: String, baseModel: String, fineTunedModel: String?, suffix: String?, status: String,
                createdAt: Day?, finishedAt: Day?, trainedTokens: Int64?, trainingFile: String?) {
        self.id = id
        self.baseModel = baseModel
        self.fineTunedModel = fineTunedModel
        self.suffix = suffix
        self.status = status
        self.createdAt = createdAt
        self.finishedAt = finishedAt
        self.trainedTokens = trainedTokens
        self.trainingFile = trainingFile
    }
}

/// One page of `GET /v1/fine_tuning/jobs`.
public struct OpenAIJobPage: Sendable, Equatable {
    public let jobs: [OpenAIJob]
    /// More jobs follow; fetch again with `after=lastID`.
    public let hasMore: Bool
    /// The id of the last job on this page (the `after` cursor), refused
    /// or not; nil when empty.
    public let lastID: String?
    /// Jobs left out because a string in them breaks `IDRule` or the name
    /// rules, for warnings.
    public let refused: [Refusal]

    /// Memberwise.
    public init(jobs: [OpenAIJob], hasMore: Bool, lastID: String?, refused: [Refusal] = []) {
        self.jobs = jobs
        self.hasMore = hasMore
        self.lastID = lastID
        self.refused = refused
    }
}

/// Decodes OpenAI fine-tuning job lists, from the API or from a saved file.
public enum OpenAIJobs {
    /// Decodes `{"object":"list","data":[job...],"has_more":bool}`, or a
    /// bare JSON array of job objects (a file someone saved), which counts
    /// as one complete page. Per job `id`, `model` and `status` are
    /// required; `created_at`/`finished_at` are Unix seconds (UTC day kept);
    /// `fine_tuned_model`, `trained_tokens`, `training_file`, `suffix` may be
    /// absent or null. Unknown fields are ignored. A job whose id, model,
    /// fine-tuned model id or training file breaks `IDRule`, or whose suffix
    /// is not a usable name, is left out as a `Refusal`.
    public static func page(_ json: JSONValue) throws(ShapeError) -> OpenAIJobPage {
        let items: [JSONValue]
        let prefix: String
        var hasMore = false
        switch json {
        case .array(let a):
            items = a
            prefix = ""
        case .object(let root):
            items = try Shape.requiredArray(root, "data", "")
            prefix = "data"
            hasMore = try Shape.optionalBool(root, "has_more", "") ?? false
        default:
            throw ShapeError("top level: expected an object or an array of jobs, found \(json.kindDescription)")
        }
        var jobs: [OpenAIJob] = []
        var refused: [Refusal] = []
        var lastID: String?
        jobs.reserveCapacity(items.count)
        for (n, item) in items.enumerated() {
            let path = "\(prefix)[\(n)]"
            let j = try job(item, path: path)
            lastID = j.id
            if let r = refusal(j, path: path) { refused.append(r) } else { jobs.append(j) }
        }
        return OpenAIJobPage(jobs: jobs, hasMore: hasMore, lastID: lastID, refused: refused)
    }

    /// Why a job is left out, or nil when every string in it is usable.
    public static func refusal(_ j: OpenAIJob, path: String) -> Refusal? {
        let entry = "job \(path) \(IDRule.quoted(j.id))"
        if let r = Refusal.id(j.id, field: "id", entry: entry, named: true) { return r }
        if let r = Refusal.id(j.baseModel, field: "model", entry: entry) { return r }
        if let ft = j.fineTunedModel, let r = Refusal.id(ft, field: "fine_tuned_model", entry: entry) { return r }
        if let file = j.trainingFile, let r = Refusal.id(file, field: "training_file", entry: entry) { return r }
        if let suffix = j.suffix, case .failure(let e) = TextRule.name(suffix, field: "suffix") {
            return Refusal(entry: entry, reason: "suffix \(IDRule.quoted(suffix)) is not a usable name (\(e.message))")
        }
        return nil
    }

    /// Decodes one `fine_tuning.job` object; `path` prefixes error messages.
    public static func job(_ json: JSONValue, path: String = "") throws(ShapeError) -> OpenAIJob {
        let o = try Shape.object(json, path)
        let fineTuned = try Shape.optionalString(o, "fine_tuned_model", path)
        var suffix = fineTuned.flatMap(suffix(ofFineTunedModel:))
        if suffix == nil {
            suffix = try Shape.optionalString(o, "suffix", path).flatMap { $0.isEmpty ? nil : $0 }
        }
        return OpenAIJob(
            id: try Shape.requiredString(o, "id", path),
            baseModel: try Shape.requiredString(o, "model", path),
            fineTunedModel: fineTuned,
            suffix: suffix,
            status: try Shape.requiredString(o, "status", path),
            createdAt: try Shape.optionalUnixDay(o, "created_at", path),
            finishedAt: try Shape.optionalUnixDay(o, "finished_at", path),
            trainedTokens: try Shape.optionalInt(o, "trained_tokens", path),
            trainingFile: try Shape.optionalString(o, "training_file", path))
    }

    /// The SUFFIX of `ft:BASE:ORG:SUFFIX:ID`; nil when the model has no
    /// suffix (`ft:gpt-4o-mini-2024-07-18:org::id`) or another form.
    public static func suffix(ofFineTunedModel model: String) -> String? {
        let parts = model.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "ft", !parts[3].isEmpty else { return nil }
        return String(parts[3])
    }
}
