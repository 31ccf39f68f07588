import Foundation
import Testing
import TrackerTestKit
@testable import TrackerTransport

@Suite("HTTPClient against http_server.py")
struct HTTPClientTests {
    @Test func libcurlLoads() throws {
        try loadTransport()
    }

    @Test func post200WithBodyAndCustomHeaders() throws {
        let dir = try TempDir("http")
        defer { dir.remove() }
        let log = dir.path("requests.jsonl")
        let server = try TestServer("http_server.py", ["--log", log])
        defer { server.stop() }
        try queueResponses(port: server.port, #"[{"status":200,"headers":{"X-Reply":"yes"},"body":"{\"ok\":true}"}]"#)

        let body = #"{"text":"hello, world"}"#
        let response = try HTTPClient.send(HTTPRequest(
            method: "POST",
            url: "http://127.0.0.1:\(server.port)/hooks/abc?x=1",
            headers: [("Content-Type", "application/json"), ("X-Tracker-Signature", "sha256=deadbeef")],
            body: body.bytes,
            timeoutSeconds: 5))
        #expect(response.status == 200)
        #expect(response.bodyText == #"{"ok":true}"#)
        #expect(response.header("x-reply") == "yes")
        #expect(response.header("CONTENT-LENGTH") == "11")

        let requests = try readRequestLog(log)
        try #require(requests.count == 1)
        let recorded = requests[0]
        #expect(recorded["method"] as? String == "POST")
        #expect(recorded["path"] as? String == "/hooks/abc?x=1")
        #expect(recorded["body"] as? String == body)
        let headers = recorded["headers"] as? [String: String] ?? [:]
        #expect(headers["Content-Type"] == "application/json")
        #expect(headers["X-Tracker-Signature"] == "sha256=deadbeef")
        #expect(headers["Content-Length"] == String(body.utf8.count))
        #expect(headers["Expect"] == nil)
    }

    @Test func rateLimited429WithRetryAfter() throws {
        let server = try TestServer("http_server.py")
        defer { server.stop() }
        try queueResponses(port: server.port, #"[{"status":429,"headers":{"Retry-After":"2"},"body":"rate_limited"},{"status":200,"body":"ok"}]"#)
        let url = "http://127.0.0.1:\(server.port)/post"
        let first = try HTTPClient.send(HTTPRequest(method: "POST", url: url, body: "x".bytes, timeoutSeconds: 5))
        #expect(first.status == 429)
        #expect(first.header("retry-after") == "2")
        #expect(first.retryAfterSeconds == 2)
        #expect(first.bodyText == "rate_limited")
        let second = try HTTPClient.send(HTTPRequest(method: "POST", url: url, body: "x".bytes, timeoutSeconds: 5))
        #expect(second.status == 200)
        #expect(second.bodyText == "ok")
        #expect(second.retryAfterSeconds == nil)
    }

    @Test func serverError500IsAResponseNotAnError() throws {
        let server = try TestServer("http_server.py", ["--default-status", "500", "--default-body", "boom"])
        defer { server.stop() }
        let response = try HTTPClient.send(HTTPRequest(url: "http://127.0.0.1:\(server.port)/", timeoutSeconds: 5))
        #expect(response.status == 500)
        #expect(response.bodyText == "boom")
    }

    @Test func slowResponseTimesOut() throws {
        let server = try TestServer("http_server.py")
        defer { server.stop() }
        try queueResponses(port: server.port, #"[{"status":200,"body":"late","delay":3}]"#)
        let start = Date()
        do {
            let response = try HTTPClient.send(HTTPRequest(
                method: "POST", url: "http://127.0.0.1:\(server.port)/slow", body: "x".bytes, timeoutSeconds: 1))
            Issue.record("expected a timeout, got status \(response.status)")
        } catch {
            #expect(error.kind == .timeout)
            #expect(error.message.contains("timed out"))
        }
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed >= 0.9)
        #expect(elapsed < 2.5, "timeout took \(elapsed) s")
    }

    @Test func connectionRefused() throws {
        let port = try closedPort()
        do {
            _ = try HTTPClient.send(HTTPRequest(url: "http://127.0.0.1:\(port)/", timeoutSeconds: 5))
            Issue.record("expected a connect error")
        } catch {
            #expect(error.kind == .connect)
            #expect(error.message.hasPrefix("GET http://127.0.0.1:\(port): could not connect"))
        }
    }

    @Test func methodsGetPostPutDelete() throws {
        let dir = try TempDir("methods")
        defer { dir.remove() }
        let log = dir.path("requests.jsonl")
        let server = try TestServer("http_server.py", ["--log", log])
        defer { server.stop() }
        let base = "http://127.0.0.1:\(server.port)"

        let get = try HTTPClient.send(HTTPRequest(method: "GET", url: "\(base)/v1/models?limit=2", headers: [("Authorization", "Bearer k")]))
        #expect(get.status == 200 && get.bodyText == "ok")
        _ = try HTTPClient.send(HTTPRequest(method: "POST", url: "\(base)/p", body: "payload".bytes))
        _ = try HTTPClient.send(HTTPRequest(method: "POST", url: "\(base)/empty"))
        _ = try HTTPClient.send(HTTPRequest(method: "PUT", url: "\(base)/u", body: "put-body".bytes))
        _ = try HTTPClient.send(HTTPRequest(method: "DELETE", url: "\(base)/d"))

        let requests = try readRequestLog(log)
        try #require(requests.count == 5)
        let summary = requests.map { "\($0["method"] as? String ?? "?") \($0["path"] as? String ?? "?") [\($0["body"] as? String ?? "?")]" }
        #expect(summary == [
            "GET /v1/models?limit=2 []",
            "POST /p [payload]",
            "POST /empty []",
            "PUT /u [put-body]",
            "DELETE /d []",
        ])
        let getHeaders = requests[0]["headers"] as? [String: String] ?? [:]
        #expect(getHeaders["Authorization"] == "Bearer k")
        #expect(getHeaders["Content-Length"] == nil)
        let emptyPostHeaders = requests[2]["headers"] as? [String: String] ?? [:]
        #expect(emptyPostHeaders["Content-Length"] == "0")
    }

    @Test func oversizedBodyIsRefused() throws {
        let server = try TestServer("http_server.py", ["--default-body", String(repeating: "x", count: 5000)])
        defer { server.stop() }
        do {
            _ = try HTTPClient.send(HTTPRequest(url: "http://127.0.0.1:\(server.port)/big", maxResponseBytes: 1000))
            Issue.record("expected the body cap to abort")
        } catch {
            #expect(error.kind == .protocolError)
            #expect(error.message.contains("larger than 1000 bytes"))
        }
        // Under the cap it is fine.
        let ok = try HTTPClient.send(HTTPRequest(url: "http://127.0.0.1:\(server.port)/big", maxResponseBytes: 5000))
        #expect(ok.body.count == 5000 && !ok.bodyTruncated)
        // Asked for a prefix, the same answer is its first 1000 bytes.
        let prefix = try HTTPClient.send(HTTPRequest(url: "http://127.0.0.1:\(server.port)/big", maxResponseBytes: 1000,
                                                     longBody: .keepPrefix))
        #expect(prefix.status == 200 && prefix.bodyTruncated && prefix.body == Array(repeating: UInt8(ascii: "x"), count: 1000))
    }

    @Test func redirectsAreNotFollowed() throws {
        let server = try TestServer("http_server.py")
        defer { server.stop() }
        try queueResponses(port: server.port, #"[{"status":302,"headers":{"Location":"/elsewhere"},"body":""}]"#)
        let response = try HTTPClient.send(HTTPRequest(url: "http://127.0.0.1:\(server.port)/start"))
        #expect(response.status == 302)
        #expect(response.header("location") == "/elsewhere")
    }

    @Test func badInputIsRefusedBeforeTheNetwork() {
        #expect(throws: TransportError.self) {
            try HTTPClient.send(HTTPRequest(url: "ftp://example.com/file"))
        }
        #expect(throws: TransportError.self) {
            try HTTPClient.send(HTTPRequest(url: "http://127.0.0.1:9/", headers: [("X-Evil", "a\r\nInjected: 1")]))
        }
    }

    @Test func concurrentRequestsFromManyThreads() throws {
        let server = try TestServer("http_server.py")
        defer { server.stop() }
        let url = "http://127.0.0.1:\(server.port)/concurrent"
        let lock = NSLock()
        nonisolated(unsafe) var statuses: [Int] = []
        DispatchQueue.concurrentPerform(iterations: 12) { i in
            let status = (try? HTTPClient.send(HTTPRequest(method: "POST", url: url, body: Array("n=\(i)".utf8), timeoutSeconds: 10)))?.status ?? -1
            lock.lock()
            statuses.append(status)
            lock.unlock()
        }
        #expect(statuses.count == 12)
        #expect(statuses.allSatisfy { $0 == 200 })
    }

    @Test func headerBlockParsing() {
        let raw = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 429 Too Many Requests\r\nRetry-After:  7 \r\nX-Folded: a\r\n  b\r\nSet-Cookie: 1\r\nSet-Cookie: 2\r\n\r\n"
        let fields = parseHeaderBlock(Array(raw.utf8))
        #expect(fields.map(\.name) == ["Retry-After", "X-Folded", "Set-Cookie", "Set-Cookie"])
        let response = HTTPResponse(status: 429, headers: fields)
        #expect(response.header("retry-after") == "7")
        #expect(response.retryAfterSeconds == 7)
        #expect(response.header("x-folded") == "a b")
        #expect(response.header("set-cookie") == "1")
    }
}
