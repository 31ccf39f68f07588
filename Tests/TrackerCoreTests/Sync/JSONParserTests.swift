import Foundation
import Testing
@testable import TrackerCore

@Suite("JSONParser")
struct JSONParserTests {
    let parser = JSONParser()

    func parse(_ text: String) throws -> JSONValue { try parser.parse(text) }

    func parseError(_ bytes: [UInt8]) -> JSONParseError? {
        do {
            _ = try parser.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    func parseError(_ text: String) -> JSONParseError? { parseError(Array(text.utf8)) }

    // MARK: values

    @Test("scalars, containers and accessors")
    func scalars() throws {
        #expect(try parse("null") == .null)
        #expect(try parse(" true ") == .bool(true))
        #expect(try parse("false").bool == false)
        #expect(try parse("\"hi\"").string == "hi")
        #expect(try parse("[]") == .array([]))
        #expect(try parse("{}") == .object(JSONObject([])))
        #expect(try parse("null").isNull)
        #expect(try parse("1").isNull == false)
        let v = try parse(#"{"a": [1, "x", null, true, {"b": -2.5e-06}]}"#)
        let a = try #require(v.object?["a"]?.array)
        #expect(a.count == 5)
        #expect(a[0].int64 == 1)
        #expect(a[1].string == "x")
        #expect(a[2].isNull)
        #expect(a[3].bool == true)
        #expect(a[4].object?["b"] == .number("-2.5e-06"))
        #expect(v.string == nil && v.array == nil && v.int64 == nil && v.bool == nil)
    }

    @Test("numbers keep their exact literal text")
    func numberLiterals() throws {
        for lit in ["0", "-0", "1", "-1", "10", "2.5e-06", "1E+2", "1e400", "-0.0e0", "123456789012345678901234567890",
                    "0.1", "3.14159265358979323846264338327950288419716939937510"] {
            #expect(try parse(lit) == .number(lit))
            #expect(try parse("[\(lit)]") == .array([.number(lit)]))
        }
    }

    @Test("int64 only for exact integer literals that fit")
    func int64Accessor() throws {
        #expect(try parse("42").int64 == 42)
        #expect(try parse("-7").int64 == -7)
        #expect(try parse("9223372036854775807").int64 == Int64.max)
        #expect(try parse("-9223372036854775808").int64 == Int64.min)
        #expect(try parse("9223372036854775808").int64 == nil)
        #expect(try parse("1.0").int64 == nil)
        #expect(try parse("1e3").int64 == nil)
        #expect(try parse("\"42\"").int64 == nil)
    }

    @Test("strings: escapes, surrogate pairs and raw UTF-8")
    func strings() throws {
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t""#).string == "a\"b\\c/d\u{8}\u{C}\n\r\t")
        #expect(try parse(#""\u0041\u00e9\u20AC""#).string == "Aé€")
        #expect(try parse(#""\uD83D\uDE00""#).string == "😀")
        #expect(try parse(#""\ud834\udd1e x""#).string == "𝄞 x")
        #expect(try parse("\"héllo 世界 😀\"").string == "héllo 世界 😀")
        #expect(try parse(#""\u0000""#).string == "\u{0}")
        #expect(try parse("\"\u{7F}\"").string == "\u{7F}") // DEL is not a control character in JSON
        #expect(try parse(#""""#).string == "")
    }

    @Test("objects keep order; the last duplicate wins on lookup")
    func objects() throws {
        let o = try #require(try parse(#"{"b": 1, "a": 2, "b": 3}"#).object)
        #expect(o.keys == ["b", "a", "b"])
        #expect(o.count == 3)
        #expect(o["b"] == .number("3"))
        #expect(o["a"] == .number("2"))
        #expect(o["missing"] == nil)
        // Large objects use a lookup table; same answers.
        var text = "{"
        for i in 0..<40 { text += "\"k\(i % 30)\": \(i)," }
        text += "\"end\": true}"
        let big = try #require(try parse(text).object)
        #expect(big["k3"] == .number("33"))
        #expect(big["k29"] == .number("29"))
        #expect(big["end"] == .bool(true))
        #expect(big["k30"] == nil)
        #expect(big.lastIndex(of: "k0") == 30)
    }

    @Test("a leading byte order mark is skipped")
    func bom() throws {
        #expect(try parser.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == .array([.number("1")]))
    }

    // MARK: refusals and offsets

    @Test("errors name what was expected and the byte offset", arguments: [
        (#"{"a":1 "b":2}"#, "expected ',' or '}', found '\"' at byte 7", 7),
        ("[1,2", "expected ',' or ']', found end of input at byte 4", 4),
        ("[1 2]", "expected ',' or ']', found '2' at byte 3", 3),
        ("01", "leading zero in number at byte 0", 0),
        ("[1] x", "unexpected 'x' after the JSON value at byte 4", 4),
        ("", "expected a value, found end of input at byte 0", 0),
        ("   ", "expected a value, found end of input at byte 3", 3),
        ("{", "expected a string key or '}', found end of input at byte 1", 1),
        ("{\"a\" 1}", "expected ':' after object key, found '1' at byte 5", 5),
        ("{\"a\":1,}", "expected a string key, found '}' at byte 7", 7),
        ("[1,]", "expected a value, found ']' at byte 3", 3),
        ("{'a':1}", "expected a string key or '}', found ''' at byte 1", 1),
        (#""\ud800""#, "lone surrogate \\uD800 in string at byte 1", 1),
        (#""\udc00x""#, "lone surrogate \\uDC00 in string at byte 1", 1),
        (#""\ud800\u0041""#, "lone surrogate \\uD800 in string at byte 1", 1),
        (#""\u00g0""#, "invalid \\u escape in string at byte 1", 1),
        (#""\x""#, "invalid escape in string at byte 1", 1),
        ("\"abc", "unterminated string at byte 4", 4),
        ("\"a\tb\"", "control character in string at byte 2", 2),
        ("tru", "invalid literal at byte 0", 0),
        ("nul", "invalid literal at byte 0", 0),
        ("NaN", "expected a value, found 'N' at byte 0", 0),
        ("-Infinity", "expected a digit in number at byte 1", 1),
        ("1.", "expected a digit after '.' in number at byte 2", 2),
        (".5", "expected a value, found '.' at byte 0", 0),
        ("+1", "expected a value, found '+' at byte 0", 0),
        ("1e", "expected a digit in exponent at byte 2", 2),
        ("-", "expected a digit in number at byte 1", 1),
        ("[]]", "unexpected ']' after the JSON value at byte 2", 2),
        ("[1]\u{0}", "unexpected byte 0x0 after the JSON value at byte 3", 3),
    ])
    func errors(input: String, message: String, offset: Int) {
        let e = parseError(input)
        #expect(e?.message == message)
        #expect(e?.offset == offset)
        #expect(e?.description == message)
    }

    @Test("invalid UTF-8 is refused", arguments: [
        [0x22, 0xC0, 0x80, 0x22],             // overlong NUL
        [0x22, 0xED, 0xA0, 0x80, 0x22],       // encoded surrogate
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], // above U+10FFFF
        [0x22, 0xFF, 0x22],
        [0x22, 0xE2, 0x82, 0x22],             // truncated sequence
        [0x22, 0x80, 0x22],                   // stray continuation
        [0x22, 0x5C, 0x6E, 0xC3, 0x28, 0x22], // bad sequence after an escape
    ] as [[UInt8]])
    func invalidUTF8(bytes: [UInt8]) {
        #expect(parseError(bytes)?.message.hasPrefix("invalid UTF-8") == true)
    }

    @Test("whitespace other than the four RFC characters is refused")
    func otherWhitespace() {
        #expect(parseError("\u{C}1") != nil)
        #expect(parseError("1\u{A0}") != nil)
        #expect(parseError("[1,\u{B}2]") != nil)
    }

    @Test("nesting is limited, never recursive")
    func depth() throws {
        let ok = String(repeating: "[", count: 128) + String(repeating: "]", count: 128)
        #expect(try parse(ok).array != nil)
        let tooDeep = String(repeating: "[", count: 129) + String(repeating: "]", count: 129)
        #expect(parseError(tooDeep)?.message == "nesting deeper than 128 levels at byte 128")
        #expect(parseError(String(repeating: "[", count: 100_000))?.offset == 128)
        #expect(parseError(String(repeating: "{\"a\":", count: 100_000))?.message.hasPrefix("nesting deeper") == true)
        let shallow = JSONParser(maxDepth: 2)
        #expect(throws: JSONParseError.self) { try shallow.parse("[[[]]]") }
        #expect(try shallow.parse("[[1]]") == .array([.array([.number("1")])]))
    }

    // MARK: agreement with Foundation

    static let validDocuments: [String] = [
        "{}", "[]", "0", "-0", "\"\"", "null", "true", "false",
        #"{"a":{"b":{"c":[1,2,[3,[4,{"d":null}]]]}}}"#,
        #"[1, -1, 0.5, -0.5, 1e10, 1E-10, 2.5e-06, 123456789, -987654321, 1.7976931348623157e308]"#,
        #"{"esc":"\" \\ \/ \b \f \n \r \t \u0001 \u001f \u00e9 \u4e16 \ud83d\ude00"}"#,
        "{\"raw\":\"é 世 😀 \u{7F}\"}",
        " \t\r\n[ \t\r\n1 \t\r\n, \t\r\n{ \"k\" \t\r\n: \t\r\n\"v\" } ] \t\r\n",
        SyncFixtures.openAIModels, SyncFixtures.anthropicModelsPage1, SyncFixtures.geminiModels,
        SyncFixtures.ollamaTags, SyncFixtures.catalog, SyncFixtures.fineTuningJobs,
    ]

    @Test("valid documents read the same as JSONSerialization", arguments: validDocuments)
    func matchesFoundation(text: String) throws {
        let ours = try parse(text)
        let theirs = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        #expect(Self.same(ours, theirs), "differs from Foundation: \(text.prefix(80))")
    }

    @Test("random valid documents read the same as JSONSerialization")
    func randomDocumentsMatchFoundation() throws {
        var rng = SplitMix64(seed: 0xC0FFEE)
        for _ in 0..<300 {
            let value = Self.randomValue(&rng, depth: 0)
            let text = Self.write(value, &rng)
            let ours = try parser.parse(Array(text.utf8))
            #expect(ours == value, "round trip differs: \(text.prefix(120))")
            let theirs = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
            #expect(Self.same(ours, theirs), "differs from Foundation: \(text.prefix(120))")
        }
    }

    /// Structural equality with Foundation's reading; numbers compare as Double.
    static func same(_ v: JSONValue, _ f: Any) -> Bool {
        switch v {
        case .null: return f is NSNull
        case .bool(let b): return (f as? Bool) == b
        case .number(let lit):
            guard let n = f as? NSNumber, let d = Double(lit) else { return false }
            return n.doubleValue == d || abs(n.doubleValue - d) <= abs(d) * 1e-15
        case .string(let s): return (f as? String) == s
        case .array(let a):
            guard let fa = f as? [Any], fa.count == a.count else { return false }
            return zip(a, fa).allSatisfy { same($0, $1) }
        case .object(let o):
            guard let fo = f as? [String: Any], fo.count == Set(o.keys).count else { return false }
            return o.members.allSatisfy { m in fo[m.key].map { same(o[m.key]!, $0) } ?? false }
        }
    }

    static func randomValue(_ rng: inout SplitMix64, depth: Int) -> JSONValue {
        let pick = depth > 4 ? rng.below(5) : rng.below(7)
        switch pick {
        case 0: return .null
        case 1: return .bool(rng.below(2) == 0)
        case 2:
            let forms = ["0", "-0", "7", "-12", "3.25", "2.5e-06", "1E+3", "-0.001", "1e-7", "98765"]
            return .number(forms[rng.below(forms.count)])
        case 3, 4:
            let alphabet: [String] = ["a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\u{1}", "é", "世", "😀", "𝄞", "\u{7F}", "\u{FFFF}"]
            var s = ""
            for _ in 0..<rng.below(8) { s += alphabet[rng.below(alphabet.count)] }
            return .string(s)
        case 5:
            return .array((0..<rng.below(5)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            var members: [(key: String, value: JSONValue)] = []
            var used = Set<String>()
            for _ in 0..<rng.below(5) {
                let key = ["id", "name", "é", "a b", "\"q\"", "k\(rng.below(100))"][rng.below(6)]
                guard used.insert(key).inserted else { continue }
                members.append((key: key, value: randomValue(&rng, depth: depth + 1)))
            }
            return .object(JSONObject(members))
        }
    }

    /// Serializes with random whitespace and random (valid) escaping.
    static func write(_ v: JSONValue, _ rng: inout SplitMix64) -> String {
        func ws() -> String { ["", " ", "\n", "\t ", "\r\n"][rng.below(5)] }
        func str(_ s: String) -> String {
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += rng.below(2) == 0 ? "\\n" : "\\u000a"
                case "\t": out += "\\t"
                case "/": out += rng.below(2) == 0 ? "/" : "\\/"
                default:
                    if scalar.value < 0x20 || rng.below(4) == 0 {
                        for unit in String(scalar).utf16 { out += "\\u" + String(format: "%04X", unit) }
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "\""
        }
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n
        case .string(let s): return str(s)
        case .array(let a): return "[" + ws() + a.map { write($0, &rng) }.joined(separator: ws() + "," + ws()) + ws() + "]"
        case .object(let o):
            return "{" + ws() + o.members.map { str($0.key) + ws() + ":" + ws() + write($0.value, &rng) }.joined(separator: "," + ws()) + ws() + "}"
        }
    }

    // MARK: speed

    /// A catalog-shaped document of ~4,900 entries (~3.5 MB) parses and
    /// decodes quickly. The bound is only asserted in release builds.
    @Test("a 3.5 MB catalog parses fast")
    func speed() throws {
        let text = Self.syntheticCatalog(entries: 4_900)
        let bytes = Array(text.utf8)
        let clock = ContinuousClock()
        var value = JSONValue.null
        let parseTime = try clock.measure { value = try parser.parse(bytes) }
        var entryCount = 0
        let decodeTime = try clock.measure { entryCount = try CatalogParser.parse(value).entries.count }
        print("synthetic catalog: \(bytes.count) bytes, parse \(parseTime), decode \(decodeTime), \(entryCount) entries")
        #expect(entryCount > 3_000)
        #if !DEBUG
        #expect(parseTime < .milliseconds(500))
        #endif
    }

    /// LiteLLM-like entries with the usual spread of fields (~740 bytes each).
    static func syntheticCatalog(entries: Int) -> String {
        let providers = ["openai", "azure", "anthropic", "vertex_ai-language-models", "bedrock", "gemini", "mistral", "groq"]
        let modes = ["chat", "chat", "chat", "completion", "embedding", "image_generation"]
        var out = "{\n  \"sample_spec\": {\"mode\": \"one of: chat\", \"litellm_provider\": \"x\"},\n"
        for i in 0..<entries {
            let p = providers[i % providers.count]
            out += """
              "\(p)/model-\(i)-2024-08-06": {
                "max_tokens": 16384, "max_input_tokens": 128000, "max_output_tokens": 16384,
                "input_cost_per_token": \(i % 7 + 1).5e-06, "output_cost_per_token": 1e-05,
                "input_cost_per_token_batches": 1.25e-06, "output_cost_per_token_batches": 5e-06,
                "cache_read_input_token_cost": 1.25e-06, "cache_creation_input_token_cost": 3.75e-06,
                "litellm_provider": "\(p)", "mode": "\(modes[i % modes.count])",
                "supports_function_calling": true,
                "supports_vision": \(i % 2 == 0), "supports_prompt_caching": true, "supports_system_messages": true,
                "supports_response_schema": true, "supports_tool_choice": true,
                "supported_endpoints": ["/v1/chat/completions", "/v1/batch", "/v1/responses"],
                "supported_modalities": ["text", "image"],
                "deprecation_date": "2026-0\(i % 9 + 1)-1\(i % 9)", "source": "https://example.com/pricing/\\u00e9\(i)"
              },

            """
        }
        out += "  \"last\": {\"mode\": \"chat\", \"litellm_provider\": \"openai\"}\n}\n"
        return out
    }
}

/// A small seeded PRNG (SplitMix64) so every random test reproduces.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<n (n > 0).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
