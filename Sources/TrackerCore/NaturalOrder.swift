/// Natural order of names, as people expect them: runs of ASCII digits
/// compare as numbers (`ft-2` before `ft-10`), letters ignoring ASCII case,
/// then by the exact spelling so the order is total. Linear in the length
/// of the names (no normalisation), so hostile names sort quickly.
public enum NaturalOrder {
    /// True when `a` goes before `b`.
    public static func less(_ a: String, _ b: String) -> Bool {
        switch compare(a, b, folding: true) {
        case .less: return true
        case .greater: return false
        case .same:
            switch compare(a, b) {
            case .less: return true
            case .greater: return false
            case .same: return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
            }
        }
    }

    enum Result { case less, same, greater }

    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }

    /// `s` with ASCII letters lower-cased: a cheap key for grouping
    /// spellings like `Platform-ML` and `platform-ml`.
    public static func fold(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 >= 65 && $0 <= 90 }) else { return s }
        return String(decoding: s.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }

    static func lower(_ s: Unicode.Scalar) -> UInt32 { s.value >= 65 && s.value <= 90 ? s.value + 32 : s.value }

    /// Walks both names once, stopping at the first difference (no copies).
    static func compare(_ a: String, _ b: String, folding: Bool = false) -> Result {
        let x = a.unicodeScalars, y = b.unicodeScalars
        var i = x.startIndex, j = y.startIndex
        while i < x.endIndex && j < y.endIndex {
            if isDigit(x[i]) && isDigit(y[j]) {
                // Skip leading zeros, then compare the runs by length, then digit by digit.
                var zi = 0, zj = 0
                while i < x.endIndex && x[i] == "0" { zi += 1; x.formIndex(after: &i) }
                while j < y.endIndex && y[j] == "0" { zj += 1; y.formIndex(after: &j) }
                var ie = i, je = j
                while ie < x.endIndex && isDigit(x[ie]) { x.formIndex(after: &ie) }
                while je < y.endIndex && isDigit(y[je]) { y.formIndex(after: &je) }
                let lx = x.distance(from: i, to: ie), ly = y.distance(from: j, to: je)
                if lx != ly { return lx < ly ? .less : .greater }
                while i < ie {
                    if x[i] != y[j] { return x[i].value < y[j].value ? .less : .greater }
                    x.formIndex(after: &i)
                    y.formIndex(after: &j)
                }
                // Equal numbers: fewer leading zeros first.
                if zi != zj { return zi < zj ? .less : .greater }
                continue
            }
            let u = folding ? lower(x[i]) : x[i].value, v = folding ? lower(y[j]) : y[j].value
            if u != v { return u < v ? .less : .greater }
            x.formIndex(after: &i)
            y.formIndex(after: &j)
        }
        let xDone = i == x.endIndex, yDone = j == y.endIndex
        if xDone && yDone { return .same }
        return xDone ? .less : .greater
    }

    /// `names` in natural order.
    public static func sorted<S: Sequence>(_ names: S) -> [String] where S.Element == String {
        names.sorted(by: less)
    }
}
