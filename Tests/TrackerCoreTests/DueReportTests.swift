import Foundation
import Testing
@testable import TrackerCore

private let now = day("2025-01-15")

/// Many due fine-tunes over every urgency, several on the same deadline,
/// with names sharing first letters: what windows must cut correctly.
fileprivate struct Fixture {
    let bases: [BaseVersion] = [
        base(1, "openai/gpt-4o@2024-05-13", released: "2024-05-13", shutdown: "2025-01-10"),
        base(2, "openai/gpt-4o@2024-08-06", released: "2024-08-06", shutdown: "2025-02-01"),
        base(3, "openai/gpt-4o@2024-11-20", released: "2024-11-20"),
        base(4, "anthropic/claude@v1", released: "2024-01-01", shutdown: "2025-03-20"),
        base(5, "google/gemini@001", released: "2024-05-01", deprecated: .undated),
        base(6, "google/gemini@002", released: "2024-06-01", deprecated: .on(day("2025-02-10"))),
    ]
    let candidates: [(name: String, baseID: Int64, trained: Day, policy: RetrainPolicy, owner: String?)]

    init(count: Int) {
        var out: [(String, Int64, Day, RetrainPolicy, String?)] = []
        let letters = ["a", "b", "名", "z", "B", "é"]
        for i in 0..<count {
            let name = "\(letters[i % letters.count])-ft-\(String(i * 7919 % 1000))-\(i)"
            let trained = Day(ordinal: day("2023-06-01").ordinal + (i * 37) % 500)
            out.append((name, Int64(i % 6 + 1), trained, i % 3 == 0 ? .never : .default, i % 4 == 0 ? nil : "own\(i % 3)"))
        }
        candidates = out
    }

    func scan(_ list: inout DueList) {
        list.reserveCapacity(candidates.count)
        for c in candidates {
            list.consider(name: c.name, task: "task-\(c.name.count)", owner: c.owner, generation: 1, modelID: "ft:\(c.name)",
                          baseID: c.baseID, trained: c.trained, retrainEvery: c.policy)
        }
    }

    func report(_ format: OutputFormat, budget: Int, spill: DueSpill? = nil)
        -> (text: String, considered: Int, due: Int, scans: Int) {
        var scans = 0
        var counts = (0, 0)
        let text = render { out in
            let r = try? DueReport.write(as: format, to: out, bases: bases, policy: DuePolicy(now: now, within: span("90d")),
                                         within: span("90d"), owner: nil, budget: budget, spill: spill) { (list: inout DueList) in
                scans += 1
                scan(&list)
            }
            counts = (r?.considered ?? -1, r?.due ?? -1)
        }
        return (text, counts.0, counts.1, scans)
    }
}

/// A spill in memory; `failAfter` bytes written, writes fail.
final class MemorySpill: DueSpill {
    var bytes: [UInt8] = []
    var offset = 0
    var failAfter = Int.max

    func write(_ b: UnsafeRawBufferPointer) throws(Failure) {
        guard bytes.count + b.count <= failAfter else { throw Failure(.ioError, "disk full") }
        bytes.append(contentsOf: b)
    }

    func rewind() throws(Failure) { offset = 0 }

    func read(_ buffer: UnsafeMutableRawBufferPointer) throws(Failure) -> Bool {
        guard offset + buffer.count <= bytes.count else { return false }
        bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<offset + buffer.count])) }
        offset += buffer.count
        return true
    }
}

@Suite("DueReport")
struct DueReportTests {
    fileprivate let fixture = Fixture(count: 600)

    @Test("a budget too small for the whole list gives the same output, in every format, over several scans",
          arguments: OutputFormat.allCases)
    func windowsMatchOnePass(format: OutputFormat) {
        let whole = fixture.report(format, budget: 1 << 30)
        #expect(whole.scans == 1)
        #expect(whole.due > 300)
        for budget in [4_000, 9_000, 30_000] {
            let parts = fixture.report(format, budget: budget)
            #expect(parts.scans >= 2, "budget \(budget) should need windows")
            #expect(parts.text == whole.text, "budget \(budget)")
            #expect(parts.considered == whole.considered && parts.due == whole.due)
        }
    }

    @Test("with a spill, the rest is read back instead of scanned again: one scan, the same output",
          arguments: OutputFormat.allCases)
    func spillMatchesOnePass(format: OutputFormat) {
        let whole = fixture.report(format, budget: 1 << 30)
        for budget in [4_000, 9_000, 30_000] {
            let spill = MemorySpill()
            let parts = fixture.report(format, budget: budget, spill: spill)
            #expect(parts.scans == 1, "budget \(budget)")
            #expect(!spill.bytes.isEmpty)
            #expect(parts.text == whole.text, "budget \(budget)")
            #expect(parts.considered == whole.considered && parts.due == whole.due)
        }
    }

    @Test("a spill that fails (disk full) falls back to scanning again, with the same output")
    func failingSpill() {
        let whole = fixture.report(.json, budget: 1 << 30)
        let spill = MemorySpill()
        spill.failAfter = 3_000
        let parts = fixture.report(.json, budget: 6_000, spill: spill)
        #expect(parts.scans > 1)
        #expect(parts.text == whole.text)
    }

    @Test("the one-pass list is sorted by urgency, deadline (none last), then name bytes")
    func order() throws {
        let text = fixture.report(.json, budget: 1 << 30).text
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let due = try #require(doc["due"] as? [[String: Any]])
        let rank = ["overdue": 0, "critical": 1, "soon": 2, "planned": 3]
        let keys = due.map { ($0["urgency"] as? String).flatMap { rank[$0] } ?? 9 }
        #expect(keys == keys.sorted())
        #expect(doc["count"] as? Int == due.count)
        #expect(doc["considered"] as? Int == 600)
        for (a, b) in zip(due, due.dropFirst()) where a["urgency"] as? String == b["urgency"] as? String {
            let da = a["deadline"] as? String, db = b["deadline"] as? String
            if let da, let db, da != db { #expect(da < db) }
            if da == nil { #expect(db == nil, "no deadline sorts last") }
            if da == db {
                let na = Array((a["name"] as? String ?? "").utf8), nb = Array((b["name"] as? String ?? "").utf8)
                #expect(na.lexicographicallyPrecedes(nb))
            }
        }
    }

    @Test("the table lines up the rows of every window, with the summary under it")
    func tableAcrossWindows() {
        let text = fixture.report(.table, budget: 5_000).text
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = lines[0]
        let reasonsAt = DisplayWidth.of(String(header[..<header.range(of: "REASONS")!.lowerBound]))
        let rows = lines.dropFirst().prefix { !$0.isEmpty }
        #expect(rows.count > 300)
        for row in rows {
            // The deadline column ends two columns before REASONS in every row.
            let cells = row.components(separatedBy: "  ").filter { !$0.isEmpty }
            let last = cells.last!.trimmingCharacters(in: .whitespaces)
            let start = DisplayWidth.of(String(row[..<row.range(of: last, options: .backwards)!.lowerBound]))
            #expect(start == reasonsAt, "\(row) | \(last)")
        }
        #expect(lines.last { !$0.isEmpty }?.hasSuffix("active fine-tunes due within 90d (as of 2025-01-15).") == true)
    }

    @Test("nothing due prints the table's explanation and an empty JSON list")
    func nothingDue() throws {
        let r = try DueReport.write(as: .table, to: CollectedText().output, bases: [],
                                    policy: DuePolicy(now: now, within: span("90d")),
                                    within: span("90d"), owner: nil) { (_: inout DueList) in }
        #expect(r.considered == 0 && r.due == 0)
        let text = render { out in
            _ = try? DueReport.write(as: .table, to: out, bases: [], policy: DuePolicy(now: now, within: span("90d")),
                                     within: span("90d"), owner: "ops") { (_: inout DueList) in }
        }
        #expect(text == "Nothing is due: no active fine-tunes owned by ops are recorded.\n")
    }

    @Test("a limited list keeps the head of the order that fits; windows cover the rest in consecutive slices")
    func windows() {
        let policy = DuePolicy(now: now, within: span("90d"))
        var all = DueList(bases: fixture.bases, policy: policy)
        fixture.scan(&all)
        all.sort()
        var list = DueList(bases: fixture.bases, policy: policy)
        list.limit(toBytes: 8_000)
        fixture.scan(&list)
        list.sort()
        #expect(list.keptBelow != UInt64.max)
        #expect(list.items.count > 10 && list.items.count < all.items.count)
        #expect(list.items.map(\.name) == all.items.prefix(list.items.count).map(\.name), "the head of the order")
        let windows = list.windows(from: list.keptBelow, maxBytes: 8_000)
        #expect(windows.count > 2)
        #expect(list.items.count + windows.map(\.count).reduce(0, +) == list.dueCount)
        #expect(windows.first?.keys.lowerBound ?? 0 >= list.keptBelow)
        for (a, b) in zip(windows, windows.dropFirst()) { #expect(a.keys.upperBound < b.keys.lowerBound) }
        #expect(windows.allSatisfy { $0.bytes <= 8_000 || $0.keys.lowerBound == $0.keys.upperBound })
    }
}
