/// Cutting text to a budget of UTF-8 bytes. Every loop in the core that
/// folds or truncates text (email lines, RFC 2047 words, Slack sections)
/// goes through these, so it advances on any input: text is cut between
/// graphemes where one fits, and between Unicode scalars inside a grapheme
/// that is longer than the budget by itself (e.g. a letter under 600
/// combining accents, a chain of 10,000 emoji joined by ZWJ). A scalar is
/// never split, so every piece is valid UTF-8.
///
/// Each walk is one forward pass over the text: grapheme breaks are found
/// once (Swift finds them in linear time going forwards; backwards, a run
/// of regional indicators costs quadratic time, so nothing here walks back).
public enum TextBounds {
    /// The smallest budget that holds any Unicode scalar (UTF-8 needs at most
    /// 4 bytes); smaller budgets are raised to it, so every piece is non-empty.
    public static let minimumBudget = 4

    /// Splits `text` into consecutive pieces of at most `maxUTF8` bytes each,
    /// cut between graphemes when possible and between scalars otherwise; a
    /// grapheme longer than the budget starts a new piece, so the text
    /// around it stays whole. Joined, the pieces give back `text`; none is
    /// empty.
    public static func pieces<S: StringProtocol>(_ text: S, maxUTF8: Int) -> [String] {
        var out: [String] = []
        walk(Substring(text), maxUTF8: maxUTF8, isolatingLongGraphemes: true) { piece in
            out.append(String(piece))
            return true
        }
        return out
    }

    /// The longest start of `text` of at most `maxUTF8` bytes, cut between
    /// graphemes, or inside a grapheme longer than what is left of the
    /// budget. Never empty when `text` is not.
    public static func prefix<S: StringProtocol>(_ text: S, maxUTF8: Int) -> String {
        let whole = Substring(text)
        if whole.utf8.count <= maxUTF8 { return String(whole) }
        var first = ""
        walk(whole, maxUTF8: maxUTF8, isolatingLongGraphemes: false) { piece in
            first = String(piece)
            return false
        }
        return first
    }

    /// `text` itself when it fits in `maxUTF8` bytes; else its longest
    /// start that fits together with `ellipsis`, followed by it.
    public static func truncated<S: StringProtocol>(_ text: S, maxUTF8: Int, ellipsis: String = "…") -> String {
        if text.utf8.count <= maxUTF8 { return String(text) }
        let room = max(0, maxUTF8 - ellipsis.utf8.count)
        guard room >= minimumBudget else { return prefix(text, maxUTF8: max(maxUTF8, minimumBudget)) }
        return prefix(text, maxUTF8: room) + ellipsis
    }

    /// Calls `body` with each piece in order until it returns false.
    static func walk(_ text: Substring, maxUTF8: Int, isolatingLongGraphemes: Bool,
                     _ body: (Substring.UnicodeScalarView.SubSequence) -> Bool) {
        let budget = max(maxUTF8, minimumBudget)
        let scalars = text.unicodeScalars
        let utf8 = text.utf8
        var start = text.startIndex
        var used = 0
        var i = text.startIndex
        func emit(upTo end: String.Index) -> Bool {
            defer { start = end; used = 0 }
            return body(scalars[start..<end])
        }
        while i < text.endIndex {
            let next = text.index(after: i) // the end of this grapheme
            let size = utf8.distance(from: i, to: next)
            if size <= budget {
                if used + size > budget, !emit(upTo: i) { return }
                used += size
            } else {
                // One grapheme longer than the budget: cut between scalars
                // (in a piece of its own when isolating).
                if isolatingLongGraphemes, used > 0, !emit(upTo: i) { return }
                var j = i
                while j < next {
                    let k = scalars.index(after: j)
                    let n = utf8.distance(from: j, to: k)
                    if used + n > budget, !emit(upTo: j) { return }
                    used += n
                    j = k
                }
            }
            i = next
        }
        if start < text.endIndex { _ = body(scalars[start..<text.endIndex]) }
    }
}
