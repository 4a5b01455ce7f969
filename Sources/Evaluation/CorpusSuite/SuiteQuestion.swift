import Engine
import Foundation

/// One question of a team's own question suite (`Questions/corpus.jsonl`): what a customer
/// types, who they are and what the right outcome is.
///
/// A line reads `{"id", "kinds", "question", "conversation"?, "profile"?, "asOf"?,
/// "audiences"?, "expect": {"status", "documents"?, "anyDocument"?, "facts"?,
/// "saysUnanswered"?}}`; `Questions/README.md` describes each field.
public struct SuiteQuestion: Sendable, Codable, Hashable {
    /// The outcome a question must have.
    public struct Expectation: Sendable, Codable, Hashable {
        /// `answered`, `declined` or `clarify`.
        public var status: GroundedAnswer.Status
        /// Document ids the answer must cite: every one, or one of them with `anyDocument`.
        public var documents: [String]
        public var anyDocument: Bool
        /// Facts the answer's text must contain, case and spacing aside; a fact may list
        /// alternatives separated by ` | `, any of which will do.
        public var facts: [String]
        /// The question has a part the documents do not answer, and the answer must say so.
        public var saysUnanswered: Bool

        public init(
            status: GroundedAnswer.Status, documents: [String] = [], anyDocument: Bool = false,
            facts: [String] = [], saysUnanswered: Bool = false
        ) {
            self.status = status
            self.documents = documents
            self.anyDocument = anyDocument
            self.facts = facts
            self.saysUnanswered = saysUnanswered
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                status: try c.decode(GroundedAnswer.Status.self, forKey: .status),
                documents: try c.decodeIfPresent([String].self, forKey: .documents) ?? [],
                anyDocument: try c.decodeIfPresent(Bool.self, forKey: .anyDocument) ?? false,
                facts: try c.decodeIfPresent([String].self, forKey: .facts) ?? [],
                saysUnanswered: try c.decodeIfPresent(Bool.self, forKey: .saysUnanswered) ?? false)
        }
    }

    public var id: String
    /// What the question tests: `direct`, `paraphrase`, `typo`, `spacing`, `multi-part`,
    /// `follow-up`, `yes-no`, `table`, `dated`, `plan`, `region`, `internal`, `unanswerable`,
    /// `underspecified`…
    public var kinds: [String]
    public var question: String
    /// The turns before the question, oldest first.
    public var conversation: [ConversationTurn]
    public var profile: CustomerProfile?
    /// The date the question is asked on (`YYYY-MM-DD`); nil: the suite's date.
    public var asOf: String?
    /// Who asks: `public` (a customer, the default) or `public` and `internal` (an agent).
    public var audiences: [DocumentMetadata.Audience]
    public var expect: Expectation

    public init(
        id: String, kinds: [String], question: String, conversation: [ConversationTurn] = [],
        profile: CustomerProfile? = nil, asOf: String? = nil, audiences: [DocumentMetadata.Audience] = [.public],
        expect: Expectation
    ) {
        self.id = id
        self.kinds = kinds
        self.question = question
        self.conversation = conversation
        self.profile = profile
        self.asOf = asOf
        self.audiences = audiences
        self.expect = expect
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id),
            kinds: try c.decodeIfPresent([String].self, forKey: .kinds) ?? [],
            question: try c.decode(String.self, forKey: .question),
            conversation: try c.decodeIfPresent([ConversationTurn].self, forKey: .conversation) ?? [],
            profile: try c.decodeIfPresent(CustomerProfile.self, forKey: .profile),
            asOf: try c.decodeIfPresent(String.self, forKey: .asOf),
            audiences: try c.decodeIfPresent([DocumentMetadata.Audience].self, forKey: .audiences) ?? [.public],
            expect: try c.decode(Expectation.self, forKey: .expect))
    }

    /// The whole conversation the engine is asked: the earlier turns, then the question.
    public var turns: [ConversationTurn] { conversation + [ConversationTurn(role: .user, text: question)] }
}
