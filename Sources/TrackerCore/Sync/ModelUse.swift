/// Whether a listed model is one people prompt or fine-tune (chat or
/// completion) and so may become a base, or something else that providers
/// list beside them: embeddings, speech, transcription, images, video,
/// moderation, realtime audio. Each source is read by what it says itself.
public enum ModelUse: String, Sendable, Equatable, CaseIterable {
    case embedding
    case speech = "text-to-speech"
    case transcription
    case image
    case video
    case moderation
    case realtimeAudio = "realtime/audio"
    /// A Gemini model that does not offer `generateContent` (e.g. `aqa`).
    case noGenerateContent = "no generateContent"

    /// OpenAI ids, by their documented names (`nil` = chat or completion):
    /// `text-embedding-*` (any `embedding` segment) is embedding; `tts-*`
    /// and `*-tts` speech; `whisper-*` and `*-transcribe` transcription;
    /// `dall-e-*`, `gpt-image-*`, `chatgpt-image-*` image; `sora-*` video;
    /// `omni-moderation-*`, `text-moderation-*` moderation; any `realtime`
    /// or `audio` segment (`gpt-4o-realtime-preview`, `gpt-audio`,
    /// `gpt-4o-mini-audio-preview`) realtime audio. Everything else, e.g.
    /// `gpt-4o`, `o1`, `babbage-002`, `gpt-4o-search-preview`, is kept.
    public static func openAI(_ id: String) -> ModelUse? {
        let segments = id.lowercased().split(separator: "-").map(String.init)
        guard let first = segments.first else { return nil }
        if segments.contains("embedding") { return .embedding }
        if first == "tts" || segments.contains("tts") { return .speech }
        if first == "whisper" || segments.contains("transcribe") { return .transcription }
        if first == "dall" || segments.contains("image") { return .image }
        if first == "sora" { return .video }
        if segments.contains("moderation") { return .moderation }
        if segments.contains("realtime") || segments.contains("audio") { return .realtimeAudio }
        return nil
    }

    /// Gemini, by `supportedGenerationMethods`: a model without
    /// `generateContent` is not promptable (`embedContent` embedding,
    /// `predict`/`predictLongRunning` image or video by the name (`imagen-*`
    /// image, `veo-*` video), `bidiGenerateContent` realtime audio). Some
    /// `generateContent` models still answer in audio or images; their
    /// names say so: a `tts` segment is speech, `native-audio`/`live`
    /// realtime audio, an `image` segment image (`gemini-2.5-flash-image`).
    /// Without the field, the name alone decides.
    public static func gemini(name: String, methods: [String]?) -> ModelUse? {
        let id = name.hasPrefix("models/") ? String(name.dropFirst("models/".count)) : name
        let segments = id.lowercased().split(separator: "-").map(String.init)
        if let methods, !methods.contains("generateContent") {
            if methods.contains("embedContent") || segments.contains("embedding") { return .embedding }
            if segments.first == "veo" || methods.contains("predictLongRunning") { return .video }
            if segments.first == "imagen" || methods.contains("predict") { return .image }
            if methods.contains("bidiGenerateContent") { return .realtimeAudio }
            return .noGenerateContent
        }
        if segments.contains("embedding") { return .embedding }
        if segments.first == "imagen" || segments.contains("image") { return .image }
        if segments.first == "veo" { return .video }
        if segments.contains("tts") { return .speech }
        if (segments.contains("native") && segments.contains("audio")) || segments.contains("live") { return .realtimeAudio }
        return nil
    }

    /// Ollama tags, by `details.family`/`details.families` and the tag:
    /// BERT-style families (`bert`, `nomic-bert`, `jina-bert`,
    /// `xlm-roberta`: any family ending in `bert`) and tags with `embed` in
    /// their name (`nomic-embed-text`, `mxbai-embed-large`) are embeddings.
    public static func ollama(name: String, families: [String]) -> ModelUse? {
        if families.contains(where: { $0.lowercased().hasSuffix("bert") }) { return .embedding }
        let tail = name.split(separator: "/").last.map(String.init) ?? name
        let model = tail.split(separator: ":").first.map { $0.lowercased() } ?? tail.lowercased()
        if model.contains("embed") { return .embedding }
        return nil
    }

    /// What a skipped model is, in a summary (`embedding`, `text-to-speech`).
    public var label: String { rawValue }
}
