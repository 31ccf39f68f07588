import Testing
@testable import TrackerCore

@Suite("Model ids")
struct ModelIDTests {
    typealias K = ParsedModelID.Kind

    @Test("OpenAI", arguments: [
        ("gpt-4o-2024-08-06", "gpt-4o", "2024-08-06", K.snapshot),
        ("o1-2024-12-17", "o1", "2024-12-17", .snapshot),
        ("gpt-4.1-nano-2025-04-14", "gpt-4.1-nano", "2025-04-14", .snapshot),
        ("gpt-4o-realtime-preview-2024-10-01", "gpt-4o-realtime-preview", "2024-10-01", .snapshot),
        ("gpt-4-0613", "gpt-4", "0613", .snapshot),
        ("gpt-4-0314", "gpt-4", "0314", .snapshot),
        ("gpt-3.5-turbo-0125", "gpt-3.5-turbo", "0125", .snapshot),
        ("gpt-3.5-turbo-16k-0613", "gpt-3.5-turbo-16k", "0613", .snapshot),
        ("gpt-3.5-turbo-instruct-0914", "gpt-3.5-turbo-instruct", "0914", .snapshot),
        ("gpt-4-1106-preview", "gpt-4-preview", "1106", .snapshot),
        ("gpt-4-0125-preview", "gpt-4-preview", "0125", .snapshot),
        ("gpt-4-1106-vision-preview", "gpt-4-vision-preview", "1106", .snapshot),
        ("tts-1-hd-1106", "tts-1-hd", "1106", .snapshot),
        ("ft:gpt-4o-mini-2024-07-18:org:suffix:id", "gpt-4o-mini", "2024-07-18", .fineTune),
        ("ft:gpt-4o-mini-2024-07-18:my-org:custom-suffix:9xYz", "gpt-4o-mini", "2024-07-18", .fineTune),
        ("ft:gpt-3.5-turbo-0125:my-org::8abC", "gpt-3.5-turbo", "0125", .fineTune),
        ("ft:gpt-4o-mini-2024-07-18", "gpt-4o-mini", "2024-07-18", .fineTune),
        ("ft:davinci-002:org:x:y", "davinci-002", "", .fineTune),
        ("curie:ft-acme-2023-01-01-00-00-00", "curie", "", .fineTune),
        ("gpt-4o", "gpt-4o", "", .undated),
        ("o1", "o1", "", .undated),
        ("text-embedding-3-small", "text-embedding-3-small", "", .undated),
        ("whisper-1", "whisper-1", "", .undated),
        ("gpt-4o-mini-tts", "gpt-4o-mini-tts", "", .undated),
        ("chatgpt-4o-latest", "chatgpt-4o-latest", "", .undated),
        ("babbage-002", "babbage-002", "", .undated),
        ("text-embedding-ada-002", "text-embedding-ada-002", "", .undated),
        ("gpt-4-turbo", "gpt-4-turbo", "", .undated),
        ("gpt-4-vision-preview", "gpt-4-vision-preview", "", .undated),
        ("gpt-4o-2024-02-30", "gpt-4o-2024-02-30", "", .undated), // not a real day
        ("gpt-4-1399", "gpt-4-1399", "", .undated),                 // not a month/day
        ("0613", "0613", "", .undated),
        ("GPT-4o", "GPT-4o", "", .unrecognized),
        ("my model", "my model", "", .unrecognized),
        ("org/gpt-4o", "org/gpt-4o", "", .unrecognized),
        ("", "", "", .unrecognized),
        ("ft:", "ft:", "", .unrecognized),
        ("ft::org:x:y", "ft::org:x:y", "", .unrecognized),
        ("gpt--4o", "gpt--4o", "", .unrecognized),
        ("a:b", "a:b", "", .unrecognized),
    ])
    func openAI(id: String, family: String, version: String, kind: K) {
        #expect(ModelIDs.openAI(id) == ParsedModelID(family: family, version: version, kind: kind))
    }

    @Test("Anthropic", arguments: [
        ("claude-3-5-sonnet-20241022", "claude-3-5-sonnet", "20241022", K.snapshot),
        ("claude-sonnet-4-20250514", "claude-sonnet-4", "20250514", .snapshot),
        ("claude-opus-4-1-20250805", "claude-opus-4-1", "20250805", .snapshot),
        ("claude-3-haiku-20240307", "claude-3-haiku", "20240307", .snapshot),
        ("claude-haiku-4-5-20251001", "claude-haiku-4-5", "20251001", .snapshot),
        ("claude-sonnet-4-6", "claude-sonnet-4-6", "", .undated),
        ("claude-opus-4-5", "claude-opus-4-5", "", .undated),
        ("claude-3-5-sonnet-latest", "claude-3-5-sonnet-latest", "", .undated),
        ("claude-2.1", "claude-2.1", "", .undated),
        ("claude-3-5-sonnet-20241322", "claude-3-5-sonnet-20241322", "", .undated),
        ("gpt-4o", "gpt-4o", "", .unrecognized),
        ("anthropic.claude-3-5-sonnet-20241022-v2:0", "anthropic.claude-3-5-sonnet-20241022-v2:0", "", .unrecognized),
        ("Claude-3", "Claude-3", "", .unrecognized),
        ("claude-", "claude-", "", .unrecognized),
    ])
    func anthropic(id: String, family: String, version: String, kind: K) {
        #expect(ModelIDs.anthropic(id) == ParsedModelID(family: family, version: version, kind: kind))
    }

    @Test("Gemini", arguments: [
        ("models/gemini-2.0-flash-001", "gemini-2.0-flash", "001", K.snapshot),
        ("models/gemini-1.5-pro-002", "gemini-1.5-pro", "002", .snapshot),
        ("models/gemini-2.5-flash-preview-05-20", "gemini-2.5-flash-preview", "05-20", .snapshot),
        ("models/gemini-2.5-flash-lite-preview-09-2025", "gemini-2.5-flash-lite-preview", "09-2025", .snapshot),
        ("models/gemini-2.0-flash-thinking-exp-01-21", "gemini-2.0-flash-thinking-exp", "01-21", .snapshot),
        ("models/gemini-exp-1206", "gemini-exp", "1206", .snapshot),
        ("models/text-embedding-004", "text-embedding", "004", .snapshot),
        ("gemini-1.5-flash-8b-001", "gemini-1.5-flash-8b", "001", .snapshot),
        ("models/gemini-2.5-pro", "gemini-2.5-pro", "", .undated),
        ("models/gemini-1.5-pro-latest", "gemini-1.5-pro-latest", "", .undated),
        ("models/gemini-flash-latest", "gemini-flash-latest", "", .undated),
        ("models/gemma-3-27b-it", "gemma-3-27b-it", "", .undated),
        ("models/gemini-2.5-flash-preview-13-20", "gemini-2.5-flash-preview-13-20", "", .undated),
        ("models/aqa", "aqa", "", .undated),
        ("tunedModels/my-model-x1", "tunedModels/my-model-x1", "", .unrecognized),
        ("models/", "models/", "", .unrecognized),
        ("models/Gemini Pro", "models/Gemini Pro", "", .unrecognized),
    ])
    func gemini(name: String, family: String, version: String, kind: K) {
        #expect(ModelIDs.gemini(name: name) == ParsedModelID(family: family, version: version, kind: kind))
    }

    @Test("Ollama")
    func ollama() {
        let digest = "46e0c10c039e019119339687c3c1757cc81b9da49709a3b3924863ba87ca666e"
        #expect(ModelIDs.ollama(name: "llama3.1:8b", digest: digest) == ParsedModelID(family: "llama3.1:8b", version: "46e0c10c039e", kind: .snapshot))
        #expect(ModelIDs.ollama(name: "llama3.1", digest: "sha256:" + digest) == ParsedModelID(family: "llama3.1:latest", version: "46e0c10c039e", kind: .snapshot))
        #expect(ModelIDs.ollama(name: "mistral", digest: "F974A74358D62A01") == ParsedModelID(family: "mistral:latest", version: "f974a74358d6", kind: .snapshot))
        #expect(ModelIDs.ollama(name: "hf.co/user/model:Q4_K_M", digest: digest).family == "hf.co/user/model:Q4_K_M")
        #expect(ModelIDs.ollama(name: "registry.local:5000/team/model", digest: digest).family == "registry.local:5000/team/model:latest")
        #expect(ModelIDs.ollama(name: "llama3.1:8b", digest: nil) == ParsedModelID(family: "llama3.1:8b", version: "", kind: .undated))
        #expect(ModelIDs.ollama(name: "llama3.1:8b", digest: "sha256:xyz") == ParsedModelID(family: "llama3.1:8b", version: "", kind: .undated))
        #expect(ModelIDs.ollama(name: "llama3.1:8b", digest: "46e0c10c") .kind == .undated)
        #expect(ModelIDs.ollama(name: "", digest: digest) == ParsedModelID(family: "", version: "", kind: .unrecognized))
        #expect(ModelIDs.ollama(name: "bad name", digest: digest).kind == .unrecognized)
        #expect(ModelIDs.ollama(name: "model:", digest: digest).kind == .unrecognized)
    }
}
