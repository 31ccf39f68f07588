import Testing
@testable import TrackerCore

@Suite("Provider model lists")
struct ProviderListTests {
    func json(_ text: String) throws -> JSONValue { try SyncFixtures.parse(text) }

    func shapeError(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as ShapeError {
            return error.message
        } catch {
            return "not a ShapeError: \(error)"
        }
    }

    @Test("OpenAI /v1/models")
    func openAI() throws {
        let page = try ProviderLists.openAI(json(SyncFixtures.openAIModels))
        #expect(page.nextCursor == nil)
        #expect(page.models.count == 5)
        let first = page.models[0]
        #expect(first == ProviderModel(provider: "openai", modelID: "gpt-4o-2024-08-06",
                                       parsed: ParsedModelID(family: "gpt-4o", version: "2024-08-06", kind: .snapshot),
                                       // The id's day, not `created` (2024-08-04).
                                       released: day("2024-08-06"), deprecated: nil, shutdown: day("2027-01-14"), displayName: nil))
        #expect(page.models[1].shutdown == nil)
        #expect(page.models[1].parsed.kind == .undated)
        #expect(page.models[2].parsed == ParsedModelID(family: "gpt-4", version: "0613", kind: .snapshot))
        #expect(page.models[3].parsed == ParsedModelID(family: "gpt-4o-mini", version: "2024-07-18", kind: .fineTune))
        #expect(page.models[4].modelID == "whisper-1")
        #expect(page.models[4].use == .transcription)
        #expect(page.models[0].use == nil)
    }

    @Test("OpenAI: wrong shapes name their path")
    func openAIShapes() throws {
        #expect(shapeError { _ = try ProviderLists.openAI(try! json("[]")) } == "top level: expected an object, found an array")
        #expect(shapeError { _ = try ProviderLists.openAI(try! json("{}")) } == "data: missing (expected an array)")
        #expect(shapeError { _ = try ProviderLists.openAI(try! json(#"{"data":{}}"#)) } == "data: expected an array, found an object")
        #expect(shapeError { _ = try ProviderLists.openAI(try! json(#"{"data":[{"id":"a"},{"id":"b"},{"id":"c"},{"id":null}]}"#)) }
                == "data[3].id: expected a string, found null")
        #expect(shapeError { _ = try ProviderLists.openAI(try! json(#"{"data":[{"id":"a"},5]}"#)) } == "data[1]: expected an object, found a number")
        #expect(shapeError { _ = try ProviderLists.openAI(try! json(#"{"data":[{"object":"model"}]}"#)) } == "data[0].id: missing (expected a string)")
        #expect(shapeError { _ = try ProviderLists.openAI(try! json(#"{"data":[{"id":"a","created":"yesterday"}]}"#)) }
                == "data[0].created: expected an integer, found a string")
        #expect(shapeError { _ = try ProviderLists.openAI(try! json(#"{"data":[{"id":"a","created":1.5}]}"#)) }
                == "data[0].created: expected an integer, found 1.5")
        #expect(shapeError { _ = try ProviderLists.openAI(try! json(#"{"data":[{"id":"a","created":999999999999999}]}"#)) }
                == "data[0].created: 999999999999999 is not a Unix time in seconds")
        #expect(shapeError { _ = try ProviderLists.openAI(try! json(#"{"data":[{"id":"a","shutdown_date":"soon"}]}"#)) }
                == "data[0].shutdown_date: expected a YYYY-MM-DD date, found 'soon'")
        #expect(shapeError { _ = try ProviderLists.openAI(try! json(#"{"data":[{"id":"a","shutdown_date":true}]}"#)) }
                == "data[0].shutdown_date: expected a date string, found a boolean")
        // Other date forms for the loosely documented shutdown_date.
        let other = try ProviderLists.openAI(json(#"{"data":[{"id":"a","shutdown_date":"2027-01-14T10:00:00Z"},{"id":"b","shutdown_date":1800000000}]}"#))
        #expect(other.models.map(\.shutdown) == [day("2027-01-14"), day("2027-01-15")])
        #expect(try ProviderLists.openAI(json(#"{"data":[]}"#)).models.isEmpty)
    }

    @Test("Anthropic /v1/models with paging and lifecycle dates")
    func anthropic() throws {
        let page = try ProviderLists.anthropic(json(SyncFixtures.anthropicModelsPage1))
        #expect(page.nextCursor == "claude-legacy-x")
        #expect(page.models.count == 4)
        #expect(page.models[0] == ProviderModel(provider: "anthropic", modelID: "claude-3-5-sonnet-20241022",
                                                parsed: ParsedModelID(family: "claude-3-5-sonnet", version: "20241022", kind: .snapshot),
                                                released: day("2024-10-22"), deprecated: day("2025-08-13"), shutdown: day("2025-10-22"),
                                                displayName: "Claude 3.5 Sonnet (New)"))
        #expect(page.models[1].released == day("2026-02-17"))
        #expect(page.models[1].deprecated == nil && page.models[1].shutdown == nil)
        #expect(page.models[1].parsed.kind == .undated)
        // The id's day (20250805), not created_at (23:30 at -05:00, 2025-08-06 UTC).
        #expect(page.models[2].released == day("2025-08-05"))
        #expect(page.models[3].released == nil)                // epoch means unknown
        let last = try ProviderLists.anthropic(json(SyncFixtures.anthropicModelsLastPage))
        #expect(last.nextCursor == nil)
        #expect(last.models.map(\.modelID) == ["claude-3-haiku-20240307"])
    }

    @Test("Anthropic: wrong shapes name their path")
    func anthropicShapes() {
        #expect(shapeError { _ = try ProviderLists.anthropic(try! json(#"{"data":[],"has_more":true}"#)) }
                == "last_id: expected a string when has_more is true")
        #expect(shapeError { _ = try ProviderLists.anthropic(try! json(#"{"data":[],"has_more":"yes"}"#)) }
                == "has_more: expected a boolean, found a string")
        #expect(shapeError { _ = try ProviderLists.anthropic(try! json(#"{"data":[{"id":"claude-x","created_at":"2024-13-01T00:00:00Z"}]}"#)) }
                == "data[0].created_at: expected an RFC 3339 timestamp, found '2024-13-01T00:00:00Z'")
        #expect(shapeError { _ = try ProviderLists.anthropic(try! json(#"{"data":[{"id":"claude-x","retires_at":20251022}]}"#)) }
                == "data[0].retires_at: expected an RFC 3339 timestamp, found a number")
        #expect(shapeError { _ = try ProviderLists.anthropic(try! json(#"{"data":[{"id":"claude-x","display_name":["x"]}]}"#)) }
                == "data[0].display_name: expected a string, found an array")
    }

    @Test("Gemini models.list")
    func gemini() throws {
        let page = try ProviderLists.gemini(json(SyncFixtures.geminiModels))
        #expect(page.nextCursor == "abc")
        #expect(page.models.map(\.modelID) == ["gemini-2.0-flash-001", "gemini-2.5-pro", "gemini-2.5-flash-preview-05-20", "text-embedding-004"])
        #expect(page.models[0] == ProviderModel(provider: "google", modelID: "gemini-2.0-flash-001",
                                                parsed: ParsedModelID(family: "gemini-2.0-flash", version: "001", kind: .snapshot),
                                                released: nil, deprecated: nil, shutdown: nil, displayName: "Gemini 2.0 Flash 001"))
        #expect(page.models[1].parsed.kind == .undated)
        #expect(page.models[2].parsed == ParsedModelID(family: "gemini-2.5-flash-preview", version: "05-20", kind: .snapshot))
        // Google omits empty lists and the token on the last page.
        let empty = try ProviderLists.gemini(json("{}"))
        #expect(empty.models.isEmpty && empty.nextCursor == nil)
        #expect(try ProviderLists.gemini(json(#"{"models":[],"nextPageToken":""}"#)).nextCursor == nil)
        #expect(shapeError { _ = try ProviderLists.gemini(try! json(#"{"models":[{"displayName":"x"}]}"#)) }
                == "models[0].name: missing (expected a string)")
        #expect(shapeError { _ = try ProviderLists.gemini(try! json(#"{"models":[],"nextPageToken":7}"#)) }
                == "nextPageToken: expected a string, found a number")
    }

    @Test("Ollama /api/tags")
    func ollama() throws {
        let page = try ProviderLists.ollama(json(SyncFixtures.ollamaTags))
        #expect(page.nextCursor == nil)
        #expect(page.models[0] == ProviderModel(provider: "ollama", modelID: "llama3.1:8b",
                                                parsed: ParsedModelID(family: "llama3.1:8b", version: "46e0c10c039e", kind: .snapshot),
                                                released: day("2024-07-23"), deprecated: nil, shutdown: nil, displayName: nil))
        #expect(page.models[1].parsed == ParsedModelID(family: "mistral:latest", version: "f974a74358d6", kind: .snapshot))
        #expect(page.models[1].released == day("2024-07-23"))
        #expect(try ProviderLists.ollama(json(#"{"models":null}"#)).models.isEmpty)
        let modelOnly = try ProviderLists.ollama(json(#"{"models":[{"model":"qwen2:7b","digest":"0123456789abcdef"}]}"#))
        #expect(modelOnly.models[0].modelID == "qwen2:7b")
        #expect(shapeError { _ = try ProviderLists.ollama(try! json(#"{"models":[{"name":"x"}]}"#)) }
                == "models[0].digest: missing (expected a string)")
        #expect(shapeError { _ = try ProviderLists.ollama(try! json(#"{"models":[{"digest":"abc"}]}"#)) }
                == "models[0].model: missing (expected a string)")
        #expect(shapeError { _ = try ProviderLists.ollama(try! json(#"{}"#)) } == "models: missing (expected an array)")
    }

    @Test("RFC 3339 timestamps to UTC days", arguments: [
        ("2024-10-22T00:00:00Z", "2024-10-22"),
        ("2024-10-22T00:00:00.5Z", "2024-10-22"),
        ("2024-07-23T15:10:07.123456789-07:00", "2024-07-23"),
        ("2024-07-23T23:30:00-02:00", "2024-07-24"),
        ("2024-07-23T01:00:00+05:30", "2024-07-22"),
        ("2024-12-31T23:59:60Z", "2024-12-31"),
        ("2024-12-31t20:00:00-05:00", "2025-01-01"),
        ("2024-03-01 00:30:00+01:00", "2024-02-29"),
        ("2024-10-22T00:00:00z", "2024-10-22"),
    ])
    func timestamps(text: String, expected: String) {
        #expect(Timestamps.utcDay(rfc3339: text) == day(expected))
    }

    @Test("malformed timestamps are nil", arguments: [
        "", "2024-10-22", "2024-10-22T00:00:00", "2024-10-22T24:00:00Z", "2024-10-22T00:60:00Z", "2024-10-22T00:00:61Z",
        "2024-10-22T00:00:00.Z", "2024-10-22T00:00:00+0700", "2024-10-22T00:00:00+07", "2024-10-22X00:00:00Z",
        "2024-02-30T00:00:00Z", "2024-10-22T00:00:00Z ", "2024-10-22T0:00:00Z", "2024-10-22T00:00:00+24:00",
    ])
    func badTimestamps(text: String) {
        #expect(Timestamps.utcDay(rfc3339: text) == nil)
    }
}
