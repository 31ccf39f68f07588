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

/// Sends prepared payloads to one channel through the transport's clients
/// (which retry) and words the outcome for the channel.
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

    /// Characters of an outcome's text: what `notify`, `channel test` and
    /// `--verbose` show and what is stored as the channel's last error.
    /// (The receiver's own words in it are cut to
    /// `Redactor.receivedTextLimit` before.)
    public static let reasonLimit = 1000
    /// Bytes of a receiver's answer read: a longer answer is cut there, and
    /// its status alone decides (a 2xx is a delivery whatever its size).
    public static let answerBytes = 64 * 1024

    /// The outcome with every text scrubbed of the channel's secrets (its
    /// URL, password, signing secret, in all their encodings) and cut to
    /// `reasonLimit`: the one gate between a delivery and what is printed
    /// or stored, whichever path the text took.
    static func scrubbed(_ outcome: DeliveryOutcome, _ redactor: Redactor) -> DeliveryOutcome {
        switch outcome {
        case .delivered(let answer): return .delivered(answer: redactor.scrub(answer, limit: reasonLimit))
        case .retryLater(let reason): return .retryLater(reason: redactor.scrub(reason, limit: reasonLimit))
        case .configError(let reason): return .configError(reason: redactor.scrub(reason, limit: reasonLimit))
        }
    }

    /// POSTs `body` as JSON with extra headers. Any 2xx is delivered; a
    /// refusal or a bad URL/certificate is a configuration error; what
    /// outlasts the retries (or asks to wait too long) is for the next run.
    /// `secrets` (a signing secret) are hidden like the URL.
    func post(body: String, headers: [(name: String, value: String)], receiver: String, secrets: [String] = []) -> DeliveryOutcome {
        let url: String
        do {
            url = try urlSource().read(for: what)
        } catch {
            return Sender.scrubbed(.configError(reason: error.message), Redactor(url: "", secrets: secrets))
        }
        return Sender.scrubbed(post(url: url, body: body, headers: headers, receiver: receiver, secrets: secrets),
                               Redactor(url: url, secrets: secrets))
    }

    private func post(url: String, body: String, headers: [(name: String, value: String)], receiver: String,
                      secrets: [String]) -> DeliveryOutcome {
        let source = (try? urlSource())?.description ?? "its source"
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
            return .configError(reason: "\(what): the URL in \(source) is not an http(s) URL; check it")
        }
        let request = HTTPRequest(method: "POST", url: url,
                                  headers: [(name: "Content-Type", value: "application/json; charset=utf-8")] + headers
                                      + [(name: "User-Agent", value: "tracker/0.1")],
                                  body: Array(body.utf8),
                                  maxResponseBytes: Sender.answerBytes, longBody: .keepPrefix)
        switch HTTPClient.exchange(request, policy: retry, secrets: [url] + secrets) {
        case .success(let reply):
            return .delivered(answer: "\(reply.response.status) \(reply.answer)".trimmingWhitespace())
        case .permanent(let problem) where problem.status != nil:
            return .configError(reason: "\(what): \(problem.describe(server: receiver)); check the URL in \(source) and the channel's settings")
        case .permanent(let problem):
            return .configError(reason: "\(what): \(problem.describe(server: receiver))")
        case .retryLater(let problem, .waitTooLong):
            return .retryLater(reason: "\(what): \(problem.describe(server: receiver)); waiting longer than \(retry.maxRetryAfterSeconds)s is left to the next run")
        case .retryLater(let problem, .attemptsExhausted(let attempts)):
            return .retryLater(reason: "\(what): \(problem.describe(server: receiver)) after \(attempts) attempts; the next run retries")
        }
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
        var secrets: [String] = []
        if let secretSource {
            do {
                let secret = try secretSource.read(for: "\(what) signing secret")
                secrets.append(secret)
                guard let key = WebhookPayload.key(fromSecret: secret) else {
                    let reason = "\(what): " + (WebhookPayload.secretProblem(secret, source: secretSource.description) ?? "bad signing secret")
                    return Sender.scrubbed(.configError(reason: reason), Redactor(url: "", secrets: secrets))
                }
                headers.append((name: "webhook-signature",
                                value: WebhookPayload.signature(key: key, id: deliveryID, timestamp: timestamp, body: json)))
            } catch {
                return Sender.scrubbed(.configError(reason: error.message), Redactor(url: ""))
            }
        }
        return post(body: json, headers: headers, receiver: "webhook", secrets: secrets)
    }

    /// Delivers an email through SMTP, retrying temporary failures.
    public func sendEmail(_ message: [UInt8]) -> DeliveryOutcome {
        var password: String?
        let outcome = sendEmail(message, password: &password)
        return Sender.scrubbed(outcome, Redactor(url: channel.smtpURL ?? "", username: channel.smtpUser, password: password))
    }

    private func sendEmail(_ message: [UInt8], password: inout String?) -> DeliveryOutcome {
        guard let url = channel.smtpURL, let from = channel.mailFrom, !channel.mailTo.isEmpty else {
            return .configError(reason: "\(what) is missing its SMTP URL, sender or recipients; add it again")
        }
        if let source = channel.passwordEnv.map({ SecretSource.environment($0) }) ?? channel.passwordFile.map({ SecretSource.file($0) }) {
            do { password = try source.read(for: "\(what) SMTP password") } catch { return .configError(reason: error.message) }
        }
        // The envelope takes bare addresses; the headers keep display names.
        let envelope = SMTPEnvelope(url: url, username: channel.smtpUser, password: password,
                                    from: EmailMessage.envelopeAddress(from),
                                    recipients: channel.mailTo.map(EmailMessage.envelopeAddress), message: message,
                                    requireTLS: url.hasPrefix("smtp://") && !channel.insecurePlaintext,
                                    caFile: channel.caFile, timeoutSeconds: retry.timeoutSeconds)
        switch SMTPClient.deliver(envelope, policy: retry) {
        case .success(let reply):
            return .delivered(answer: "\(reply.code) accepted")
        case .permanent(let error):
            return .configError(reason: "\(what): \(error.message)")
        case .retryLater(let error, .attemptsExhausted(let attempts)):
            return .retryLater(reason: "\(what): \(error.message) after \(attempts) attempts; the next run retries")
        case .retryLater(let error, .waitTooLong):
            return .retryLater(reason: "\(what): \(error.message); the next run retries")
        }
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
