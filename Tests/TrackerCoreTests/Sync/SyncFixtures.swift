import Testing
@testable import TrackerCore

/// Provider responses written from the documented shapes (OpenAI, Anthropic,
/// Gemini and Ollama API references; LiteLLM's sample_spec), with unknown
/// fields sprinkled in to prove they are ignored.
enum SyncFixtures {
    static func parse(_ text: String) throws -> JSONValue {
        try JSONParser().parse(text)
    }

    static let openAIModels = """
    {
      "object": "list",
      "data": [
        {"id": "gpt-4o-2024-08-06", "object": "model", "created": 1722814719, "owned_by": "system", "shutdown_date": "2027-01-14"},
        {"id": "gpt-4o", "object": "model", "created": 1715367049, "owned_by": "system", "shutdown_date": null},
        {"id": "gpt-4-0613", "object": "model", "created": 1686588896, "owned_by": "openai"},
        {"id": "ft:gpt-4o-mini-2024-07-18:my-org:custom-suffix:9xYz", "object": "model", "created": 1721768400, "owned_by": "user-abc", "permission": [], "new_field": {"x": [1, 2]}},
        {"id": "whisper-1", "object": "model", "created": 1677532384, "owned_by": "openai-internal"}
      ]
    }
    """

    static let anthropicModelsPage1 = """
    {
      "data": [
        {"type": "model", "id": "claude-3-5-sonnet-20241022", "display_name": "Claude 3.5 Sonnet (New)",
         "created_at": "2024-10-22T00:00:00Z", "deprecated_at": "2025-08-13T00:00:00Z", "retires_at": "2025-10-22T00:00:00Z",
         "lifecycle": "deprecated", "capabilities": {"vision": {"supported": true}}, "max_tokens": 8192},
        {"type": "model", "id": "claude-sonnet-4-6", "display_name": "Claude Sonnet 4.6",
         "created_at": "2026-02-17T18:30:00.123+02:00", "deprecated_at": null, "retires_at": null},
        {"type": "model", "id": "claude-opus-4-1-20250805", "display_name": "Claude Opus 4.1", "created_at": "2025-08-05T23:30:00-05:00"},
        {"type": "model", "id": "claude-legacy-x", "display_name": "Unknown date", "created_at": "1970-01-01T00:00:00Z"}
      ],
      "has_more": true,
      "first_id": "claude-3-5-sonnet-20241022",
      "last_id": "claude-legacy-x"
    }
    """

    static let anthropicModelsLastPage = """
    {"data": [{"type": "model", "id": "claude-3-haiku-20240307", "display_name": "Claude Haiku 3", "created_at": "2024-03-07T00:00:00Z"}],
     "has_more": false, "first_id": "claude-3-haiku-20240307", "last_id": "claude-3-haiku-20240307"}
    """

    static let geminiModels = """
    {
      "models": [
        {"name": "models/gemini-2.0-flash-001", "version": "2.0", "displayName": "Gemini 2.0 Flash 001",
         "description": "Stable version of Gemini 2.0 Flash", "inputTokenLimit": 1048576, "outputTokenLimit": 8192,
         "supportedGenerationMethods": ["generateContent", "countTokens"], "temperature": 1, "topP": 0.95, "topK": 40},
        {"name": "models/gemini-2.5-pro", "version": "2.5", "displayName": "Gemini 2.5 Pro", "thinking": true},
        {"name": "models/gemini-2.5-flash-preview-05-20", "version": "2.5-preview-05-20", "displayName": "Gemini 2.5 Flash Preview 05-20"},
        {"name": "models/text-embedding-004", "version": "004", "displayName": "Text Embedding 004"}
      ],
      "nextPageToken": "abc"
    }
    """

    static let ollamaTags = """
    {
      "models": [
        {"name": "llama3.1:8b", "model": "llama3.1:8b", "modified_at": "2024-07-23T15:10:07.123456789-07:00", "size": 4920753328,
         "digest": "46e0c10c039e019119339687c3c1757cc81b9da49709a3b3924863ba87ca666e",
         "details": {"parent_model": "", "format": "gguf", "family": "llama", "families": ["llama"], "parameter_size": "8.0B", "quantization_level": "Q4_0"}},
        {"name": "mistral", "model": "mistral", "modified_at": "2024-07-23T20:10:07Z", "size": 1, "digest": "sha256:F974A74358D62A017B37C6F424FCDF2744CA02926C4F952513DDF474B2FA5091"}
      ]
    }
    """

    static let catalog = """
    {
      "sample_spec": {
        "max_tokens": "LEGACY parameter. set to max_output_tokens if provider specifies it. IF not set to max_input_tokens, if provider specifies it.",
        "input_cost_per_token": 0.0, "output_cost_per_token": 0.0,
        "litellm_provider": "one of https://docs.litellm.ai/docs/providers",
        "mode": "one of: chat, embedding, completion, image_generation, audio_transcription, audio_speech, moderation, rerank",
        "deprecation_date": "date when the model becomes deprecated in the format YYYY-MM-DD"
      },
      "gpt-4o-2024-08-06": {"max_tokens": 16384, "max_input_tokens": 128000, "max_output_tokens": 16384,
        "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-06,
        "litellm_provider": "openai", "mode": "chat", "supports_function_calling": true, "supports_vision": true},
      "azure/gpt-4o-2024-08-06": {"input_cost_per_token": 2.75e-06, "output_cost_per_token": 1.1e-05,
        "litellm_provider": "azure", "mode": "chat", "deprecation_date": "2026-02-27"},
      "vertex_ai/gemini-2.0-flash-001": {"input_cost_per_token": 1.5e-07, "output_cost_per_token": 6e-07,
        "litellm_provider": "vertex_ai-language-models", "mode": "chat", "deprecation_date": "2026-02-05"},
      "bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0": {"input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05,
        "litellm_provider": "bedrock_converse", "mode": "chat"},
      "ft:gpt-4o-mini-2024-07-18": {"input_cost_per_token": 3e-07, "output_cost_per_token": 1.2e-06,
        "input_cost_per_token_batches": 1.5e-07, "litellm_provider": "openai", "mode": "chat"},
      "ollama/llama3.1": {"input_cost_per_token": 0.0, "output_cost_per_token": 0.0, "litellm_provider": "ollama", "mode": "chat"},
      "claude-3-5-sonnet-20241022": {"input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05, "cache_creation_input_token_cost": 3.75e-06,
        "litellm_provider": "anthropic", "mode": "chat", "deprecation_date": "2025-10-22"},
      "gemini/gemini-1.5-pro-002": {"input_cost_per_token": 1.25e-06, "output_cost_per_token": 5e-06, "litellm_provider": "gemini", "mode": "chat"},
      "babbage-002": {"input_cost_per_token": 4e-07, "output_cost_per_token": 4e-07, "litellm_provider": "text-completion-openai", "mode": "completion"},
      "mistral/mistral-large-2411": {"input_cost_per_token": 2e-06, "output_cost_per_token": 6e-06, "litellm_provider": "Mistral", "mode": "chat"},
      "groq/llama3-8b-8192": {"input_cost_per_token": 5e-08, "output_cost_per_token": 8e-08, "litellm_provider": "groq", "mode": "chat"},
      "text-embedding-3-small": {"input_cost_per_token": 2e-08, "output_cost_per_token": 0.0, "litellm_provider": "openai", "mode": "embedding"},
      "dall-e-3": {"litellm_provider": "openai", "mode": "image_generation", "output_cost_per_pixel": 0.0},
      "whisper-1": {"input_cost_per_second": 0.0001, "litellm_provider": "openai", "mode": "audio_transcription"},
      "bad-price": {"input_cost_per_token": "2.5e-06", "litellm_provider": "openai", "mode": "chat"},
      "negative-price": {"input_cost_per_token": -1e-06, "litellm_provider": "openai", "mode": "chat"},
      "bad-date": {"input_cost_per_token": 1e-06, "litellm_provider": "openai", "mode": "chat", "deprecation_date": "soon"},
      "no-mode": {"input_cost_per_token": 1e-06, "litellm_provider": "openai"},
      "no-provider": {"input_cost_per_token": 1e-06, "mode": "chat"},
      "not-an-object": [1, 2, 3],
      "o1-2024-12-17": {"input_cost_per_token": 1.5e-05, "output_cost_per_token": 6e-05, "litellm_provider": "openai", "mode": "chat"}
    }
    """

    static let fineTuningJobs = """
    {
      "object": "list",
      "data": [
        {"object": "fine_tuning.job", "id": "ftjob-abc123", "model": "gpt-4o-mini-2024-07-18", "created_at": 1721764800,
         "finished_at": 1721768400, "fine_tuned_model": "ft:gpt-4o-mini-2024-07-18:my-org:custom-suffix:9xYz",
         "organization_id": "org-123", "result_files": ["file-res"], "status": "succeeded", "validation_file": null,
         "training_file": "file-abc", "hyperparameters": {"n_epochs": 4, "batch_size": 1, "learning_rate_multiplier": 1.8},
         "trained_tokens": 5768, "integrations": [], "seed": 0, "estimated_finish": 0, "method": {"type": "supervised"},
         "suffix": "custom-suffix"},
        {"object": "fine_tuning.job", "id": "ftjob-def456", "model": "gpt-4o-2024-08-06", "created_at": 1723000000,
         "finished_at": null, "fine_tuned_model": null, "status": "running", "trained_tokens": null, "training_file": "file-def",
         "suffix": "draft", "error": {}},
        {"object": "fine_tuning.job", "id": "ftjob-ghi789", "model": "gpt-3.5-turbo-0125", "created_at": 1710000000,
         "finished_at": 1710003600, "fine_tuned_model": "ft:gpt-3.5-turbo-0125:my-org::8abC", "status": "succeeded",
         "trained_tokens": 120000, "training_file": "file-ghi"}
      ],
      "has_more": true
    }
    """

    /// Every fixture, for fuzzing.
    static let all: [String] = [openAIModels, anthropicModelsPage1, anthropicModelsLastPage, geminiModels, ollamaTags, catalog, fineTuningJobs]

    /// Runs every decoder on a value; each may only return or throw.
    static func decodeWithEverything(_ value: JSONValue) {
        _ = try? ProviderLists.openAI(value)
        _ = try? ProviderLists.anthropic(value)
        _ = try? ProviderLists.gemini(value)
        _ = try? ProviderLists.ollama(value)
        _ = try? CatalogParser.parse(value)
        _ = try? OpenAIJobs.page(value)
        if let o = value.object {
            for m in o.members.prefix(64) {
                _ = CatalogParser.entry(key: m.key, value: m.value)
                _ = try? OpenAIJobs.job(m.value)
            }
        }
    }
}
