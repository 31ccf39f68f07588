import TrackerCore
import TrackerStore
import TrackerTransport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How one delivery attempt ended.
public enum DeliveryOutcome: Sendable, Equatable {
    /// The receiver accepted it (Slack 200 "ok", SMTP 250, webhook 2xx).
    case delivered(answer: String)
    /// A temporary failure that outlasted the retries; the next run retries.
    case retryLater(reason: String)
    /// The channel is misconfigured (4xx, bad secret, refused TLS/AUTH).
    case configError(reason: String)
}

/// Retry timing. Defaults suit cron; tests shorten them through
/// TRACKER_RETRY_BASE_MS and TRACKER_RETRY_AFTER_MAX (seconds).
public struct RetryPolicy: Sendable {
    /// Attempts per delivery within one run.
    public var attempts = 4
    /// First backoff; doubles after each failure.
    public var baseMilliseconds = 1000
    /// The longest Retry-After honoured; beyond it the delivery waits for the next run.
    public var maxRetryAfterSeconds = 30
    /// Request timeout.
    public var timeoutSeconds = 20.0

    public init() {}

    public static func fromEnvironment() -> RetryPolicy {
        var p = RetryPolicy()
        if let v = getenv("TRACKER_RETRY_BASE_MS").flatMap({ Int(String(cString: $0)) }), v >= 0 { p.baseMilliseconds = v }
        if let v = getenv("TRACKER_RETRY_AFTER_MAX").flatMap({ Int(String(cString: $0)) }), v >= 0 { p.maxRetryAfterSeconds = v }
        if let v = getenv("TRACKER_HTTP_TIMEOUT").flatMap({ Double(String(cString: $0)) }), v > 0 { p.timeoutSeconds = v }
        return p
    }
}

func sleep(milliseconds: Int) {
    var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
}

/// Sends prepared payloads to one channel, with retries, and classifies the answer.
public struct Sender {
    public let channel: Channel
    public let retry: RetryPolicy

    public init(channel: Channel, retry: RetryPolicy) {
        self.channel = channel
        self.retry = retry
    }

    var what: String { "\(channel.kind.rawValue) channel '\(channel.name)'" }

    func urlSource() throws(Failure) -> SecretSource {
        if let e = channel.urlEnv { return .environment(e) }
        if let f = channel.urlFile { return .file(f) }
        throw Failure(.config, "\(what) has no URL source; remove and add it again with --url-env or --url-file")
    }

    /// POSTs `body` as JSON with extra headers, retrying temporary failures.
    /// `accept` judges a 2xx answer (Slack wants the body "ok").
    func post(body: String, headers: [(name: String, value: String)], receiver: String) -> DeliveryOutcome {
        let url: String
        do {
            url = try urlSource().read(for: what)
        } catch {
            return .configError(reason: error.message)
        }
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
            return .configError(reason: "\(what): the URL in \((try? urlSource())?.description ?? "its source") is not an http(s) URL; check it")
        }
        var request = HTTPRequest(method: "POST", url: url,
                                  headers: [(name: "Content-Type", value: "application/json; charset=utf-8")] + headers,
                                  body: Array(body.utf8), timeoutSeconds: retry.timeoutSeconds)
        request.headers.append((name: "User-Agent", value: "tracker/0.1"))
        var lastProblem = ""
        for attempt in 0..<retry.attempts {
            let backoff = retry.baseMilliseconds << attempt
            let response: HTTPResponse
            do {
                response = try HTTPClient.send(request)
            } catch {
                lastProblem = scrub(error.message, secrets: [url])
                // Timeouts, failed connections and cut-off answers are worth
                // retrying; a bad URL or certificate fails the same way every time.
                if error.kind == .tls || error.kind == .other || error.kind == .unavailable {
                    return .configError(reason: "\(what): \(lastProblem)")
                }
                if attempt + 1 < retry.attempts { sleep(milliseconds: backoff) }
                continue
            }
            let answer = String(response.bodyText.prefix(200)).split(whereSeparator: \.isNewline).joined(separator: " ")
            let safeAnswer = scrub(answer, secrets: [url])
            switch response.status {
            case 200..<300:
                return .delivered(answer: "\(response.status) \(safeAnswer)".trimmingTrailingSpace())
            case 429:
                let wait = response.header("Retry-After").flatMap { Int($0.trimmingTrailingSpace()) } ?? 1
                lastProblem = "\(receiver) answered 429 (rate limited, Retry-After \(wait)s)"
                if wait > retry.maxRetryAfterSeconds {
                    return .retryLater(reason: "\(what): \(lastProblem); waiting longer than \(retry.maxRetryAfterSeconds)s is left to the next run")
                }
                if attempt + 1 < retry.attempts { sleep(milliseconds: max(wait, 0) * 1000) }
            case 500..<600:
                lastProblem = "\(receiver) answered \(response.status) \(safeAnswer)".trimmingTrailingSpace()
                if attempt + 1 < retry.attempts { sleep(milliseconds: backoff) }
            default:
                return .configError(reason: "\(what): \(receiver) answered \(response.status) \(safeAnswer); check the URL in \((try? urlSource())?.description ?? "its source") and the channel's settings".replacing("  ", with: " "))
            }
        }
        return .retryLater(reason: "\(what): \(lastProblem) after \(retry.attempts) attempts; the next run retries")
    }

    /// Delivers a Slack message (Block Kit JSON).
    public func sendSlack(_ json: String) -> DeliveryOutcome {
        post(body: json, headers: [], receiver: "slack")
    }

    /// Delivers a signed webhook body. Headers follow Standard Webhooks:
    /// webhook-id, webhook-timestamp, webhook-signature.
    public func sendWebhook(_ json: String, deliveryID: String, timestamp: Int) -> DeliveryOutcome {
        var headers: [(name: String, value: String)] = [
            (name: "webhook-id", value: deliveryID),
            (name: "webhook-timestamp", value: String(timestamp)),
        ]
        let secretSource: SecretSource? = channel.secretEnv.map { .environment($0) } ?? channel.secretFile.map { .file($0) }
        if let secretSource {
            do {
                let secret = try secretSource.read(for: "\(what) signing secret")
                let key = WebhookPayload.key(fromSecret: secret)
                headers.append((name: "webhook-signature",
                                value: WebhookPayload.signature(key: key, id: deliveryID, timestamp: timestamp, body: json)))
            } catch {
                return .configError(reason: error.message)
            }
        }
        return post(body: json, headers: headers, receiver: "webhook")
    }

    /// Delivers an email through SMTP, retrying temporary failures.
    public func sendEmail(_ message: [UInt8]) -> DeliveryOutcome {
        guard let url = channel.smtpURL, let from = channel.mailFrom, !channel.mailTo.isEmpty else {
            return .configError(reason: "\(what) is missing its SMTP URL, sender or recipients; add it again")
        }
        var password: String?
        if let source = channel.passwordEnv.map({ SecretSource.environment($0) }) ?? channel.passwordFile.map({ SecretSource.file($0) }) {
            do { password = try source.read(for: "\(what) SMTP password") } catch { return .configError(reason: error.message) }
        }
        let envelope = SMTPEnvelope(url: url, username: channel.smtpUser, password: password, from: from,
                                    recipients: channel.mailTo, message: message,
                                    requireTLS: url.hasPrefix("smtp://") && !channel.insecurePlaintext,
                                    caFile: channel.caFile, timeoutSeconds: retry.timeoutSeconds)
        let secrets = [password].compactMap { $0 }
        var lastProblem = ""
        for attempt in 0..<retry.attempts {
            do {
                let reply = try SMTPClient.send(envelope)
                return .delivered(answer: "\(reply.code) accepted")
            } catch {
                let text = scrub(error.message, secrets: secrets)
                switch error.kind {
                case .timeout, .connect, .protocolError, .other:
                    lastProblem = text
                case .rejected where (error.smtpCode ?? 500) < 500:
                    lastProblem = text
                case .tls, .auth, .rejected, .unavailable:
                    return .configError(reason: "\(what): \(text)")
                }
                if attempt + 1 < retry.attempts { sleep(milliseconds: retry.baseMilliseconds << attempt) }
            }
        }
        return .retryLater(reason: "\(what): \(lastProblem) after \(retry.attempts) attempts; the next run retries")
    }
}

extension String {
    func trimmingTrailingSpace() -> String {
        var s = Substring(self)
        while let l = s.last, l.isWhitespace { s.removeLast() }
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        return String(s)
    }
}

/// 16 random bytes as hex, for delivery ids and Message-IDs.
public func randomID() -> String {
    var bytes = [UInt8](repeating: 0, count: 16)
    let fd = open("/dev/urandom", O_RDONLY)
    if fd >= 0 {
        _ = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, 16) }
        close(fd)
    } else {
        var g = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &g) }
    }
    return SHA256.hex(bytes)
}

/// Seconds since the epoch, and the ISO timestamp `2026-11-29T09:30:00Z`.
public func wallClock() -> (seconds: Int, iso: String) {
    let t = Int(time(nil))
    let day = Day(unixSeconds: t)
    let s = t - day.ordinal * 86400
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return (t, "\(day)T\(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))Z")
}
