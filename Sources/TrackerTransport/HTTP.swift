import CurlShim

/// One HTTP(S) request. Redirects are never followed.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Total time allowed for one attempt (connect, send, receive);
    /// `HTTPClient.exchange` sets it from its `RetryPolicy`.
    public var timeoutSeconds: Double
    /// Time allowed to connect (incl. TLS); nil = min(timeoutSeconds, 10).
    public var connectTimeoutSeconds: Double?
    /// Body bytes read at most; what a longer body does is `longBody`.
    public var maxResponseBytes: Int
    /// What a body longer than `maxResponseBytes` does.
    public var longBody: LongBody
    /// PEM file of CA certificates to trust instead of the system bundle.
    public var caFile: String?

    public static let defaultMaxResponseBytes = 16 * 1024 * 1024

    /// What to do with a body longer than `maxResponseBytes`.
    public enum LongBody: Sendable {
        /// Fail with `.protocolError` (`HTTPProblem.tooLarge`): for callers
        /// that need the whole body, such as a model list.
        case refuse
        /// Keep its first `maxResponseBytes`, stop reading, and answer with
        /// the status: for callers to whom the status is the answer, such as
        /// a delivery (a 2xx is accepted whatever follows it).
        case keepPrefix
    }

    public init(
        method: String = "GET",
        url: String,
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        timeoutSeconds: Double = 30,
        connectTimeoutSeconds: Double? = nil,
        maxResponseBytes: Int = HTTPRequest.defaultMaxResponseBytes,
        longBody: LongBody = .refuse,
        caFile: String? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutSeconds = timeoutSeconds
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.maxResponseBytes = maxResponseBytes
        self.longBody = longBody
        self.caFile = caFile
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header fields of the final response, in order, as received.
    public var headers: [(name: String, value: String)]
    /// The body, or its first `maxResponseBytes` when `bodyTruncated`.
    public var body: [UInt8]
    /// True when the body went on past `maxResponseBytes` (`.keepPrefix`).
    public var bodyTruncated: Bool

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = [], bodyTruncated: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.bodyTruncated = bodyTruncated
    }

    /// The first header with this name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = asciiLowercased(name)
        return headers.first(where: { asciiLowercased($0.name) == wanted })?.value
    }

    /// The body decoded as UTF-8 (invalid bytes become U+FFFD).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// Retry-After in seconds when it is given as a number of seconds that
    /// fits in an Int (nil otherwise; `retryAfter(now:)` also reads dates).
    public var retryAfterSeconds: Int? {
        guard let value = header("Retry-After") else { return nil }
        let trimmed = value.trimmingASCIISpaces()
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(trimmed)
    }
}

/// The one HTTP client: `exchange` (in HTTPExchange.swift) runs a request
/// with retries under a `RetryPolicy`; `send` is one attempt of it.
public enum HTTPClient {
    /// One attempt, synchronously on the calling thread. Any status code is
    /// a response; only transport failures throw, with libcurl's text passed
    /// through `redactor.scrub` (default: the URL's secret parts). Safe to call
    /// from several threads at once (one libcurl handle per call).
    static func send(_ request: HTTPRequest, redactor: Redactor? = nil) throws(TransportError) -> HTTPResponse {
        let origin = redactedOrigin(request.url, schemes: ["http", "https"])
        let method = request.method.isEmpty ? "GET" : request.method
        let prefix = "\(method) \(origin)"
        let redactor = redactor ?? Redactor(url: request.url)

        guard let parts = URLParts(request.url), parts.scheme == "http" || parts.scheme == "https", parts.hasPlausibleHost else {
            throw TransportError(kind: .other, message: "\(prefix): not a valid http:// or https:// URL")
        }
        guard isSingleLine(request.url), !request.url.contains(" ") else {
            throw TransportError(kind: .other, message: "\(prefix): the URL contains spaces or control characters")
        }
        guard method.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }) else {
            throw TransportError(kind: .other, message: "\(prefix): invalid HTTP method")
        }
        for header in request.headers {
            guard !header.name.isEmpty, isSingleLine(header.name), isSingleLine(header.value),
                  !header.name.contains(":"), !header.name.contains(" ")
            else {
                throw TransportError(
                    kind: .other,
                    message: "\(prefix): invalid header name or value for \(redactor.scrub(String(header.name.prefix(64)), limit: 64))")
            }
        }

        let arena = CStringArena()
        let headerLines: [UnsafePointer<CChar>?] = request.headers.map { h in
            // "Name:" alone would remove a header in libcurl; "Name;" sends it empty.
            arena.copy(h.value.isEmpty ? "\(h.name);" : "\(h.name): \(h.value)")
        }
        let connectSeconds = request.connectTimeoutSeconds
            ?? (request.timeoutSeconds > 0 ? min(request.timeoutSeconds, 10) : 10)

        var result = cshim_result()
        withExtendedLifetime(arena) {
            headerLines.withUnsafeBufferPointer { headerBuffer in
                request.body.withUnsafeBufferPointer { bodyBuffer in
                    var c = cshim_http_request()
                    c.method = arena.copy(method)
                    c.url = arena.copy(request.url)
                    c.headers = headerBuffer.baseAddress
                    c.header_count = headerBuffer.count
                    c.body = bodyBuffer.baseAddress
                    c.body_len = bodyBuffer.count
                    c.timeout_ms = milliseconds(request.timeoutSeconds)
                    c.connect_timeout_ms = milliseconds(connectSeconds)
                    c.max_body = request.maxResponseBytes > 0 ? request.maxResponseBytes : HTTPRequest.defaultMaxResponseBytes
                    c.keep_prefix = request.longBody == .keepPrefix ? 1 : 0
                    c.ca_file = arena.copyOptional(request.caFile)
                    cshim_http_perform(&c, &result)
                }
            }
        }
        let outcome = ShimOutcome(&result)

        guard outcome.kind == CSHIM_OK else {
            let detail = outcome.errorText.map { redactor.scrub($0) }
            let summary: String
            switch outcome.kind {
            case CSHIM_UNAVAILABLE:
                throw TransportError(kind: .unavailable, message: detail ?? "libcurl is not installed (Debian: apt install libcurl4)")
            case CSHIM_TOO_LARGE:
                let limit = request.maxResponseBytes > 0 ? request.maxResponseBytes : HTTPRequest.defaultMaxResponseBytes
                var error = TransportError(kind: .protocolError, message: "\(prefix): response body larger than \(limit) bytes; aborted")
                error.responseTooLarge = limit
                throw error
            case CSHIM_TIMEOUT: summary = "timed out (limit \(formatSeconds(request.timeoutSeconds)) s, connect \(formatSeconds(connectSeconds)) s)"
            case CSHIM_CONNECT: summary = "could not connect"
            case CSHIM_TLS: summary = "TLS failed"
            case CSHIM_PROTOCOL: summary = "bad response"
            default: summary = "request failed"
            }
            throw TransportError(
                kind: outcome.transportKind,
                message: detail.map { "\(prefix): \(summary): \($0)" } ?? "\(prefix): \(summary)")
        }
        return HTTPResponse(
            status: outcome.responseCode,
            headers: parseHeaderBlock(outcome.headers),
            body: outcome.body,
            bodyTruncated: outcome.bodyTruncated)
    }
}

/// Parses raw header bytes as delivered by libcurl (possibly several blocks:
/// "100 Continue", proxy CONNECT, the final response) and returns the fields
/// of the last block.
func parseHeaderBlock(_ raw: [UInt8]) -> [(name: String, value: String)] {
    var fields: [(name: String, value: String)] = []
    for lineSlice in raw.split(separator: 0x0A, omittingEmptySubsequences: false) {
        var line = Array(lineSlice)
        if line.last == 0x0D { line.removeLast() }
        if line.isEmpty { continue }
        let text = String(decoding: line, as: UTF8.self)
        if text.hasPrefix("HTTP/") {
            fields.removeAll()  // a new response block starts
            continue
        }
        if line[0] == 0x20 || line[0] == 0x09 {
            // Obsolete line folding: continues the previous value.
            if let last = fields.popLast() {
                fields.append((last.name, last.value + " " + text.trimmingASCIISpaces()))
            }
            continue
        }
        guard let colon = text.firstIndex(of: ":") else { continue }
        let name = String(text[text.startIndex..<colon]).trimmingASCIISpaces()
        let value = String(text[text.index(after: colon)...]).trimmingASCIISpaces()
        if !name.isEmpty { fields.append((name, value)) }
    }
    return fields
}

func asciiLowercased(_ s: String) -> String {
    String(decoding: s.utf8.map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 + 0x20 : $0 }, as: UTF8.self)
}

func formatSeconds(_ s: Double) -> String {
    if s == s.rounded() && abs(s) < 1e9 { return String(Int(s)) }
    return String(s)
}

extension String {
    func trimmingASCIISpaces() -> String {
        let bytes = Array(utf8)
        var start = 0
        var end = bytes.count
        while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
        while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
