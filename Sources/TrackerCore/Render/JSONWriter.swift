/// Writes JSON to a `TextOutput`, one token at a time, so large listings
/// stream. It keeps its own byte buffer (flushed every 64 KiB and when the
/// top-level value closes) so the hot path is plain appends. The shapes
/// written are documented in docs/output.md (and docs/costs.md).
public struct JSONWriter {
    let out: TextOutput
    private var buffer: [UInt8] = []
    /// Whether the next value in the current container needs a comma.
    private var needsComma: [Bool] = [false]
    private var pendingKey = false
    private let pretty: Bool
    /// "\n" plus two spaces per level, precomputed.
    private var indents: [[UInt8]] = []

    public init(_ out: TextOutput, pretty: Bool = true) {
        self.out = out
        self.pretty = pretty
        buffer.reserveCapacity(1 << 16 + 4096)
    }

    private mutating func raw(_ s: String) {
        var s = s
        s.withUTF8 { buffer.append(contentsOf: $0) }
    }

    private mutating func beforeValue() {
        if pendingKey { pendingKey = false; return }
        if needsComma[needsComma.count - 1] { buffer.append(44) }
        needsComma[needsComma.count - 1] = true
        if needsComma.count > 1 { newline() }
        if buffer.count >= 1 << 16 { flush() }
    }

    private mutating func newline() {
        guard pretty else { return }
        let depth = needsComma.count - 1
        while indents.count <= depth {
            indents.append([10] + [UInt8](repeating: 32, count: 2 * indents.count))
        }
        buffer.append(contentsOf: indents[depth])
    }

    /// Hands the buffered bytes to the output.
    public mutating func flush() {
        guard !buffer.isEmpty else { return }
        out.write(bytes: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    public mutating func beginObject() { beforeValue(); buffer.append(123); needsComma.append(false) }
    public mutating func endObject() { close(125) }
    public mutating func beginArray() { beforeValue(); buffer.append(91); needsComma.append(false) }
    public mutating func endArray() { close(93) }

    private mutating func close(_ bracket: UInt8) {
        let hadItems = needsComma.removeLast()
        if hadItems { newline() }
        buffer.append(bracket)
        if needsComma.count == 1 {
            buffer.append(10)
            flush()
        }
    }

    public mutating func key(_ k: String) {
        beforeValue()
        appendString(k)
        if pretty { buffer.append(58); buffer.append(32) } else { buffer.append(58) }
        pendingKey = true
    }

    public mutating func string(_ s: String?) {
        beforeValue()
        if let s { appendString(s) } else { appendNull() }
    }

    public mutating func int(_ i: Int64?) {
        beforeValue()
        guard let i else { appendNull(); return }
        appendInt(i)
    }

    public mutating func int(_ i: Int?) { int(i.map { Int64($0) }) }

    public mutating func bool(_ b: Bool) {
        beforeValue()
        raw(b ? "true" : "false")
    }

    /// An ISO day as a JSON string, or null.
    public mutating func day(_ d: Day?) {
        beforeValue()
        guard let d else { appendNull(); return }
        buffer.append(34)
        d.appendISO(to: &buffer)
        buffer.append(34)
    }

    /// An RFC 3339 UTC instant as a JSON string, or null.
    public mutating func instant(_ t: Instant?) {
        string(t?.description)
    }

    /// A typed listing value: numbers, booleans and null stay typed; days and
    /// instants are strings; lists and nested objects nest.
    public mutating func value(_ v: Value) {
        switch v {
        case .text(let s): string(s)
        case .int(let i): int(i)
        case .day(let d): day(d)
        case .instant(let t): instant(t)
        case .bool(let b):
            if let b { bool(b) } else { string(nil) }
        case .list(let items):
            beginArray()
            for item in items { string(item) }
            endArray()
        case .object(let fields, _):
            guard let fields else { string(nil); return }
            object(fields)
        case .objects(let objects, _):
            beginArray()
            for fields in objects { object(fields) }
            endArray()
        case .number(let n):
            if let n { number(n) } else { string(nil) }
        case .numbers(let items):
            beginArray()
            for n in items { number(n) }
            endArray()
        }
    }

    private mutating func object(_ fields: [Field]) {
        beginObject()
        for f in fields { key(f.key); value(f.value) }
        endObject()
    }

    /// A raw number text (e.g. an exact decimal amount).
    public mutating func number(_ text: String) {
        beforeValue()
        raw(text)
    }

    public mutating func field(_ k: String, _ s: String?) { key(k); string(s) }
    public mutating func field(_ k: String, _ i: Int?) { key(k); int(i) }
    public mutating func field(_ k: String, _ i: Int64?) { key(k); int(i) }
    public mutating func field(_ k: String, _ b: Bool) { key(k); bool(b) }
    public mutating func field(_ k: String, day d: Day?) { key(k); day(d) }

    private mutating func appendNull() { buffer.append(contentsOf: [110, 117, 108, 108]) }

    private mutating func appendInt(_ value: Int64) {
        if value < 0 { buffer.append(45) }
        var m = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[n] = UInt8(48 + m % 10)
                m /= 10
                n += 1
            } while m > 0
            for i in stride(from: n - 1, through: 0, by: -1) { buffer.append(d[i]) }
        }
    }

    /// RFC 8259 string escaping straight into the buffer.
    private mutating func appendString(_ s: String) {
        buffer.append(34)
        var s = s
        s.withUTF8 { bytes in
            for c in bytes {
                if c >= 0x20 && c != 0x22 && c != 0x5C {
                    buffer.append(c)
                    continue
                }
                buffer.append(0x5C)
                switch c {
                case 0x22: buffer.append(0x22)
                case 0x5C: buffer.append(0x5C)
                case 0x0A: buffer.append(0x6E)
                case 0x0D: buffer.append(0x72)
                case 0x09: buffer.append(0x74)
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    buffer.append(contentsOf: [0x75, 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 15)]])
                }
            }
        }
        buffer.append(34)
    }

    /// Writes one JSON string (quoted and escaped) to `out`.
    public static func writeString(_ s: String, to out: TextOutput) {
        var j = JSONWriter(out, pretty: false)
        j.appendString(s)
        j.flush()
    }
}
