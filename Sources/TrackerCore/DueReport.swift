/// One fine-tune in the due list: who, on what, and the verdict.
public struct DueItem: Sendable {
    public var name: String
    public var task: String?
    public var owner: String?
    public var generation: Int
    public var modelID: String?
    public var baseID: Int64
    public var trained: Day
    public var retrainEvery: RetrainPolicy
    public var verdict: DueVerdict

    public init(name: String, task: String?, owner: String?, generation: Int, modelID: String?, baseID: Int64,
                trained: Day, retrainEvery: RetrainPolicy, verdict: DueVerdict) {
        self.name = name
        self.task = task
        self.owner = owner
        self.generation = generation
        self.modelID = modelID
        self.baseID = baseID
        self.trained = trained
        self.retrainEvery = retrainEvery
        self.verdict = verdict
    }
}

/// One reason with the facts that explain it, ready to print.
public struct DueReason: Sendable, Equatable {
    public var code: ReasonCode
    /// The date that matters for this reason (shutdown, retrain-by,
    /// deprecation); nil for an undated deprecation or a supersession.
    public var date: Day?
    /// Days from now until `date` (negative once past).
    public var daysLeft: Int?
    /// The newer snapshot, for `base-superseded`.
    public var successor: BaseVersion?

    /// Human wording, e.g. "base shuts down 2025-03-31 (in 12 days)".
    public var text: String {
        switch code {
        case .baseShutDown:
            let ago = -(daysLeft ?? 0)
            return "base shut down \(date?.description ?? "?")" + (ago == 0 ? " (today)" : " (\(DueReason.days(ago)) ago)")
        case .baseShutdownSoon:
            return "base shuts down \(date?.description ?? "?") (in \(DueReason.days(daysLeft ?? 0)))"
        case .age:
            let left = daysLeft ?? 0
            return "retrain due \(date?.description ?? "?")" +
                (left < 0 ? " (\(DueReason.days(-left)) overdue)" : left == 0 ? " (today)" : " (in \(DueReason.days(left)))")
        case .baseDeprecated:
            if let d = date {
                let left = daysLeft ?? 0
                return left > 0 ? "base deprecated from \(d) (in \(DueReason.days(left)))" : "base deprecated \(d)"
            }
            return "base deprecated (date not announced)"
        case .baseSuperseded:
            return "superseded by \(successor?.ref.description ?? "a newer snapshot")"
        }
    }

    static func days(_ n: Int) -> String { n == 1 ? "1 day" : "\(n) days" }
}

extension DueVerdict {
    /// The reasons with their facts, most severe first.
    public func detailedReasons(now: Day, base: (Int64) -> BaseVersion?) -> [DueReason] {
        reasons(now: now).map { code in
            switch code {
            case .baseShutDown, .baseShutdownSoon:
                return DueReason(code: code, date: shutdown, daysLeft: shutdown.map { now.days(until: $0) })
            case .age:
                return DueReason(code: code, date: ageDue, daysLeft: ageDue.map { now.days(until: $0) })
            case .baseDeprecated:
                let d = deprecation?.day
                return DueReason(code: code, date: d, daysLeft: d.map { now.days(until: $0) })
            case .baseSuperseded:
                return DueReason(code: code, date: nil, daysLeft: nil, successor: supersededBy.flatMap(base))
            }
        }
    }
}

/// Computes the due list: every candidate judged, the due ones kept and
/// sorted by urgency, then deadline, then name.
///
/// Built for 100k fine-tunes in little memory: each kept fine-tune is a
/// small plain record, its text lives in one shared byte arena, and the
/// verdict is recomputed (cheaply) when an item is read.
public struct DueList {
    public let policy: DuePolicy
    public let standings: [Int64: BaseStanding]
    public private(set) var considered = 0

    struct Record {
        var start: UInt32
        var nameLength: UInt32
        var taskLength: Int32   // -1: none
        var ownerLength: Int32  // -1: none
        var modelLength: Int32  // -1: none
        var generation: Int32
        var baseID: Int64
        var trained: Int32
        var policy: UInt16
        var urgency: UInt8
        var deadline: Int32     // Int32.min: none
    }

    private var records: [Record] = []
    private var arena: [UInt8] = []
    private var policies: [RetrainPolicy] = []

    public init(bases: [BaseVersion], policy: DuePolicy) {
        self.policy = policy
        self.standings = DueRules.standings(of: bases, now: policy.now)
    }

    /// Reserves room for about `count` kept fine-tunes, so the record array
    /// never doubles (and briefly holds two copies) while filling.
    public mutating func reserveCapacity(_ count: Int) {
        records.reserveCapacity(count)
        arena.reserveCapacity(count * 32)
    }

    private mutating func policyIndex(_ p: RetrainPolicy) -> UInt16 {
        if let i = policies.firstIndex(of: p) { return UInt16(i) }
        policies.append(p)
        return UInt16(policies.count - 1)
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>?) -> Int32 {
        guard let bytes else { return -1 }
        arena.append(contentsOf: bytes)
        return Int32(bytes.count)
    }

    /// Judges one fine-tune's current generation; keeps it when due.
    public mutating func consider(name: String, task: String?, owner: String?, generation: Int, modelID: String?,
                                  baseID: Int64, trained: Day, retrainEvery: RetrainPolicy) {
        func with(_ s: String?, _ body: (UnsafeBufferPointer<UInt8>?) -> Void) {
            guard var s else { return body(nil) }
            s.withUTF8 { body($0) }
        }
        with(name) { n in with(task) { t in with(owner) { o in with(modelID) { m in
            considerRaw(name: n!, task: t, owner: o, generation: generation, modelID: m, baseID: baseID,
                        trained: trained, retrainEvery: retrainEvery)
        } } } }
    }

    /// `consider` from raw UTF-8 buffers (straight from SQLite), copying
    /// only what is kept.
    public mutating func considerRaw(name: UnsafeBufferPointer<UInt8>, task: UnsafeBufferPointer<UInt8>?,
                                     owner: UnsafeBufferPointer<UInt8>?, generation: Int,
                                     modelID: UnsafeBufferPointer<UInt8>?, baseID: Int64, trained: Day,
                                     retrainEvery: RetrainPolicy) {
        considered += 1
        guard let standing = standings[baseID] else { return }
        let v = DueRules.verdict(base: standing, trained: trained, policy: retrainEvery, in: policy)
        guard v.isDue else { return }
        let start = UInt32(arena.count)
        arena.append(contentsOf: name)
        let t = append(task), o = append(owner), m = append(modelID)
        records.append(Record(start: start, nameLength: UInt32(name.count), taskLength: t, ownerLength: o,
                              modelLength: m, generation: Int32(clamping: generation), baseID: baseID,
                              trained: Int32(clamping: trained.ordinal), policy: policyIndex(retrainEvery),
                              urgency: UInt8(v.urgency.rawValue),
                              deadline: v.deadline.map { Int32(clamping: $0.ordinal) } ?? Int32.min))
    }

    /// Sorts the kept items: urgency, deadline (none last), then name bytes.
    public mutating func sort() {
        let arena = self.arena
        arena.withUnsafeBufferPointer { a in
            records.sort { x, y in
                if x.urgency != y.urgency { return x.urgency > y.urgency }
                if x.deadline != y.deadline {
                    if x.deadline == Int32.min { return false }
                    if y.deadline == Int32.min { return true }
                    return x.deadline < y.deadline
                }
                let xs = Int(x.start), ys = Int(y.start)
                let n = min(Int(x.nameLength), Int(y.nameLength))
                for i in 0..<n where a[xs + i] != a[ys + i] { return a[xs + i] < a[ys + i] }
                return x.nameLength < y.nameLength
            }
        }
    }

    /// The kept fine-tunes, in order (sorted once `sort()` ran).
    public var items: Items { Items(list: self) }

    /// A random-access view of the kept fine-tunes; each read rebuilds the
    /// item from its record.
    public struct Items: RandomAccessCollection {
        let list: DueList
        public var startIndex: Int { 0 }
        public var endIndex: Int { list.records.count }
        public subscript(i: Int) -> DueItem { list.item(list.records[i]) }
    }

    func item(_ r: Record) -> DueItem {
        var offset = Int(r.start)
        func text(_ length: Int) -> String {
            let s = String(decoding: arena[offset..<offset + length], as: UTF8.self)
            offset += length
            return s
        }
        let name = text(Int(r.nameLength))
        let task = r.taskLength < 0 ? nil : text(Int(r.taskLength))
        let owner = r.ownerLength < 0 ? nil : text(Int(r.ownerLength))
        let model = r.modelLength < 0 ? nil : text(Int(r.modelLength))
        let trained = Day(ordinal: Int(r.trained))
        let policy = policies[Int(r.policy)]
        let verdict = standings[r.baseID].map { DueRules.verdict(base: $0, trained: trained, policy: policy, in: self.policy) }
            ?? DueVerdict()
        return DueItem(name: name, task: task, owner: owner, generation: Int(r.generation), modelID: model,
                       baseID: r.baseID, trained: trained, retrainEvery: policy, verdict: verdict)
    }
}
