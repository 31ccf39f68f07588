/// The store's queries are written once, in the SQL SQLite and PostgreSQL
/// share. What differs is translated here, outside string literals,
/// quoted identifiers and comments:
///
/// - parameters: `?` becomes `$1`, `$2`, ... in order; `?N` becomes `$N`;
/// - `expr COLLATE NOCASE` becomes `lower(expr COLLATE "C")` (ASCII folding
///   and byte order, as SQLite's NOCASE);
/// - every ORDER BY term without NULLS FIRST/LAST gets SQLite's NULL
///   placement (first when ascending, last when descending), so both
///   backends list rows in the same order.
enum PostgresSQL {
    static func translate(_ sql: String) -> String {
        let s = Array(sql.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(s.count + 32)
        var i = 0
        var nextParameter = 1
        // Open ORDER BY clauses: the paren depth each was opened at and
        // where its current term starts in `out`.
        var orders: [(depth: Int, start: Int)] = []
        var depth = 0

        func isWord(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
        }
        func keyword(at j: Int, _ word: String) -> Bool {
            let w = Array(word.utf8)
            guard j + w.count <= s.count, j == 0 || !isWord(s[j - 1]) else { return false }
            for k in 0..<w.count where s[j + k] | 0x20 != w[k] | 0x20 { return false }
            return j + w.count == s.count || !isWord(s[j + w.count])
        }
        /// Ends the ORDER BY term that began at output index `start`: adds
        /// NULLS FIRST/LAST unless it names one.
        func endTerm(from start: Int) {
            var end = out.count
            while end > start && (out[end - 1] == 0x20 || out[end - 1] == 0x0A || out[end - 1] == 0x09) { end -= 1 }
            let term = String(decoding: out[start..<end], as: UTF8.self).uppercased()
            if term.contains("NULLS ") || term.trimmingWhitespace().isEmpty { return }
            let words = term.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == ")" })
            let descending = words.last == "DESC"
            let column = (words.last == "DESC" || words.last == "ASC") ? words.dropLast().last : words.last
            // An id is never NULL: no clause, so its index can still give the order.
            if term.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).count <= 2,
               let column, column == "ID" || column.hasSuffix(".ID") { return }
            out.insert(contentsOf: Array((descending ? " NULLS LAST" : " NULLS FIRST").utf8), at: end)
        }
        /// Closes the innermost ORDER BY when it is open at this depth.
        func closeOrder() {
            if let o = orders.last, o.depth == depth { endTerm(from: o.start); orders.removeLast() }
        }

        while i < s.count {
            let c = s[i]
            // String literal, quoted identifier: copied as they are.
            if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") {
                var j = i + 1
                while j < s.count {
                    if s[j] == c {
                        if j + 1 < s.count && s[j + 1] == c { j += 2; continue }
                        break
                    }
                    j += 1
                }
                let end = min(j + 1, s.count)
                out.append(contentsOf: s[i..<end])
                i = end
                continue
            }
            // -- comment to the end of the line.
            if c == UInt8(ascii: "-") && i + 1 < s.count && s[i + 1] == UInt8(ascii: "-") {
                while i < s.count && s[i] != 0x0A { out.append(s[i]); i += 1 }
                continue
            }
            if c == UInt8(ascii: "?") {
                var j = i + 1
                var number = 0
                while j < s.count && s[j] >= 0x30 && s[j] <= 0x39 { number = number * 10 + Int(s[j] - 0x30); j += 1 }
                if j == i + 1 {
                    number = nextParameter
                    nextParameter += 1
                } else {
                    nextParameter = max(nextParameter, number + 1)
                }
                out.append(contentsOf: Array("$\(number)".utf8))
                i = j
                continue
            }
            if c == UInt8(ascii: "(") { depth += 1 }
            if c == UInt8(ascii: ")") {
                closeOrder()
                depth -= 1
            }
            if c == UInt8(ascii: ","), let o = orders.last, o.depth == depth {
                endTerm(from: o.start)
                out.append(c)
                i += 1
                orders[orders.count - 1].start = out.count
                continue
            }
            if c == UInt8(ascii: ";") { closeOrder() }
            if isWord(c) && (i == 0 || !isWord(s[i - 1])) {
                if keyword(at: i, "ORDER") {
                    var j = i + 5
                    while j < s.count && (s[j] == 0x20 || s[j] == 0x0A || s[j] == 0x09) { j += 1 }
                    if keyword(at: j, "BY") {
                        closeOrder()
                        out.append(contentsOf: s[i..<(j + 2)])
                        i = j + 2
                        orders.append((depth, out.count))
                        continue
                    }
                }
                if keyword(at: i, "LIMIT") || keyword(at: i, "OFFSET") || keyword(at: i, "UNION") || keyword(at: i, "FOR") {
                    closeOrder()
                }
                if keyword(at: i, "COLLATE") {
                    var j = i + 7
                    while j < s.count && s[j] == 0x20 { j += 1 }
                    if keyword(at: j, "NOCASE") {
                        // Wrap the expression just written: an identifier
                        // (with its table prefix) or a parenthesised group.
                        var k = out.count
                        while k > 0 && out[k - 1] == 0x20 { k -= 1 }
                        let end = k
                        if k > 0 && out[k - 1] == UInt8(ascii: ")") {
                            var level = 0
                            while k > 0 {
                                k -= 1
                                if out[k] == UInt8(ascii: ")") { level += 1 }
                                if out[k] == UInt8(ascii: "(") { level -= 1; if level == 0 { break } }
                            }
                            while k > 0 && isWord(out[k - 1]) { k -= 1 } // a function name
                        } else {
                            while k > 0 && (isWord(out[k - 1]) || out[k - 1] == UInt8(ascii: ".") || out[k - 1] == UInt8(ascii: "$")) { k -= 1 }
                        }
                        let expr = Array(out[k..<end])
                        out.removeSubrange(k...)
                        out.append(contentsOf: Array("lower(".utf8) + expr + Array(" COLLATE \"C\")".utf8))
                        i = j + 6
                        continue
                    }
                }
                // Copy the whole word.
                var j = i
                while j < s.count && isWord(s[j]) { j += 1 }
                out.append(contentsOf: s[i..<j])
                i = j
                continue
            }
            out.append(c)
            i += 1
        }
        closeOrder()
        return String(decoding: out, as: UTF8.self)
    }

    /// True for an INSERT that has no RETURNING clause of its own.
    static func isInsertWithoutReturning(_ sql: String) -> Bool {
        let head = sql.drop { $0 == " " || $0 == "\n" || $0 == "\t" }
        guard head.prefix(6).uppercased() == "INSERT" else { return false }
        return !sql.uppercased().contains("RETURNING")
    }
}
