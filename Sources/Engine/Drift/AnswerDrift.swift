import Answering
import Foundation

/// Which answers a change to the knowledge base alters: the same questions asked of the current
/// build and of a candidate, and every answer whose status, cited document versions or text
/// differ, side by side (`grounded ingest --check`).
public struct AnswerDrift: Sendable, Codable {
    /// One answer as a knowledge manager compares it.
    public struct Side: Sendable, Codable, Equatable {
        /// `answered`, `declined` or `clarify`.
        public var status: String
        /// `documentID@version` of each citation, in order of first use.
        public var cited: [String]
        public var text: String

        public init(_ answer: GroundedAnswer) {
            status = answer.status.rawValue
            var seen: [String] = []
            for s in answer.sentences where !seen.contains(s.citation.documentID + "@" + s.citation.version) {
                seen.append(s.citation.documentID + "@" + s.citation.version)
            }
            cited = seen
            text = answer.sentences.map(\.text).joined(separator: " ")
        }
    }

    /// A question whose answer changes.
    public struct Change: Sendable, Codable {
        /// What changes, the most telling first: the status, the text, the documents cited, or
        /// only the versions cited (the same words from the document's new version).
        public enum Kind: String, Sendable, Codable { case status, text, sources, version }

        public var question: String
        /// The customer it was asked for, when the question file gave one.
        public var profile: CustomerProfile?
        public var kind: Kind
        public var current: Side
        public var candidate: Side

        public init(question: String, profile: CustomerProfile? = nil, current: Side, candidate: Side) {
            self.question = question
            self.profile = profile
            self.current = current
            self.candidate = candidate
            func documents(_ s: Side) -> [String] { s.cited.map { String($0.split(separator: "@").first ?? "") } }
            kind =
                current.status != candidate.status
                ? .status
                : current.text != candidate.text
                    ? .text : documents(current) != documents(candidate) ? .sources : .version
        }
    }

    /// The changes in what customers are told: every kind but `version`.
    public var material: [Change] { changes.filter { $0.kind != .version } }

    /// Questions asked.
    public var questions: Int
    public var changes: [Change]

    /// Asks every question of both engines, each for its customer and date when it has them.
    /// - Throws: the engines' errors.
    public init(questions: [Question], current: GroundedEngine, candidate: GroundedEngine) throws {
        self.questions = questions.count
        changes = try questions.compactMap { q in
            let a = Side(try current.ask(q.question, filter: q.filter))
            let b = Side(try candidate.ask(q.question, filter: q.filter))
            return a == b ? nil : Change(question: q.question, profile: q.profile, current: a, candidate: b)
        }
    }

    /// The questions of a JSONL file: each line's `question`, with its optional `profile` (the
    /// customer, as in the team's suite) and `asOf` date; other fields are ignored.
    /// - Throws: `DriftError` for an unreadable file, or naming the line that is not a question.
    public static func questions(in url: URL) throws -> [Question] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw DriftError("cannot read questions at \(url.path): \(error.localizedDescription)")
        }
        var out: [Question] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.contains(where: { !$0.isWhitespace }) {
            do { out.append(try JSONDecoder().decode(Question.self, from: Data(line.utf8))) } catch {
                throw DriftError(
                    "\(url.lastPathComponent):\(i + 1) is not a JSON object with a \"question\" string (and an "
                        + "optional \"profile\" object and \"asOf\" date): \(error)")
            }
        }
        guard !out.isEmpty else { throw DriftError("\(url.path) holds no questions") }
        return out
    }
}

/// A drift check that cannot run, and why.
public struct DriftError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
