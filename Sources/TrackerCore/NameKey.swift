/// How names are compared: two names are the same name when their keys are
/// equal. Fine-tune and channel names are stored with their key (the store
/// looks them up and keeps them unique by it); owners and tasks are matched
/// by it in filters and channel routes.
///
/// The key is the name in Unicode NFC, without the invisible characters
/// `TextRule` refuses in new names, with every run of whitespace made one
/// space, then case-folded: lower case of the upper case of the lower case,
/// which gives Unicode full case folding's matches (`Émile` = `émile` =
/// `ÉMILE`, `Straße` = `STRASSE`, `ﬁle` = `FILE`, `ẞ` = `ss`) and also
/// matches dotless `ı` with `i`. It is computed in Swift only (SQLite's
/// `lower()` and `NOCASE` know ASCII only) and depends on the Unicode
/// version of the Swift standard library.
public enum NameKey {
    /// The comparison key of `name`.
    public static func of<S: StringProtocol>(_ name: S) -> String {
        if let ascii = asciiKey(name) { return ascii }
        var visible = String.UnicodeScalarView()
        let scalars = Array(nfc(String(name)).unicodeScalars)
        var lastWasSpace = true // drops leading whitespace
        for (i, s) in scalars.enumerated() {
            if TextRule.isInvisible(scalars, at: i) { continue }
            if s.properties.isWhitespace {
                if !lastWasSpace { visible.append(" ") }
                lastWasSpace = true
                continue
            }
            visible.append(s)
            lastWasSpace = false
        }
        if lastWasSpace, let last = visible.last, last == " " { visible.removeLast() }
        return nfc(String(visible).lowercased().uppercased().lowercased())
    }

    /// `text` in Unicode Normalization Form C (canonical composition), the
    /// form names are stored in: `e` + U+0301 becomes `é`.
    public static func nfc(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        return String(decoding: text._nfcCodeUnits, as: UTF8.self)
    }

    /// The key of a plain ASCII name without tabs or repeated spaces, fast:
    /// the common case, and the one `tracker due --owner` meets per row.
    static func asciiKey<S: StringProtocol>(_ name: S) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(name.utf8.count)
        var previous: UInt8 = 0x20
        for b in name.utf8 {
            guard b >= 0x20, b < 0x7F, !(b == 0x20 && previous == 0x20) else { return nil }
            bytes.append(b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
            previous = b
        }
        if previous == 0x20 && !bytes.isEmpty { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether two names are the same name.
    public static func same<A: StringProtocol, B: StringProtocol>(_ a: A, _ b: B) -> Bool {
        a == b || of(a) == of(b)
    }
}
