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
    /// For `eval-below-target`: the eval and the target.
    public var eval: EvalResult?
    public var target: Int?
    /// For `prompt-meets-target`: the revision.
    public var prompt: PromptHit?

    /// Human wording, e.g. "base shuts down 2025-03-31 (in 12 days)".
    public var text: String {
        switch code {
        case .baseShutDown:
            let ago = -(daysLeft ?? 0)
            return "base shut down \(date?.description ?? "?")" + (ago == 0 ? " (today)" : " (\(DueReason.days(ago)) ago)")
        case .baseGone:
            let ago = -(daysLeft ?? 0)
            return "base gone from the provider's list \(date?.description ?? "?")" +
                (ago == 0 ? " (today)" : " (\(DueReason.days(ago)) ago)")
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
        case .evalBelowTarget:
            return "eval \(eval.map { "\($0) (\($0.percent)%)" } ?? "?") is below the \(target ?? TaskFact.defaultTarget)% target"
        case .promptMeetsTarget:
            guard let p = prompt else { return "a prompt revision meets the target" }
            return "prompt \(p.task)@r\(p.revision) meets the target (\(p.eval), \(p.eval.percent)%): retire rather than retrain"
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
            case .baseGone:
                return DueReason(code: code, date: gone, daysLeft: gone.map { now.days(until: $0) })
            case .age:
                return DueReason(code: code, date: ageDue, daysLeft: ageDue.map { now.days(until: $0) })
            case .baseDeprecated:
                let d = deprecation?.day
                return DueReason(code: code, date: d, daysLeft: d.map { now.days(until: $0) })
            case .baseSuperseded:
                return DueReason(code: code, date: nil, daysLeft: nil, successor: supersededBy.flatMap(base))
            case .evalBelowTarget:
                return DueReason(code: code, date: nil, daysLeft: nil, eval: evalBelow, target: evalTarget)
            case .promptMeetsTarget:
                return DueReason(code: code, date: nil, daysLeft: nil, prompt: promptAtTarget)
            }
        }
    }
}

/// Where a due list that cannot keep everything puts the rest, to read it
/// back window by window instead of scanning the candidates again: a
/// temporary file in the command, a byte array in tests. The core does no
/// I/O itself.
public protocol DueSpill: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws(Failure)
    /// Back to the start, for reading.
    func rewind() throws(Failure)
    /// Fills `buffer` completely; false at the end of what was written.
    func read(_ buffer: UnsafeMutableRawBufferPointer) throws(Failure) -> Bool
}

/// Computes the due list: every candidate judged, the due ones kept and
/// sorted by urgency, then deadline, then name.
///
/// Built for 100k fine-tunes in little memory: each kept fine-tune is a
/// small plain record, its text lives in one shared byte arena, and the
/// verdict is recomputed (cheaply) when an item is read.
///
/// For a million, it can also work in bounded memory (`DueReport` drives
/// this): with `limit(toBytes:)` it keeps only the head of the sort order
/// that fits the budget (dropping the tail whenever the budget is passed),
/// while `countBuckets()` still counts every due item by its place in the
/// order; `windows(from:maxBytes:)` then cuts the rest of the order into
/// slices that each fit. What was not kept goes to a `DueSpill` when one is
/// given, and `load(_:)` reads one slice back from it; otherwise a list
/// `restrict(to:)` one slice keeps only its items in one more scan.
public struct DueList {
    public let policy: DuePolicy
    public let standings: [Int64: BaseStanding]
    /// Active fine-tunes judged (in the last scan).
    public private(set) var considered = 0
    /// Due fine-tunes met (in the last scan), kept or not.
    public private(set) var dueCount = 0
    /// With a byte limit: items are kept only when their `orderKey` is
    /// below this (everything at first); the rest is left to later windows.
    public private(set) var keptBelow = UInt64.max

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
        var evalPassed: Int32   // -1: no eval
        var evalTotal: Int32
        var fact: Int16         // index in `facts`; -1: none
    }

    /// How many due items (and bytes of records and text) share one place
    /// in the sort order (`orderKey`).
    public struct Bucket: Sendable {
        public var count = 0
        public var bytes = 0
    }

    /// A contiguous slice of the sort order, and what it holds.
    public struct Window: Sendable {
        public var keys: ClosedRange<UInt64>
        public var count: Int
        public var bytes: Int
    }

    private var records: [Record] = []
    private var arena: [UInt8] = []
    private var policies: [RetrainPolicy] = []
    private var byteLimit: Int?
    private var keptBytes = 0
    private var window: Window?
    private var buckets: [UInt64: Bucket]?
    private var observer: ((DueItem) -> Void)?
    private var spill: DueSpill?
    private var scratch: [UInt8] = []
    private var scratchText: [UInt8] = []
    /// Why the spill stopped working, if it did (then windows need scans).
    public private(set) var spillFailure: Failure?
    /// Whether everything not kept is in the spill, ready for `load`.
    public var spilledAll: Bool { spill != nil && spillFailure == nil }

    /// `taskFacts`: each task's target and prompt at target, by the task
    /// name's `NameKey`.
    public init(bases: [BaseVersion], policy: DuePolicy, taskFacts: [String: TaskFact] = [:]) {
        self.policy = policy
        self.standings = DueRules.standings(of: bases, now: policy.now)
        self.taskFacts = taskFacts
    }

    private let taskFacts: [String: TaskFact]
    private var facts: [TaskFact] = []
    /// Task text seen -> index in `facts` (-1: no such task).
    private var factIndexes: [[UInt8]: Int16] = [:]
    /// The last task text looked up and its index: rows of one task often
    /// come together, and most databases have few tasks.
    private var lastFact: (bytes: [UInt8], index: Int16)?

    /// The fact of the task spelled `task` (its key computed once per
    /// distinct spelling).
    private mutating func factIndex(_ task: UnsafeBufferPointer<UInt8>?) -> Int16 {
        guard let task, !taskFacts.isEmpty else { return -1 }
        if let last = lastFact, last.bytes.elementsEqual(task) { return last.index }
        let bytes = Array(task)
        if let known = factIndexes[bytes] {
            lastFact = (bytes, known)
            return known
        }
        var index: Int16 = -1
        if let f = taskFacts[NameKey.of(String(decoding: task, as: UTF8.self))] {
            if let i = facts.firstIndex(of: f) {
                index = Int16(i)
            } else if facts.count < Int(Int16.max) {
                facts.append(f)
                index = Int16(facts.count - 1)
            }
        }
        factIndexes[bytes] = index
        lastFact = (bytes, index)
        return index
    }

    private func verdict(standing: BaseStanding, trained: Day, policy retrainEvery: RetrainPolicy, fact: Int16,
                         passed: Int32, total: Int32) -> DueVerdict {
        let eval = passed < 0 ? nil : EvalResult(passed: Int(passed), total: Int(total))
        return DueRules.verdict(base: standing, trained: trained, policy: retrainEvery, in: policy)
            .with(task: fact < 0 ? nil : facts[Int(fact)], eval: eval)
    }

    /// Reserves room for about `count` kept fine-tunes, so the record array
    /// never doubles (and briefly holds two copies) while filling. A limited
    /// or windowed list sizes itself and ignores the hint beyond that.
    public mutating func reserveCapacity(_ count: Int) {
        if window != nil { return }
        let stride = MemoryLayout<Record>.stride
        if let byteLimit {
            records.reserveCapacity(min(count, byteLimit / stride + 1))
            arena.reserveCapacity(min(count * 32, byteLimit))
            return
        }
        records.reserveCapacity(count)
        arena.reserveCapacity(count * 32)
    }

    /// Keeps at most `bytes` of items, the first ones in the sort order:
    /// whenever the kept items pass it, the last places in the order are
    /// dropped (down to 3/4 of it) and `keptBelow` is lowered so they are not
    /// kept again. Turns on counting (`countBuckets`), which goes on for all.
    public mutating func limit(toBytes bytes: Int) {
        byteLimit = bytes
        if buckets == nil { buckets = [:] }
    }

    /// Counts every due item per place in the sort order, for `windows`.
    public mutating func countBuckets() { buckets = [:] }

    /// With a byte limit: writes every item not kept to `spill`.
    public mutating func spill(to spill: DueSpill) { self.spill = spill }

    /// Writes one record and its text to the spill (the first failure stops spilling).
    private mutating func spill(_ r: Record, text: UnsafeRawBufferPointer) {
        guard let spill, spillFailure == nil else { return }
        scratch.removeAll(keepingCapacity: true)
        withUnsafeBytes(of: r) { scratch.append(contentsOf: $0) }
        scratch.append(contentsOf: text)
        var failure: Failure?
        scratch.withUnsafeBytes { b in
            do throws(Failure) { try spill.write(b) } catch { failure = error }
        }
        spillFailure = failure
    }

    /// Replaces the kept items with the spilled items of one window (after
    /// the kept ones were written): no scan of the candidates needed.
    public mutating func load(_ w: Window) throws(Failure) {
        guard let spill else { return }
        if let spillFailure { throw spillFailure }
        records = []
        arena = []
        records.reserveCapacity(w.count)
        arena.reserveCapacity(max(0, w.bytes - w.count * MemoryLayout<Record>.stride))
        try spill.rewind()
        var r = Record(start: 0, nameLength: 0, taskLength: -1, ownerLength: -1, modelLength: -1, generation: 0, baseID: 0,
                       trained: 0, policy: 0, urgency: 0, deadline: Int32.min, evalPassed: -1, evalTotal: 0, fact: -1)
        func read(_ buffer: UnsafeMutableRawBufferPointer) throws(Failure) -> Bool {
            var more = false
            var failure: Failure?
            do { more = try spill.read(buffer) } catch { failure = error }
            if let failure { throw failure }
            return more
        }
        while true {
            var more = false
            var failure: Failure?
            withUnsafeMutableBytes(of: &r) { b in
                do throws(Failure) { more = try read(b) } catch { failure = error }
            }
            if let failure { throw failure }
            guard more else { break }
            let length = DueList.textBytes(r)
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: repeatElement(0, count: length))
            if length > 0 {
                scratch.withUnsafeMutableBytes { b in
                    do throws(Failure) { more = try read(b) } catch { failure = error }
                }
                if let failure { throw failure }
                guard more else { throw Failure(.ioError, "the due list's temporary file ended early") }
            }
            let key = DueList.orderKey(urgency: r.urgency, deadline: r.deadline,
                                       firstByte: r.nameLength > 0 ? scratch[0] : 0)
            guard w.keys.contains(key) else { continue }
            r.start = UInt32(arena.count)
            arena.append(contentsOf: scratch)
            records.append(r)
        }
    }

    /// Calls `body` with every due item as the scan meets it (unsorted).
    public mutating func observe(_ body: @escaping (DueItem) -> Void) { observer = body }

    /// Keeps only the items of one slice of the sort order.
    public mutating func restrict(to w: Window) {
        window = w
        records.reserveCapacity(w.count)
        arena.reserveCapacity(max(0, w.bytes - w.count * MemoryLayout<Record>.stride))
    }

    /// Cuts the counted sort order from `first` on into consecutive slices
    /// of at most `maxBytes` each (a single place in the order that is
    /// larger stays whole).
    public func windows(from first: UInt64 = 0, maxBytes: Int) -> [Window] {
        guard let buckets else { return [] }
        var out: [Window] = []
        for key in buckets.keys.filter({ $0 >= first }).sorted() {
            let b = buckets[key]!
            if var last = out.last, last.bytes + b.bytes <= maxBytes {
                last.keys = last.keys.lowerBound...key
                last.count += b.count
                last.bytes += b.bytes
                out[out.count - 1] = last
            } else {
                out.append(Window(keys: key...key, count: b.count, bytes: b.bytes))
            }
        }
        return out
    }

    /// A number that orders items as `sort()` does, as far as urgency,
    /// deadline and the name's first byte go.
    static func orderKey(urgency: UInt8, deadline: Int32, firstByte: UInt8) -> UInt64 {
        let d: UInt32 = deadline == Int32.min ? UInt32.max : UInt32(bitPattern: deadline) ^ 0x8000_0000
        return UInt64(3 - min(urgency, 3)) << 40 | UInt64(d) << 8 | UInt64(firstByte)
    }

    /// Bytes a record's text takes in the arena.
    private static func textBytes(_ r: Record) -> Int {
        Int(r.nameLength) + Int(max(r.taskLength, 0)) + Int(max(r.ownerLength, 0)) + Int(max(r.modelLength, 0))
    }

    /// Drops the last places of the sort order until the kept items take
    /// at most 3/4 of the limit, compacting records and arena in place.
    private mutating func dropTail(limit: Int) {
        guard let buckets else { return }
        var total = 0
        var below: UInt64 = 0
        var all = true
        for key in buckets.keys.filter({ $0 < keptBelow }).sorted() {
            let b = buckets[key]!.bytes
            if total + b > limit * 3 / 4 { below = key; all = false; break }
            total += b
        }
        if all { return }
        keptBelow = below
        if spill != nil {
            let text = arena
            let dropped = records
            text.withUnsafeBytes { a in
                for r in dropped {
                    let key = DueList.orderKey(urgency: r.urgency, deadline: r.deadline,
                                               firstByte: r.nameLength > 0 ? a[Int(r.start)] : 0)
                    guard key >= below else { continue }
                    spill(r, text: UnsafeRawBufferPointer(rebasing: a[Int(r.start)..<Int(r.start) + DueList.textBytes(r)]))
                }
            }
        }
        var write = 0, kept = 0
        arena.withUnsafeMutableBufferPointer { a in
            for i in records.indices {
                var r = records[i]
                let key = DueList.orderKey(urgency: r.urgency, deadline: r.deadline,
                                           firstByte: r.nameLength > 0 ? a[Int(r.start)] : 0)
                let length = DueList.textBytes(r)
                guard key < below else { continue }
                if Int(r.start) != write, length > 0 {
                    (a.baseAddress! + write).update(from: a.baseAddress! + Int(r.start), count: length)
                }
                r.start = UInt32(write)
                records[kept] = r
                write += length
                kept += 1
            }
        }
        records.removeLast(records.count - kept)
        arena.removeLast(arena.count - write)
        keptBytes = total
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
                                  baseID: Int64, trained: Day, retrainEvery: RetrainPolicy, eval: EvalResult? = nil) {
        func with(_ s: String?, _ body: (UnsafeBufferPointer<UInt8>?) -> Void) {
            guard var s else { return body(nil) }
            s.withUTF8 { body($0) }
        }
        with(name) { n in with(task) { t in with(owner) { o in with(modelID) { m in
            considerRaw(name: n!, task: t, owner: o, generation: generation, modelID: m, baseID: baseID,
                        trained: trained, retrainEvery: retrainEvery, eval: eval)
        } } } }
    }

    /// `consider` from raw UTF-8 buffers (straight from SQLite), copying
    /// only what is kept.
    public mutating func considerRaw(name: UnsafeBufferPointer<UInt8>, task: UnsafeBufferPointer<UInt8>?,
                                     owner: UnsafeBufferPointer<UInt8>?, generation: Int,
                                     modelID: UnsafeBufferPointer<UInt8>?, baseID: Int64, trained: Day,
                                     retrainEvery: RetrainPolicy, eval: EvalResult? = nil) {
        considered += 1
        guard let standing = standings[baseID] else { return }
        let fact = factIndex(task)
        let passed = eval.map { Int32(clamping: $0.passed) } ?? -1, total = eval.map { Int32(clamping: $0.total) } ?? 0
        let v = verdict(standing: standing, trained: trained, policy: retrainEvery, fact: fact, passed: passed, total: total)
        guard v.isDue else { return }
        dueCount += 1
        let urgency = UInt8(v.urgency.rawValue)
        let deadline = v.deadline.map { Int32(clamping: $0.ordinal) } ?? Int32.min
        let bytes = MemoryLayout<Record>.stride + name.count + (task?.count ?? 0) + (owner?.count ?? 0)
            + (modelID?.count ?? 0)
        var key = UInt64.max
        if buckets != nil || window != nil {
            key = DueList.orderKey(urgency: urgency, deadline: deadline, firstByte: name.first ?? 0)
            if buckets != nil {
                buckets![key, default: Bucket()].count += 1
                buckets![key, default: Bucket()].bytes += bytes
            }
            if let window, !window.keys.contains(key) { return }
        }
        if let observer {
            func text(_ b: UnsafeBufferPointer<UInt8>?) -> String? { b.map { String(decoding: $0, as: UTF8.self) } }
            observer(DueItem(name: text(name)!, task: text(task), owner: text(owner), generation: generation,
                             modelID: text(modelID), baseID: baseID, trained: trained, retrainEvery: retrainEvery,
                             verdict: v))
        }
        if byteLimit != nil && key >= keptBelow {
            if spill != nil {
                let r = Record(start: 0, nameLength: UInt32(name.count), taskLength: task.map { Int32($0.count) } ?? -1,
                               ownerLength: owner.map { Int32($0.count) } ?? -1,
                               modelLength: modelID.map { Int32($0.count) } ?? -1, generation: Int32(clamping: generation),
                               baseID: baseID, trained: Int32(clamping: trained.ordinal),
                               policy: policyIndex(retrainEvery), urgency: urgency, deadline: deadline,
                               evalPassed: passed, evalTotal: total, fact: fact)
                scratchText.removeAll(keepingCapacity: true)
                for part in [name, task, owner, modelID] { if let part { scratchText.append(contentsOf: part) } }
                scratchText.withUnsafeBytes { spill(r, text: $0) }
            }
            return
        }
        keptBytes += bytes
        let start = UInt32(arena.count)
        arena.append(contentsOf: name)
        let t = append(task), o = append(owner), m = append(modelID)
        records.append(Record(start: start, nameLength: UInt32(name.count), taskLength: t, ownerLength: o,
                              modelLength: m, generation: Int32(clamping: generation), baseID: baseID,
                              trained: Int32(clamping: trained.ordinal), policy: policyIndex(retrainEvery),
                              urgency: urgency, deadline: deadline, evalPassed: passed, evalTotal: total, fact: fact))
        if let byteLimit, keptBytes > byteLimit { dropTail(limit: byteLimit) }
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
        let verdict = standings[r.baseID].map {
            self.verdict(standing: $0, trained: trained, policy: policy, fact: r.fact, passed: r.evalPassed, total: r.evalTotal)
        } ?? DueVerdict()
        return DueItem(name: name, task: task, owner: owner, generation: Int(r.generation), modelID: model,
                       baseID: r.baseID, trained: trained, retrainEvery: policy, verdict: verdict)
    }
}
