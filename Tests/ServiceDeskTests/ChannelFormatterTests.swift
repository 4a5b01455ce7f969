import Foundation
import Testing

@testable import ServiceDesk

@Suite("Channel formatting")
struct ChannelFormatterTests {
    let link = "https://help.example.com/v1/answers/ans_0123456789abcdef0123"
    let formatter = ChannelFormatter()

    @Test("a short answer is one SMS ending with the link")
    func shortSMS() {
        let messages = formatter.sms("Returns are accepted within 45 days.", link: link)
        #expect(messages == ["Returns are accepted within 45 days. " + link])
    }

    @Test(
        "a long answer splits at word boundaries into at most three 160-character messages, the last with the link",
        arguments: [200, 400, 2_000])
    func longSMS(words: Int) {
        let text = (0..<words).map { "word\($0 % 97)" }.joined(separator: " ")
        let messages = formatter.sms(text, link: link)
        #expect(messages.count >= 2 && messages.count <= 3)
        #expect(messages.allSatisfy { $0.count <= ChannelFormatter.smsLength }, "\(messages.map(\.count))")
        #expect(messages.last!.hasSuffix(" " + link) || messages.last! == link)
        let sent = messages.joined(separator: " ").replacingOccurrences(of: link, with: "")
        let words = sent.split(separator: " ").map { $0.replacingOccurrences(of: "…", with: "") }.filter { !$0.isEmpty }
        #expect(
            words.allSatisfy { $0.hasPrefix("word") && Int($0.dropFirst(4)).map { $0 < 97 } == true },
            "no word is cut in half")
        if words.count < text.split(separator: " ").count { #expect(messages.last!.contains("… ")) }
    }

    @Test("one word longer than a message is cut rather than lost")
    func longWord() {
        let messages = formatter.sms(String(repeating: "x", count: 300), link: link)
        #expect(messages.allSatisfy { $0.count <= ChannelFormatter.smsLength })
        #expect(messages.last!.hasSuffix(link))
    }

    @Test("speech text has no markup, bullets or links")
    func speakable() {
        let spoken = ChannelFormatter.speakable("**Returns** — see https://example.com or [the policy] | • 45 days")
        #expect(spoken == "Returns — see or the policy 45 days")
    }
}
