import CurlShim
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns C copies of Swift strings for the duration of one libcurl call.
final class CStringArena {
    private var pointers: [UnsafeMutablePointer<CChar>] = []

    init() {}

    func copy(_ s: String) -> UnsafePointer<CChar> {
        guard let p = strdup(s) else { fatalError("out of memory") }
        pointers.append(p)
        return UnsafePointer(p)
    }

    func copyOptional(_ s: String?) -> UnsafePointer<CChar>? {
        s.map { copy($0) }
    }

    deinit {
        for p in pointers { free(p) }
    }
}

/// True when the text can go into a protocol line (header, SMTP command)
/// without smuggling in another one.
func isSingleLine(_ s: String) -> Bool {
    !s.utf8.contains(where: { $0 == 0 || $0 == 0x0A || $0 == 0x0D })
}

/// Milliseconds for libcurl; 0 means "no limit".
func milliseconds(_ seconds: Double) -> Int {
    guard seconds.isFinite, seconds > 0 else { return 0 }
    let ms = (seconds * 1000).rounded(.up)
    return ms >= Double(Int32.max) ? Int(Int32.max) : max(1, Int(ms))
}

/// What the C side reported, copied out of its buffers.
struct ShimOutcome {
    var kind: Int32
    var curlCode: Int32
    var responseCode: Int
    var errorText: String?
    var serverText: String?
    var body: [UInt8]
    var bodyTruncated: Bool
    var headers: [UInt8]

    init(_ r: inout cshim_result) {
        kind = r.kind
        curlCode = r.curl_code
        responseCode = Int(r.response_code)
        errorText = r.error_text.map { String(cString: $0) }
        serverText = r.server_text.map { String(cString: $0) }
        if let p = r.body, r.body_len > 0 {
            body = Array(UnsafeBufferPointer(start: p, count: r.body_len))
        } else {
            body = []
        }
        bodyTruncated = r.body_truncated != 0
        if let p = r.headers, r.headers_len > 0 {
            headers = Array(UnsafeBufferPointer(start: p, count: r.headers_len))
        } else {
            headers = []
        }
        cshim_result_free(&r)
    }

    var transportKind: TransportError.Kind {
        switch kind {
        case CSHIM_UNAVAILABLE: return .unavailable
        case CSHIM_TIMEOUT: return .timeout
        case CSHIM_CONNECT: return .connect
        case CSHIM_TLS: return .tls
        case CSHIM_AUTH: return .auth
        case CSHIM_REJECTED: return .rejected
        case CSHIM_PROTOCOL, CSHIM_TOO_LARGE: return .protocolError
        default: return .other
        }
    }
}

/// Loads libcurl now (it is otherwise loaded on the first request).
/// Throws `.unavailable` with an installation hint when it is missing.
public func loadTransport() throws(TransportError) {
    var message: UnsafePointer<CChar>?
    if cshim_load(&message) != 0 {
        throw TransportError(
            kind: .unavailable,
            message: message.map { String(cString: $0) } ?? "libcurl is not installed (Debian: apt install libcurl4)")
    }
}
