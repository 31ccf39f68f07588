/// A plain-text table with a header row, columns padded to their widest cell.
public struct Table {
    public let headers: [String]
    public private(set) var rows: [[String]] = []

    public init(_ headers: [String]) { self.headers = headers }

    public mutating func append(_ row: [String]) { rows.append(row) }

    /// Writes the table; the last column is not padded.
    public func write(to out: TextOutput) {
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func emit(_ cells: [String]) {
            var line = ""
            for (i, cell) in cells.enumerated() where i < widths.count {
                if i == min(cells.count, widths.count) - 1 {
                    line += cell
                } else {
                    line += cell + String(repeating: " ", count: widths[i] - cell.count + 2)
                }
            }
            var end = line.endIndex
            while end > line.startIndex, line[line.index(before: end)] == " " { end = line.index(before: end) }
            out.line(String(line[..<end]))
        }
        emit(headers)
        for row in rows { emit(row) }
    }
}
