import Foundation
import Testing
@testable import TrackerCore

/// A row type for the renderer's tests.
fileprivate struct Pet {
    var name: String
    var owner: String?
    var age: Int?
    var born: Day?
    var tags: [String] = []
    var visits: [(Day, String)] = []
}

private let pets: [Column<Pet>] = [
    Column("NAME", "name") { .text($0.name) },
    Column("OWNER", "owner") { .text($0.owner) },
    Column("AGE", "age") { .int($0.age) },
    Column("BORN", "born", in: .data) { .day($0.born) },
    Column("TAGS", "tags") { .list($0.tags) },
    Column("VISITS", "visits", in: .data) { p in
        .objects(p.visits.map { [Field("day", .day($0.0)), Field("why", .text($0.1))] },
                 flat: p.visits.map { "\($0.0) \($0.1)" }.joined(separator: "; "))
    },
    Column("NOTE", "note", in: .table) { .text($0.age.map { $0 > 10 ? "old" : "young" }) },
]

private func write(_ listing: Listing<Pet>, _ rows: [Pet], _ format: OutputFormat) -> String {
    render { listing.write(rows, as: format, to: $0) }
}

private func parse(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not JSON: \(text)")
}

@Suite("Listing")
struct ListingTests {
    fileprivate let rows = [
        Pet(name: "rex", owner: "ann", age: 12, born: day("2013-05-01"), tags: ["good", "loud"],
            visits: [(day("2025-01-02"), "shots"), (day("2025-02-03"), "teeth")]),
        Pet(name: "tom", owner: nil, age: nil, born: nil),
    ]

    @Test("the table pads to the widest cell, leaves the last column unpadded and shows missing values as -")
    func table() {
        let text = write(Listing(pets, key: "pets"), rows, .table)
        #expect(text == """
            NAME  OWNER  AGE  TAGS        NOTE
            rex   ann    12   good, loud  old
            tom   -      -    -           -

            """)
    }

    @Test("JSON keeps types, nests lists and objects, and wraps rows in the document")
    func json() throws {
        let listing = Listing(pets, key: "pets", head: [Field("", key: "count", in: .json, .int(2))],
                              tail: [Field("", key: "done", in: .json, .bool(true))])
        let doc = try parse(write(listing, rows, .json))
        #expect(Set(doc.keys) == ["count", "pets", "done"])
        #expect(doc["count"] as? Int == 2)
        #expect(doc["done"] as? Bool == true)
        let list = try #require(doc["pets"] as? [[String: Any]])
        #expect(list.count == 2)
        #expect(Set(list[0].keys) == ["name", "owner", "age", "born", "tags", "visits"], "table-only columns stay out")
        #expect(list[0]["age"] as? Int == 12)
        #expect(list[0]["born"] as? String == "2013-05-01")
        #expect(list[0]["tags"] as? [String] == ["good", "loud"])
        let visits = try #require(list[0]["visits"] as? [[String: Any]])
        #expect(visits.map { $0["why"] as? String } == ["shots", "teeth"])
        #expect(visits.first?["day"] as? String == "2025-01-02")
        #expect(list[1]["owner"] is NSNull)
        #expect(list[1]["age"] is NSNull)
        #expect((list[1]["tags"] as? [Any])?.isEmpty == true)
        #expect((list[1]["visits"] as? [Any])?.isEmpty == true)
    }

    @Test("CSV has the JSON keys as header and flat text for lists and nested objects")
    func csv() {
        let text = write(Listing(pets, key: "pets"), rows, .csv)
        #expect(text == """
            name,owner,age,born,tags,visits
            rex,ann,12,2013-05-01,good;loud,2025-01-02 shots; 2025-02-03 teeth
            tom,,,,,

            """)
    }

    @Test("an empty table prints its empty text, or its header when it has none; JSON and CSV stay documents")
    func empty() throws {
        let listing = Listing(pets, key: "pets", empty: "No pets.", footer: ["", "0 pets"])
        #expect(write(listing, [], .table) == "No pets.\n")
        #expect(write(Listing(pets, key: "pets"), [], .table) == "NAME  OWNER  AGE  TAGS  NOTE\n")
        #expect((try parse(write(listing, [], .json))["pets"] as? [Any])?.isEmpty == true)
        #expect(write(listing, [], .csv) == "name,owner,age,born,tags,visits\n")
    }

    @Test("the footer follows a non-empty table only")
    func footer() {
        let listing = Listing(pets, key: "pets", empty: "No pets.", footer: ["", "2 pets"])
        #expect(write(listing, rows, .table).hasSuffix("tom   -      -    -           -\n\n2 pets\n"))
        #expect(!write(listing, rows, .csv).contains("2 pets"))
    }

    @Test("labelled head and tail fields are aligned details above the table")
    func details() throws {
        let listing = Listing(pets, key: "pets", head: [
            Field("kennel", key: "kennel", .text("north")),
            Field("opened on", key: "opened", .day(day("2020-01-01"))),
            Field("", key: "id", in: .json, .int(7)),
        ], tail: [Field("capacity", key: "capacity", in: .table, .int(40))])
        let text = write(listing, [rows[1]], .table)
        #expect(text == """
            kennel:    north
            opened on: 2020-01-01
            capacity:  40

            NAME  OWNER  AGE  TAGS  NOTE
            tom   -      -    -     -

            """)
        let doc = try parse(write(listing, [rows[1]], .json))
        #expect(Set(doc.keys) == ["kennel", "opened", "id", "pets"])
    }

    @Test("wide, emoji and combining characters align by display width")
    func unicodeAlignment() {
        let listing = Listing<Pet>([Column("NAME", "name") { .text($0.name) }, Column("OWNER", "owner") { .text($0.owner) },
                                    Column("END", "end") { _ in .text("|") }], key: "pets")
        let text = write(listing, [
            Pet(name: "名前", owner: "😀"), Pet(name: "cafe\u{301}", owner: "zoë"),
            Pet(name: "👩‍👩‍👧x", owner: "ab\u{200B}c"), Pet(name: "plain", owner: "Ｘ"),
        ], .table)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[0] == "NAME   OWNER  END")
        #expect(lines[1] == "名前   😀     |")
        #expect(lines[2] == "cafe\u{301}   zoë    |")
        // Every row's last column starts at the same display column.
        for line in text.split(separator: "\n").dropFirst() {
            let before = String(line[..<line.lastIndex(of: "|")!])
            #expect(DisplayWidth.of(before) == 14, "\(line)")
        }
    }

    @Test("control characters are escaped in table and CSV cells, and in details; JSON escapes them its own way")
    func controls() throws {
        let evil = Pet(name: "a\nb\u{1B}[31m", owner: "x\ry,\u{7}", tags: ["t\u{0}"])
        let listing = Listing(pets, key: "pets", head: [Field("note", key: "note", .text("bad\u{1B}]0;title\u{7}"))])
        let table = write(listing, [evil], .table)
        #expect(table.contains(#"a\nb\u{1b}[31m"#))
        #expect(table.contains(#"x\ry,\u{7}"#))
        #expect(table.contains(#"note: bad\u{1b}]0;title\u{7}"#))
        #expect(!table.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(table.split(separator: "\n", omittingEmptySubsequences: false).count == 5)
        let csv = write(listing, [evil], .csv)
        #expect(csv.split(separator: "\n").count == 2, "one record per line: \(csv)")
        #expect(csv.contains(#"a\nb\u{1b}[31m,"x\ry,\u{7}""#))
        #expect(!csv.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        let doc = try parse(write(listing, [evil], .json))
        #expect((doc["pets"] as? [[String: Any]])?.first?["name"] as? String == evil.name)
    }

    @Test("a column pulled back over a containing row keeps its header, key and formats")
    func pulledBack() {
        struct Visit { var pet: Pet; var day: Day }
        let name = pets[0].pulledBack { (v: Visit) in v.pet }
        let born = pets[3].pulledBack { (v: Visit) in v.pet }
        let listing = Listing<Visit>([name, born, Column("DAY", "day") { .day($0.day) }], key: "visits")
        let rows = [Visit(pet: self.rows[0], day: day("2025-01-02"))]
        #expect(render { listing.write(rows, as: .csv, to: $0) } == "name,born,day\nrex,2013-05-01,2025-01-02\n")
        #expect(render { listing.write(rows, as: .table, to: $0) } == "NAME  DAY\nrex   2025-01-02\n")
    }

    @Test("money is an exact object in JSON and flat text elsewhere")
    func money() throws {
        let m = Money(minorUnits: 120_050, currency: "USD")
        let listing = Listing<Money>([Column("COST", "cost") { .money($0, flat: $0.plainAmount) }], key: "costs")
        let doc = try parse(render { listing.write([m], as: .json, to: $0) })
        let cost = try #require((doc["costs"] as? [[String: Any]])?.first?["cost"] as? [String: Any])
        #expect(cost["amount"] as? String == "1200.50")
        #expect(cost["minor_units"] as? Int == 120_050)
        #expect(cost["currency"] as? String == "USD")
        #expect(render { listing.write([m], as: .csv, to: $0) } == "cost\n1200.50\n")
    }

    @Test("every format is in .all; each format alone is only itself")
    func formats() {
        for f in OutputFormat.allCases {
            #expect(Formats.all.contains(f))
            #expect(OutputFormat.allCases.filter { f.alone.contains($0) } == [f])
        }
        #expect(!Formats.data.contains(.table) && Formats.data.contains(.json) && Formats.data.contains(.csv))
    }

    @Test("days, instants and booleans have one text form")
    func scalarText() {
        #expect(Value.day(day("2026-11-29")).flatText(listSeparator: ",") == "2026-11-29")
        #expect(Value.instant(Instant(rfc3339: "2026-11-29T14:05:00+01:00")).flatText(listSeparator: ",") == "2026-11-29T13:05:00Z")
        #expect(Value.bool(false).flatText(listSeparator: ",") == "false")
        #expect(Value.instant(text: "not a time").flatText(listSeparator: ",") == "not a time")
        #expect(Value.day(text: "2026-11-29").flatText(listSeparator: ",") == "2026-11-29")
        #expect(Value.int(nil as Int?).flatText(listSeparator: ",") == nil)
    }
}
