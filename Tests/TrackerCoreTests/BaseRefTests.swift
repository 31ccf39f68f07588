import Testing
@testable import TrackerCore

@Suite("BaseRef and Closest")
struct BaseRefTests {
    @Test("parses provider, family and version", arguments: [
        ("openai/gpt-4o@2024-08-06", "openai", "gpt-4o", "2024-08-06"),
        ("ollama/llama3.1:8b@sha256:abc", "ollama", "llama3.1:8b", "sha256:abc"),
        ("OpenAI/gpt-4o@2024-08-06", "openai", "gpt-4o", "2024-08-06"),
        ("ANTHROPIC/claude-3-5-sonnet@20241022", "anthropic", "claude-3-5-sonnet", "20241022"),
        ("google/Gemini-1.5-Pro@002", "google", "Gemini-1.5-Pro", "002"),
        ("azure/org/gpt-4o@2024-08-06", "azure", "org/gpt-4o", "2024-08-06"),
        ("hf/user@org/model@v1", "hf", "user@org/model", "v1"),
    ])
    func parses(text: String, provider: String, family: String, version: String) throws {
        let r = try #require(BaseRef(text))
        #expect(r.provider == provider)
        #expect(r.family == family)
        #expect(r.version == version)
    }

    @Test("description is PROVIDER/FAMILY@VERSION with the provider lower-cased")
    func description() {
        #expect(ref("OpenAI/gpt-4o@2024-08-06").description == "openai/gpt-4o@2024-08-06")
        #expect(ref("ollama/llama3.1:8b@sha256:abc").description == "ollama/llama3.1:8b@sha256:abc")
    }

    @Test("refuses missing or malformed parts", arguments: [
        "", "openai", "openai/gpt-4o", "gpt-4o@2024-08-06", "/gpt-4o@2024-08-06", "openai/@2024-08-06",
        "openai/gpt-4o@", "openai@2024/gpt-4o", "open ai/gpt-4o@v1", "openai/gpt 4o@v1", "openai/gpt-4o@v 1",
        " openai/gpt-4o@v1", "openai/gpt-4o@v1\n", "openai/gpt\t4o@v1", "@/", "/@",
    ])
    func refuses(text: String) {
        #expect(BaseRef(text) == nil)
    }

    @Test("refuses over-long parts")
    func refusesLong() {
        #expect(BaseRef(String(repeating: "p", count: 101) + "/f@v") == nil)
        #expect(BaseRef(String(repeating: "p", count: 100) + "/f@v") != nil)
        #expect(BaseRef("p/" + String(repeating: "f", count: 201) + "@v") == nil)
        #expect(BaseRef("p/f@" + String(repeating: "v", count: 201)) == nil)
    }

    @Test("default model id: family-version, or the bare tag for Ollama")
    func defaultModelID() {
        #expect(ref("openai/gpt-4o@2024-08-06").defaultModelID == "gpt-4o-2024-08-06")
        #expect(ref("anthropic/claude-3-5-sonnet@20241022").defaultModelID == "claude-3-5-sonnet-20241022")
        #expect(ref("ollama/llama3.1:8b@sha256:abc").defaultModelID == "llama3.1:8b")
        #expect(ref("Ollama/llama3.1:8b@sha256:abc").defaultModelID == "llama3.1:8b")
    }

    @Test("equal refs are equal after lower-casing the provider")
    func equality() {
        #expect(ref("OPENAI/gpt-4o@2024-08-06") == ref("openai/gpt-4o@2024-08-06"))
        #expect(ref("openai/GPT-4o@2024-08-06") != ref("openai/gpt-4o@2024-08-06"))
    }

    @Test("suggests the closest names, nearest first")
    func closest() {
        let names = ["support-bot", "sales-bot", "summarizer", "classifier", "support-bot-eu"]
        #expect(Closest.matches(for: "suport-bot", in: names).first == "support-bot")
        #expect(Closest.matches(for: "suport-bot", in: names).contains("support-bot-eu"))
        #expect(Closest.matches(for: "SUPPORT-BOT", in: names).first == "support-bot")
        #expect(Closest.matches(for: "clasifier", in: names) == ["classifier"])
        #expect(Closest.matches(for: "zzzzzzzzzzzz", in: names).isEmpty)
        #expect(Closest.matches(for: "anything", in: []).isEmpty)
    }

    @Test("suggestions respect the limit, drop duplicates and include substrings")
    func closestLimit() {
        let names = ["bot-a", "bot-b", "bot-c", "bot-d", "bot-a"]
        let m = Closest.matches(for: "bot-x", in: names)
        #expect(m == ["bot-a", "bot-b", "bot-c"])
        #expect(Closest.matches(for: "bot-x", in: names, limit: 1) == ["bot-a"])
        // A long candidate containing the query is offered even when far by edit distance.
        #expect(Closest.matches(for: "gpt", in: ["openai/gpt-4o-mini-2024-07-18"]) == ["openai/gpt-4o-mini-2024-07-18"])
    }

    @Test("edit distance")
    func distance() {
        #expect(Closest.distance(Array("kitten"), Array("sitting")) == 3)
        #expect(Closest.distance(Array(""), Array("abc")) == 3)
        #expect(Closest.distance(Array("abc"), Array("")) == 3)
        #expect(Closest.distance(Array("same"), Array("same")) == 0)
    }
}
