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

/// RFC 4180 CSV: fields with commas, quotes or line breaks are quoted. A field
/// that a spreadsheet would run as a formula (=, +, -, @ first) is prefixed
/// with a single quote.
public enum CSV {
    public static func row(_ fields: [String?]) -> String {
        fields.map { field in
            guard var f = field else { return "" }
            if let first = f.first, "=+-@".contains(first), !isNumeric(f) { f = "'" + f }
            if f.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + f.replacingOccurrences("\"", with: "\"\"") + "\""
            }
            return f
        }.joined(separator: ",")
    }

    static func isNumeric(_ s: String) -> Bool {
        let body = s.first == "-" ? s.dropFirst() : Substring(s)
        return !body.isEmpty && body.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") }
    }
}
