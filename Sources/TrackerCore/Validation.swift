/// Rules for the free text people type: names, owners, tasks, notes.
public enum TextRule {
    /// Longest accepted name, in characters.
    public static let maxNameLength = 200

    /// Checks a name (fine-tune, owner, task): trimmed of surrounding
    /// whitespace, not empty, no control characters. Returns the trimmed name
    /// or a message naming `field` and the fix.
    public static func name(_ raw: String, field: String) -> Result<String, FieldError> {
        if let bad = controlCharacter(in: raw) {
            return .failure(FieldError(field: field, message: "\(field) contains a control character (U+\(bad)); use printable text"))
        }
        let trimmed = raw.trimmingWhitespace()
        if trimmed.isEmpty {
            return .failure(FieldError(field: field, message: "\(field) is empty; give a non-blank \(field)"))
        }
        if trimmed.count > maxNameLength {
            return .failure(FieldError(field: field, message: "\(field) is \(trimmed.count) characters long; use at most \(maxNameLength)"))
        }
        return .success(trimmed)
    }

    /// Checks longer free text (reasons, dataset references): no control
    /// characters other than none at all; may not be blank.
    public static func text(_ raw: String, field: String, maxLength: Int = 2000) -> Result<String, FieldError> {
        if let bad = controlCharacter(in: raw) {
            return .failure(FieldError(field: field, message: "\(field) contains a control character (U+\(bad)); use printable text on one line"))
        }
        let trimmed = raw.trimmingWhitespace()
        if trimmed.isEmpty {
            return .failure(FieldError(field: field, message: "\(field) is empty; give some text or leave the option out"))
        }
        if trimmed.count > maxLength {
            return .failure(FieldError(field: field, message: "\(field) is \(trimmed.count) characters long; use at most \(maxLength)"))
        }
        return .success(trimmed)
    }

    /// The first control character (C0, DEL, C1, line/paragraph separators), as hex.
    public static func controlCharacter(in s: String) -> String? {
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || v == 0x2028 || v == 0x2029 {
                let hex = String(v, radix: 16, uppercase: true)
                return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
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

    /// Why an SMTP URL is refused (nil when fine): smtp:// or smtps://, a
    /// host and optional port only, never credentials.
    public static func smtpURLProblem(_ url: String) -> String? {
        let lower = url.lowercased()
        let scheme = lower.hasPrefix("smtp://") ? "smtp://" : lower.hasPrefix("smtps://") ? "smtps://" : nil
        guard let scheme else {
            return "must start with smtp:// (STARTTLS, e.g. smtp://mail.example.com:587) or smtps:// (e.g. smtps://mail.example.com:465)"
        }
        var rest = String(url.dropFirst(scheme.count))
        if rest.hasSuffix("/") { rest.removeLast() }
        if rest.contains("@") { return "must not contain credentials; give --user and --password-env or --password-file instead" }
        if rest.isEmpty || rest.contains("/") || rest.contains("?") || TextRule.controlCharacter(in: rest) != nil || rest.contains(" ") {
            return "needs a host and optional port only, e.g. \(scheme)mail.example.com:587"
        }
        return nil
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
        if case .failure = TextRule.name(c.name, field: F.name) { return "\(F.name) must be a non-blank name without control characters" }
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
            if let from = c.mailFrom, !EmailMessage.isAddress(from) { return "\(F.from) must be an email address" }
            if !c.mailTo.allSatisfy(EmailMessage.isAddress) { return "\(F.to) must be a list of email addresses" }
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
