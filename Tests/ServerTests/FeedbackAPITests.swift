import Customers
import Foundation
import GroundedCore
import Retrieval
import GroundedTesting
import HummingbirdTesting
@testable import Server
import Testing

@Suite("Feedback over HTTP")
struct FeedbackAPITests {
    @Test("thumbs-down on an answer, repeated, moves the next answer to the same kind of question off the chunk it cited")
    func thumbsDownChangesRanking() async throws {
        let fixture = try RouteAPITests.fixture()
        try await fixture.test { client in
            let question = #"{"message": "How long do I have to return an item?"}"#
            let first = try (try await client.post("/v1/answer", json: question)).decode(AnswerResponse.self)
            let cited = try #require(first.citations.first)
            for agent in ["ana", "ben", "cy", "dee", "eve"] {
                let response = try await client.post("/v1/feedback", json: """
                    {"targetKind": "answer", "targetID": "\(first.id)", "who": "\(agent)", "rating": "down", "text": "wrong section"}
                    """)
                #expect(response.status == .ok)
                #expect(response.text.contains(#""questionKind":"return_item""#), "\(response.text)")
            }
            let priors = try fixture.service.store.chunkPriors()
            let votes = priors.votes(documentID: cited.documentID, version: cited.version,
                                     span: .init(start: cited.start, end: cited.end), kind: "return_item")
            #expect(votes.down >= 5 && votes.up == 0)
            let second = try (try await client.post("/v1/answer", json: question)).decode(AnswerResponse.self)
            #expect(second.citations.first.map { "\($0.documentID)@\($0.start)" } != "\(cited.documentID)@\(cited.start)",
                    "the answer still leads with the chunk voted down: \(second.text)")
            let records = try fixture.service.store.feedback(on: .answer, id: first.id)
            #expect(records.count == 5 && records.allSatisfy { $0.rating == .down && $0.questionKind == "return_item" })
        }
    }

    @Test("feedback on an unknown answer is 404; without a rating, outcome or text it is 400")
    func badFeedback() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let unknown = try await client.post("/v1/feedback", json: #"{"targetKind": "answer", "targetID": "ans_none", "who": "ana", "rating": "up"}"#)
            #expect(unknown.status == .notFound)
            let empty = try await client.post("/v1/feedback", json: #"{"targetKind": "chunk", "targetID": "x@1[0, 5)", "who": "ana"}"#)
            #expect(empty.status == .badRequest)
            let planet = try await client.post("/v1/feedback", json: #"{"targetKind": "planet", "targetID": "x", "who": "ana", "rating": "up"}"#)
            #expect(planet.status == .badRequest)
        }
    }
}
