import QualityScoring
import ServiceDesk

/// The declared fields of every request body (see `JSONShape`). Each list is the type's
/// `Decodable` keys; a test decodes each route with a field too many and expects a 400 naming it.
extension AnswerRequest: RequestBody {
    static let shape = JSONShape.object([
        "message": .value, "channel": .value, "conversation": .array(.object(["role": .value, "text": .value])),
        "profile": profileShape, "customer": .map(.value), "asOf": .value, "explain": .value,
    ])

    static let profileShape = JSONShape.object([
        "name": .value, "plan": .value, "products": .array(.value), "region": .value, "locale": .value,
        "customerSince": .value, "consents": .array(.value),
    ])
}

extension GroundedService.EventRequest: RequestBody {
    static let shape = JSONShape.object(["customer": .map(.value), "type": .value, "data": .map(.value), "at": .value])
}

extension GroundedService.ReplyRequest: RequestBody {
    static let shape = JSONShape.object([
        "agent": .value, "text": .value, "channel": .value, "suggestionID": .value,
        "edited": .value,
    ])
}

extension GroundedService.FeedbackRequest: RequestBody {
    static let shape = JSONShape.object(["agent": .value, "action": .value, "text": .value])
}

extension GroundedService.GeneralFeedbackRequest: RequestBody {
    static let shape = JSONShape.object([
        "targetKind": .value, "targetID": .value, "who": .value, "rating": .value,
        "outcome": .value, "text": .value, "questionKind": .value,
    ])
}

extension GroundedService.FeedbackResetRequest: RequestBody {
    static let shape = JSONShape.object(["targetKind": .value, "targetID": .value, "reason": .value])
}

extension GroundedService.ConsentRequest: RequestBody {
    static let shape = JSONShape.object(["purpose": .value, "granted": .value, "source": .value])
}

extension GroundedService.RollbackRequest: RequestBody {
    static let shape = JSONShape.object(["reason": .value])
}

/// `POST /v1/qa/score` takes an answer to score, or an `AnswerResponse` exactly as `POST
/// /v1/answer` sent it: its other fields are known (and not scored), so a typo is still caught.
extension AnswerToScore: RequestBody {
    static let shape: JSONShape = {
        var fields: [String: JSONShape] = [
            "id": .value, "text": .value, "question": .value,
            "citations": .array(
                .object([
                    "number": .value, "documentID": .value, "version": .value, "start": .value, "end": .value,
                    "quote": .value, "title": .value,
                ])),
        ]
        for sent in ["status", "channel", "confidence", "verified", "link", "customerID", "conversationID"] {
            fields[sent] = .value
        }
        fields["messages"] = .array(.value)
        fields["handoff"] = .object(["reason": .value, "id": .value])
        fields["options"] = .array(.value)
        fields["shortAnswer"] = .object(["text": .value, "citation": .value, "start": .value, "end": .value])
        fields["explanation"] = .any
        fields["experiment"] = .object(["experiment": .value, "arm": .value, "stopped": .value])
        fields["delivery"] = .object(["purpose": .value, "requested": .value, "channel": .value, "reason": .value])
        return .object(fields)
    }()
}

extension GroundedService.AssignReview: RequestBody {
    static let shape = JSONShape.object(["reviewer": .value])
}

extension GroundedService.ResolveReview: RequestBody {
    static let shape = JSONShape.object(["verdict": .value, "note": .value])
}

extension GroundedService.StagedQuestion: RequestBody {
    static let shape = JSONShape.object(["question": .value, "profile": AnswerRequest.profileShape, "asOf": .value])
}

extension GroundedService.StagedDecision: RequestBody {
    static let shape = JSONShape.object(["reason": .value])
}
