import Testing
@testable import TrackerCore

/// Rules every writer applies: the trust order of date sources, the
/// lifecycle order, and channel settings.
@Suite("shared rules")
struct SharedRuleTests {
    @Test("date sources: manual > a provider's own list > a catalog")
    func trustOrder() {
        #expect(DateSource.manual.trust == .manual)
        #expect(DateSource("openai").trust == .provider)
        #expect(DateSource("anthropic").trust == .provider)
        #expect(DateSource.jobImport.trust == .provider)
        #expect(DateSource.litellm.trust == .catalog)
        #expect(DateSource.manual.trust > DateSource("gemini").trust)
        #expect(DateSource("ollama").trust > DateSource.litellm.trust)
        #expect(!(DateSource.litellm.trust > DateSource.litellm.trust))
        #expect(DateSource("manual").isManual && !DateSource("openai").isManual)
    }

    func base(released: String? = nil, deprecated: String? = nil, undated: Bool = false, shutdown: String? = nil) -> BaseVersion {
        BaseVersion(id: 0, ref: BaseRef("openai/gpt-x@1")!, modelID: "gpt-x-1", released: released.flatMap { Day(iso: $0) },
                    deprecation: undated ? .undated : deprecated.flatMap { Day(iso: $0) }.map { .on($0) } ?? .none,
                    shutdown: shutdown.flatMap { Day(iso: $0) }, successorID: nil)
    }

    @Test("lifecycle order: released ≤ deprecated ≤ shutdown, unknown dates never conflict")
    func lifecycleOrder() {
        #expect(LifecycleOrder.problem(base()) == nil)
        #expect(LifecycleOrder.problem(base(released: "2024-01-01", deprecated: "2024-06-01", shutdown: "2025-01-01")) == nil)
        #expect(LifecycleOrder.problem(base(released: "2024-01-01", deprecated: "2024-01-01", shutdown: "2024-01-01")) == nil, "same day is fine")
        #expect(LifecycleOrder.problem(base(released: "2024-01-01", undated: true, shutdown: "2024-02-01")) == nil)
        #expect(LifecycleOrder.problem(base(released: "2024-05-01", shutdown: "2024-01-01")) == "shutdown 2024-01-01 is before release 2024-05-01 for openai/gpt-x@1")
        #expect(LifecycleOrder.problem(base(released: "2024-05-01", deprecated: "2024-04-30"))?.hasPrefix("deprecation 2024-04-30 is before release") == true)
        #expect(LifecycleOrder.problem(base(deprecated: "2024-05-01", shutdown: "2024-04-01"))?.hasPrefix("shutdown 2024-04-01 is before deprecation") == true)
        #expect(throws: Failure.self) { try LifecycleOrder.check(base(released: "2024-05-01", shutdown: "2024-01-01"), kind: .data) }
    }

    func channel(_ kind: Channel.Kind, _ edit: (inout Channel) -> Void = { _ in }) -> Channel {
        var c = Channel(name: "ops", kind: kind, route: Route(), createdOn: Day(iso: "2026-01-01")!)
        switch kind {
        case .slack, .webhook: c.urlEnv = "OPS_URL"
        case .email:
            c.smtpURL = "smtp://relay.example:587"
            c.mailFrom = "tracker@example.com"
            c.mailTo = ["a@example.com", "b@example.com"]
        }
        edit(&c)
        return c
    }

    @Test("channel settings must fit the channel's kind and each value its rule")
    func channelRules() {
        #expect(ChannelRules.problem(channel(.slack)) == nil)
        #expect(ChannelRules.problem(channel(.webhook) { $0.secretFile = "/etc/tracker/secret" }) == nil)
        #expect(ChannelRules.problem(channel(.email)) == nil)
        #expect(ChannelRules.problem(channel(.slack) { $0.urlEnv = nil })?.contains("exactly one of url_env and url_file") == true)
        #expect(ChannelRules.problem(channel(.slack) { $0.urlFile = "/x" })?.contains("exactly one") == true)
        #expect(ChannelRules.problem(channel(.slack) { $0.secretEnv = "S" })?.contains("signing secret") == true)
        #expect(ChannelRules.problem(channel(.webhook) { $0.mailTo = ["a@example.com"] })?.contains("email settings") == true)
        #expect(ChannelRules.problem(channel(.webhook) { $0.urlEnv = "https://hooks.slack.com/x" }) == "url_env must be an environment variable name")
        #expect(ChannelRules.problem(channel(.webhook) { $0.urlEnv = nil; $0.urlFile = "https://x" }) == "url_file must be a file path (not a URL)")
        #expect(ChannelRules.problem(channel(.email) { $0.mailTo = [] })?.contains("at least one address") == true)
        #expect(ChannelRules.problem(channel(.email) { $0.mailTo = ["not an address"] }) == "to must be a list of email addresses")
        #expect(ChannelRules.problem(channel(.email) { $0.smtpURL = "smtp://u:secret@relay:25" })?.contains("secret") == false)
        #expect(ChannelRules.problem(channel(.email) { $0.smtpUser = "u" })?.contains("smtp_user goes together") == true)
        #expect(ChannelRules.problem(channel(.email) { $0.smtpURL = "smtps://relay:465"; $0.insecurePlaintext = true }) != nil)
        #expect(ChannelRules.problem(channel(.email) { $0.name = "a\u{1b}b" }) != nil)
    }
}
