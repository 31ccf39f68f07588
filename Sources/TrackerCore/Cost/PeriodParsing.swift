extension BudgetPeriod {
    /// The accepted forms, for messages.
    public static let formsHint = "a year (2027), a quarter (2027-Q1) or a month (2027-03)"

    /// The years a period may be in.
    public static let years = 1900...9999

    /// Parses exactly `YYYY`, `YYYY-Qn` (n 1–4; `q` accepted) or `YYYY-MM`
    /// (01–12), with the year in `years`, after trimming whitespace; nil
    /// for anything else.
    public static func parse(_ text: String) -> BudgetPeriod? {
        let bytes = Array(text.trimmingWhitespace().utf8)
        func number(_ slice: ArraySlice<UInt8>) -> Int? {
            guard !slice.isEmpty, slice.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            return slice.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        guard bytes.count >= 4, let year = number(bytes[0..<4]), years.contains(year) else { return nil }
        if bytes.count == 4 { return .year(year) }
        guard bytes[4] == UInt8(ascii: "-") else { return nil }
        if bytes.count == 7, bytes[5] == UInt8(ascii: "Q") || bytes[5] == UInt8(ascii: "q") {
            guard let q = number(bytes[6...]), (1...4).contains(q) else { return nil }
            return .quarter(year, q)
        }
        guard bytes.count == 7, let m = number(bytes[5...]), (1...12).contains(m) else { return nil }
        return .month(year, m)
    }

    /// The period of the same kind as `like` (year, quarter or month) that
    /// contains `day`.
    public static func containing(_ day: Day, like: BudgetPeriod) -> BudgetPeriod {
        let (y, m, _) = day.parts
        switch like {
        case .year: return .year(y)
        case .quarter: return .quarter(y, (m - 1) / 3 + 1)
        case .month: return .month(y, m)
        }
    }

    /// The period of the same kind that follows this one: 2027 → 2028,
    /// 2027-Q4 → 2028-Q1, 2027-12 → 2028-01. Days end with 9999, so the
    /// last period of 9999 is its own successor.
    public func next() -> BudgetPeriod {
        switch self {
        case .year(let y): return y >= 9999 ? self : .year(y + 1)
        case .quarter(let y, let q):
            if q < 4 { return .quarter(y, q + 1) }
            return y >= 9999 ? self : .quarter(y + 1, 1)
        case .month(let y, let m):
            if m < 12 { return .month(y, m + 1) }
            return y >= 9999 ? self : .month(y + 1, 1)
        }
    }
}

extension BudgetScope {
    /// The accepted forms, for messages.
    public static let formsHint = "all, owner:NAME or task:NAME"

    /// Parses `all`, `owner:NAME` or `task:NAME` (the words in any case;
    /// NAME checked as `TextRule.name` checks names). Errors name the
    /// field `scope` and the accepted forms.
    public static func parse(_ text: String) -> Result<BudgetScope, FieldError> {
        let trimmed = text.trimmingWhitespace()
        if trimmed.lowercased() == "all" { return .success(.all) }
        guard let colon = trimmed.firstIndex(of: ":") else {
            return .failure(FieldError(field: "scope", message: "scope '\(text)' is not a budget scope; use \(formsHint)"))
        }
        let kind = trimmed[..<colon].lowercased()
        let rawName = String(trimmed[trimmed.index(after: colon)...])
        guard kind == "owner" || kind == "task" else {
            return .failure(FieldError(field: "scope", message: "scope '\(text)' is not a budget scope; use \(formsHint)"))
        }
        if rawName.trimmingWhitespace().isEmpty {
            return .failure(FieldError(field: "scope", message: "scope '\(text)' has no \(kind) name; use \(formsHint)"))
        }
        switch TextRule.name(rawName, field: kind) {
        case .success(let name): return .success(kind == "owner" ? .owner(name) : .task(name))
        case .failure(let problem):
            return .failure(FieldError(field: "scope", message: "scope: \(problem.message)"))
        }
    }
}
