/// How many terminal columns text takes: what table alignment must measure,
/// since `Character` count is wrong for CJK, emoji and combining marks.
///
/// Per grapheme cluster (what a terminal draws as one glyph):
/// - 2 for East Asian Wide and Fullwidth characters (CJK, kana, Hangul,
///   fullwidth forms) and for emoji shown as emoji (Emoji_Presentation, or any
///   emoji followed by U+FE0F);
/// - 0 for a cluster that starts with a combining mark, a format character
///   (zero-width space U+200B, joiners, direction marks U+200E/U+200F) or a
///   variation selector: it adds nothing where it stands;
/// - 1 otherwise. Combining accents join the cluster of their base letter,
///   so `é` is 1 whether composed (U+00E9) or decomposed (`e` + U+0301).
public enum DisplayWidth {
    /// The display width of `text`. Control characters count 0: escape them
    /// first (`ControlEscape`) when they must be visible.
    public static func of(_ text: String) -> Int {
        var ascii = true
        var count = 0
        for byte in text.utf8 {
            guard byte < 0x80 else { ascii = false; break }
            if byte >= 0x20 && byte != 0x7F { count += 1 }
        }
        if ascii { return count }
        var width = 0
        for c in text { width += of(c) }
        return width
    }

    /// The display width of one grapheme cluster.
    public static func of(_ c: Character) -> Int {
        let scalars = c.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if isZeroWidth(first) { return 0 }
        // An emoji presentation selector makes even a keycap digit an emoji.
        if scalars.count > 1 && scalars.contains(where: { $0.value == 0xFE0F }) && first.properties.isEmoji { return 2 }
        if first.value < 0x7F { return 1 } // a letter with combining accents is still 1
        if first.properties.isEmojiPresentation { return 2 }
        return isWide(first.value) ? 2 : 1
    }

    /// Scalars that take no column on their own.
    static func isZeroWidth(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return true }
        if v < 0x300 { return false }
        if (0x1160...0x11FF).contains(v) { return true } // Hangul medial vowels and final consonants
        if (0x200B...0x200F).contains(v) || (0xFE00...0xFE0F).contains(v) { return true }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return false
        }
    }

    /// East Asian Width W or F (Unicode 14 EastAsianWidth.txt, with the
    /// unassigned CJK blocks that default to W).
    static func isWide(_ v: UInt32) -> Bool {
        guard v >= 0x1100 else { return false }
        var lo = 0, hi = wideRanges.count / 2 - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if v < wideRanges[2 * mid] { hi = mid - 1 } else if v > wideRanges[2 * mid + 1] { lo = mid + 1 } else { return true }
        }
        return false
    }

    /// Sorted, non-overlapping inclusive ranges as (first, last) pairs.
    static let wideRanges: [UInt32] = [
        0x1100, 0x115F, 0x231A, 0x231B, 0x2329, 0x232A, 0x23E9, 0x23EC, 0x23F0, 0x23F0, 0x23F3, 0x23F3,
        0x25FD, 0x25FE, 0x2614, 0x2615, 0x2648, 0x2653, 0x267F, 0x267F, 0x2693, 0x2693, 0x26A1, 0x26A1,
        0x26AA, 0x26AB, 0x26BD, 0x26BE, 0x26C4, 0x26C5, 0x26CE, 0x26CE, 0x26D4, 0x26D4, 0x26EA, 0x26EA,
        0x26F2, 0x26F3, 0x26F5, 0x26F5, 0x26FA, 0x26FA, 0x26FD, 0x26FD, 0x2705, 0x2705, 0x270A, 0x270B,
        0x2728, 0x2728, 0x274C, 0x274C, 0x274E, 0x274E, 0x2753, 0x2755, 0x2757, 0x2757, 0x2795, 0x2797,
        0x27B0, 0x27B0, 0x27BF, 0x27BF, 0x2B1B, 0x2B1C, 0x2B50, 0x2B50, 0x2B55, 0x2B55, 0x2E80, 0x303E,
        0x3041, 0x3247, 0x3250, 0x4DBF, 0x4E00, 0xA4C6, 0xA960, 0xA97C, 0xAC00, 0xD7A3, 0xF900, 0xFAFF,
        0xFE10, 0xFE19, 0xFE30, 0xFE6B, 0xFF01, 0xFF60, 0xFFE0, 0xFFE6, 0x16FE0, 0x18D08, 0x1AFF0, 0x1B2FB,
        0x1F004, 0x1F004, 0x1F0CF, 0x1F0CF, 0x1F18E, 0x1F18E, 0x1F191, 0x1F19A, 0x1F200, 0x1F265,
        0x1F300, 0x1F320, 0x1F32D, 0x1F335, 0x1F337, 0x1F37C, 0x1F37E, 0x1F393, 0x1F3A0, 0x1F3CA,
        0x1F3CF, 0x1F3D3, 0x1F3E0, 0x1F3F0, 0x1F3F4, 0x1F3F4, 0x1F3F8, 0x1F43E, 0x1F440, 0x1F440,
        0x1F442, 0x1F4FC, 0x1F4FF, 0x1F53D, 0x1F54B, 0x1F54E, 0x1F550, 0x1F567, 0x1F57A, 0x1F57A,
        0x1F595, 0x1F596, 0x1F5A4, 0x1F5A4, 0x1F5FB, 0x1F64F, 0x1F680, 0x1F6C5, 0x1F6CC, 0x1F6CC,
        0x1F6D0, 0x1F6D2, 0x1F6D5, 0x1F6DF, 0x1F6EB, 0x1F6EC, 0x1F6F4, 0x1F6FC, 0x1F7E0, 0x1F7F0,
        0x1F90C, 0x1F93A, 0x1F93C, 0x1F945, 0x1F947, 0x1F9FF, 0x1FA70, 0x1FAF6, 0x20000, 0x3FFFD
    ]
}
