import Foundation
import Testing
@testable import TrackerCore

private func parseJSON(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
}

@Suite("JSONWriter")
struct JSONWriterTests {
    private static let tricky: [String] = [
        "plain",
        "",
        "say \"hi\"",
        "C:\\path\\to",
        "line1\nline2\r\nline3",
        "tab\there",
        "bell\u{7} nul\u{0} esc\u{1B} us\u{1F} del\u{7F}",
        "naïve café 名前 😀 👩‍👩‍👧",
        "\u{2028}\u{2029}\u{85}",
        "\"",
        "\\",
        "\n",
        "ends with quote\"",
        "\"starts with quote",
        "\\\"\n\"\\",
        "é\"é\\é",
        "\r\n",
        "a\r\nb",
    ]

    @Test("strings survive a round trip through a JSON parser", arguments: tricky)
    func stringRoundTrip(value: String) throws {
        for pretty in [true, false] {
            let text = render { out in
                var j = JSONWriter(out, pretty: pretty)
                j.beginObject()
                j.field("value", value)
                j.key(value)
                j.string("as key")
                j.endObject()
            }
            let obj = try #require(try parseJSON(text) as? [String: Any], "not JSON: \(text)")
            #expect(obj["value"] as? String == value)
            #expect(obj[value] as? String == "as key" || value == "value")
        }
    }

    @Test("quote or backslash followed by a combining mark stays valid JSON", arguments: [
        "\"\u{301}", "\\\u{301}", "x\"\u{200D}y", "\"\u{FE0F}", "a\\\u{308}b",
    ])
    func combiningAfterEscape(value: String) throws {
        let text = render { out in
            var j = JSONWriter(out, pretty: false)
            j.beginArray()
            j.string(value)
            j.endArray()
        }
        let arr = try #require(try? parseJSON(text) as? [Any], "not JSON: \(text)")
        #expect(arr.first as? String == value)
    }

    @Test("control characters are written as escapes, never raw")
    func escapesAreExplicit() {
        let text = render { out in JSONWriter.writeString("a\"b\\c\nd\re\tf\u{1}g\u{1F}", to: out) }
        #expect(text == #""a\"b\\c\nd\re\tf\u0001g\u001f""#)
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 })
        #expect(render { out in JSONWriter.writeString("名前 😀", to: out) } == "\"名前 😀\"")
    }

    @Test("nested objects, arrays, nulls, numbers and booleans")
    func nested() throws {
        for pretty in [true, false] {
            let text = render { out in
                var j = JSONWriter(out, pretty: pretty)
                j.beginObject()
                j.field("name", "support-bot")
                j.field("task", nil as String?)
                j.field("generation", 3 as Int?)
                j.field("tokens", Int64(9_000_000_000) as Int64?)
                j.field("missing", nil as Int?)
                j.field("active", true)
                j.field("retired", false)
                j.key("cost"); j.number("1200.50")
                j.key("empty"); j.beginArray(); j.endArray()
                j.key("emptyObject"); j.beginObject(); j.endObject()
                j.key("reasons")
                j.beginArray()
                j.string("base-superseded")
                j.beginObject()
                j.field("code", "age")
                j.key("days"); j.beginArray(); j.int(1 as Int?); j.int(-2 as Int?); j.endArray()
                j.endObject()
                j.beginArray(); j.beginArray(); j.endArray(); j.endArray()
                j.endArray()
                j.endObject()
            }
            let obj = try #require(try parseJSON(text) as? [String: Any], "not JSON: \(text)")
            #expect(obj["name"] as? String == "support-bot")
            #expect(obj["task"] is NSNull)
            #expect(obj["generation"] as? Int == 3)
            #expect((obj["tokens"] as? NSNumber)?.int64Value == 9_000_000_000)
            #expect(obj["missing"] is NSNull)
            #expect(obj["active"] as? Bool == true)
            #expect(obj["retired"] as? Bool == false)
            #expect((obj["cost"] as? NSNumber)?.doubleValue == 1200.5)
            #expect((obj["empty"] as? [Any])?.isEmpty == true)
            #expect((obj["emptyObject"] as? [String: Any])?.isEmpty == true)
            let reasons = try #require(obj["reasons"] as? [Any])
            #expect(reasons.count == 3)
            #expect(reasons[0] as? String == "base-superseded")
            let inner = try #require(reasons[1] as? [String: Any])
            #expect(inner["code"] as? String == "age")
            #expect(inner["days"] as? [Int] == [1, -2])
            #expect((reasons[2] as? [[Any]])?.first?.isEmpty == true)
            #expect(obj.count == 11)
        }
    }

    @Test("pretty output is indented by two spaces and ends with a newline")
    func prettyShape() {
        let text = render { out in
            var j = JSONWriter(out)
            j.beginObject()
            j.field("a", 1 as Int?)
            j.key("b"); j.beginArray(); j.string("x"); j.endArray()
            j.key("c"); j.beginArray(); j.endArray()
            j.endObject()
        }
        #expect(text == "{\n  \"a\": 1,\n  \"b\": [\n    \"x\"\n  ],\n  \"c\": []\n}\n")
    }

    @Test("pretty output puts the closing brace of a flat object on its own line")
    func prettyFlat() {
        let text = render { out in
            var j = JSONWriter(out)
            j.beginObject()
            j.field("a", 1 as Int?)
            j.endObject()
        }
        #expect(text == "{\n  \"a\": 1\n}\n")
        let empty = render { out in
            var j = JSONWriter(out)
            j.beginArray()
            j.endArray()
        }
        #expect(empty == "[]\n")
    }

    @Test("compact output has no whitespace")
    func compactShape() {
        let text = render { out in
            var j = JSONWriter(out, pretty: false)
            j.beginArray()
            j.beginObject(); j.field("a", 1 as Int?); j.field("b", "x"); j.endObject()
            j.beginObject(); j.endObject()
            j.endArray()
        }
        #expect(text == "[{\"a\":1,\"b\":\"x\"},{}]\n")
    }

    @Test("large output streams through the buffer intact")
    func largeOutput() throws {
        let text = render { out in
            var j = JSONWriter(out, pretty: true)
            j.beginArray()
            for i in 0..<5_000 {
                j.beginObject()
                j.field("i", i as Int?)
                j.field("name", "fine-tune \"\(i)\" naïve\n")
                j.endObject()
            }
            j.endArray()
        }
        let arr = try #require(try parseJSON(text) as? [[String: Any]])
        #expect(arr.count == 5_000)
        #expect(arr.last?["i"] as? Int == 4_999)
        #expect(arr.last?["name"] as? String == "fine-tune \"4999\" naïve\n")
    }
}

@Suite("CSV")
struct CSVTests {
    @Test("plain fields are joined by commas; nil is empty")
    func plain() {
        #expect(CSV.row(["name", "gpt-4o", "1200.50"]) == "name,gpt-4o,1200.50")
        #expect(CSV.row(["a", nil, "", "b"]) == "a,,,b")
        #expect(CSV.row([]) == "")
    }

    @Test("commas and quotes are quoted with doubled quotes; line breaks are escaped, one record per line", arguments: [
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("\"", "\"\"\"\""),
        ("two\nlines", #"two\nlines"#),
        ("cr\rhere", #"cr\rhere"#),
        ("crlf\r\nhere", #"crlf\r\nhere"#),
        ("esc\u{1B}[31m, bell\u{7}", #""esc\u{1b}[31m, bell\u{7}""#),
        ("naïve 名前", "naïve 名前"),
    ])
    func quoting(field: String, expected: String) {
        #expect(CSV.row([field]) == expected)
        #expect(CSV.row(["x", field, "y"]) == "x,\(expected),y")
    }

    @Test("formula-like fields get a leading quote; numbers do not", arguments: [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        ("=1,2", "\"'=1,2\""),
        ("-", "'-"),
        ("-5", "-5"),
        ("-1200.50", "-1200.50"),
        ("5", "5"),
        ("2024-08-06", "2024-08-06"),
        ("a=b", "a=b"),
    ])
    func formulas(field: String, expected: String) {
        #expect(CSV.row([field]) == expected)
    }
}

@Suite("TextOutput")
struct TextOutputTests {
    @Test("flushes to the sink in chunks and keeps every byte")
    func chunks() {
        var chunks = 0
        var total: [UInt8] = []
        let out = TextOutput { chunks += 1; total += $0 }
        let line = String(repeating: "x", count: 999)
        for _ in 0..<200 { out.line(line) }
        out.write(byte: 0x41)
        out.flush()
        out.flush()
        #expect(total.count == 200 * 1000 + 1)
        #expect(chunks >= 3)
        #expect(total.last == 0x41)
    }
}
