/// RFC 4180 CSV fields. Control characters are escaped (`ControlEscape`), so
/// every record is one line; fields with commas or quotes are quoted. A field
/// that a spreadsheet would run as a formula (=, +, -, @ first) is prefixed
/// with a single quote.
public enum CSV {
    /// One field, escaped and quoted as needed.
    public static func field(_ text: String) -> String {
        var f = ControlEscape.escape(text)
        if let first = f.utf8.first, first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40, !isNumeric(f) {
            f = "'" + f
        }
        if f.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 }) {
            return "\"" + f.replacingOccurrences("\"", with: "\"\"") + "\""
        }
        return f
    }

    /// One record (without its line end); nil is an empty field.
    public static func row(_ fields: [String?]) -> String {
        fields.map { $0.map(field) ?? "" }.joined(separator: ",")
    }

    static func isNumeric(_ s: String) -> Bool {
        let body = s.first == "-" ? s.dropFirst() : Substring(s)
        return !body.isEmpty && body.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") }
    }
}
