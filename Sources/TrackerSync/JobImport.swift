import TrackerCore
import TrackerStore

/// Turns OpenAI fine-tuning jobs into fine-tunes and generations.
///
/// Only succeeded jobs count. The fine-tune's name is the job's suffix
/// (`ft:BASE:ORG:SUFFIX:ID`), so successive jobs with one suffix become
/// generations of one lineage; without a suffix the fine-tuned model id is
/// the name. Idempotent by job id.
public struct JobImport {
    public struct Outcome: Sendable {
        /// New generations.
        public var imported: [(name: String, generation: Int, jobID: String)] = []
        /// Generations already recorded with the job's `fine_tuned_model`
        /// (e.g. by `tracker add --model-id`) that now carry its job id.
        public var attached: [(name: String, generation: Int, jobID: String)] = []
        public var alreadyImported = 0
        /// Jobs that did not succeed: ignored.
        public var notSucceeded = 0
        public var skipped: [(jobID: String, reason: String)] = []
        public var newBases: [BaseRef] = []
        /// Imported jobs priced by their base's training price.
        public var pricedByBase = 0
        /// Imported jobs recorded at cost 0: no training price known.
        public var unpriced: [String] = []

        /// `3 jobs imported (1 attached to a recorded generation), 1 already
        /// imported, 1 skipped, 2 ignored (not succeeded)`.
        public var summary: String {
            let n = imported.count + attached.count
            var text = "\(n) job\(n == 1 ? "" : "s") imported"
            if !attached.isEmpty {
                text += " (\(attached.count) attached to \(attached.count == 1 ? "a recorded generation" : "recorded generations"))"
            }
            return text + ", \(alreadyImported) already imported, \(skipped.count) skipped, \(notSucceeded) ignored (not succeeded)"
        }
    }

    /// The fine-tune name a job gives: its `suffix`, else the SUFFIX of
    /// `ft:BASE:ORG:SUFFIX:ID`, else the fine-tuned model id, else the job
    /// id. Names compare by `NameKey`, so `Triage` joins `triage`.
    public static func name(of job: OpenAIJob) -> String {
        if let suffix = job.suffix, !suffix.isEmpty { return suffix }
        if let model = job.fineTunedModel, model.hasPrefix("ft:") {
            let parts = model.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count >= 5, !parts[3].isEmpty { return String(parts[3]) }
        }
        return job.fineTunedModel ?? job.id
    }

    /// Reads jobs from the API, following `has_more`/`after`; jobs whose
    /// strings break the id or name rules come back as refusals.
    public static func fetch(baseURL: String?) throws(Failure) -> (jobs: [OpenAIJob], refused: [Refusal]) {
        let sync = try ProviderSync(provider: .openai, baseURL: baseURL)
        var jobs: [OpenAIJob] = []
        var refused: [Refusal] = []
        var after: String?
        for pageNumber in 1...ProviderSync.maxPages {
            let url = sync.baseURL + "/v1/fine_tuning/jobs?limit=100" + (after.map { "&after=" + queryEscape($0) } ?? "")
            let body = try sync.fetcher.get(url)
            let page = try decode(body, what: "OpenAI")
            jobs += page.jobs
            Progress.advance(page.jobs.count)
            refused += page.refused.map { pageNumber == 1 ? $0 : Refusal(entry: "\($0.entry) on page \(pageNumber)", reason: $0.reason) }
            guard page.hasMore, let last = page.lastID, last != after else { return (jobs, refused) }
            after = last
        }
        throw Failure(.data, "OpenAI listed more than \(ProviderSync.maxPages) pages of jobs; nothing was changed")
    }

    public static func decode(_ bytes: [UInt8], what: String) throws(Failure) -> OpenAIJobPage {
        let json: JSONValue
        do { json = try JSONParser().parse(bytes) } catch {
            throw Failure(.data, "\(what) is not valid JSON (\(error.message)); nothing was imported")
        }
        do { return try OpenAIJobs.page(json) } catch {
            throw Failure(.data, "\(what) is not a list of OpenAI fine-tuning jobs (\(error.message)); nothing was imported")
        }
    }

    /// Imports in one transaction (the caller's). A job's trained tokens
    /// are priced by its base's training price (`tracker base set
    /// --train-price`), else by `costPerMillion`, else recorded as 0 (and
    /// listed in `unpriced`).
    public static func apply(_ jobs: [OpenAIJob], to store: any Store, costPerMillion: Money?, today: Day) throws(Failure) -> Outcome {
        var outcome = Outcome()
        let succeeded = jobs.filter { $0.status == "succeeded" }
        outcome.notSucceeded = jobs.count - succeeded.count
        let ordered = succeeded.sorted {
            let a = $0.finishedAt ?? $0.createdAt ?? Day(ordinal: 0), b = $1.finishedAt ?? $1.createdAt ?? Day(ordinal: 0)
            return a != b ? a < b : $0.id < $1.id
        }
        for job in ordered {
            if try store.hasGeneration(jobID: job.id) {
                outcome.alreadyImported += 1
                continue
            }
            // A fine-tuned model someone recorded by hand is this job's generation.
            if let model = job.fineTunedModel, let g = try store.generation(fineTunedModel: model) {
                if let other = g.jobID {
                    outcome.skipped.append((job.id, "its fine_tuned_model is recorded on '\(g.fineTune)' generation \(g.number) from job \(other)"))
                } else {
                    try store.setJobID(generation: g.id, job.id)
                    outcome.attached.append((g.fineTune, g.number, job.id))
                }
                continue
            }
            if let t = job.trainedTokens, t < 0 {
                outcome.skipped.append((job.id, "trained_tokens is negative (\(t))"))
                continue
            }
            guard let trained = job.finishedAt ?? job.createdAt else {
                outcome.skipped.append((job.id, "no finished_at or created_at"))
                continue
            }
            let rawName = name(of: job)
            guard case .success(let name) = TextRule.name(rawName, field: "name") else {
                outcome.skipped.append((job.id, "its name \(IDRule.quoted(rawName)) is not usable"))
                continue
            }
            // The base snapshot: known, or recorded below once the job is
            // sure to be imported (a skipped job leaves no base behind).
            var base: BaseVersion
            var newBase = false
            if let known = try store.findBase(job.baseModel) {
                base = known
            } else {
                let parsed = ModelIDs.openAI(job.baseModel)
                let version = parsed.version.isEmpty ? BaseRef.currentVersion : parsed.version
                let ref = BaseRef(provider: "openai", family: parsed.family, version: version)
                if let existing = try store.base(ref) {
                    base = existing
                } else {
                    base = BaseVersion(id: 0, ref: ref, modelID: job.baseModel, released: nil, deprecation: .none,
                                       shutdown: nil, successorID: nil)
                    newBase = true
                }
            }
            let basePrice = newBase ? nil : try store.trainPrice(base: base.id)?.perMillion
            let rate = basePrice ?? costPerMillion
            var cost = Money(minorUnits: 0, currency: rate?.currency ?? "USD")
            if let rate, let tokens = job.trainedTokens {
                guard let exact = TrainPrice.cost(tokens: tokens, at: rate) else {
                    outcome.skipped.append((job.id, "its cost (\(tokens) tokens at \(rate) per million) is too large to record"))
                    continue
                }
                cost = exact
            }
            let existing = try store.fineTune(named: name)
            var lineage: [Generation] = []
            if let ft = existing {
                if ft.retiredOn != nil {
                    outcome.skipped.append((job.id, "fine-tune '\(ft.name)' is retired"))
                    continue
                }
                lineage = try store.generations(of: ft.id)
                if let last = lineage.last, trained < last.facts.trained {
                    outcome.skipped.append((job.id, "it finished before generation \(last.number) of '\(ft.name)'"))
                    continue
                }
            }
            if newBase {
                base.id = try store.insertBase(base, source: "import", today: today)
                outcome.newBases.append(base.ref)
            }
            let facts = NewGeneration(modelID: job.fineTunedModel, baseID: base.id, trained: trained, cost: cost,
                                      tokens: job.trainedTokens, examples: nil, datasetRef: job.trainingFile,
                                      datasetSHA256: nil, eval: nil, jobID: job.id)
            let number: Int
            if let ft = existing {
                number = (lineage.last?.number ?? 0) + 1
                try store.insertGeneration(fineTune: ft.id, number: number, facts, today: today)
            } else {
                _ = try store.insertFineTune(name: name, task: nil, owner: nil, retrainEvery: .default, volume: .unknown, retrainCost: nil, first: facts, today: today)
                number = 1
            }
            outcome.imported.append((name, number, job.id))
            if rate == nil || job.trainedTokens == nil { outcome.unpriced.append(job.id) }
            else if basePrice != nil { outcome.pricedByBase += 1 }
        }
        return outcome
    }
}
