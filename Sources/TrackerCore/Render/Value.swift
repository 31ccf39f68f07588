/// The output formats every listing offers. Adding one (HTML) is one more
/// case here and one more sink in `ListingWriter` (its switch will not
/// compile without it); `Formats.all` includes it by itself.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, json, csv
    /// A self-contained page showing what the table shows.
    case html

    /// The format whose columns and details this one shows: HTML is the
    /// table for a browser.
    public var view: OutputFormat { self == .html ? .table : self }

    /// This format alone, as a set of formats.
    public var alone: Formats {
        Formats(rawValue: 1 << UInt8(OutputFormat.allCases.firstIndex(of: self)!))
    }
}

/// The formats a column or field appears in.
public struct Formats: OptionSet, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let table = OutputFormat.table.alone
    public static let json = OutputFormat.json.alone
    public static let csv = OutputFormat.csv.alone
    public static let all = Formats(rawValue: UInt8((1 << OutputFormat.allCases.count) - 1))
    /// The machine-readable formats.
    public static let data: Formats = [.json, .csv]

    public func contains(_ format: OutputFormat) -> Bool { contains(format.alone) }
}

/// One typed value of a listing, written by each format in its own way:
/// JSON keeps the type (numbers, booleans, null, arrays, objects); the table
/// and CSV write text.
public enum Value: Sendable {
    case text(String?)
    case int(Int64?)
    /// An ISO day, `2026-11-29`.
    case day(Day?)
    /// An RFC 3339 UTC instant, `2026-11-29T13:05:00Z`.
    case instant(Instant?)
    case bool(Bool?)
    /// A JSON array of strings; the table joins the items with ", ", CSV with ";".
    case list([String])
    /// A nested JSON object (or null); the table and CSV write `flat`.
    case object([Field]?, flat: String?)
    /// A nested JSON array of objects; the table and CSV write `flat`.
    case objects([[Field]], flat: String?)
    /// A JSON number written as given (e.g. a rate with 4 decimals, `0.6396`).
    case number(String?)
    /// A JSON array of numbers written as given; the table joins them with "-".
    case numbers([String])

    public static func int(_ i: Int?) -> Value { .int(i.map { Int64($0) }) }

    /// A day stored as text: typed when it is an ISO day, else the text.
    public static func day(text: String?) -> Value {
        guard let text else { return .day(nil) }
        return Day(iso: text).map { .day($0) } ?? .text(text)
    }

    /// An instant stored as text: typed when it parses, else the text as stored.
    public static func instant(text: String?) -> Value {
        guard let text else { return .instant(nil) }
        return Instant(rfc3339: text).map { .instant($0) } ?? .text(text)
    }

    /// Exact money as a JSON object `{"amount": "1200.50", "minor_units": 120050,
    /// "currency": "USD"}`; `flat` is what the table and CSV show.
    public static func money(_ m: Money, flat: String? = nil) -> Value {
        .object(Field.money(m), flat: flat ?? m.description)
    }

    /// The text a table or CSV cell shows; nil when the value is missing.
    /// Control characters are not escaped here (the sinks do it).
    public func flatText(listSeparator: String) -> String? {
        switch self {
        case .text(let s): return s
        case .int(let i): return i.map { String($0) }
        case .day(let d): return d?.description
        case .instant(let t): return t?.description
        case .bool(let b): return b.map { $0 ? "true" : "false" }
        case .list(let items): return items.isEmpty ? nil : items.joined(separator: listSeparator)
        case .object(_, let flat): return flat
        case .objects(_, let flat): return flat.flatMap { $0.isEmpty ? nil : $0 }
        case .number(let n): return n
        case .numbers(let items): return items.isEmpty ? nil : items.joined(separator: "-")
        }
    }
}

/// A named value: a field of a JSON object, and, when it has a header and
/// the table format, a "label: value" line above a table.
public struct Field: Sendable {
    public var key: String
    public var header: String
    public var formats: Formats
    public var value: Value

    /// A field of a nested object (every format, no table label).
    public init(_ key: String, _ value: Value) {
        self.init("", key: key, in: .all, value)
    }

    /// Exact money's fields: amount (an exact decimal string), minor_units, currency.
    public static func money(_ m: Money) -> [Field] {
        [Field("amount", .text(m.plainAmount)), Field("minor_units", .int(m.minorUnits)), Field("currency", .text(m.currency))]
    }

    /// A field of a document head or tail, labelled `header` in tables.
    public init(_ header: String, key: String, in formats: Formats = .all, _ value: Value) {
        self.header = header
        self.key = key
        self.formats = formats
        self.value = value
    }
}

/// One column of a listing, declared once: its table header, its JSON key
/// (also its CSV header), the formats it appears in, and its value for a row.
public struct Column<Row>: Sendable {
    public let header: String
    public let key: String
    public let formats: Formats
    /// What the table shows for a missing value.
    public let missing: String
    public let value: @Sendable (Row) -> Value

    public init(_ header: String, _ key: String, in formats: Formats = .all, missing: String = "-",
                _ value: @escaping @Sendable (Row) -> Value) {
        self.header = header
        self.key = key
        self.formats = formats
        self.missing = missing
        self.value = value
    }

    /// The same column over rows that contain this column's row.
    public func pulledBack<Outer>(_ part: @escaping @Sendable (Outer) -> Row) -> Column<Outer> {
        let value = self.value
        return Column<Outer>(header, key, in: formats, missing: missing) { value(part($0)) }
    }

    /// This column's value for one row, as a field (for a document's head).
    public func field(_ row: Row) -> Field {
        Field(header, key: key, in: formats, value(row))
    }

    /// The same column shown in other formats.
    public func only(_ formats: Formats) -> Column<Row> {
        Column(header, key, in: formats, missing: missing, value)
    }
}
