import Customers
import Engine
import Foundation
import GroundedTesting
import HTTPTypes
import HummingbirdTesting
import NIOFoundationEssentialsCompat
import Server
import ServiceDesk
import Testing

@Suite("Answer API")
struct AnswerAPITests {
    static let question = #"{"message": "How long do I have to return an item?", "channel": "chat"}"#

    @Test("health and readiness report the open index")
    func health() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let health = try await client.get("/health")
            #expect(health.status == .ok && health.text.contains("\"ok\""))
            let ready = try await client.get("/ready")
            #expect(ready.status == .ok)
            let chunks =
                try #require(try JSONSerialization.jsonObject(with: Data(buffer: ready.body)) as? [String: Any])[
                    "chunks"] as? Int
            #expect(chunks == CorpusFixture.engine.knowledge.chunks.count)
        }
    }

    @Test("a question that fits several products is asked back with the options as data; an answer has none")
    func clarifyOptions() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let vague = try await client.post(
                "/v1/answer", json: #"{"message": "How do I reset it?", "channel": "chat"}"#
            )
            .decode(AnswerResponse.self)
            #expect(vague.status == .clarify && vague.citations.isEmpty && vague.handoff == nil, "\(vague.text)")
            let options = try #require(vague.options)
            #expect(options.count >= 2 && options.allSatisfy { vague.text.contains($0) }, "\(options)")
            let clear = try await client.post("/v1/answer", json: Self.question)
            #expect(try clear.decode(AnswerResponse.self).options == nil)
            #expect(!clear.text.contains("\"options\""), "the field is left out, not null")
        }
    }

    @Test(
        """
        a question for a short fact carries it alone, an exact span inside its numbered citation; a yes/no question \
        does not
        """
    )
    func shortAnswer() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let answer = try await client.post("/v1/answer", json: Self.question).decode(AnswerResponse.self)
            let short = try #require(answer.shortAnswer, "\(answer.text)")
            #expect(short.text == "45 days")
            let citation = try #require(answer.citations.first { $0.number == short.citation })
            #expect(citation.start <= short.start && short.end <= citation.end)
            let document = try #require(
                CorpusFixture.engine.knowledge.documents.values.first {
                    $0.metadata.id == citation.documentID && $0.metadata.version == citation.version
                })
            #expect(document.text.slice(TextSpan(start: short.start, end: short.end)) == short.text)
            let yesNo = try await client.post(
                "/v1/answer", json: #"{"message": "Can I return an item within 45 days?", "channel": "chat"}"#)
            #expect(try yesNo.decode(AnswerResponse.self).shortAnswer == nil)
            #expect(!yesNo.text.contains("\"shortAnswer\""), "the field is left out, not null")
        }
    }

    @Test("an answer over chat cites exact spans, and the archived copy is the same answer")
    func chatAnswer() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let response = try await client.post("/v1/answer", json: Self.question)
            #expect(response.status == .ok)
            let answer = try response.decode(AnswerResponse.self)
            #expect(answer.status == .answered && answer.verified && answer.handoff == nil)
            #expect(answer.messages.count == 1 && answer.messages[0].contains("[1]"))
            #expect(!answer.citations.isEmpty)
            let knowledge = CorpusFixture.engine.knowledge
            for c in answer.citations {
                let document = try #require(knowledge.document(id: c.documentID, version: c.version))
                #expect(
                    document.text.slice(TextSpan(start: c.start, end: c.end)) == c.quote,
                    "citation \(c.number) is exact")
            }
            #expect(answer.link == "https://help.example.com/a/\(answer.id)")

            let archived = try await client.get("/v1/answers/\(answer.id)")
            #expect(archived.status == .ok)
            let copy = try archived.decode(AnswerResponse.self)
            #expect(copy.id == answer.id && copy.text == answer.text && copy.citations == answer.citations)
        }
    }

    @Test(
        """
        each channel gets its own form: SMS in 160-character messages with a link, voice without markup, email with \
        sources
        """
    )
    func channels() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            func ask(_ channel: String) async throws -> AnswerResponse {
                let body = #"{"message": "How long do I have to return an item?", "channel": "\#(channel)"}"#
                let response = try await client.post("/v1/answer", json: body)
                #expect(response.status == .ok)
                return try response.decode(AnswerResponse.self)
            }
            let sms = try await ask("sms")
            #expect(sms.status == .answered)
            #expect(sms.messages.allSatisfy { $0.count <= 160 }, "\(sms.messages)")
            #expect(sms.messages.last?.hasSuffix(sms.link) == true)
            #expect(!sms.messages.joined().contains("[1]"))
            let voice = try await ask("voice")
            #expect(voice.messages.count == 1)
            #expect(!voice.messages[0].contains("[") && !voice.messages[0].contains("://"))
            let email = try await ask("email")
            #expect(email.messages[0].contains("Sources:\n[1] "))
            #expect(
                sms.citations == voice.citations && voice.citations == email.citations,
                "formatting never changes what is cited")
        }
    }

    @Test("a question the documents do not answer is declined with a handoff")
    func decline() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let response = try await client.post(
                "/v1/answer", json: #"{"message": "Do you repair electric scooters?"}"#)
            let answer = try response.decode(AnswerResponse.self)
            #expect(answer.status == .declined && answer.citations.isEmpty && answer.channel == .chat)
            #expect(answer.handoff?.reason.isEmpty == false)
        }
    }

    @Test("conversation history and the profile reach the engine")
    func conversationAndProfile() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let body = """
                {"message": "How many days do I have to return it?",
                 "conversation": [{"role": "user", "text": "I want to return an item"}],
                 "profile": {"name": "Alex", "region": "GB", "consents": ["personalization"]}}
                """
            let answer = try (try await client.post("/v1/answer", json: body)).decode(AnswerResponse.self)
            #expect(answer.status == .answered)
            #expect(answer.text.hasPrefix("Hi Alex"))
            #expect(
                answer.citations.contains { $0.documentID == "returns-policy-uk" },
                "\(answer.citations.map(\.documentID))")
            #expect(
                !answer.citations.contains { $0.documentID == "returns-policy" }, "the US policy does not apply in GB")
        }
    }
}
