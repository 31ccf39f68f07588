import Foundation
import Testing
import TrackerTestKit

/// Issue 12, defect 14a: `channel add email --smtp` parses the authority
/// (host name, IPv4 or bracketed IPv6, optional port 1-65535) and refuses
/// the rest at add time.
@Suite struct SMTPURLTests {
    /// `--smtp smtp://[::1` and other malformed authorities are refused at add time.
    @Test(arguments: ["smtp://[::1", "smtp://[::1]x", "smtp://[::1]:", "smtp://[::g]:25", "smtp://[1:2:3:4:5:6:7:8:9]",
                      "smtp://host:0", "smtp://host:65536", "smtp://host:25:26", "smtp://host:abc", "smtp://ho st",
                      "smtp://-host.example", "smtp://host_name.example", "smtp://1.2.3.256", "smtp://1.2.3",
                      "smtp://exa mple.com", "smtp://example.com?x", "smtp://example.com/path", "smtp://", "smtp://:25",
                      "smtp://[fe80::1%25eth0]:25", "smtp://ex%61mple.com", "smtps://[::1]]:465"])
    func malformedSMTPURLsAreRefused(url: String) throws {
        let s = try Sandbox()
        let r = try s.run(["channel", "add", "email", "mail", "--smtp", url, "--from", "a@example.com", "--to", "b@example.com"])
        expectFailure(r, 64, "--smtp ")
        if s.exists() {
            #expect(try s.run(["channel", "list", "--format", "json"]).json().objects("channels").isEmpty)
        }
    }

    @Test(arguments: ["smtp://[::1]", "smtp://[::1]:2525", "smtps://[2001:db8::1]:465", "smtp://[::ffff:127.0.0.1]:25",
                      "smtp://127.0.0.1:25", "smtp://mail.example.com:587/", "smtp://relay", "smtps://MAIL.Example.COM.:465"])
    func wellFormedSMTPURLsAreAccepted(url: String) throws {
        let s = try Sandbox()
        let r = try s.run(["channel", "add", "email", "mail", "--smtp", url, "--from", "a@example.com", "--to", "b@example.com"])
        #expect(r.status == 0, "\(url): \(r)")
    }
}
