import TrackerCore

/// A PostgreSQL database named by `--db` or `TRACKER_DB`: a URI
/// (`postgres://` or `postgresql://`) or a libpq key=value string marked with
/// `pg:` (`pg:host=db.internal dbname=tracker`). The text goes to libpq as
/// it is, so PGPASSWORD, `~/.pgpass`, PGSERVICE and the other libpq
/// variables work as usual. Only `label` (no password, ever) is shown.
public struct PostgresConnectionString: Sendable, CustomStringConvertible {
    /// What libpq is given (may hold a password: never print it).
    let conninfo: String
    /// The password written into the text itself.
    let embeddedPassword: String?
    /// What to scrub from messages: the password raw and decoded, and the
    /// whole text when it holds one (longest first).
    let secrets: [String]
    /// The server address for messages: `postgresql://user@host:port/db`.
    public let label: String
    /// `host:port`, for "cannot connect" messages.
    public let hostPort: String

    public var description: String { label }

    /// True when `location` names a PostgreSQL database rather than a file.
    public static func isPostgres(_ location: String) -> Bool {
        let head = location.prefix(14).lowercased()
        return head.hasPrefix("postgres://") || head.hasPrefix("postgresql://") || head.hasPrefix("pg:")
    }

    /// True for `scheme://...` with a scheme tracker does not know (a
    /// mistyped `postgress://`): refused rather than made a file of that
    /// name, which would put a password into a path.
    public static func isUnknownScheme(_ location: String) -> Bool {
        guard !isPostgres(location), let r = location[...].range(of: "://") else { return false }
        let scheme = location[..<r.lowerBound]
        return !scheme.isEmpty && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }

    /// Reads `location`; nil when it is not a PostgreSQL location.
    /// `environment` supplies libpq's PGHOST/PGPORT/PGUSER/PGDATABASE
    /// defaults for the label. A malformed one is a usage error that
    /// names the form without repeating the text (it may hold a password).
    public init?(_ location: String, environment: [String: String]) throws(Failure) {
        guard PostgresConnectionString.isPostgres(location) else { return nil }
        var fields: [String: String]
        if location.prefix(3).lowercased() == "pg:" {
            conninfo = String(location.dropFirst(3))
            fields = try PostgresConnectionString.keywordFields(conninfo)
        } else {
            conninfo = location
            fields = try PostgresConnectionString.uriFields(location)
        }
        // Scrubbed from every message: the password as given (a URI's is
        // percent-encoded, and libpq repeats the raw URI in its errors) and
        // as decoded.
        var secrets = [fields["password"], fields["raw password"]].compactMap { $0 }.filter { !$0.isEmpty }
        if !secrets.isEmpty { secrets.append(conninfo) }
        self.secrets = secrets.sorted { $0.count > $1.count }
        embeddedPassword = fields["password"].flatMap { $0.isEmpty ? nil : $0 }
        let host = fields["host"] ?? environment["PGHOST"] ?? ""
        let port = fields["port"] ?? environment["PGPORT"] ?? "5432"
        let user = fields["user"] ?? environment["PGUSER"] ?? environment["USER"] ?? ""
        let dbname = fields["dbname"] ?? environment["PGDATABASE"] ?? user
        let service = fields["service"] ?? environment["PGSERVICE"]
        let shownHost = host.isEmpty ? (service.map { "service \($0)" } ?? "local socket") : host
        let socket = host.hasPrefix("/") || host.isEmpty
        let bracketed = host.contains(":") ? "[\(host)]" : host // an IPv6 address
        hostPort = socket ? "\(shownHost) port \(port)" : "\(bracketed):\(port)"
        var label = "postgresql://"
        if !user.isEmpty { label += "\(user)@" }
        label += socket ? shownHost : "\(bracketed):\(port)"
        label += "/\(dbname)"
        self.label = PostgresConnectionString.printable(label)
    }

    /// `text` with every secret (the password as written and as decoded,
    /// the whole connection text when it holds one) replaced by `***`:
    /// what a message may show.
    func redact(_ text: String) -> String {
        var out = text
        for secret in secrets { out = out.replacingAll(secret, with: "***") }
        return out
    }

    /// Control characters shown as `?`, so a hostile URI cannot draw on
    /// the terminal through an error message.
    static func printable(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }

    /// The fields of `postgresql://[user[:password]@][host][:port][/dbname][?k=v&...]`.
    static func uriFields(_ uri: String) throws(Failure) -> [String: String] {
        var rest = Substring(uri)
        rest = rest.drop { $0 != ":" }.dropFirst() // scheme
        guard rest.hasPrefix("//") else {
            throw Failure.usage("a PostgreSQL URI starts with postgresql://, e.g. --db postgresql://user@host:5432/tracker")
        }
        rest = rest.dropFirst(2)
        var fields: [String: String] = [:]
        var query = Substring("")
        if let q = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: q)...]
            rest = rest[..<q]
        }
        var path = Substring("")
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        if let at = rest.firstIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if rest.contains("@") {
                // libpq splits at the first @: a password with one would
                // lose its tail to the host name (and show it in errors).
                throw Failure.usage("write @ in a PostgreSQL URI's user or password as %40, e.g. postgresql://user:p%40ss@host/db")
            }
            if let colon = userInfo.firstIndex(of: ":") {
                fields["user"] = percentDecoded(userInfo[..<colon])
                fields["raw password"] = String(userInfo[userInfo.index(after: colon)...])
                fields["password"] = percentDecoded(userInfo[userInfo.index(after: colon)...])
            } else if !userInfo.isEmpty {
                fields["user"] = percentDecoded(userInfo)
            }
        }
        // host, [v6]:port, host:port, or several comma-separated: the first names it.
        let firstHost = rest.split(separator: ",", omittingEmptySubsequences: false).first ?? ""
        if firstHost.hasPrefix("["), let close = firstHost.firstIndex(of: "]") {
            fields["host"] = String(firstHost[firstHost.index(after: firstHost.startIndex)..<close])
            let after = firstHost[firstHost.index(after: close)...]
            if after.hasPrefix(":") {
                fields["port"] = String(after.dropFirst())
            } else if !after.isEmpty {
                throw Failure.usage("an IPv6 host in a PostgreSQL URI is written [address]:port, e.g. postgresql://[::1]:5432/tracker")
            }
        } else if let colon = firstHost.lastIndex(of: ":") {
            fields["host"] = percentDecoded(firstHost[..<colon])
            fields["port"] = String(firstHost[firstHost.index(after: colon)...])
        } else if !firstHost.isEmpty {
            fields["host"] = percentDecoded(firstHost)
        }
        if !path.isEmpty { fields["dbname"] = percentDecoded(path) }
        for pair in query.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard kv.count == 2 else { continue }
            let key = percentDecoded(kv[0])
            if key == "password" { fields["raw password"] = String(kv[1]) }
            fields[key] = percentDecoded(kv[1])
        }
        if fields["host"]?.isEmpty == true { fields["host"] = nil }
        if fields["port"]?.isEmpty == true { fields["port"] = nil }
        if let port = fields["port"], Int(port) == nil || port.count > 5 {
            throw Failure.usage("the port of a PostgreSQL URI is a number, e.g. postgresql://host:5432/tracker")
        }
        return fields
    }

    /// The fields of a libpq `key=value key='quoted value'` string.
    /// https://www.postgresql.org/docs/15/libpq-connect.html#LIBPQ-CONNSTRING
    static func keywordFields(_ text: String) throws(Failure) -> [String: String] {
        var fields: [String: String] = [:]
        let chars = Array(text.unicodeScalars)
        var i = 0
        func skipSpaces() { while i < chars.count, chars[i].properties.isWhitespace { i += 1 } }
        skipSpaces()
        while i < chars.count {
            var key = ""
            while i < chars.count, chars[i] != "=", !chars[i].properties.isWhitespace {
                key.unicodeScalars.append(chars[i])
                i += 1
            }
            skipSpaces()
            guard i < chars.count, chars[i] == "=" else {
                throw Failure.usage("a pg: database is libpq key=value pairs, e.g. --db 'pg:host=db.internal dbname=tracker user=ci'")
            }
            i += 1
            skipSpaces()
            var value = ""
            if i < chars.count, chars[i] == "'" {
                i += 1
                var closed = false
                while i < chars.count {
                    if chars[i] == "\\", i + 1 < chars.count {
                        value.unicodeScalars.append(chars[i + 1])
                        i += 2
                        continue
                    }
                    if chars[i] == "'" { closed = true; i += 1; break }
                    value.unicodeScalars.append(chars[i])
                    i += 1
                }
                guard closed else { throw Failure.usage("a quoted value in the pg: database string is not closed; end it with '") }
            } else {
                while i < chars.count, !chars[i].properties.isWhitespace {
                    if chars[i] == "\\", i + 1 < chars.count {
                        value.unicodeScalars.append(chars[i + 1])
                        i += 2
                        continue
                    }
                    value.unicodeScalars.append(chars[i])
                    i += 1
                }
            }
            fields[key] = value
            skipSpaces()
        }
        if let port = fields["port"], Int(port) == nil || port.count > 5 {
            throw Failure.usage("port in a pg: database string is a number, e.g. pg:host=db.internal port=5432")
        }
        return fields
    }

    static func percentDecoded<S: StringProtocol>(_ s: S) -> String {
        var bytes: [UInt8] = []
        var it = Array(s.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "%"), it.count >= 2,
               let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(v)
                it = it.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    /// Every occurrence of `target` replaced (TrackerStore has no Foundation).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = self[...]
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

extension Substring {
    /// The first range of `target` (TrackerStore has no Foundation).
    func range(of target: String) -> Range<Index>? {
        let t = Array(target.utf8)
        guard !t.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].utf8.starts(with: t) {
                let end = utf8.index(i, offsetBy: t.count)
                return i..<end
            }
            i = index(after: i)
        }
        return nil
    }
}
