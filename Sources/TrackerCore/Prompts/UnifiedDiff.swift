/// A unified diff of two texts in the format of GNU `diff -u`: `---`/`+++`
/// headers, hunks `@@ -l,s +l,s @@` with `context` lines around each change
/// (changes closer than twice that share a hunk), and `\ No newline at end
/// of file` after a last line without one. Lines compare as bytes.
///
/// The edit script is a shortest one, found with Myers' O((N+M)D)
/// algorithm in linear space (the "middle snake" divide and conquer), so
/// 10,000-line texts with scattered edits take milliseconds.
public enum UnifiedDiff {
    /// The diff of `old` and `new`, or "" when they are identical.
    public static func render(old: String, new: String, oldHeader: String, newHeader: String, context: Int = 3) -> String {
        let a = lines(old), b = lines(new)
        let script = edits(a, b)
        let hunks = group(script, context: max(0, context), oldCount: a.count, newCount: b.count)
        if hunks.isEmpty { return "" }
        var out: [UInt8] = []
        out += Array("--- \(oldHeader)\n".utf8)
        out += Array("+++ \(newHeader)\n".utf8)
        for h in hunks {
            out += Array("@@ -\(range(h.oldStart, h.oldEnd)) +\(range(h.newStart, h.newEnd)) @@\n".utf8)
            for op in h.lines {
                let line: [UInt8]
                switch op {
                case .same(let i, _): out.append(0x20); line = a[i]
                case .removed(let i): out.append(0x2D); line = a[i]
                case .added(let j): out.append(0x2B); line = b[j]
                }
                out += line
                if line.last != 0x0A { out += Array("\n\\ No newline at end of file\n".utf8) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The text's lines, each with its newline byte when it has one.
    static func lines(_ text: String) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var current: [UInt8] = []
        for byte in text.utf8 {
            current.append(byte)
            if byte == 0x0A { out.append(current); current = [] }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// `start,count` as diff writes it: the count alone is left out when it
    /// is 1, and an empty range names the line before it.
    static func range(_ start: Int, _ end: Int) -> String {
        let count = end - start
        if count == 0 { return "\(start),0" }
        if count == 1 { return "\(start + 1)" }
        return "\(start + 1),\(count)"
    }

    enum Op: Equatable {
        case same(Int, Int)
        case removed(Int)
        case added(Int)
    }

    struct Hunk {
        var oldStart: Int, oldEnd: Int, newStart: Int, newEnd: Int
        var lines: [Op]
    }

    /// A shortest edit script from `a` to `b`: within each change, removed
    /// lines come before added ones, as diff prints them.
    static func edits(_ a: [[UInt8]], _ b: [[UInt8]]) -> [Op] {
        // Lines as integers: equal lines get equal numbers.
        var ids: [[UInt8]: Int] = [:]
        func id(_ line: [UInt8]) -> Int {
            if let i = ids[line] { return i }
            ids[line] = ids.count
            return ids.count - 1
        }
        let x = a.map(id), y = b.map(id)
        var removed = [Bool](repeating: false, count: x.count)
        var added = [Bool](repeating: false, count: y.count)
        var myers = Myers(a: x, b: y)
        myers.compare(0, x.count, 0, y.count, &removed, &added)
        var ops: [Op] = []
        ops.reserveCapacity(x.count + y.count)
        var i = 0, j = 0
        // Each pass consumes at least one line of a or b.
        while i < x.count || j < y.count {
            if i < x.count && removed[i] { ops.append(.removed(i)); i += 1; continue }
            if j < y.count && added[j] { ops.append(.added(j)); j += 1; continue }
            if i < x.count && j < y.count { ops.append(.same(i, j)); i += 1; j += 1; continue }
            // Unreachable for a consistent script; consume what is left.
            if i < x.count { ops.append(.removed(i)); i += 1 } else { ops.append(.added(j)); j += 1 }
        }
        return ops
    }

    /// Hunks of `context` lines around each change; changes separated by at
    /// most 2 x context unchanged lines share one hunk.
    static func group(_ ops: [Op], context: Int, oldCount: Int, newCount: Int) -> [Hunk] {
        // Runs of changes: [start, end) indexes into ops.
        var changes: [(Int, Int)] = []
        var k = 0
        while k < ops.count {
            if case .same = ops[k] { k += 1; continue }
            let start = k
            while k < ops.count, !isSame(ops[k]) { k += 1 }
            changes.append((start, k))
        }
        var hunks: [Hunk] = []
        var c = 0
        while c < changes.count {
            var last = c
            while last + 1 < changes.count && changes[last + 1].0 - changes[last].1 <= 2 * context { last += 1 }
            let from = max(0, changes[c].0 - context), to = min(ops.count, changes[last].1 + context)
            let slice = Array(ops[from..<to])
            var oldStart = oldCount, newStart = newCount, oldEnd = 0, newEnd = 0
            // Where the hunk starts in each file: the first line of it, or
            // for a side with no lines in it, the position before it.
            var i = 0, j = 0
            for op in ops[0..<from] {
                switch op {
                case .same: i += 1; j += 1
                case .removed: i += 1
                case .added: j += 1
                }
            }
            oldStart = i
            newStart = j
            for op in slice {
                switch op {
                case .same: i += 1; j += 1
                case .removed: i += 1
                case .added: j += 1
                }
            }
            oldEnd = i
            newEnd = j
            hunks.append(Hunk(oldStart: oldStart, oldEnd: oldEnd, newStart: newStart, newEnd: newEnd, lines: slice))
            c = last + 1
        }
        return hunks
    }

    static func isSame(_ op: Op) -> Bool {
        if case .same = op { return true }
        return false
    }

    /// Myers' linear-space algorithm over line numbers.
    struct Myers {
        let a: [Int], b: [Int]
        var forward: [Int] = []
        var backward: [Int] = []

        init(a: [Int], b: [Int]) {
            self.a = a
            self.b = b
            let size = 2 * (a.count + b.count) + 3
            forward = [Int](repeating: 0, count: size)
            backward = [Int](repeating: 0, count: size)
        }

        /// Marks the lines of a[aLo..<aHi] to remove and b[bLo..<bHi] to add.
        /// Terminates: every recursive call gets a range with a strictly
        /// shorter edit distance (the middle snake splits D >= 2 into two
        /// parts each smaller than D), and a split that would not shrink
        /// is refused (both sides marked as changed).
        mutating func compare(_ aLo0: Int, _ aHi0: Int, _ bLo0: Int, _ bHi0: Int, _ removed: inout [Bool], _ added: inout [Bool]) {
            var aLo = aLo0, aHi = aHi0, bLo = bLo0, bHi = bHi0
            while aLo < aHi && bLo < bHi && a[aLo] == b[bLo] { aLo += 1; bLo += 1 }
            while aLo < aHi && bLo < bHi && a[aHi - 1] == b[bHi - 1] { aHi -= 1; bHi -= 1 }
            if aLo == aHi {
                for j in bLo..<bHi { added[j] = true }
                return
            }
            if bLo == bHi {
                for i in aLo..<aHi { removed[i] = true }
                return
            }
            let (x, y, u, v) = middleSnake(aLo, aHi, bLo, bHi)
            let whole = (aHi - aLo) + (bHi - bLo)
            guard (x - aLo) + (y - bLo) < whole, (aHi - u) + (bHi - v) < whole,
                  aLo <= x, x <= u, u <= aHi, bLo <= y, y <= v, v <= bHi else {
                for i in aLo..<aHi { removed[i] = true }
                for j in bLo..<bHi { added[j] = true }
                return
            }
            compare(aLo, x, bLo, y, &removed, &added)
            compare(u, aHi, v, bHi, &removed, &added)
        }

        /// The middle snake of a shortest path from (aLo, bLo) to (aHi, bHi):
        /// (x, y) to (u, v) in absolute line numbers.
        mutating func middleSnake(_ aLo: Int, _ aHi: Int, _ bLo: Int, _ bHi: Int) -> (Int, Int, Int, Int) {
            let n = aHi - aLo, m = bHi - bLo
            let delta = n - m
            let odd = delta & 1 != 0
            let offset = n + m + 1
            let maxD = (n + m + 1) / 2
            forward[offset + 1] = 0
            backward[offset + 1] = 0
            for d in 0...maxD {
                var k = -d
                while k <= d {
                    var x: Int
                    if k == -d || (k != d && forward[offset + k - 1] < forward[offset + k + 1]) {
                        x = forward[offset + k + 1]
                    } else {
                        x = forward[offset + k - 1] + 1
                    }
                    var y = x - k
                    let x0 = x, y0 = y
                    while x < n && y < m && a[aLo + x] == b[bLo + y] { x += 1; y += 1 }
                    forward[offset + k] = x
                    let kr = delta - k
                    if odd && kr >= -(d - 1) && kr <= d - 1 && x + backward[offset + kr] >= n {
                        return (aLo + x0, bLo + y0, aLo + x, bLo + y)
                    }
                    k += 2
                }
                k = -d
                while k <= d {
                    var x: Int
                    if k == -d || (k != d && backward[offset + k - 1] < backward[offset + k + 1]) {
                        x = backward[offset + k + 1]
                    } else {
                        x = backward[offset + k - 1] + 1
                    }
                    var y = x - k
                    let x0 = x, y0 = y
                    while x < n && y < m && a[aHi - 1 - x] == b[bHi - 1 - y] { x += 1; y += 1 }
                    backward[offset + k] = x
                    let kf = delta - k
                    if !odd && kf >= -d && kf <= d && x + forward[offset + kf] >= n {
                        return (aHi - x, bHi - y, aHi - x0, bHi - y0)
                    }
                    k += 2
                }
            }
            // Not reached: a path of at most n + m edits always exists.
            return (aLo, bLo, aLo, bLo)
        }
    }
}
