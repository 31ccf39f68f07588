/// Rules for the ids tracker imports: model ids, families and versions,
/// fine-tuned model ids, job ids, training-file ids, catalog keys and
/// providers, as providers, catalogs and job lists send them.
///
/// Imported text reaches terminals, tables, CSV files and the database, so
/// an id must be what real ids are: `gpt-4o-2024-08-06`,
/// `ft:gpt-4o-mini-2024-07-18:acme::abc123`, `claude-3-5-sonnet-20241022`,
/// `models/gemini-1.5-pro-002`, `llama3.1:8b`,
/// `hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M`,
/// `bedrock/anthropic.claude-3-haiku-20240307-v1:0`,
/// `vertex_ai/claude-3-5-sonnet@20240620`. That is:
/// - 1 to 200 bytes (a base's family may be the whole id, and `BaseRef`
///   reads families of up to 200 characters);
/// - ASCII letters and digits and `. - _ : / @ +` only, so no control
///   character (no NUL, no terminal escape, no line break), no whitespace,
///   no quote or backslash, nothing outside ASCII (no bidi override);
/// - no `.` or `..` segment and no empty segment between `/`s, so an id
///   never reads as a path that climbs out of a folder.
public enum IDRule {
    /// Longest accepted id, in bytes (ids are ASCII, so also characters).
    public static let maxBytes = 200

    /// Longest accepted provider name, in bytes.
    public static let maxProviderBytes = 64

    /// The punctuation ids may carry besides ASCII letters and digits.
    public static let punctuation = ". - _ : / @ +"

    /// The checks ids and provider names share: not empty, no control
    /// characters (named first, even in a huge string: they are what makes
    /// a string dangerous to print), and a bounded length.
    static func sharedProblem(_ s: String, maxBytes: Int) -> String? {
        if s.utf8.isEmpty { return "is empty" }
        for scalar in s.unicodeScalars where isControl(scalar.value) {
            return scalar.value == 0 ? "contains NUL (U+0000)" : "contains a control character (\(codePoint(scalar.value)))"
        }
        let length = s.utf8.count
        if length > maxBytes { return "is \(length) bytes long (at most \(maxBytes))" }
        return nil
    }

    /// Why `id` is not a usable id, as a phrase that follows the field's name
    /// ("is empty", "contains NUL (U+0000)"); nil when it is usable.
    public static func problem(_ id: String) -> String? {
        if let p = sharedProblem(id, maxBytes: maxBytes) { return p }
        for scalar in id.unicodeScalars where !isIDCharacter(scalar.value) {
            if scalar.properties.isWhitespace { return "contains whitespace (\(codePoint(scalar.value)))" }
            return "contains \(codePoint(scalar.value)); ids are ASCII letters, digits and \(punctuation)"
        }
        for segment in id.split(separator: "/", omittingEmptySubsequences: false) {
            if segment == "." || segment == ".." { return "has a '\(segment)' path segment" }
            if segment.isEmpty { return "has an empty path segment (a leading, trailing or doubled '/')" }
        }
        return nil
    }

    /// Why `provider` is not a usable provider name (lower-case ASCII
    /// letters, digits, `.`, `-`, `_`; 1 to 64 bytes); nil when it is.
    public static func providerProblem(_ provider: String) -> String? {
        if let p = sharedProblem(provider, maxBytes: maxProviderBytes) { return p }
        for c in provider.unicodeScalars {
            let v = c.value
            let ok = (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) || v == 0x2E || v == 0x2D || v == 0x5F
            if !ok { return "contains \(codePoint(v)); providers are lower-case ASCII letters, digits and . - _" }
        }
        return nil
    }

    /// `text` quoted for a one-line message, whatever it holds: printable
    /// ASCII as is (`'` and `\` escaped), every other character as
    /// `\u{hex}` (line breaks and tabs as `\n`, `\r`, `\t`), cut after
    /// `limit` bytes of output with `...`. Never carries a control character
    /// or more than about `limit` + 12 bytes.
    public static func quoted(_ text: String, limit: Int = 60) -> String {
        var out = "'"
        var used = 0
        for scalar in text.unicodeScalars {
            let piece: String
            switch scalar.value {
            case 0x0A: piece = "\\n"
            case 0x0D: piece = "\\r"
            case 0x09: piece = "\\t"
            case 0x27: piece = "\\'"
            case 0x5C: piece = "\\\\"
            case 0x20...0x7E: piece = String(Character(scalar))
            default: piece = "\\u{" + String(scalar.value, radix: 16) + "}"
            }
            if used + piece.utf8.count > limit {
                out += "..."
                break
            }
            out += piece
            used += piece.utf8.count
        }
        return out + "'"
    }

    static func isControl(_ v: UInt32) -> Bool {
        v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || v == 0x2028 || v == 0x2029
    }

    static func isIDCharacter(_ v: UInt32) -> Bool {
        (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || (v >= 0x30 && v <= 0x39)
            || v == 0x2E || v == 0x2D || v == 0x5F || v == 0x3A || v == 0x2F || v == 0x40 || v == 0x2B
    }

    /// `U+001B`.
    static func codePoint(_ v: UInt32) -> String {
        let hex = String(v, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}

/// One imported entry left out because a string in it breaks a rule: the
/// rest of the import goes on, and the command prints `message` as a
/// warning. Both parts are already safe to print (see `IDRule.quoted`).
public struct Refusal: Sendable, Equatable {
    /// Which entry: where it was (`data[3]`) and its id, quoted.
    public let entry: String
    /// What is wrong: the field, its value quoted when it is not the id
    /// already named, and the problem.
    public let reason: String

    /// Memberwise.
    public init(entry: String, reason: String) {
        self.entry = entry
        self.reason = reason
    }

    /// `skipped model data[3] 'gpt-4o\u{0}evil': id contains NUL (U+0000)`.
    public var message: String { "skipped \(entry): \(reason)" }

    /// Warning lines shown at most; the rest are counted in one more line,
    /// so a hostile answer with a million bad entries prints a screenful.
    public static let shownAtMost = 20

    /// The warning lines for `refusals`: one per entry, at most
    /// `shownAtMost`, then `N more entries skipped`.
    public static func warnings(_ refusals: [Refusal]) -> [String] {
        var lines = refusals.prefix(shownAtMost).map(\.message)
        if refusals.count > shownAtMost {
            let more = refusals.count - shownAtMost
            lines.append("\(more) more entr\(more == 1 ? "y" : "ies") skipped for the same kinds of reasons (not shown)")
        }
        return lines
    }

    /// Refuses an import in which every entry was refused: nothing usable
    /// came, which is bad data (exit 65), not a successful empty import.
    /// An answer with no entries at all passes.
    public static func requireAccepted(_ accepted: Int, _ refusals: [Refusal], every what: String) throws(Failure) {
        guard accepted == 0, !refusals.isEmpty else { return }
        throw Failure(.data, "every \(what) was refused (\(refusals.count) entr\(refusals.count == 1 ? "y" : "ies"), see the warnings above); nothing was changed")
    }

    /// The refusal of `value` in `field` by the id rule, or nil when it is usable.
    /// `named` is true when `entry` already shows the value.
    public static func id(_ value: String, field: String, entry: String, named: Bool = false) -> Refusal? {
        guard let problem = IDRule.problem(value) else { return nil }
        return Refusal(entry: entry, reason: named ? "\(field) \(problem)" : "\(field) \(IDRule.quoted(value)) \(problem)")
    }
}
