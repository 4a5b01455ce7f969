import Engine
import Foundation

/// One MTRAG-UN generation task: a conversation ending on a user turn, the passages that answer
/// it (none for an unanswerable one), a reference answer and a human answerability label.
public struct MTRAGTask: Sendable, Decodable {
    public struct Passage: Sendable, Decodable {
        public var documentID: String
        public var title: String?
        public var text: String

        enum CodingKeys: String, CodingKey {
            case documentID = "document_id"
            case title, text
        }
    }

    struct Turn: Decodable {
        var speaker: String
        var text: String
    }
    struct Target: Decodable { var text: String }

    public var id: String
    public var collection: String
    /// ANSWERABLE, PARTIAL, UNDERSPECIFIED or UNANSWERABLE.
    public var label: String
    public var contexts: [Passage]
    public var conversation: [ConversationTurn]
    public var reference: String

    enum CodingKeys: String, CodingKey {
        case id = "task_id"
        case collection = "Collection"
        case label = "answerability"
        case contexts, input, targets
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        collection = try c.decodeIfPresent(String.self, forKey: .collection) ?? ""
        label = try c.decode([String].self, forKey: .label).first ?? ""
        contexts = try c.decodeIfPresent([Passage].self, forKey: .contexts) ?? []
        conversation = try c.decode([Turn].self, forKey: .input).map {
            ConversationTurn(role: $0.speaker == "user" ? .user : .agent, text: $0.text)
        }
        reference = try c.decodeIfPresent([Target].self, forKey: .targets)?.first?.text ?? ""
    }

    /// The tasks of a reference file, one JSON object a line.
    /// - Throws: `EvaluationError` naming the line that is not a task.
    public static func load(_ url: URL) throws -> [MTRAGTask] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw EvaluationError("cannot read MTRAG tasks at \(url.path): \(error.localizedDescription)")
        }
        var tasks: [MTRAGTask] = []
        for (i, line) in text.split(separator: "\n").enumerated() where line.contains(where: { !$0.isWhitespace }) {
            do { tasks.append(try JSONDecoder().decode(MTRAGTask.self, from: Data(line.utf8))) } catch {
                throw EvaluationError(
                    "\(url.lastPathComponent):\(i + 1) is not an MTRAG task (task_id, input, answerability, contexts, "
                        + "targets): \(error)"
                )
            }
        }
        guard !tasks.isEmpty else { throw EvaluationError("\(url.path) holds no tasks") }
        return tasks
    }
}
