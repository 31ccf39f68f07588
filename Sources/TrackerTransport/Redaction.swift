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

/// Removes secrets (URL path/query, credentials) from text that may have
/// come from libcurl or a server.
struct Redactor: Sendable {
    private var replacements: [(needle: [UInt8], with: [UInt8])] = []

    static let mask = "<redacted>"

    /// `secrets` are further values to hide wherever they appear (API keys,
    /// header values); empty ones are ignored.
    init(url: String, username: String? = nil, password: String? = nil, secrets extra: [String] = []) {
        let parts = URLParts(url)
        let origin = redactedOrigin(url)
        // The full URL becomes its origin.
        add(url, replacement: origin)
        var secrets: [String] = []
        if let parts {
            if let at = url.firstRange(of: "://") {
                secrets.append(String(url[at.upperBound...]))  // host + path, without scheme
            }
            if !parts.hasPlausibleHost {
                // A malformed host part may itself be (part of) the secret.
                secrets.append(parts.hostPort)
                for piece in parts.hostPort.split(whereSeparator: { $0 == " " || $0 == "\t" }) where piece.utf8.count >= 4 {
                    secrets.append(String(piece))
                }
            }
            if let userinfo = parts.userinfo {
                secrets.append(userinfo)
                for piece in userinfo.split(separator: ":", omittingEmptySubsequences: true) {
                    secrets.append(String(piece))
                }
            }
            let rest = parts.rest
            if rest != "" && rest != "/" {
                secrets.append(rest)
                // Each piece of the path and query: curl may quote just one.
                let separators: Set<Character> = ["/", "?", "&", "=", "#", ";"]
                var pieceStarts = rest.startIndex
                var idx = rest.startIndex
                while idx <= rest.endIndex {
                    if idx == rest.endIndex || separators.contains(rest[idx]) {
                        let piece = String(rest[pieceStarts..<idx])
                        if piece.utf8.count >= 6 { secrets.append(piece) }
                        // Everything from this separator on (path tail, query).
                        if idx != rest.endIndex {
                            let tail = String(rest[idx...])
                            if tail.utf8.count >= 6 { secrets.append(tail) }
                        }
                        if idx == rest.endIndex { break }
                        pieceStarts = rest.index(after: idx)
                    }
                    idx = rest.index(after: idx)
                }
            }
        } else if !url.isEmpty {
            secrets.append(url)
        }
        if let username, let password, !username.isEmpty, !password.isEmpty {
            secrets.append("\(username):\(password)")
        }
        if let password, !password.isEmpty {
            secrets.append(password)
        }
        secrets += extra.filter { !$0.isEmpty }
        var all: [String] = []
        for secret in secrets {
            all.append(secret)
            let decoded = percentDecoded(secret)
            if decoded != secret { all.append(decoded) }
        }
        // Longest first, so a secret is not half-replaced by one of its parts.
        for secret in all.sorted(by: { $0.utf8.count > $1.utf8.count }) where !secret.isEmpty {
            add(secret, replacement: Redactor.mask)
        }
    }

    private mutating func add(_ needle: String, replacement: String) {
        guard !needle.isEmpty else { return }
        replacements.append((Array(needle.utf8), Array(replacement.utf8)))
    }

    func redact(_ text: String) -> String {
        let once = apply(text)
        // A secret may also appear percent-encoded differently than in the
        // URL: if decoding reveals one, keep the decoded, redacted text.
        let decoded = percentDecoded(once)
        if decoded != once {
            let again = apply(decoded)
            if again != decoded { return again }
        }
        return once
    }

    private func apply(_ text: String) -> String {
        var bytes = Array(text.utf8)
        for (needle, with) in replacements {
            bytes = replaceAll(bytes, needle, with)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
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

private func replaceAll(_ haystack: [UInt8], _ needle: [UInt8], _ with: [UInt8]) -> [UInt8] {
    guard !needle.isEmpty, haystack.count >= needle.count else { return haystack }
    var out: [UInt8] = []
    out.reserveCapacity(haystack.count)
    var i = 0
    let last = haystack.count - needle.count
    while i < haystack.count {
        if i <= last && haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) {
            out.append(contentsOf: with)
            i += needle.count
        } else {
            out.append(haystack[i])
            i += 1
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
