import Testing
@testable import TrackerCore

@Suite("ModelUse: only chat and completion models become bases")
struct ModelUseTests {
    @Test("OpenAI ids by their documented names", arguments: [
        ("gpt-4o-2024-08-06", nil), ("gpt-4-0613", nil), ("o1-2024-12-17", nil), ("babbage-002", nil),
        ("davinci-002", nil), ("gpt-4o-search-preview", nil), ("chatgpt-4o-latest", nil), ("gpt-4.1-nano-2025-04-14", nil),
        ("tts-1", .speech), ("tts-1-hd-1106", .speech), ("gpt-4o-mini-tts", .speech),
        ("whisper-1", .transcription), ("gpt-4o-transcribe", .transcription), ("gpt-4o-mini-transcribe", .transcription),
        ("dall-e-3", .image), ("dall-e-2", .image), ("gpt-image-1", .image), ("chatgpt-image-latest", .image),
        ("sora-2", .video), ("sora-2-pro", .video),
        ("text-embedding-3-large", .embedding), ("text-embedding-ada-002", .embedding),
        ("omni-moderation-latest", .moderation), ("omni-moderation-2024-09-26", .moderation), ("text-moderation-latest", .moderation),
        ("gpt-4o-realtime-preview-2024-12-17", .realtimeAudio), ("gpt-realtime", .realtimeAudio),
        ("gpt-4o-audio-preview", .realtimeAudio), ("gpt-audio-mini", .realtimeAudio),
    ] as [(String, ModelUse?)])
    func openAI(id: String, use: ModelUse?) {
        #expect(ModelUse.openAI(id) == use)
    }

    @Test("Gemini by supportedGenerationMethods, then the name")
    func gemini() {
        let chat = ["generateContent", "countTokens", "createCachedContent"]
        #expect(ModelUse.gemini(name: "models/gemini-1.5-flash-002", methods: chat) == nil)
        #expect(ModelUse.gemini(name: "models/gemini-2.5-pro", methods: nil) == nil)
        #expect(ModelUse.gemini(name: "models/text-embedding-004", methods: ["embedContent"]) == .embedding)
        #expect(ModelUse.gemini(name: "models/embedding-001", methods: ["embedContent"]) == .embedding)
        #expect(ModelUse.gemini(name: "models/imagen-3.0-generate-002", methods: ["predict"]) == .image)
        #expect(ModelUse.gemini(name: "models/veo-2.0-generate-001", methods: ["predictLongRunning"]) == .video)
        #expect(ModelUse.gemini(name: "models/aqa", methods: ["generateAnswer"]) == .noGenerateContent)
        #expect(ModelUse.gemini(name: "models/gemini-2.5-flash-preview-tts", methods: ["countTokens", "generateContent"]) == .speech)
        #expect(ModelUse.gemini(name: "models/gemini-2.5-flash-image", methods: chat) == .image)
        #expect(ModelUse.gemini(name: "models/gemini-2.5-flash-native-audio-latest", methods: ["countTokens", "bidiGenerateContent"]) == .realtimeAudio)
        #expect(ModelUse.gemini(name: "models/gemini-2.0-flash-live-001", methods: ["bidiGenerateContent"]) == .realtimeAudio)
    }

    @Test("Ollama by details.family and the tag")
    func ollama() {
        #expect(ModelUse.ollama(name: "llama3.1:8b", families: ["llama"]) == nil)
        #expect(ModelUse.ollama(name: "nomic-embed-text:latest", families: ["nomic-bert", "nomic-bert"]) == .embedding)
        #expect(ModelUse.ollama(name: "all-minilm:latest", families: ["bert"]) == .embedding)
        #expect(ModelUse.ollama(name: "bge-m3:latest", families: ["bert"]) == .embedding)
        #expect(ModelUse.ollama(name: "hf.co/nomic-ai/nomic-embed-text-v1.5-GGUF:Q4_K_M", families: []) == .embedding)
        #expect(ModelUse.ollama(name: "qwen2.5:7b", families: []) == nil)
    }

    @Test("the list decoders fill it in")
    func decoders() throws {
        let gemini = try ProviderLists.gemini(try JSONParser().parse(Array(#"""
            {"models":[{"name":"models/text-embedding-004","supportedGenerationMethods":["embedContent"]},
                       {"name":"models/gemini-1.5-flash-001","supportedGenerationMethods":["generateContent"]}]}
            """#.utf8)))
        #expect(gemini.models.map(\.use) == [.embedding, nil])
        let ollama = try ProviderLists.ollama(try JSONParser().parse(Array(#"""
            {"models":[{"name":"nomic-embed-text:latest","digest":"0a109f422b47e3a30ba2b10eca18548e944e8a23073ee3f3e947efcf3c45e59f",
                        "details":{"family":"nomic-bert","families":null}},
                       {"name":"llama3.1:8b","digest":"46e0c10c039e019119339687c3c1757cc81b9da49709a3b3924863ba87ca666e",
                        "details":{"family":"llama","families":["llama"]}}]}
            """#.utf8)))
        #expect(ollama.models.map(\.use) == [.embedding, nil])
    }
}
