import Answering
import Customers
import Evaluation
import Foundation
import Governance
import GroundedCore
import GroundedTesting
import HTTPTypes
import HummingbirdTesting
import NIOCore
import QualityScoring
import Records
import ServiceDesk
import Testing

@testable import Server

@Suite("QA scoring over HTTP")
struct QAAPITests {
    @Test("an answer the API sent scores as supported; the same answer with its number changed is contradicted")
    func scoreOwnAnswer() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let answer = try (try await client.post("/v1/answer", json: AnswerAPITests.question)).decode(
                AnswerResponse.self)
            let body = String(decoding: try JSONEncoder().encode(answer), as: UTF8.self)
            let good = try (try await client.post("/v1/qa/score", json: body)).decode(QualityReport.self)
            #expect(good.scoreable && !good.flaggedForReview && (good.score ?? 0) >= 0.9, "\(good.notes)")

            var tampered = answer
            tampered.text = answer.text.replacingOccurrences(of: "45", with: "90")
            #expect(tampered.text != answer.text)
            let bad = try
                (try await client.post(
                    "/v1/qa/score", json: String(decoding: try JSONEncoder().encode(tampered), as: UTF8.self)))
                .decode(QualityReport.self)
            #expect(bad.flaggedForReview && bad.sentences.contains { $0.verdict == .contradicted })
            let metrics = try await client.get("/metrics").text
            #expect(metrics.contains("grounded_qa_scored_total 3"), "the answer itself, and two scoring requests")
        }
    }

    @Test(
        "malformed scoring requests get 400 naming the problem",
        arguments: [
            ("{nope", "not valid JSON"), (#"{"citations": []}"#, "text"),
            (#"{"text": "", "citations": []}"#, "text must hold"),
            (#"{"text": "x", "citations": [{"documentID": "a"}]}"#, "start"),
            (
                #"""
                {"text": "x [1]", "citations": [{"number": 1, "documentID": "a", "start": 0, "end": 1}, {"number": \#
                1, "documentID": "b", "start": 0, "end": 1}]}
                """#,
                "more than one citation"
            ),
        ])
    func malformed(body: String, phrase: String) async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let response = try await client.post("/v1/qa/score", json: body)
            #expect(response.status == .badRequest)
            let message = try BadInputTests.error(response).message
            #expect(message.contains(phrase), "\(message)")
        }
    }

    @Test("a bot answer the scorer flags is queued for review with its reasons; a sound one is not")
    func reviewQueue() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let answer = try (try await client.post("/v1/answer", json: AnswerAPITests.question)).decode(
                AnswerResponse.self)
            #expect(try fixture.service.store.answers.reviews().isEmpty)
            // The same answer as if the bot had garbled a citation: its quote no longer matches the source.
            var garbled = answer
            garbled.id = "ans_garbled"
            garbled.citations[0].quote = "Anything can be returned at any time."
            try fixture.service.desk.archive(garbled, question: "How long do I have to return an item?")
            try fixture.service.desk.reviewIfFlagged(garbled)
            let queue = try await client.get("/v1/qa/reviews").decode(ReviewListBody.self).reviews
            #expect(queue.map(\.answerID) == ["ans_garbled"])
            #expect(queue[0].reasons.contains { $0.contains("not real") })
        }
    }

    struct ReviewListBody: Decodable { let reviews: [ReviewItem] }
}

@Suite("The level-2 review queue")
struct ReviewQueueAPITests {
    @Test("a flagged answer is assigned, resolved once with a verdict and a note, audited, and exported as a label")
    func queue() async throws {
        let fixture = try ServerFixture()
        let qa = try fixture.key(.qa, person: "quinn@example.com")
        try await fixture.test { client in
            let answer = try await client.post(
                "/v1/answer", json: #"{"message": "How long do I have to return an item?"}"#
            ).decode(AnswerResponse.self)
            try fixture.service.store.answers.flagForReview(answerID: answer.id, score: 0.4, reasons: ["test"])
            func post(_ uri: String, _ body: String, key: String? = nil) async throws -> TestResponse {
                var headers: HTTPFields = [.contentType: "application/json"]
                if let key { headers[.authorization] = "Bearer \(key)" }
                return try await client.execute(
                    uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
            }
            #expect(try await client.get("/v1/qa/reviews").text.contains(answer.id))
            let assigned = try await post("/v1/qa/reviews/\(answer.id)/assign", #"{"reviewer": "quinn@example.com"}"#)
            #expect(assigned.status == .ok && assigned.text.contains(#""state":"assigned""#), "\(assigned.text)")
            #expect(try await client.get("/v1/qa/reviews?state=assigned").text.contains(answer.id))
            let noNote = try await post("/v1/qa/reviews/\(answer.id)/resolve", #"{"verdict": "harmful"}"#, key: qa)
            #expect(noNote.status == .badRequest && noNote.text.contains("needs a note"))
            let resolved = try await post(
                "/v1/qa/reviews/\(answer.id)/resolve", #"{"verdict": "incorrect", "note": "Plus members get 60 days"}"#,
                key: qa)
            #expect(resolved.status == .ok && resolved.text.contains(#""verdict":"incorrect""#), "\(resolved.text)")
            #expect(resolved.text.contains(#""resolvedBy":"quinn@example.com""#), "the caller is the reviewer")
            let again = try await post("/v1/qa/reviews/\(answer.id)/resolve", #"{"verdict": "correct"}"#, key: qa)
            #expect(again.status == .badRequest && again.text.contains("resolved"))
            #expect(try await post("/v1/qa/reviews/ans_none/assign", #"{"reviewer": "x"}"#).status == .notFound)
            #expect(
                try await post("/v1/qa/reviews/\(answer.id)/resolve", #"{"verdict": "meh"}"#, key: qa).status
                    == .badRequest)
            let export = try await client.get("/v1/qa/reviews/export")
            let lines = String(buffer: export.body).split(separator: "\n")
            #expect(lines.count == 1 && export.headers[.contentType]?.hasPrefix("application/x-ndjson") == true)
            let example = try JSONDecoder().decode(ReviewExample.self, from: Data(lines[0].utf8))
            #expect(example.question == "How long do I have to return an item?" && example.verdict == .incorrect)
            #expect(example.answer.id == answer.id && example.note == "Plus members get 60 days")
            // `grounded train --reviews` reads the same line as a labelled example.
            let label = try JSONDecoder().decode(ReviewedAnswer.self, from: Data(lines[0].utf8))
            #expect(label.verdict == .incorrect && label.question == example.question)
            #expect(label.answer.citations == answer.citations && label.answer.status == "answered")
            let audit = try fixture.service.store.audit.entries().filter { $0.subject == answer.id }.map(\.action)
            #expect(audit.contains("review-assign") && audit.contains("review-resolve"))
        }
    }
}
