/// A parsed JSON document, kept exact.
///
/// Numbers keep their literal text so prices such as `2.5e-06` can be turned
/// into integer micro-units without ever passing through floating point
/// (see `ExactDecimal`). Objects keep their members in document order.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number exactly as written, e.g. `-12`, `2.5e-06`.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The text of a string value; nil for every other kind.
    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The value of an integer literal that fits `Int64` (`42`, `-7`); nil for
    /// fractions and exponents (`1.0`, `1e3`), which are not exact integers
    /// as written, and for anything that is not a number.
    public var int64: Int64? {
        guard case .number(let text) = self else { return nil }
        for c in text.utf8 where !(c >= 0x30 && c <= 0x39) && c != 0x2D { return nil }
        return Int64(text)
    }

    /// The literal text of a number value; nil for every other kind.
    public var numberLiteral: String? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// The value of `true` / `false`; nil for every other kind.
    public var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The elements of an array; nil for every other kind.
    public var array: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The members of an object; nil for every other kind.
    public var object: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// Whether this is JSON `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A short name of the kind, for error messages ("a string", "null").
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// The members of a JSON object in document order.
///
/// RFC 8259 leaves duplicate names undefined; tracker keeps every member in
/// `members` (so nothing is silently lost) and lets the last one win on
/// lookup, as most parsers do. Equality compares members in order.
public struct JSONObject: Sendable, Equatable {
    /// Every member as written, duplicates included.
    public let members: [(key: String, value: JSONValue)]
    /// Key -> index of its last occurrence; only built for larger objects,
    /// where a linear scan would cost more than the table.
    private let index: [String: Int]?

    /// Objects with more members than this get a lookup table.
    private static let indexThreshold = 12

    /// Builds an object from members in order.
    public init(_ members: [(key: String, value: JSONValue)]) {
        self.members = members
        if members.count > JSONObject.indexThreshold {
            var table = [String: Int](minimumCapacity: members.count)
            for (i, m) in members.enumerated() { table[m.key] = i }
            self.index = table
        } else {
            self.index = nil
        }
    }

    /// The value of the last member named `key`, or nil when there is none.
    public subscript(key: String) -> JSONValue? {
        guard let i = lastIndex(of: key) else { return nil }
        return members[i].value
    }

    /// The position in `members` of the last member named `key`.
    public func lastIndex(of key: String) -> Int? {
        if let index { return index[key] }
        var i = members.count - 1
        while i >= 0 {
            if members[i].key == key { return i }
            i -= 1
        }
        return nil
    }

    /// Number of members, duplicates included.
    public var count: Int { members.count }

    /// The member names in document order, duplicates included.
    public var keys: [String] { members.map(\.key) }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        guard a.members.count == b.members.count else { return false }
        for (x, y) in zip(a.members, b.members) where x.key != y.key || x.value != y.value {
            return false
        }
        return true
    }
}

/// Why a document is not JSON: the message names what was expected and the
/// zero-based byte offset where parsing stopped, e.g.
/// `expected ',' or '}' at byte 1234`.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    /// Zero-based byte offset into the input.
    public let offset: Int

    /// An error at `offset`; `message` should end with `at byte <offset>`.
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { message }
}

/// A strict RFC 8259 parser over UTF-8 bytes.
///
/// Provider lists and catalog files come from the network and from disk, so
/// the parser must never crash or recurse on hostile input: it is iterative
/// (an explicit stack, no recursion) and refuses nesting deeper than
/// `maxDepth` with an error.
///
/// Strictness, rule by rule:
/// - whitespace is space, tab, LF, CR only; one value; trailing bytes other
///   than whitespace are refused;
/// - numbers follow the RFC grammar exactly: no leading zeros (`01`), no `+`,
///   no `.5`, no `1.`, no NaN/Infinity; the literal text is kept verbatim;
/// - strings must be valid UTF-8 (no overlong forms, no encoded surrogates,
///   nothing above U+10FFFF) with no raw control characters (< U+0020);
///   escapes are the RFC's eight plus `\uXXXX`; a `\uXXXX` surrogate pair is
///   combined; a lone surrogate escape is an ERROR (not U+FFFD), since a
///   silently altered model id would be worse than a refused file;
/// - a leading UTF-8 byte order mark is skipped (RFC 8259 section 8.1 allows
///   parsers to ignore it).
public struct JSONParser: Sendable {
    /// The deepest nesting of arrays/objects accepted; deeper is an error.
    public var maxDepth: Int

    /// A parser refusing nesting deeper than `maxDepth` (at least 1).
    public init(maxDepth: Int = 128) {
        self.maxDepth = maxDepth
    }

    /// Parses a whole document.
    public func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        var state = ParseState(bytes: bytes, maxDepth: max(1, maxDepth))
        return try state.parseDocument()
    }

    /// Parses a whole document from any collection of UTF-8 bytes.
    public func parse<Bytes: Collection>(utf8 bytes: Bytes) throws(JSONParseError) -> JSONValue where Bytes.Element == UInt8 {
        try parse(Array(bytes))
    }

    /// Parses a whole document held in a string.
    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }
}

/// One parse in progress: the input, the position and the open containers.
private struct ParseState {
    let bytes: [UInt8]
    let maxDepth: Int
    var i = 0

    /// An open array or object: where its values (and keys) start on the
    /// shared scratch stacks.
    struct Frame {
        let isObject: Bool
        let valueStart: Int
        let keyStart: Int
    }

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    func fail(_ what: String, at offset: Int) -> JSONParseError {
        JSONParseError(message: "\(what) at byte \(offset)", offset: offset)
    }

    /// What sits at the current position, for messages.
    func found() -> String {
        guard i < bytes.count else { return "end of input" }
        let c = bytes[i]
        if c >= 0x20 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        return "byte 0x" + String(c, radix: 16, uppercase: true)
    }

    mutating func skipWhitespace() {
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { return }
        }
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        var stack: [Frame] = []
        var values: [JSONValue] = []
        var keys: [String] = []

        skipWhitespace()
        // Each turn of this loop reads one value, then closes every container
        // that ends after it, until a new value is expected.
        while true {
            guard i < bytes.count else { throw fail("expected a value, found end of input", at: i) }
            let c = bytes[i]
            var value: JSONValue
            switch c {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = c == UInt8(ascii: "{")
                guard stack.count < maxDepth else {
                    throw fail("nesting deeper than \(maxDepth) levels", at: i)
                }
                i += 1
                skipWhitespace()
                if i < bytes.count, bytes[i] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    i += 1
                    value = isObject ? .object(JSONObject([])) : .array([])
                } else {
                    stack.append(Frame(isObject: isObject, valueStart: values.count, keyStart: keys.count))
                    if isObject {
                        keys.append(try parseKey(first: true))
                    }
                    continue
                }
            case UInt8(ascii: "\""):
                value = .string(try parseString())
            case UInt8(ascii: "t"):
                try expectLiteral("true"); value = .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false"); value = .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null"); value = .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = .number(try parseNumber())
            default:
                throw fail("expected a value, found \(found())", at: i)
            }

            // Place the value and close finished containers.
            while true {
                guard let frame = stack.last else {
                    skipWhitespace()
                    guard i == bytes.count else {
                        throw fail("unexpected \(found()) after the JSON value", at: i)
                    }
                    return value
                }
                values.append(value)
                skipWhitespace()
                guard i < bytes.count else {
                    throw fail(frame.isObject ? "expected ',' or '}', found end of input" : "expected ',' or ']', found end of input", at: i)
                }
                let d = bytes[i]
                if d == UInt8(ascii: ",") {
                    i += 1
                    skipWhitespace()
                    if frame.isObject { keys.append(try parseKey(first: false)) }
                    break
                }
                if frame.isObject && d == UInt8(ascii: "}") {
                    i += 1
                    var members: [(key: String, value: JSONValue)] = []
                    members.reserveCapacity(values.count - frame.valueStart)
                    var k = frame.keyStart
                    for v in values[frame.valueStart...] {
                        members.append((key: keys[k], value: v))
                        k += 1
                    }
                    values.removeSubrange(frame.valueStart...)
                    keys.removeSubrange(frame.keyStart...)
                    stack.removeLast()
                    value = .object(JSONObject(members))
                    continue
                }
                if !frame.isObject && d == UInt8(ascii: "]") {
                    i += 1
                    let elements = Array(values[frame.valueStart...])
                    values.removeSubrange(frame.valueStart...)
                    stack.removeLast()
                    value = .array(elements)
                    continue
                }
                throw fail(frame.isObject ? "expected ',' or '}', found \(found())" : "expected ',' or ']', found \(found())", at: i)
            }
        }
    }

    /// Reads `"name"` and the `:` after it, leaving the position at the value.
    mutating func parseKey(first: Bool) throws(JSONParseError) -> String {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
            throw fail(first ? "expected a string key or '}', found \(found())" : "expected a string key, found \(found())", at: i)
        }
        let key = try parseString()
        skipWhitespace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
            throw fail("expected ':' after object key, found \(found())", at: i)
        }
        i += 1
        skipWhitespace()
        return key
    }

    mutating func expectLiteral(_ word: StaticString) throws(JSONParseError) {
        let start = i
        let n = word.utf8CodeUnitCount
        let p = word.utf8Start
        guard bytes.count - i >= n else { throw fail("invalid literal", at: start) }
        for k in 0..<n where bytes[i + k] != p[k] {
            throw fail("invalid literal", at: start)
        }
        i += n
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept verbatim.
    mutating func parseNumber() throws(JSONParseError) -> String {
        let start = i
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, isDigit(bytes[i]) else {
            throw fail("expected a digit in number", at: i)
        }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < bytes.count, isDigit(bytes[i]) {
                throw fail("leading zero in number", at: i - 1)
            }
        } else {
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard i < bytes.count, isDigit(bytes[i]) else {
                throw fail("expected a digit after '.' in number", at: i)
            }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, isDigit(bytes[i]) else {
                throw fail("expected a digit in exponent", at: i)
            }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    /// Reads a string starting at its opening quote.
    mutating func parseString() throws(JSONParseError) -> String {
        i += 1 // opening quote
        let start = i
        // Fast path: no escapes. Validates UTF-8 as it goes.
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: bytes[start..<i], as: UTF8.self)
                i += 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw fail("control character in string", at: i) }
            if c < 0x80 { i += 1 } else { try skipUTF8Sequence() }
        }
        guard i < bytes.count else { throw fail("unterminated string", at: i) }
        // Slow path: copy what was scanned, then decode escapes.
        var out = Array(bytes[start..<i])
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if c == UInt8(ascii: "\\") {
                try parseEscape(into: &out)
                continue
            }
            if c < 0x20 { throw fail("control character in string", at: i) }
            if c < 0x80 {
                out.append(c)
                i += 1
            } else {
                let s = i
                try skipUTF8Sequence()
                out.append(contentsOf: bytes[s..<i])
            }
        }
        throw fail("unterminated string", at: i)
    }

    /// Checks one multi-byte UTF-8 sequence at the position and steps over it.
    mutating func skipUTF8Sequence() throws(JSONParseError) {
        let c = bytes[i]
        let length: Int
        var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
        switch c {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upper = 0x9F // no UTF-16 surrogates
        case 0xF0: length = 4; lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upper = 0x8F // nothing above U+10FFFF
        default: throw fail("invalid UTF-8", at: i)
        }
        guard bytes.count - i >= length else { throw fail("invalid UTF-8", at: i) }
        let second = bytes[i + 1]
        guard second >= lower && second <= upper else { throw fail("invalid UTF-8", at: i) }
        for k in 2..<max(2, length) where bytes[i + k] & 0xC0 != 0x80 {
            throw fail("invalid UTF-8", at: i)
        }
        i += length
    }

    /// Decodes one escape starting at its backslash, appending UTF-8.
    mutating func parseEscape(into out: inout [UInt8]) throws(JSONParseError) {
        let start = i
        guard i + 1 < bytes.count else { throw fail("unterminated string", at: bytes.count) }
        let e = bytes[i + 1]
        i += 2
        switch e {
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "/"): out.append(0x2F)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4(at: start)
            if scalar >= 0xD800 && scalar <= 0xDBFF {
                guard bytes.count - i >= 6, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                    throw fail("lone surrogate \\u\(String(scalar, radix: 16, uppercase: true)) in string", at: start)
                }
                let lowStart = i
                i += 2
                let low = try hex4(at: lowStart)
                guard low >= 0xDC00 && low <= 0xDFFF else {
                    throw fail("lone surrogate \\u\(String(scalar, radix: 16, uppercase: true)) in string", at: start)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                throw fail("lone surrogate \\u\(String(scalar, radix: 16, uppercase: true)) in string", at: start)
            }
            appendUTF8(scalar, to: &out)
        default:
            throw fail("invalid escape in string", at: start)
        }
    }

    /// Reads four hex digits at the position (after `\u`).
    mutating func hex4(at escapeStart: Int) throws(JSONParseError) -> UInt32 {
        guard bytes.count - i >= 4 else { throw fail("invalid \\u escape in string", at: escapeStart) }
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = bytes[i + k]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw fail("invalid \\u escape in string", at: escapeStart)
            }
            v = v << 4 | d
        }
        i += 4
        return v
    }

    func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
        switch v {
        case 0..<0x80:
            out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}
