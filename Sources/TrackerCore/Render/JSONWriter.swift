/// Writes JSON straight to a `TextOutput`, one token at a time, so large
/// listings stream. The shapes written are documented in the README.
public struct JSONWriter {
    let out: TextOutput
    /// Whether the next value in the current container needs a comma.
    private var needsComma: [Bool] = [false]
    private var pendingKey = false
    private let indentUnit: String?

    public init(_ out: TextOutput, pretty: Bool = true) {
        self.out = out
        self.indentUnit = pretty ? "  " : nil
    }

    private mutating func beforeValue() {
        if pendingKey { pendingKey = false; return }
        if needsComma[needsComma.count - 1] { out.write(",") }
        needsComma[needsComma.count - 1] = true
        if needsComma.count > 1 { newline() }
    }

    private func newline() {
        guard let unit = indentUnit else { return }
        out.write("\n")
        for _ in 1..<needsComma.count { out.write(unit) }
    }

    public mutating func beginObject() { beforeValue(); out.write("{"); needsComma.append(false) }
    public mutating func endObject() { close("}") }
    public mutating func beginArray() { beforeValue(); out.write("["); needsComma.append(false) }
    public mutating func endArray() { close("]") }

    private mutating func close(_ bracket: String) {
        let hadItems = needsComma.removeLast()
        if hadItems { newline() }
        out.write(bracket)
        if needsComma.count == 1 { out.write("\n") }
    }

    public mutating func key(_ k: String) {
        beforeValue()
        JSONWriter.writeString(k, to: out)
        out.write(indentUnit == nil ? ":" : ": ")
        pendingKey = true
    }

    public mutating func string(_ s: String?) {
        beforeValue()
        if let s { JSONWriter.writeString(s, to: out) } else { out.write("null") }
    }

    public mutating func int(_ i: Int64?) {
        beforeValue()
        out.write(i.map { String($0) } ?? "null")
    }

    public mutating func int(_ i: Int?) { int(i.map { Int64($0) }) }

    public mutating func bool(_ b: Bool) {
        beforeValue()
        out.write(b ? "true" : "false")
    }

    /// A raw number text (e.g. an exact decimal amount).
    public mutating func number(_ text: String) {
        beforeValue()
        out.write(text)
    }

    public mutating func field(_ k: String, _ s: String?) { key(k); string(s) }
    public mutating func field(_ k: String, _ i: Int?) { key(k); int(i) }
    public mutating func field(_ k: String, _ i: Int64?) { key(k); int(i) }
    public mutating func field(_ k: String, _ b: Bool) { key(k); bool(b) }

    /// RFC 8259 string escaping.
    public static func writeString(_ s: String, to out: TextOutput) {
        out.write(byte: 0x22)
        var plainStart = s.utf8.startIndex
        let utf8 = s.utf8
        var i = utf8.startIndex
        while i != utf8.endIndex {
            let c = utf8[i]
            if c < 0x20 || c == 0x22 || c == 0x5C {
                if plainStart != i { out.write(String(s[plainStart..<i])) }
                switch c {
                case 0x22: out.write("\\\"")
                case 0x5C: out.write("\\\\")
                case 0x0A: out.write("\\n")
                case 0x0D: out.write("\\r")
                case 0x09: out.write("\\t")
                default:
                    let hex = String(c, radix: 16)
                    out.write("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                }
                plainStart = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        if plainStart == utf8.startIndex { out.write(s) } else if plainStart != utf8.endIndex { out.write(String(s[plainStart...])) }
        out.write(byte: 0x22)
    }
}
