/// A span of calendar time typed as `90d`, `12w`, `6m` or `1y`.
///
/// Months and years are calendar units (added with clamping), not a fixed
/// number of days, so `1y` after 2024-02-29 is 2025-02-28.
public struct Span: Hashable, Sendable, CustomStringConvertible {
    public enum Unit: Character, Sendable, CaseIterable {
        case day = "d", week = "w", month = "m", year = "y"
    }
    public let count: Int
    public let unit: Unit

    public init(count: Int, unit: Unit) {
        self.count = count
        self.unit = unit
    }

    /// Parses `<count><unit>` with unit d, w, m or y; count 0...10000.
    public init?(_ text: some StringProtocol) {
        let t = text.lowercased()
        guard let last = t.last, let unit = Unit(rawValue: last) else { return nil }
        let digits = t.dropLast()
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              digits.count <= 5, let n = Int(digits), n <= 10_000 else { return nil }
        self.init(count: n, unit: unit)
    }

    public var description: String { "\(count)\(unit.rawValue)" }

    /// The day this span after `day`.
    public func after(_ day: Day) -> Day {
        switch unit {
        case .day: return day.adding(days: count)
        case .week: return day.adding(days: 7 * count)
        case .month: return day.adding(months: count)
        case .year: return day.adding(months: 12 * count)
        }
    }
}

/// How often a fine-tune should be retrained regardless of its base: a span,
/// or `never`.
public enum RetrainPolicy: Hashable, Sendable, CustomStringConvertible {
    case every(Span)
    case never

    /// Annual retraining, the common budgeting rule.
    public static let `default` = RetrainPolicy.every(Span(count: 1, unit: .year))

    public init?(_ text: some StringProtocol) {
        if text.lowercased() == "never" { self = .never; return }
        guard let span = Span(text), span.count > 0 else { return nil }
        self = .every(span)
    }

    public var description: String {
        switch self {
        case .never: return "never"
        case .every(let span): return span.description
        }
    }

    /// The day a generation trained on `trained` is due for retraining, if ever.
    public func due(trained: Day) -> Day? {
        switch self {
        case .never: return nil
        case .every(let span): return span.after(trained)
        }
    }
}
