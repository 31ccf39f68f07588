// Fuzzing of JSONParser and every decoder fed from it (provider lists, the
// LiteLLM catalog, fine-tuning jobs), plus ModelIDs and ExactDecimal.
//
// The suite runs a short, fixed-seed pass (3,000 iterations) so `swift test`
// stays fast. The long run, by hand, in a release build (the test targets
// use @testable imports, so a release build needs -enable-testing):
//
//   TRACKER_FUZZ_ITERATIONS=1000000 swift test -c release -Xswiftc -enable-testing --filter Fuzz
//
// (about 24 s per million iterations on a 2-core machine)
//
// Options (environment):
//   TRACKER_FUZZ_ITERATIONS  number of inputs (default 3000)
//   TRACKER_FUZZ_SEED        seed, decimal or 0x-hex (default 0x7AC4E7); the
//                            seed is printed first, so any failure reproduces
//                            with the same seed and count
//   TRACKER_FUZZ_TRACE=1     print each iteration number before running it
//                            (slow; finds the input that crashed)
//
// A crash (trap, stack overflow, hang) fails the test process; otherwise the
// test checks that every refusal is a thrown error with an offset inside the
// input, and prints iterations, seed and counts at the end.

import Foundation
import Testing
@testable import TrackerCore

@Suite("Fuzz")
struct FuzzTests {
    /// Seeds the corpus: every fixture plus small edge documents.
    static let corpus: [[UInt8]] = (SyncFixtures.all + [
        #"{"a":[1,2,{"b":null}],"c":"\ud83d\ude00\n","d":-0.5e-7}"#,
        #"[true,false,null,"",{},[]]"#,
        #"{"data":[{"id":"gpt-4o-2024-08-06","created":1722814719}],"has_more":false,"last_id":"x"}"#,
        #"[{"id":"ftjob-1","model":"gpt-4o-mini-2024-07-18","status":"succeeded","fine_tuned_model":"ft:a:b:c:d"}]"#,
    ]).map { Array($0.utf8) }

    static let tokens: [[UInt8]] = [
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "\\udc00", "\\uD83D\\uDE00", "1e999999", "-0", "01", "-",
        "null", "true", "false", "nul", "1.", ".5", "NaN", "\"id\":", "\"data\":[", "\"models\":", "\"mode\":\"chat\"",
        "\"has_more\":true", "2.5e-06", "9223372036854775808", "\"2024-10-22T00:00:00Z\"", "\"ft:x:y:z:w\"",
    ].map { Array($0.utf8) } + [[0x00], [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xEF, 0xBB, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0x1F]]

    @Test("parser and decoders only return or throw on random and mutated input")
    func fuzz() throws {
        let env = ProcessInfo.processInfo.environment
        let iterations = env["TRACKER_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 3_000
        let seed = env["TRACKER_FUZZ_SEED"].flatMap { s in
            s.hasPrefix("0x") ? UInt64(s.dropFirst(2), radix: 16) : UInt64(s)
        } ?? 0x7AC4E7
        let trace = env["TRACKER_FUZZ_TRACE"] == "1"
        print("fuzz: seed 0x\(String(seed, radix: 16)), \(iterations) iterations")

        var rng = SplitMix64(seed: seed)
        let parser = JSONParser()
        let parsedCorpus = try Self.corpus.map { try parser.parse($0) }
        var accepted = 0, refused = 0, treeMutations = 0
        let clock = ContinuousClock()
        let start = clock.now
        for n in 0..<iterations {
            if trace { print("fuzz iteration \(n)") }
            if n % 4 == 3 {
                // Structure-aware: a valid document with a subtree replaced,
                // removed or retyped, straight to the decoders.
                var value = parsedCorpus[rng.below(parsedCorpus.count)]
                for _ in 0..<(1 + rng.below(4)) { value = Self.mutate(value, &rng, depth: 0) }
                SyncFixtures.decodeWithEverything(value)
                treeMutations += 1
                continue
            }
            let input = n % 4 == 0 ? Self.randomBytes(&rng) : Self.mutate(Self.corpus, &rng)
            do {
                let value = try parser.parse(input)
                accepted += 1
                SyncFixtures.decodeWithEverything(value)
            } catch {
                refused += 1
                #expect(error.offset >= 0 && error.offset <= input.count, "offset \(error.offset) outside \(input.count) bytes")
                #expect(error.message.hasSuffix("at byte \(error.offset)"))
            }
            // The string rules get the same bytes, read as text.
            let text = String(decoding: input.prefix(200), as: UTF8.self)
            _ = ModelIDs.openAI(text)
            _ = ModelIDs.anthropic(text)
            _ = ModelIDs.gemini(name: text)
            _ = ModelIDs.ollama(name: text, digest: text)
            _ = ExactDecimal.scaled(text, byPowerOf10: rng.below(40) - 20)
            _ = Timestamps.utcDay(rfc3339: text)
        }
        let elapsed = clock.now - start
        print("fuzz: \(iterations) iterations, seed 0x\(String(seed, radix: 16)), \(accepted) parsed, \(refused) refused, \(treeMutations) tree mutations, \(elapsed)")
        #expect(accepted + refused + treeMutations == iterations)
    }

    /// Random bytes: half uniformly random, half from JSON's alphabet.
    static func randomBytes(_ rng: inout SplitMix64) -> [UInt8] {
        let count = rng.below(rng.below(8) == 0 ? 4_000 : 64)
        if rng.below(2) == 0 {
            return (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        }
        let alphabet = Array("{}[],:\"\\ \n0123456789-+.eEtrufalsnu\u{7F}/bfnrtdAF".utf8) + [0x00, 0x80, 0xC3, 0xA9, 0xFF]
        return (0..<count).map { _ in alphabet[rng.below(alphabet.count)] }
    }

    /// One to four byte-level mutations of a corpus document.
    static func mutate(_ corpus: [[UInt8]], _ rng: inout SplitMix64) -> [UInt8] {
        var b = corpus[rng.below(corpus.count)]
        for _ in 0..<(1 + rng.below(4)) {
            let at = rng.below(b.count + 1)
            switch rng.below(9) {
            case 0: // bit flip
                if at < b.count { b[at] ^= UInt8(1) << UInt8(rng.below(8)) }
            case 1: // random byte
                if at < b.count { b[at] = UInt8(truncatingIfNeeded: rng.next()) }
            case 2: // insert a token
                b.insert(contentsOf: tokens[rng.below(tokens.count)], at: at)
            case 3: // delete a range
                let end = min(b.count, at + 1 + rng.below(16))
                if at < end { b.removeSubrange(at..<end) }
            case 4: // truncate
                b.removeSubrange(at...)
            case 5: // duplicate a range
                let end = min(b.count, at + rng.below(64))
                let piece = Array(b[at..<end])
                b.insert(contentsOf: piece, at: rng.below(b.count + 1))
            case 6: // splice with another document
                let other = corpus[rng.below(corpus.count)]
                b = Array(b[..<at]) + Array(other[rng.below(other.count + 1)...])
            case 7: // deep nesting, rarely very deep
                let depth = rng.below(20) == 0 ? 100_000 : 1 + rng.below(300)
                let open: [UInt8] = rng.below(2) == 0 ? [0x5B] : Array("{\"a\":".utf8)
                var nest: [UInt8] = []
                nest.reserveCapacity(depth * open.count)
                for _ in 0..<depth { nest.append(contentsOf: open) }
                b.insert(contentsOf: nest, at: at)
            default: // swap a structural character for another
                if at < b.count {
                    let structural: [UInt8] = Array("{}[],:\"".utf8)
                    b[at] = structural[rng.below(structural.count)]
                }
            }
        }
        return b
    }

    /// Replaces, removes or retypes one random subtree.
    static func mutate(_ v: JSONValue, _ rng: inout SplitMix64, depth: Int) -> JSONValue {
        let replacements: [JSONValue] = [
            .null, .bool(true), .number("-1"), .number("1.5"), .number("1e999"), .number("99999999999999999999"),
            .string(""), .string("gpt-4o-2024-08-06"), .string("ft:::::"), .string("2024-13-45T99:99:99Z"),
            .string("models/"), .string("claude-"), .string("sha256:"), .array([]), .object(JSONObject([])),
            .object(JSONObject([(key: "id", value: .null), (key: "mode", value: .string("chat"))])),
        ]
        if depth > 6 || rng.below(5) == 0 { return replacements[rng.below(replacements.count)] }
        switch v {
        case .array(var a):
            guard !a.isEmpty else { return replacements[rng.below(replacements.count)] }
            let i = rng.below(a.count)
            switch rng.below(4) {
            case 0: a.remove(at: i)
            case 1: a.append(a[i])
            default: a[i] = mutate(a[i], &rng, depth: depth + 1)
            }
            return .array(a)
        case .object(let o):
            var members = o.members
            guard !members.isEmpty else { return replacements[rng.below(replacements.count)] }
            let i = rng.below(members.count)
            switch rng.below(4) {
            case 0: members.remove(at: i)
            case 1: members.append((key: members[i].key, value: replacements[rng.below(replacements.count)]))
            default: members[i].value = mutate(members[i].value, &rng, depth: depth + 1)
            }
            return .object(JSONObject(members))
        default:
            return replacements[rng.below(replacements.count)]
        }
    }
}
