/// A task that fine-tunes and prompt revisions serve, with the success rate
/// that counts as good enough (default 80%).
public struct TaskRecord: Sendable, Equatable {
    public static let defaultTarget = 80

    public var id: Int64
    public var name: String
    /// The target success rate in whole percent, 1...100.
    public var targetPercent: Int
    public var description: String?
    public var createdOn: Day

    public init(id: Int64, name: String, targetPercent: Int, description: String?, createdOn: Day) {
        self.id = id
        self.name = name
        self.targetPercent = targetPercent
        self.description = description
        self.createdOn = createdOn
    }

    /// The stderr line when a command creates a task someone only named.
    public static func createdNotice(_ name: String) -> String {
        "created task '\(name)' with the default \(defaultTarget)% target; change it with 'tracker task set \(name) --target N%'"
    }
}

/// One revision of a task's prompt: numbered r1, r2, ... per task, never
/// rewritten, with its full text and the text's SHA-256.
public struct PromptRevision: Sendable, Equatable {
    public var id: Int64
    public var task: String
    public var number: Int
    public var text: String
    /// Lower-case hex SHA-256 of the text's UTF-8 bytes.
    public var sha256: String
    public var note: String?
    /// The base model it was tested on, if named.
    public var model: BaseRef?
    public var createdOn: Day
    /// Its latest eval (by day, then the order recorded) and how many it has.
    public var latestEval: EvalResult?
    public var evalCount: Int

    public init(id: Int64, task: String, number: Int, text: String, sha256: String, note: String?, model: BaseRef?,
                createdOn: Day, latestEval: EvalResult? = nil, evalCount: Int = 0) {
        self.id = id
        self.task = task
        self.number = number
        self.text = text
        self.sha256 = sha256
        self.note = note
        self.model = model
        self.createdOn = createdOn
        self.latestEval = latestEval
        self.evalCount = evalCount
    }

    /// `r3`.
    public var label: String { "r\(number)" }
    /// The text's length in characters.
    public var characters: Int { text.count }
}

/// What an eval measured: a prompt revision (`TASK@rN`) or a fine-tune
/// generation (`NAME@gN`).
public enum EvalSubject: Sendable, Equatable, Hashable, CustomStringConvertible {
    case prompt(task: String, revision: Int)
    case generation(fineTune: String, number: Int)

    public var description: String {
        switch self {
        case .prompt(let task, let r): return "\(task)@r\(r)"
        case .generation(let name, let g): return "\(name)@g\(g)"
        }
    }

    /// How a user names a subject on the command line.
    public enum Reference: Sendable, Equatable {
        case prompt(task: String, revision: Int)
        /// A fine-tune's generation; nil = its current one.
        case generation(fineTune: String, number: Int?)
    }

    /// Parses `TASK@rN`, `NAME@gN` or `NAME`; nil for a malformed suffix.
    public static func parse(_ text: String) -> Reference? {
        guard let at = text.lastIndex(of: "@") else { return .generation(fineTune: text, number: nil) }
        let name = String(text[..<at]), suffix = text[text.index(after: at)...]
        guard !name.isEmpty, let kind = suffix.first, kind == "r" || kind == "g" else { return nil }
        let digits = suffix.dropFirst()
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let n = Int(digits), n >= 1 else { return nil }
        return kind == "r" ? .prompt(task: name, revision: n) : .generation(fineTune: name, number: n)
    }
}

/// One eval of a subject: passed of total on a day, with the data set used.
public struct EvalRecord: Sendable, Equatable {
    public var id: Int64
    public var subject: EvalSubject
    public var result: EvalResult
    public var dataset: String?
    public var day: Day
    public var recordedOn: Day

    public init(id: Int64, subject: EvalSubject, result: EvalResult, dataset: String?, day: Day, recordedOn: Day) {
        self.id = id
        self.subject = subject
        self.result = result
        self.dataset = dataset
        self.day = day
        self.recordedOn = recordedOn
    }

    public var interval: WilsonInterval { WilsonInterval(result) }
}
