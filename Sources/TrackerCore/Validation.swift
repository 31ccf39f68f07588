/// Rules for the free text people type: names, owners, tasks, notes.
///
/// Limits count both graphemes (what people see as characters) and UTF-8
/// bytes, because one grapheme can be any number of bytes (a letter under
/// 600 combining accents is one character and 1,201 bytes).
public enum TextRule {
    /// Longest accepted name, in characters (graphemes).
    public static let maxNameLength = 200
    /// Longest accepted name, in UTF-8 bytes: 200 characters of 4 bytes.
    public static let maxNameBytes = 800
    /// Longest accepted free text (reasons, dataset references), in characters.
    public static let maxTextLength = 2000
    /// Longest accepted free text, in UTF-8 bytes.
    public static let maxTextBytes = 8000
    /// Most combining marks in a row (Unicode's Stream-Safe Text Format,
    /// UAX #15, allows 30 non-starters): more stack into unreadable "Zalgo".
    public static let maxCombiningRun = 30

    /// Checks a name (fine-tune, channel, owner, task, model id, SMTP user):
    /// trimmed of surrounding whitespace, in Unicode NFC, not empty, no
    /// control characters, no invisible, format or text-direction characters
    /// (so it cannot look empty or like another name), at least one visible
    /// character, within the limits. Returns the name to store, or a
    /// message naming `field` and the fix.
    public static func name(_ raw: String, field: String) -> Result<String, FieldError> {
        if let bad = controlCharacter(in: raw) {
            return .failure(FieldError(field: field, message: "\(field) contains a control character (U+\(bad)); use printable text"))
        }
        let trimmed = NameKey.nfc(raw.trimmingWhitespace())
        if trimmed.isEmpty {
            return .failure(FieldError(field: field, message: "\(field) is empty; give a non-blank \(field)"))
        }
        if let problem = lengthProblem(trimmed, field: field, maxLength: maxNameLength, maxBytes: maxNameBytes) {
            return .failure(problem)
        }
        if let bad = invisibleCharacter(in: trimmed) {
            return .failure(FieldError(field: field, message: "\(field) contains an invisible or text-direction character (U+\(bad)); type the \(field) without it"))
        }
        if !trimmed.unicodeScalars.contains(where: isVisible) {
            return .failure(FieldError(field: field, message: "\(field) has no visible characters; give a \(field) people can read"))
        }
        return .success(trimmed)
    }

    /// Checks a name given to find something that exists: trimmed, not
    /// empty, no control characters, and nothing else, so that a name an
    /// older tracker (or another tool) stored, however long or invisible,
    /// can still be shown, retired or retrained. Lookups compare it by its
    /// exact spelling, then by `NameKey`.
    public static func existingName(_ raw: String, field: String) -> Result<String, FieldError> {
        if let bad = controlCharacter(in: raw) {
            return .failure(FieldError(field: field, message: "\(field) contains a control character (U+\(bad)); use printable text"))
        }
        let trimmed = raw.trimmingWhitespace()
        if trimmed.isEmpty {
            return .failure(FieldError(field: field, message: "\(field) is empty; give a non-blank \(field)"))
        }
        return .success(trimmed)
    }

    /// Checks longer free text (reasons, dataset references): no control
    /// characters, not blank, within the limits (`maxLength` characters and
    /// four bytes per character at most).
    public static func text(_ raw: String, field: String, maxLength: Int = maxTextLength) -> Result<String, FieldError> {
        if let bad = controlCharacter(in: raw) {
            return .failure(FieldError(field: field, message: "\(field) contains a control character (U+\(bad)); use printable text on one line"))
        }
        let trimmed = raw.trimmingWhitespace()
        if trimmed.isEmpty {
            return .failure(FieldError(field: field, message: "\(field) is empty; give some text or leave the option out"))
        }
        if let problem = lengthProblem(trimmed, field: field, maxLength: maxLength, maxBytes: maxLength * 4) {
            return .failure(problem)
        }
        return .success(trimmed)
    }

    /// Bytes first: counting graphemes or combining runs of a huge value
    /// is wasted work once its size alone refuses it.
    static func lengthProblem(_ s: String, field: String, maxLength: Int, maxBytes: Int) -> FieldError? {
        let bytes = s.utf8.count
        if bytes > maxBytes {
            return FieldError(field: field, message: "\(field) is \(bytes) bytes long in UTF-8; use at most \(maxBytes) bytes (\(maxLength) characters)")
        }
        let count = s.count
        if count > maxLength {
            return FieldError(field: field, message: "\(field) is \(count) characters long; use at most \(maxLength)")
        }
        var run = 0, longest = 0
        for scalar in s.unicodeScalars {
            run = scalar.properties.canonicalCombiningClass.rawValue == 0 ? 0 : run + 1
            longest = max(longest, run)
        }
        if longest > maxCombiningRun {
            return FieldError(field: field, message: "\(field) stacks \(longest) combining marks on one character; use at most \(maxCombiningRun)")
        }
        return nil
    }

    /// The first invisible, format or text-direction character of a name,
    /// as hex, or nil. See `isInvisible`.
    public static func invisibleCharacter(in s: String) -> String? {
        let scalars = Array(s.unicodeScalars)
        guard let i = scalars.indices.first(where: { isInvisible(scalars, at: $0) }) else { return nil }
        return hex(scalars[i].value)
    }

    /// Whether the scalar at `i` draws nothing or changes how text around it
    /// is shown: format characters (Unicode category Cf: zero-width space,
    /// joiners, byte order mark, the bidi marks, embeddings, overrides and
    /// isolates, tags), other default-ignorable code points (Hangul fillers,
    /// combining grapheme joiner), and unassigned code points. Allowed: a
    /// zero-width joiner between two emoji (👩‍💻 is one visible picture),
    /// and one variation selector after a visible character (❤️).
    public static func isInvisible(_ scalars: [Unicode.Scalar], at i: Int) -> Bool {
        let s = scalars[i]
        let p = s.properties
        if s.value == 0x200D {
            return !(isEmoji(before: scalars, i) && i + 1 < scalars.count && isPictographic(scalars[i + 1]))
        }
        if (0xFE00...0xFE0F).contains(s.value) || (0xE0100...0xE01EF).contains(s.value) {
            guard i > 0 else { return true }
            let previous = scalars[i - 1]
            return previous.properties.isWhitespace || isVariationSelector(previous)
                || isInvisible(scalars, at: i - 1)
        }
        switch p.generalCategory {
        case .format, .unassigned: return true
        default: return p.isDefaultIgnorableCodePoint || p.isBidiControl
        }
    }

    static func isVariationSelector(_ s: Unicode.Scalar) -> Bool {
        (0xFE00...0xFE0F).contains(s.value) || (0xE0100...0xE01EF).contains(s.value)
    }

    /// An emoji picture (not the digits, `#` and `*` that are also emoji).
    static func isPictographic(_ s: Unicode.Scalar) -> Bool {
        s.value > 0xFF && s.properties.isEmoji
    }

    /// Whether an emoji (with its modifier or variation selector) ends just before `i`.
    static func isEmoji(before scalars: [Unicode.Scalar], _ i: Int) -> Bool {
        var k = i - 1
        while k >= 0, scalars[k].value == 0xFE0F || scalars[k].properties.isEmojiModifier { k -= 1 }
        return k >= 0 && isPictographic(scalars[k])
    }

    /// A scalar that draws something: a letter, number, punctuation or
    /// symbol, other than the blank braille pattern (U+2800).
    static func isVisible(_ s: Unicode.Scalar) -> Bool {
        guard s.value != 0x2800, !s.properties.isDefaultIgnorableCodePoint else { return false }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol, .privateUse:
            return true
        default:
            return false
        }
    }

    static func hex(_ v: UInt32) -> String {
        let hex = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The first control character (C0, DEL, C1, line/paragraph separators), as hex.
    public static func controlCharacter(in s: String) -> String? {
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || v == 0x2028 || v == 0x2029 {
                return hex(v)
            }
        }
        return nil
    }

    /// A lower-case 64-digit hex SHA-256, or nil.
    public static func sha256(_ raw: String) -> String? {
        let t = raw.lowercased()
        guard t.count == 64, t.allSatisfy({ $0.isHexDigit && $0.isASCII }) else { return nil }
        return t
    }
}

/// A refused input value: which field, and a message that says the fix.
public struct FieldError: Error, Equatable, Sendable {
    public let field: String
    public let message: String
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// An eval result: `passed/total`.
public struct EvalResult: Hashable, Sendable, CustomStringConvertible {
    public let passed: Int
    public let total: Int

    public init?(passed: Int, total: Int) {
        guard total > 0, passed >= 0, passed <= total else { return nil }
        self.passed = passed
        self.total = total
    }

    /// Parses `42/50`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2,
              parts.allSatisfy({ !$0.isEmpty && $0.count <= 9 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let p = Int(parts[0]), let t = Int(parts[1]) else { return nil }
        self.init(passed: p, total: t)
    }

    public var description: String { "\(passed)/\(total)" }

    /// Success rate in whole percent, rounded down (80% means at least 0.8).
    public var percent: Int {
        // Full-width arithmetic: counts up to Int.max never trap.
        let (high, low) = passed.multipliedFullWidth(by: 100)
        return total.dividingFullWidth((high, low)).quotient
    }

    /// Whether the success rate reaches `percent` percent, exactly.
    public func meets(percent target: Int) -> Bool {
        let lhs = passed.multipliedFullWidth(by: 100), rhs = total.multipliedFullWidth(by: target)
        return lhs.high != rhs.high ? lhs.high > rhs.high : lhs.low >= rhs.low
    }
}

/// Rules for channel settings, shared by `channel add` and `import`.
public enum ChannelRules {
    /// A shell-style environment variable name: letters, digits and `_`,
    /// not starting with a digit.
    public static func isVariableName(_ name: String) -> Bool {
        func isLetter(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 }
        let bytes = Array(name.utf8)
        // Refuse what looks like a pasted secret: Standard Webhooks and Slack
        // token prefixes, or a long random-looking string.
        let lower = name.lowercased()
        if lower.hasPrefix("whsec_") || lower.hasPrefix("xox") || bytes.count > 64 { return false }
        return !bytes.isEmpty && isLetter(bytes[0])
            && bytes.allSatisfy { isLetter($0) || ($0 >= 48 && $0 <= 57) }
    }

    /// Why an SMTP URL is refused (nil when fine): smtp:// or smtps://, then
    /// an authority of a host and an optional port only (RFC 3986 section
    /// 3.2), never credentials. The host is a DNS name (letters, digits and
    /// hyphens in dot-separated labels of 1 to 63, 253 at most), an IPv4
    /// address (four numbers 0-255), or an IPv6 address in brackets; the
    /// port is a number from 1 to 65535. A trailing `/` is allowed.
    public static func smtpURLProblem(_ url: String) -> String? {
        let lower = url.lowercased()
        let scheme = lower.hasPrefix("smtp://") ? "smtp://" : lower.hasPrefix("smtps://") ? "smtps://" : nil
        guard let scheme else {
            return "must start with smtp:// (STARTTLS, e.g. smtp://mail.example.com:587) or smtps:// (e.g. smtps://mail.example.com:465)"
        }
        var rest = Array(url.utf8.dropFirst(scheme.utf8.count))
        if rest.last == UInt8(ascii: "/") { rest.removeLast() }
        if rest.contains(UInt8(ascii: "@")) {
            return "must not contain credentials; give --user and --password-env or --password-file instead"
        }
        let hint = "needs a host name, IPv4 address or [IPv6] address and an optional port from 1 to 65535, e.g. \(scheme)mail.example.com:587"
        // The host ends at the closing bracket of an IPv6 address, else at the first ':'.
        let hostEnd: Int
        if rest.first == UInt8(ascii: "[") {
            guard let close = rest.firstIndex(of: UInt8(ascii: "]")),
                  isIPv6(rest[1..<close]) else { return hint }
            hostEnd = close + 1
        } else {
            hostEnd = rest.firstIndex(of: UInt8(ascii: ":")) ?? rest.count
            guard isHostName(rest[..<hostEnd]) else { return hint }
        }
        let portPart = rest[hostEnd...]
        if !portPart.isEmpty {
            guard portPart.first == UInt8(ascii: ":") else { return hint }
            let digits = portPart.dropFirst()
            guard (1...5).contains(digits.count), digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let port = Int(String(decoding: digits, as: UTF8.self)), (1...65535).contains(port) else { return hint }
        }
        return nil
    }

    /// A DNS host name (RFC 1123 section 2.1) or a dotted IPv4 address. A
    /// name whose last label is all digits must be an IPv4 address.
    static func isHostName(_ host: ArraySlice<UInt8>) -> Bool {
        var h = host
        if h.last == UInt8(ascii: ".") { h.removeLast() } // the root, as in "example.com."
        guard !h.isEmpty, h.count <= 253 else { return false }
        let labels = h.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        func isLDH(_ c: UInt8) -> Bool { isDigit(c) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) || c == UInt8(ascii: "-") }
        if let last = labels.last, !last.isEmpty, last.allSatisfy(isDigit) {
            return h.last != nil && host.last != UInt8(ascii: ".") && isIPv4(h)
        }
        return labels.allSatisfy { label in
            (1...63).contains(label.count) && label.allSatisfy(isLDH)
                && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
        }
    }

    /// Four decimal numbers 0-255 separated by dots, without leading zeros.
    static func isIPv4<C: Collection>(_ text: C) -> Bool where C.Element == UInt8 {
        let parts = Array(text).split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { p in
            (1...3).contains(p.count) && p.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
                && (p.count == 1 || p.first != UInt8(ascii: "0"))
                && Int(String(decoding: p, as: UTF8.self))! <= 255
        }
    }

    /// An IPv6 address as RFC 4291 section 2.2 writes it: eight groups of 1
    /// to 4 hex digits, one `::` standing for one or more zero groups, and
    /// optionally an IPv4 address as the last 32 bits. No zone id.
    static func isIPv6(_ text: ArraySlice<UInt8>) -> Bool {
        let s = Array(text)
        guard !s.isEmpty, s.count <= 45 else { return false }
        func isHex(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x66) }
        let colon = UInt8(ascii: ":")
        // Split around the one "::" allowed.
        var halves: [[UInt8]] = []
        var i = 0, start = 0
        while i + 1 < s.count {
            if s[i] == colon && s[i + 1] == colon {
                halves.append(Array(s[start..<i]))
                start = i + 2
                i += 2
                continue
            }
            i += 1
        }
        halves.append(Array(s[start...]))
        guard halves.count <= 2 else { return false }
        var groups = 0
        for (h, half) in halves.enumerated() {
            if half.isEmpty { continue }
            let parts = half.split(separator: colon, omittingEmptySubsequences: false)
            for (k, p) in parts.enumerated() {
                let isLast = h == halves.count - 1 && k == parts.count - 1
                if isLast && p.contains(UInt8(ascii: ".")) {
                    guard isIPv4(p) else { return false }
                    groups += 2
                } else {
                    guard (1...4).contains(p.count), p.allSatisfy(isHex) else { return false }
                    groups += 1
                }
            }
        }
        return halves.count == 2 ? groups <= 7 : groups == 8
    }

    /// A path to a secret file: not a URL (that would be the secret itself).
    public static func isSecretPath(_ path: String) -> Bool {
        !path.isEmpty && !path.contains("://") && TextRule.controlCharacter(in: path) == nil
    }
}

extension ChannelRules {
    /// Why a channel's settings are refused (nil when fine): the fields must
    /// fit its kind, and each value its rule. Shared by `channel add` and
    /// `import`; values are not echoed (a pasted secret must not be shown).
    public static func problem(_ c: Channel) -> String? {
        typealias F = ChannelFields
        if case .failure(let e) = TextRule.name(c.name, field: F.name) { return e.message }
        for (field, value) in [(F.urlEnv, c.urlEnv), (F.secretEnv, c.secretEnv), (F.passwordEnv, c.passwordEnv)] {
            if let value, !isVariableName(value) { return "\(field) must be an environment variable name" }
        }
        for (field, value) in [(F.urlFile, c.urlFile), (F.secretFile, c.secretFile), (F.passwordFile, c.passwordFile), (F.caFile, c.caFile)] {
            if let value, !isSecretPath(value) { return "\(field) must be a file path (not a URL)" }
        }
        for (field, value) in [(F.smtpUser, c.smtpUser), (F.owner, c.route.owner), (F.task, c.route.task)] {
            if let value, TextRule.controlCharacter(in: value) != nil { return "\(field) must not contain control characters" }
        }
        if c.route.repeatEvery.count <= 0 { return "\(F.repeatEvery) must be a duration like 7d" }
        switch c.kind {
        case .email:
            guard let smtp = c.smtpURL, c.mailFrom != nil, !c.mailTo.isEmpty else {
                return "an email channel needs \(F.smtp), \(F.from) and at least one address in \(F.to)"
            }
            if smtpURLProblem(smtp) != nil { return "\(F.smtp) must be smtp://host:port or smtps://host:port without credentials" }
            if c.insecurePlaintext && smtp.lowercased().hasPrefix("smtps://") {
                return "\(F.insecurePlaintext) does not apply to smtps:// (always TLS)"
            }
            if let from = c.mailFrom, !EmailMessage.isMailbox(from) { return "\(F.from) must be an email address" }
            if !c.mailTo.allSatisfy(EmailMessage.isMailbox) { return "\(F.to) must be a list of email addresses" }
            if c.urlEnv != nil || c.urlFile != nil || c.secretEnv != nil || c.secretFile != nil {
                return "an email channel takes no \(F.urlEnv), \(F.urlFile), \(F.secretEnv) or \(F.secretFile)"
            }
            if c.passwordEnv != nil && c.passwordFile != nil { return "give \(F.passwordEnv) or \(F.passwordFile), not both" }
            if (c.passwordEnv != nil || c.passwordFile != nil) != (c.smtpUser != nil) {
                return "\(F.smtpUser) goes together with \(F.passwordEnv) or \(F.passwordFile)"
            }
        case .slack, .webhook:
            guard (c.urlEnv == nil) != (c.urlFile == nil) else {
                return "a \(c.kind.rawValue) channel needs exactly one of \(F.urlEnv) and \(F.urlFile)"
            }
            if c.smtpURL != nil || c.mailFrom != nil || !c.mailTo.isEmpty || c.smtpUser != nil || c.passwordEnv != nil
                || c.passwordFile != nil || c.insecurePlaintext || c.caFile != nil {
                return "a \(c.kind.rawValue) channel takes no email settings"
            }
            if c.kind == .slack && (c.secretEnv != nil || c.secretFile != nil) {
                return "a slack channel takes no signing secret (Slack URLs carry their own)"
            }
            if c.secretEnv != nil && c.secretFile != nil { return "give \(F.secretEnv) or \(F.secretFile), not both" }
        }
        return nil
    }
}

extension StringProtocol {
    /// The text without whitespace (spaces, tabs, line breaks, Unicode
    /// spaces) at either end: how every typed value is read.
    public func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
