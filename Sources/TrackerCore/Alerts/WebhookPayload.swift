/// The generic webhook: a documented JSON body signed the way Standard
/// Webhooks, MLflow and Langfuse do, so receivers can verify it.
public enum WebhookPayload {
    /// `{"type": "tracker.digest", ...}`; the shape is documented in docs/alerts.md.
    public static func render(_ digest: Digest, deliveryID: String) -> String {
        let collected = CollectedText()
        var j = JSONWriter(collected.output, pretty: false)
        j.beginObject()
        j.field("type", "tracker.digest")
        j.field("id", deliveryID)
        j.field("channel", digest.channel)
        j.field("now", digest.now.description)
        j.field("summary", digest.summary)
        j.key("entries")
        j.beginArray()
        for e in digest.entries {
            let a = e.alert
            j.beginObject()
            j.field("kind", e.kind.rawValue)
            j.alertFields(a)
            for c in [AlertColumns.daysLeft, AlertColumns.threshold, AlertColumns.text] {
                j.key(c.key)
                j.value(c.value(a))
            }
            j.endObject()
        }
        j.endArray()
        // The same alerts grouped as the Slack and email digests show them
        // (`DigestGroup`): each group names its entries by id.
        j.key("groups")
        j.beginArray()
        for g in digest.alertGroups {
            let a = g.first
            j.beginObject()
            j.field("kind", g.kind.rawValue)
            j.field("reason", a.reason)
            j.key("base")
            j.value(.text(a.budget == nil ? a.base : nil))
            j.key("budget")
            j.value(.text(a.budget))
            j.field("urgency", a.urgency.name)
            j.field("text", g.headline)
            j.key("count")
            j.value(.int(Int64(g.entries.count)))
            j.key("ids")
            j.value(.list(g.entries.map(\.alert.id)))
            j.endObject()
        }
        j.endArray()
        j.endObject()
        return collected.text
    }

    /// The body `tracker channel test` sends.
    public static func test(channel: String, now: Day, deliveryID: String) -> String {
        let collected = CollectedText()
        var j = JSONWriter(collected.output, pretty: false)
        j.beginObject()
        j.field("type", "tracker.test")
        j.field("id", deliveryID)
        j.field("channel", channel)
        j.field("now", now.description)
        j.endObject()
        return collected.text
    }

    /// The signing key: a `whsec_`-prefixed secret is base64 (Standard
    /// Webhooks); anything else is used as its UTF-8 bytes. Nil for a
    /// `whsec_` secret whose rest is not base64 (see `secretProblem`): it is
    /// never used as a plain string, which the receiver would not verify.
    public static func key(fromSecret secret: String) -> [UInt8]? {
        guard secret.hasPrefix("whsec_") else { return Array(secret.utf8) }
        guard let k = Base64.decode(String(secret.dropFirst(6))), !k.isEmpty else { return nil }
        return k
    }

    /// Why a signing secret cannot be used, naming where it came from
    /// (never the value); nil when it can.
    public static func secretProblem(_ secret: String, source: String) -> String? {
        guard key(fromSecret: secret) == nil else { return nil }
        return "the signing secret in \(source) starts with 'whsec_' but the rest is not valid base64; copy the whole secret the receiver gave (Standard Webhooks), or use a secret without the 'whsec_' prefix"
    }

    /// `v1,<base64 HMAC-SHA256(key, "id.timestamp.body")>`.
    public static func signature(key: [UInt8], id: String, timestamp: Int, body: String) -> String {
        "v1," + Base64.encode(SHA256.hmac(key: key, message: Array("\(id).\(timestamp).\(body)".utf8)))
    }
}

extension JSONWriter {
    /// The fields every JSON view of an alert starts with: id, key,
    /// fine_tune, owner, task, generation, reason, base, urgency, date.
    public mutating func alertFields(_ a: Alert) {
        for c in AlertColumns.common {
            key(c.key)
            value(c.value(a))
        }
    }
}
