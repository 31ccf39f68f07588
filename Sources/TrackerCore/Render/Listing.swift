/// A listing as every format sees it: the columns of its rows, declared
/// once, and the document around them.
///
/// JSON writes `{head..., key: [rows], tail...}`; CSV writes a header row and
/// the rows; the table writes the head and tail fields that have a header as
/// aligned "label: value" lines, then the rows (or `empty`), then `footer`.
public struct Listing<Row>: Sendable {
    public var columns: [Column<Row>]
    /// The JSON key of the rows' array.
    public var key: String
    /// Fields before the rows (JSON), and table details.
    public var head: [Field]
    /// Fields after the rows (JSON), and table details.
    public var tail: [Field]
    /// What the table prints instead of an empty table (nil: the header alone).
    public var empty: String?
    /// Lines the table prints under a non-empty table.
    public var footer: [String]

    public init(_ columns: [Column<Row>], key: String, head: [Field] = [], tail: [Field] = [],
                empty: String? = nil, footer: [String] = []) {
        self.columns = columns
        self.key = key
        self.head = head
        self.tail = tail
        self.empty = empty
        self.footer = footer
    }

    /// Writes `rows` (a collection read twice for a table: widths, then rows).
    public func write<C: Collection>(_ rows: C, as format: OutputFormat, to out: TextOutput) where C.Element == Row {
        let writer = ListingWriter(columns, key: key, format: format, to: out)
        if writer.needsMeasuring { for row in rows { writer.measure(row) } }
        writer.begin(self)
        for row in rows { writer.write(row) }
        writer.end()
    }

    /// Writes `rows` as an HTML fragment (details and a table) to go inside
    /// a larger page, such as the report or an email digest.
    public func writeFragment<C: Collection>(_ rows: C, to out: TextOutput) where C.Element == Row {
        let visible = columns.filter { $0.formats.contains(.table) }
        let sink = HTMLSink(visible.map { ColumnHead(header: $0.header, key: $0.key, missing: $0.missing) },
                            title: "", standalone: false, out: out)
        sink.begin(ListingDocument(head: head.filter { $0.formats.contains(.table) },
                                   tail: tail.filter { $0.formats.contains(.table) }, empty: empty, footer: footer))
        for row in rows {
            sink.beginRow()
            for (i, c) in visible.enumerated() { sink.cell(column: i, c.value(row)) }
            sink.endRow()
        }
        sink.end()
    }

    /// Writes the rows `each` produces, calling it twice for a table
    /// (widths, then rows) and once otherwise, so rows stream from their
    /// source and none is kept.
    public func write(as format: OutputFormat, to out: TextOutput,
                      rows each: ((Row) -> Void) throws(Failure) -> Void) throws(Failure) {
        let writer = ListingWriter(columns, key: key, format: format, to: out)
        if writer.needsMeasuring { try each { writer.measure($0) } }
        writer.begin(self)
        try each { writer.write($0) }
        writer.end()
    }
}

/// Streams one listing in one format. For a table, every row is first
/// `measure`d (column widths in display columns), then `begin`, `write` each
/// row, `end`; the other formats skip measuring. Nothing is kept per row, so
/// a million rows cost no more memory than one.
///
/// The format-specific half is a sink; adding a format (HTML) is one more
/// sink and one more case in `init`.
public final class ListingWriter<Row> {
    private let columns: [Column<Row>]
    private let sink: ListingSink
    private let measured: [Int]
    private let format: OutputFormat

    public init(_ columns: [Column<Row>], key: String, format: OutputFormat, to out: TextOutput) {
        let visible = columns.filter { $0.formats.contains(format.view) }
        self.columns = visible
        self.format = format.view
        let heads = visible.map { ColumnHead(header: $0.header, key: $0.key, missing: $0.missing) }
        switch format {
        case .table: sink = TableSink(heads, out: out)
        case .json: sink = JSONSink(heads, key: key, out: out)
        case .csv: sink = CSVSink(heads, out: out)
        case .html: sink = HTMLSink(heads, title: "tracker: " + key.split(separator: "_").joined(separator: " "),
                                    standalone: true, out: out)
        }
        measured = sink.measuredColumns
    }

    /// Whether rows must be measured before `begin` (tables).
    public var needsMeasuring: Bool { sink.measures }

    /// Notes one row's widths (tables); call for every row before `begin`.
    public func measure(_ row: Row) {
        for i in measured { sink.measure(column: i, columns[i].value(row)) }
        sink.measuredRow()
    }

    /// Starts the document: `listing`'s head, tail, empty text and footer
    /// (its columns are the writer's already).
    public func begin(_ listing: Listing<Row>) {
        sink.begin(ListingDocument(head: listing.head.filter { $0.formats.contains(format) },
                                   tail: listing.tail.filter { $0.formats.contains(format) },
                                   empty: listing.empty, footer: listing.footer))
    }

    public func write(_ row: Row) {
        sink.beginRow()
        for i in columns.indices { sink.cell(column: i, columns[i].value(row)) }
        sink.endRow()
    }

    public func end() { sink.end() }
}

/// The parts of a listing around its rows, as one format sees them.
struct ListingDocument {
    let head: [Field]
    let tail: [Field]
    let empty: String?
    let footer: [String]
}

/// What a sink knows of a column.
struct ColumnHead {
    let header: String
    let key: String
    let missing: String
}

/// The format-specific half of the renderer: typed values in, one format out.
protocol ListingSink: AnyObject {
    var measures: Bool { get }
    /// Columns whose widths matter (a table's padded ones).
    var measuredColumns: [Int] { get }
    func measure(column: Int, _ value: Value)
    func measuredRow()
    func begin(_ document: ListingDocument)
    func beginRow()
    func cell(column: Int, _ value: Value)
    func endRow()
    func end()
}

extension ListingSink {
    var measures: Bool { false }
    var measuredColumns: [Int] { [] }
    func measure(column: Int, _ value: Value) {}
    func measuredRow() {}
}

/// A plain-text table: a header row, columns padded to their widest cell in
/// display columns, the last column unpadded, no trailing spaces. Cells have
/// their control characters escaped.
final class TableSink: ListingSink {
    private let columns: [ColumnHead]
    private let out: TextOutput
    private var footer: [String] = []
    private var widths: [Int]
    private var rows = 0
    private var silent = false
    private var line: [UInt8] = []
    private var column = 0

    init(_ columns: [ColumnHead], out: TextOutput) {
        self.columns = columns
        self.out = out
        widths = columns.map { DisplayWidth.of($0.header) }
    }

    var measures: Bool { true }
    var measuredColumns: [Int] { Array(columns.indices.dropLast()) }

    static func text(_ value: Value, missing: String) -> String {
        ControlEscape.escape(value.flatText(listSeparator: ", ") ?? missing)
    }

    func measure(column: Int, _ value: Value) {
        let w = DisplayWidth.of(Self.text(value, missing: columns[column].missing))
        if w > widths[column] { widths[column] = w }
    }

    func measuredRow() { rows += 1 }

    func begin(_ document: ListingDocument) {
        footer = document.footer
        let details = (document.head + document.tail).filter { !$0.header.isEmpty }
        if !details.isEmpty {
            let labelWidth = details.map { DisplayWidth.of($0.header) }.max() ?? 0
            for d in details {
                let value = Self.text(d.value, missing: "-")
                out.line(d.header + ":" + String(repeating: " ", count: labelWidth - DisplayWidth.of(d.header) + 1) + value)
            }
            out.line()
        }
        if rows == 0, let empty = document.empty {
            out.line(empty)
            silent = true
            return
        }
        beginRow()
        for (i, c) in columns.enumerated() { append(c.header, column: i) }
        endRow()
    }

    func beginRow() {
        line.removeAll(keepingCapacity: true)
        column = 0
    }

    func cell(column i: Int, _ value: Value) {
        append(Self.text(value, missing: columns[i].missing), column: i)
    }

    private func append(_ text: String, column i: Int) {
        var t = text
        t.withUTF8 { line.append(contentsOf: $0) }
        if i < columns.count - 1 {
            let pad = widths[i] - DisplayWidth.of(text) + 2
            for _ in 0..<max(pad, 2) { line.append(32) }
        }
    }

    func endRow() {
        guard !silent else { return }
        while line.last == 32 { line.removeLast() }
        line.append(10)
        out.write(bytes: line)
    }

    func end() {
        guard !silent else { return }
        for l in footer { out.line(l) }
    }
}

/// The JSON document `{head..., key: [{column: value, ...}], tail...}`.
final class JSONSink: ListingSink {
    private let columns: [ColumnHead]
    private let key: String
    private var tail: [Field] = []
    private var json: JSONWriter

    init(_ columns: [ColumnHead], key: String, out: TextOutput) {
        self.columns = columns
        self.key = key
        json = JSONWriter(out)
    }

    func begin(_ document: ListingDocument) {
        tail = document.tail
        json.beginObject()
        for f in document.head { json.key(f.key); json.value(f.value) }
        json.key(key)
        json.beginArray()
    }

    func beginRow() { json.beginObject() }
    func cell(column i: Int, _ value: Value) { json.key(columns[i].key); json.value(value) }
    func endRow() { json.endObject() }

    func end() {
        json.endArray()
        for f in tail { json.key(f.key); json.value(f.value) }
        json.endObject()
    }
}

/// RFC 4180 CSV with a header row of JSON keys; see `CSV.field`.
final class CSVSink: ListingSink {
    private let columns: [ColumnHead]
    private let out: TextOutput
    private var line: [UInt8] = []

    init(_ columns: [ColumnHead], out: TextOutput) {
        self.columns = columns
        self.out = out
    }

    func begin(_ document: ListingDocument) {
        beginRow()
        for (i, c) in columns.enumerated() { append(c.key, column: i) }
        endRow()
    }

    func beginRow() { line.removeAll(keepingCapacity: true) }

    func cell(column i: Int, _ value: Value) {
        append(value.flatText(listSeparator: ";") ?? "", column: i)
    }

    private func append(_ text: String, column i: Int) {
        if i > 0 { line.append(44) }
        var f = CSV.field(text)
        f.withUTF8 { line.append(contentsOf: $0) }
    }

    func endRow() {
        line.append(10)
        out.write(bytes: line)
    }

    func end() {}
}
