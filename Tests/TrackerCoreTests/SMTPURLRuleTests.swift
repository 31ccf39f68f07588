import Testing
@testable import TrackerCore

/// `ChannelRules.smtpURLProblem` reads the authority of RFC 3986: a host
/// name, an IPv4 address or a bracketed IPv6 address, then an optional
/// port from 1 to 65535 (issue 12, defect 14a).
@Suite struct SMTPURLRuleTests {
    @Test(arguments: ["smtp://mail.example.com", "smtp://mail.example.com:587", "smtps://mail.example.com:465/",
                      "SMTP://Mail.Example.COM:25", "smtp://relay", "smtp://relay.:25", "smtp://127.0.0.1:2525",
                      "smtp://0.0.0.0:25", "smtp://[::1]", "smtp://[::1]:25", "smtp://[::]:25", "smtp://[1:2:3:4:5:6:7:8]:25",
                      "smtp://[1:2:3:4:5:6:7::]:25", "smtp://[::2:3:4:5:6:7:8]", "smtp://[::ffff:192.0.2.1]:25",
                      "smtp://[2001:DB8::1]:65535", "smtp://xn--bcher-kva.example:1", "smtp://a-b.c-d.example",
                      "smtp://" + String(repeating: "a", count: 63) + ".example"])
    func accepted(url: String) {
        #expect(ChannelRules.smtpURLProblem(url) == nil, "\(url)")
    }

    @Test(arguments: ["smtp://[::1", "smtp://[::1]x", "smtp://[::1]:", "smtp://[]", "smtp://[:]:25", "smtp://[:::]",
                      "smtp://[1::2::3]", "smtp://[1:2:3:4:5:6:7:8:9]", "smtp://[1:2:3:4:5:6:7]", "smtp://[12345::1]",
                      "smtp://[::g]", "smtp://[fe80::1%25eth0]", "smtp://[v1.x]", "smtp://[::1.2.3.4.5]", "smtp://[::1.2.3]",
                      "smtp://[1.2.3.4]", "smtp://::1", "smtp://host:0", "smtp://host:65536", "smtp://host:99999999",
                      "smtp://host:-1", "smtp://host:+25", "smtp://host: 25", "smtp://host:25:26", "smtp://host:", "smtp://:25",
                      "smtp://", "smtp:///", "smtp://-a.example", "smtp://a-.example", "smtp://a..example", "smtp://.example",
                      "smtp://a_b.example", "smtp://ex%61mple.com", "smtp://mäil.example", "smtp://1.2.3.256", "smtp://1.2.3",
                      "smtp://01.2.3.4", "smtp://1.2.3.4.", "smtp://1.2.3.4.5", "smtp://host/path", "smtp://host?x",
                      "smtp://host#x", "smtp://ho st", "smtp://host\r\n", "http://host", "smtp:/host",
                      "smtp://" + String(repeating: "a", count: 64) + ".example",
                      "smtp://" + String(repeating: "abcdefgh.", count: 29) + "example"])
    func refused(url: String) {
        #expect(ChannelRules.smtpURLProblem(url) != nil, "\(url) must be refused")
    }

    @Test func credentialsAreNamedAsSuch() {
        #expect(ChannelRules.smtpURLProblem("smtp://user:pw@[::1]:25")?.contains("credentials") == true)
    }
}
