/// Makes control characters visible, so text from the database, a provider
/// or the user can never break a table row, a CSV record or a one-line
/// message, move the cursor, or ring the bell.
///
/// LF, CR and TAB become `\n`, `\r` and `\t`; every other C0 control, DEL,
/// the C1 controls (U+0080-U+009F) and the Unicode line and paragraph
/// separators (U+2028, U+2029) become `\u{1b}`-style escapes (lower-case hex).
/// Everything else, backslashes included, is left as it is.
public enum ControlEscape {
    /// Whether `text` holds anything `escape` would change.
    public static func needsEscaping(_ text: String) -> Bool {
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        for b in text.utf8 {
            if b < 0x20 || b == 0x7F { return true }
            // C1 controls are C2 80..C2 9F; U+2028/9 are E2 80 A8/A9.
            if previous == 0xC2 && b >= 0x80 && b <= 0x9F { return true }
            if beforePrevious == 0xE2 && previous == 0x80 && (b == 0xA8 || b == 0xA9) { return true }
            // Bidi controls that reorder what follows: U+200E/F (E2 80 8E/8F),
            // U+202A..202E (E2 80 AA..AE), U+2066..2069 (E2 81 A6..A9).
            if beforePrevious == 0xE2 && previous == 0x80 && (b == 0x8E || b == 0x8F || (b >= 0xAA && b <= 0xAE)) { return true }
            if beforePrevious == 0xE2 && previous == 0x81 && b >= 0xA6 && b <= 0xA9 { return true }
            beforePrevious = previous
            previous = b
        }
        return false
    }

    /// `text` with its control characters escaped.
    public static func escape(_ text: String) -> String {
        guard needsEscaping(text) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0..<0x20, 0x7F, 0x80..<0xA0, 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
