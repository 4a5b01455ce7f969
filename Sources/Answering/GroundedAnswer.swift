import Foundation
import GroundedCore
import Retrieval

/// One sentence of an answer and its citation.
public struct AnswerSentence: Sendable, Hashable, Codable {
    public var text: String
    public var citation: Citation
    /// How well the sentence answers the question, 0...1.
    public var score: Double
    /// Why it was chosen: its features (`SentenceFeatures.names` → value); `model` when a
    /// sentence model picked it; `answerability` when an answerability model judged it;
    /// `profileBoost` when its source was boosted for the customer.
    public var explanation: [String: Double] = [:]

    public init(text: String, citation: Citation, score: Double, explanation: [String: Double] = [:]) {
        self.text = text
        self.citation = citation
        self.score = score
        self.explanation = explanation
    }
}

/// A grounded answer, an honest decline, or a question back when the question is unclear.
public struct GroundedAnswer: Sendable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case answered, declined
        /// The question fits several documents equally and says too little to choose: the
        /// engine asks which one is meant (`clarification`).
        case clarify
    }

    public var question: String
    public var status: Status
    /// The answer's sentences, each quoting its source exactly; empty when declined.
    public var sentences: [AnswerSentence]
    /// 0...1: how strongly the best sentence is supported by the question's terms and meaning.
    public var confidence: Double
    /// Why the engine declined, when it did.
    public var declineReason: String?
    /// The same as a stable code, when it declined.
    public var declineCode: DeclineCode?
    /// The best sentences the composer weighed, best first, the chosen ones marked (at most
    /// `AnswerConfiguration.alternativesShown`): what an explanation shows as the alternatives.
    public var alternatives: [CandidateSentence] = []
    /// The chunks the answer was drawn from (or, for a decline, the closest ones found).
    public var sources: [SearchHit]
    /// Whether every citation was checked against its source before the answer left.
    public var verified: Bool
    /// The words that open the message for this customer (their name; their plan when a source
    /// was written for it), present only when their profile consents to personalisation. It
    /// states nothing from the documents, so it carries no citation.
    public var greeting: String?
    /// A question closing an answer ("Is there anything else I can help with?"), set by a reply
    /// variant; it states nothing from the documents, so it carries no citation.
    public var closing: String?
    /// Parts of a question of several parts that the documents do not answer, in the words the
    /// customer used; the message says so plainly. Empty when every part was answered.
    public var unansweredParts: [String] = []
    /// Words of the question read otherwise than typed (a misspelling corrected, "5GHz" read
    /// as "5 ghz"), so that an agent sees what the engine searched for.
    public var rewrites: [QueryNormalizer.Rewrite] = []
    /// For `clarify`: what the customer can choose between (product names, best first).
    public var options: [String] = []
    /// When the question asks for a short fact (a time, an amount, a number), the fact itself as
    /// an exact span inside one of `sentences` ("45 days" in "You can return most items within 45
    /// days of delivery."), verified like every citation; nil otherwise.
    public var shortAnswer: Citation?

    public init(
        question: String, status: Status, sentences: [AnswerSentence], confidence: Double, declineReason: String?,
        sources: [SearchHit], verified: Bool, greeting: String? = nil
    ) {
        self.question = question
        self.status = status
        self.sentences = sentences
        self.confidence = confidence
        self.declineReason = declineReason
        self.sources = sources
        self.verified = verified
        self.greeting = greeting
    }

    /// The customer-facing message: the greeting, then sentences with numbered citation
    /// markers and what was not answered, or the decline.
    public var message: String {
        let body: String
        switch status {
        case .answered:
            body =
                (sentences.enumerated().map { "\($1.readableText) [\($0 + 1)]" }
                + [unansweredNote, closing].compactMap { $0 })
                .joined(separator: " ")
        case .declined: body = declineMessage
        case .clarify: body = clarifyingQuestion
        }
        return greeting.map { "\($0) \(body)" } ?? body
    }

    /// What a decline says. The engine's: the documents do not answer it, and the customer can go
    /// on or ask for a person (`notFound` + `personOffer`); a service that hands the conversation
    /// over says so instead.
    public var declineMessage = GroundedAnswer.notFound + " " + GroundedAnswer.personOffer

    /// "Which do you mean: Lumen Glow, Lumen Eye or Lumen Hub?"
    public var clarifyingQuestion: String {
        guard let last = options.last else { return "Could you say a little more about what you mean?" }
        let list = options.count == 1 ? last : options.dropLast().joined(separator: ", ") + " or " + last
        return "Which do you mean: \(list)?"
    }

    public static let notFound = "I couldn't find this in our knowledge base."
    public static let personOffer = "You can ask it another way, or ask for a person and I'll pass you to our team."

    /// The sentence that names the parts of the question the documents do not answer.
    public var unansweredNote: String? {
        guard !unansweredParts.isEmpty else { return nil }
        let parts = unansweredParts.map { "\"\($0.trimmingCharacters(in: CharacterSet(charactersIn: "?!. ")))\"" }
        return "I couldn't find an answer to \(parts.joined(separator: " or ")) in our knowledge base."
    }
}

extension GroundedAnswer {
    /// The sentences' citations numbered from 1, as the message marks them.
    public var numberedCitations: [Citation] {
        sentences.enumerated().map { i, sentence in
            var citation = sentence.citation
            citation.number = i + 1
            return citation
        }
    }
}
