import Foundation
import GroundedCore
import Engine
import Knowledge
import Records

extension ServiceDesk {
    /// The customer's page for an archived answer (`AnswerPage`); nil for an unknown id.
    /// - Throws: `DatabaseError` when the archive cannot be read; a `DecodingError` when the
    ///   archived response is damaged.
    public func answerPage(id: String) throws -> AnswerPage? {
        guard let record = try store.answers.answer(id: id) else { return nil }
        let response = try JSONDecoder().decode(AnswerResponse.self, from: Data(record.body.utf8))
        let knowledge = engine.knowledge
        return AnswerPage(response, question: record.question, answeredOn: record.createdAt) { id, version in
            // Only what any customer may read is quoted around the span.
            guard let d = knowledge.document(id: id, version: version), d.metadata.audience == .public else {
                return nil
            }
            return (d.metadata.title, d.text)
        }
    }
}
