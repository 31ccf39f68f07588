/// Natural order of names, as people expect them: runs of ASCII digits
/// compare as numbers (`ft-2` before `ft-10`), everything else by its
/// `NameKey` (case-insensitive, as names are matched), then by the exact
/// spelling so the order is total.
public enum NaturalOrder {
    /// True when `a` goes before `b`.
    public static func less(_ a: String, _ b: String) -> Bool {
        switch compare(NameKey.of(a), NameKey.of(b)) {
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

    static func compare(_ a: String, _ b: String) -> Result {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        var i = 0, j = 0
        while i < x.count && j < y.count {
            if isDigit(x[i]) && isDigit(y[j]) {
                var ie = i, je = j
                while ie < x.count && isDigit(x[ie]) { ie += 1 }
                while je < y.count && isDigit(y[je]) { je += 1 }
                // Leading zeros do not change the number.
                var is0 = i, js0 = j
                while is0 < ie - 1 && x[is0] == "0" { is0 += 1 }
                while js0 < je - 1 && y[js0] == "0" { js0 += 1 }
                let lx = ie - is0, ly = je - js0
                if lx != ly { return lx < ly ? .less : .greater }
                for k in 0..<lx where x[is0 + k] != y[js0 + k] {
                    return x[is0 + k].value < y[js0 + k].value ? .less : .greater
                }
                // Equal numbers: fewer leading zeros first.
                if ie - i != je - j { return ie - i < je - j ? .less : .greater }
                i = ie
                j = je
                continue
            }
            if x[i] != y[j] { return x[i].value < y[j].value ? .less : .greater }
            i += 1
            j += 1
        }
        if x.count - i == y.count - j { return .same }
        return x.count - i < y.count - j ? .less : .greater
    }

    /// `names` in natural order.
    public static func sorted<S: Sequence>(_ names: S) -> [String] where S.Element == String {
        names.sorted(by: less)
    }
}
