import Foundation
import Retrieval

/// One question of a doc2dial-format file (`questions.jsonl`): the latest user turn, the
/// conversation so far, and the gold answer span in the gold document.
public struct Doc2DialQuestion: Sendable, Decodable {
    public struct Answer: Sendable, Decodable {
        public var text: String
        public var start: Int
        public var end: Int

        public init(text: String, start: Int, end: Int) {
            self.text = text
            self.start = start
            self.end = end
        }
    }
    public struct Turn: Sendable, Decodable {
        public var role: String
        public var text: String

        public init(role: String, text: String) {
            self.role = role
            self.text = text
        }
    }

    public var id: String
    public var dialogueID: String?
    public var turnID: Int
    public var documentID: String
    public var question: String
    public var history: [Turn]
    public var answer: Answer
    /// The question's domain (`dmv`, `va`…), as its documents' `domain` (read as `product`).
    public var domain: String?

    /// A single-turn question (the history is the question alone) unless `history` is given.
    public init(
        id: String, documentID: String, question: String, answer: Answer, history: [Turn]? = nil,
        dialogueID: String? = nil, turnID: Int = 1, domain: String? = nil
    ) {
        self.id = id
        self.documentID = documentID
        self.question = question
        self.answer = answer
        self.history = history ?? [Turn(role: "user", text: question)]
        self.dialogueID = dialogueID
        self.turnID = turnID
        self.domain = domain
    }

    enum CodingKeys: String, CodingKey {
        case id, question, history, answer, domain
        case turnID = "turn_id"
        case documentID = "doc_id"
        case dialogueID = "dial_id"
    }

    /// The conversation up to and including this question (the history ends with it).
    public var conversation: [ConversationTurn] {
        var turns = history.map { ConversationTurn(role: $0.role == "user" ? .user : .agent, text: $0.text) }
        if turns.last?.role != .user || turns.last?.text != question {
            turns.append(ConversationTurn(role: .user, text: question))
        }
        return turns
    }

    /// Whether this is the conversation's first user turn.
    public var isFirstTurn: Bool { turnID == 1 || history.filter { $0.role == "user" }.count <= 1 }

    /// Reads a JSONL file of questions.
    /// - Throws: `EvaluationError` naming the line that does not decode.
    public static func load(_ url: URL) throws -> [Doc2DialQuestion] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw EvaluationError("cannot read questions at \(url.path): \(error.localizedDescription)")
        }
        var out: [Doc2DialQuestion] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.contains(where: { !$0.isWhitespace }) {
            do { out.append(try JSONDecoder().decode(Doc2DialQuestion.self, from: Data(line.utf8))) } catch {
                throw EvaluationError(
                    "\(url.lastPathComponent):\(i + 1) is not a doc2dial question (id, turn_id, doc_id, question, "
                        + "history, answer {text, start, end}): \(error)"
                )
            }
        }
        guard !out.isEmpty else { throw EvaluationError("\(url.path) holds no questions") }
        return out
    }
}

/// An evaluation that cannot run, and why.
public struct EvaluationError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
