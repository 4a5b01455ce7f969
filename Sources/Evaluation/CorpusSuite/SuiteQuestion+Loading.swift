import Foundation
import GroundedCore

/// A question file that cannot be read, with the line that failed.
public struct SuiteFileError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var line: Int
    public var reason: String

    public var description: String {
        "\(path):\(line): \(reason) — each line must be one question as Questions/README.md describes"
    }
}

extension SuiteQuestion {
    /// The questions of a JSONL file, one per non-empty line, in file order.
    /// - Throws: `SuiteFileError` naming the first line that is not a question, or a duplicate id.
    public static func load(_ url: URL) throws -> [SuiteQuestion] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw SuiteFileError(
                path: url.path, line: 0, reason: "cannot be read as UTF-8 (\(error.localizedDescription))")
        }
        var questions: [SuiteQuestion] = []
        var ids: Set<String> = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let question: SuiteQuestion
            do {
                question = try JSONDecoder().decode(SuiteQuestion.self, from: Data(line.utf8))
            } catch let error as DecodingError {
                throw SuiteFileError(path: url.path, line: number + 1, reason: error.fieldDescription)
            }
            guard ids.insert(question.id).inserted else {
                throw SuiteFileError(path: url.path, line: number + 1, reason: "duplicate id `\(question.id)`")
            }
            questions.append(question)
        }
        return questions
    }
}
