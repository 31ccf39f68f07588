/// The parts of a URL that matter for redaction. A deliberately small
/// parser: `scheme://[userinfo@]host[:port][/path][?query][#fragment]`.
struct URLParts: Sendable {
    var scheme: String
    var userinfo: String?
    var hostPort: String
    var rest: String  // path, query and fragment, verbatim ("" if none)

    init?(_ url: String) {
        guard let sep = url.firstRange(of: "://") else { return nil }
        let scheme = String(url[url.startIndex..<sep.lowerBound])
        guard !scheme.isEmpty,
              scheme.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0 == "+" || $0 == "-" || $0 == "." || ("0"..."9").contains($0) })
        else { return nil }
        let afterScheme = url[sep.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? afterScheme.endIndex
        var authority = afterScheme[afterScheme.startIndex..<authorityEnd]
        var userinfo: String?
        if let at = authority.lastIndex(of: "@") {
            userinfo = String(authority[authority.startIndex..<at])
            authority = authority[authority.index(after: at)...]
        }
        guard !authority.isEmpty else { return nil }
        self.scheme = scheme.lowercased()
        self.userinfo = userinfo
        self.hostPort = String(authority)
        self.rest = String(afterScheme[authorityEnd...])
    }

    /// `scheme://host[:port]`, the only form of a URL that error messages show.
    var origin: String { "\(scheme)://\(hostPort)" }

    /// True when host[:port] looks like a host name, IPv4 or [IPv6] address
    /// with an optional port: only then is it shown in messages.
    var hasPlausibleHost: Bool {
        hostPort.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || c == UInt8(ascii: ".") || c == UInt8(ascii: "-") || c == UInt8(ascii: "_")
                || c == UInt8(ascii: ":") || c == UInt8(ascii: "[") || c == UInt8(ascii: "]")
        }
    }
}

/// `scheme://host[:port]` of a URL, or `<invalid URL>` when it cannot be
/// parsed, its scheme is not one of `schemes`, or its host part looks
/// malformed (a malformed URL may hold its secret anywhere).
func redactedOrigin(_ url: String, schemes: Set<String>? = nil) -> String {
    guard let parts = URLParts(url), parts.hasPlausibleHost,
          schemes.map({ $0.contains(parts.scheme) }) ?? true
    else { return "<invalid URL>" }
    return parts.origin
}

/// Scrubs secrets from every text that came from the other side (HTTP
/// bodies, SMTP replies, libcurl's error texts) before anyone sees or
/// stores it: `scrub(_:)` is the one function every such text goes through.
///
/// A secret is hidden in each encoding a receiver may quote it in: as is,
/// percent-decoded, percent-encoded (upper- and lower-case hex, and any mix,
/// through a decoding pass), base64 (standard and URL-safe, with or without
/// padding), with JSON-escaped slashes, and for SMTP credentials the base64
/// AUTH PLAIN strings (`\0user\0password`, `user\0user\0password`).
///
/// What counts as a secret: the whole URL (shown as `scheme://host[:port]`),
/// its credentials, its path and query with every tail, and each path
/// segment, query key or value that could be a secret on its own (at least
/// `minimumPieceLength` characters and not a plain word such as `services`);
/// the password; and every value passed in `secrets` (a signing secret, an
/// API key, a webhook URL), whatever its length.
public struct Redactor: Sendable {
    /// What a secret becomes.
    public static let mask = "<redacted>"
    /// Characters of a received text kept once it is scrubbed.
    public static let receivedTextLimit = 200
    /// Bytes of a received text searched for secrets; the rest is dropped.
    static let window = 64 * 1024
    /// A URL path segment or query value shorter than this is not hidden
    /// on its own (it is still hidden as part of the path).
    public static let minimumPieceLength = 6
    /// Needles shorter than this (a short password, its base64) are only
    /// hidden where they stand alone, not inside longer words, so that a
    /// password like `abc` does not eat every message.
    static let shortNeedle = 8

    private struct Needle: Sendable {
        var bytes: [UInt8]
        var replacement: [UInt8]
        var standsAlone: Bool
    }

    /// Needles by first byte, longest first.
    private var needles: [UInt8: [Needle]] = [:]
    private var longestNeedle = 0

    /// `url` is the request's URL; `username`/`password` the credentials
    /// sent with it (SMTP AUTH); `secrets` further values to hide wherever
    /// they appear (empty ones are ignored).
    public init(url: String, username: String? = nil, password: String? = nil, secrets extra: [String] = []) {
        var explicit: [String] = []   // hidden whatever their length
        var pieces: [String] = []     // hidden when they look like a secret
        let parts = URLParts(url)
        if let parts {
            let afterScheme = url.firstRange(of: "://").map { String(url[$0.upperBound...]) }
            let rest = parts.rest
            let meaningfulRest = rest != "" && rest != "/"
            if let afterScheme, meaningfulRest || parts.userinfo != nil {
                explicit.append(afterScheme)  // host + path, without the scheme
            }
            if !parts.hasPlausibleHost {
                // A malformed host part may itself be (part of) the secret.
                explicit.append(parts.hostPort)
                for piece in parts.hostPort.split(whereSeparator: { $0 == " " || $0 == "\t" }) where piece.utf8.count >= 4 {
                    explicit.append(String(piece))
                }
            }
            if let userinfo = parts.userinfo {
                explicit.append(userinfo)
                let decoded = percentDecoded(userinfo)
                let fields = decoded.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                explicit += fields.filter { !$0.isEmpty }
                if fields.count == 2 {
                    explicit += authForms(username: fields[0], password: fields[1])
                }
            }
            if meaningfulRest {
                explicit.append(rest)
                // The path alone, then the query alone: a receiver may quote either.
                let path = String(rest.prefix(while: { $0 != "?" && $0 != "#" }))
                if path != "" && path != "/" && path != rest { explicit.append(path) }
                for form in Set([rest, percentDecoded(rest), path, percentDecoded(path)]) where !form.isEmpty {
                    pieces += urlPieces(form)
                }
            }
        } else if !url.isEmpty {
            explicit.append(url)
        }
        if let password, !password.isEmpty {
            explicit.append(password)
            if let username, !username.isEmpty {
                explicit += authForms(username: username, password: password)
            }
        }
        explicit += extra

        // The full URL reads as its origin; everything else as the mask.
        if !url.isEmpty { add(url, replacement: redactedOrigin(url)) }
        var seen: Set<[UInt8]> = []
        for secret in explicit + pieces.filter(isSecretLike) where !secret.isEmpty {
            for form in encodings(of: secret) where seen.insert(Array(form.utf8)).inserted {
                add(form, replacement: Redactor.mask)
            }
        }
        for key in needles.keys { needles[key]!.sort { $0.bytes.count > $1.bytes.count } }
    }

    private mutating func add(_ needle: String, replacement: String) {
        let bytes = Array(needle.utf8)
        guard let first = bytes.first else { return }
        // A one- to three-byte needle of punctuation alone would match
        // everywhere; from four bytes on it is hidden where it stands alone.
        guard bytes.count >= 4 || bytes.contains(where: isWordByte) else { return }
        needles[first, default: []].append(Needle(bytes: bytes, replacement: Array(replacement.utf8),
                                                  standsAlone: bytes.count < Redactor.shortNeedle))
        longestNeedle = max(longestNeedle, bytes.count)
    }

    /// The one scrubbing function: the text with every secret hidden (see
    /// the type's summary), on one line (control, line-separator and
    /// bidirectional-control characters become spaces, runs of spaces one),
    /// cut to `limit` characters (the last one `…` when cut). Secrets are
    /// hidden before the text is cut, so a secret across the cut cannot leak
    /// half of itself.
    public func scrub(_ text: String, limit: Int = Redactor.receivedTextLimit) -> String {
        oneLine(redact(searchWindow(text)), limit: limit)
    }

    /// At most `window` bytes from the start of `text`, and never the start
    /// of a secret that the cut would leave half inside the window.
    func searchWindow(_ text: String) -> String {
        guard text.utf8.count > Redactor.window else { return text }
        let bytes = Array(text.utf8.prefix(Redactor.window))
        var end = bytes.count
        let from = max(0, bytes.count - longestNeedle)
        for i in from..<bytes.count where i < end {
            guard let candidates = needles[bytes[i]] else { continue }
            for needle in candidates where needle.bytes.count > bytes.count - i {
                if needle.bytes.starts(with: bytes[i...]) {
                    end = i
                    break
                }
            }
        }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    /// Every secret in `text` replaced (no cut, no line folding). A secret
    /// that appears percent-encoded in a way no needle spells out (mixed-case
    /// hex, every byte encoded, encoded twice) is found by decoding the text;
    /// then the decoded, redacted text is kept.
    func redact(_ text: String) -> String {
        var result = replace(text)
        var probe = result
        for _ in 0..<3 {
            let decoded = percentDecoded(probe)
            if decoded == probe { break }
            let replaced = replace(decoded)
            if replaced != decoded { result = replaced }
            probe = replaced
        }
        return result
    }

    /// One left-to-right pass: at each position the longest needle that
    /// matches is replaced, and the scan goes on after it (so a replacement
    /// is never searched again).
    private func replace(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard !needles.isEmpty else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        var changed = false
        scan: while i < bytes.count {
            if let candidates = needles[bytes[i]] {
                for needle in candidates where needle.bytes.count <= bytes.count - i {
                    guard bytes[i..<(i + needle.bytes.count)].elementsEqual(needle.bytes) else { continue }
                    if needle.standsAlone {
                        let end = i + needle.bytes.count
                        if i > 0, isWordByte(bytes[i - 1]), isWordByte(needle.bytes[0]) { continue }
                        if end < bytes.count, isWordByte(bytes[end]), isWordByte(needle.bytes[needle.bytes.count - 1]) { continue }
                    }
                    out.append(contentsOf: needle.replacement)
                    i += needle.bytes.count
                    changed = true
                    continue scan
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return changed ? String(decoding: out, as: UTF8.self) : text
    }
}

/// The strings a client sends for SMTP AUTH PLAIN (RFC 4616: authzid NUL
/// authcid NUL passwd, with and without an authzid) and HTTP Basic
/// (`user:password`); `encodings(of:)` adds their base64.
private func authForms(username: String, password: String) -> [String] {
    ["\0\(username)\0\(password)", "\(username)\0\(username)\0\(password)", "\(username):\(password)"]
}

/// Path segments, query keys and values, and every tail of the path from
/// a separator on (with and without that separator): what a receiver may
/// quote of a URL's path.
private func urlPieces(_ rest: String) -> [String] {
    let separators: Set<UInt8> = [UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "&"), UInt8(ascii: "="),
                                  UInt8(ascii: "#"), UInt8(ascii: ";")]
    let bytes = Array(rest.utf8)
    var out: [String] = []
    var pieceStart = 0
    for i in 0...bytes.count {
        guard i == bytes.count || separators.contains(bytes[i]) else { continue }
        out.append(String(decoding: bytes[pieceStart..<i], as: UTF8.self))
        if i < bytes.count {
            out.append(String(decoding: bytes[i...], as: UTF8.self))
            if i + 1 < bytes.count { out.append(String(decoding: bytes[(i + 1)...], as: UTF8.self)) }
        }
        pieceStart = i + 1
    }
    return out
}

/// True for a piece of a URL worth hiding on its own: long enough, and not
/// a plain lower-case word (`services`, `hooks`, `incoming-webhook`) that
/// names a route rather than a secret. A run of lower-case letters as long
/// as 20 characters is a secret all the same.
func isSecretLike(_ piece: String) -> Bool {
    let trimmed = piece.utf8.drop(while: { "/?&=#;".utf8.contains($0) })
    guard trimmed.count >= Redactor.minimumPieceLength else { return false }
    let wordLike = trimmed.count < 20 && trimmed.allSatisfy { c in
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || c == UInt8(ascii: "-") || c == UInt8(ascii: "_")
            || c == UInt8(ascii: ".")
    }
    return !wordLike
}

/// A secret as it was given and as a receiver may quote it: percent-decoded,
/// percent-encoded with upper- and lower-case hex, base64 (standard with
/// and without its padding, and URL-safe), and with JSON's escaped slashes.
func encodings(of secret: String) -> [String] {
    var out: [String] = []
    for form in [secret, percentDecoded(secret)] {
        out.append(form)
        out.append(percentEncoded(form, upperHex: true))
        out.append(percentEncoded(form, upperHex: false))
        let base64 = base64Encoded(Array(form.utf8))
        out.append(base64 + String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4))
        out.append(base64)
        out.append(String(base64.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 }))
        out.append(String(form.flatMap { $0 == "/" ? ["\\", "/"] : [$0] }))
    }
    var seen: Set<String> = []
    return out.filter { !$0.isEmpty && seen.insert($0).inserted }
}

private func isWordByte(_ c: UInt8) -> Bool {
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
}

/// Every byte but the unreserved ones (RFC 3986: `A-Z a-z 0-9 - . _ ~`)
/// as `%XX`.
func percentEncoded(_ s: String, upperHex: Bool) -> String {
    let digits = Array((upperHex ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
    var out: [UInt8] = []
    for c in s.utf8 {
        if isWordByte(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "~") {
            out.append(c)
        } else {
            out += [UInt8(ascii: "%"), digits[Int(c >> 4)], digits[Int(c & 0x0F)]]
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// Standard base64 without its `=` padding.
func base64Encoded(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var out: [UInt8] = []
    var i = 0
    while i < bytes.count {
        let n = min(3, bytes.count - i)
        let b0 = UInt32(bytes[i])
        let b1 = n > 1 ? UInt32(bytes[i + 1]) : 0
        let b2 = n > 2 ? UInt32(bytes[i + 2]) : 0
        let v = b0 << 16 | b1 << 8 | b2
        out.append(alphabet[Int(v >> 18 & 63)])
        out.append(alphabet[Int(v >> 12 & 63)])
        if n > 1 { out.append(alphabet[Int(v >> 6 & 63)]) }
        if n > 2 { out.append(alphabet[Int(v & 63)]) }
        i += 3
    }
    return String(decoding: out, as: UTF8.self)
}

/// Text on one line, cut to `limit` characters (Unicode scalars): control
/// characters (C0, DEL, C1), line and paragraph separators, bidirectional
/// controls and the byte-order mark become spaces; runs of spaces one;
/// no space at either end. When cut, the last character kept is `…`.
func oneLine(_ text: String, limit: Int) -> String {
    guard limit > 0 else { return "" }
    var kept: [Unicode.Scalar] = []
    var pendingSpace = false
    var cut = false
    for scalar in text.unicodeScalars {
        let v = scalar.value
        if v <= 0x20 || v == 0x7F || (0x80..<0xA0).contains(v) || v == 0x2028 || v == 0x2029
            || v == 0x200E || v == 0x200F || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0xFEFF {
            pendingSpace = !kept.isEmpty
            continue
        }
        if kept.count + (pendingSpace ? 2 : 1) > limit {
            cut = true
            break
        }
        if pendingSpace {
            kept.append(" ")
            pendingSpace = false
        }
        kept.append(scalar)
    }
    if cut {
        while kept.count >= limit { kept.removeLast() }
        while kept.last == " " { kept.removeLast() }
        kept.append("…")
    }
    var out = String.UnicodeScalarView()
    out.append(contentsOf: kept)
    return String(out)
}

/// The values of headers that carry credentials (Authorization, API keys,
/// tokens, cookies, signatures), and the credential alone after an
/// authentication scheme (`Bearer KEY` -> `KEY`): what a server may echo.
func credentialHeaderValues(_ headers: [(name: String, value: String)]) -> [String] {
    let markers = ["auth", "key", "token", "secret", "cookie", "signature", "password", "credential"]
    var out: [String] = []
    for header in headers {
        let name = asciiLowercased(header.name)
        guard markers.contains(where: { name.contains($0) }) else { continue }
        let value = header.value.trimmingASCIISpaces()
        guard !value.isEmpty else { continue }
        out.append(value)
        if let space = value.firstIndex(of: " ") {
            let credential = String(value[value.index(after: space)...]).trimmingASCIISpaces()
            if !credential.isEmpty { out.append(credential) }
        }
    }
    return out
}

private func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
    default: return nil
    }
}

/// `%41` -> `A`; invalid escapes are kept as they are.
func percentDecoded(_ s: String) -> String {
    let bytes = Array(s.utf8)
    guard bytes.contains(UInt8(ascii: "%")) else { return s }
    var out: [UInt8] = []
    var i = 0
    while i < bytes.count {
        if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
           let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) {
            out.append(hi << 4 | lo)
            i += 3
        } else {
            out.append(bytes[i])
            i += 1
        }
    }
    return String(decoding: out, as: UTF8.self)
}
