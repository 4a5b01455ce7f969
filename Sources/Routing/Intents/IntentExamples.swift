import Foundation
import GroundedCore

/// Labelled example messages, one intent each: the file a service team edits to teach the router.
///
/// Two file formats are read (`load(contentsOf:)` picks by extension):
/// - `.json`: an object of intent → array of example texts, `{"card_arrival": ["Where is my card?"]}`;
/// - `.csv`: a header naming a `text` column and an `intent` (or `category`) column, then one
///   example per row; quoted fields may span lines.
///
/// Thread safety: an immutable value.
public struct IntentExamples: Sendable, Equatable {
    /// One labelled message.
    public struct Example: Sendable, Hashable {
        public let text: String
        public let intent: String
        public init(text: String, intent: String) {
            self.text = text
            self.intent = intent
        }
    }

    public let examples: [Example]

    /// - Throws: `IntentDataError` when an example's text or intent is empty.
    public init(_ examples: [Example], source: String = "examples") throws {
        for (i, e) in examples.enumerated() {
            if e.intent.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw IntentDataError(source: source, problem: "example \(i + 1) has no intent")
            }
            if e.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw IntentDataError(source: source, problem: "example \(i + 1) (intent \(e.intent)) has no text")
            }
        }
        self.examples = examples
    }

    /// The intents named by the examples, sorted.
    public var intents: [String] { Array(Set(examples.map(\.intent))).sorted() }

    public var count: Int { examples.count }

    /// Reads a `.json` or `.csv` examples file.
    /// - Throws: `IntentDataError` naming the file and what to fix.
    public static func load(contentsOf url: URL) throws -> IntentExamples {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw IntentDataError(
                source: url.path, problem: "cannot read the file (\(error.localizedDescription)); check the path")
        }
        switch url.pathExtension.lowercased() {
        case "json": return try parseJSON(data, source: url.path)
        case "csv":
            guard let text = String(data: data, encoding: .utf8) else {
                throw IntentDataError(source: url.path, problem: "the file is not UTF-8 text")
            }
            return try parseCSV(text, source: url.path)
        default:
            throw IntentDataError(
                source: url.path, problem: "unknown extension; use .json (intent → examples) or .csv (text,intent)")
        }
    }

    /// Parses `{"intent": ["example", …], …}`; intents in key order, sorted.
    public static func parseJSON(_ data: Data, source: String = "JSON") throws -> IntentExamples {
        let object: [String: [String]]
        do { object = try JSONDecoder().decode([String: [String]].self, from: data) } catch {
            throw IntentDataError(
                source: source, problem: "expected an object of intent → array of example texts (\(error))")
        }
        let examples = object.keys.sorted().flatMap { intent in
            object[intent]!.map { Example(text: $0, intent: intent) }
        }
        guard !examples.isEmpty else { throw IntentDataError(source: source, problem: "no examples") }
        return try IntentExamples(examples, source: source)
    }

    /// Parses CSV with a `text` column and an `intent` or `category` column.
    public static func parseCSV(_ text: String, source: String = "CSV") throws -> IntentExamples {
        let table: CSVTable
        do { table = try CSVTable(parsing: text, source: source) } catch let error as CSVError {
            throw IntentDataError(source: source, problem: "line \(error.line): \(error.problem)")
        }
        guard let textColumn = table.column("text"),
            let intentColumn = table.column("intent") ?? table.column("category")
        else {
            throw IntentDataError(
                source: source,
                problem:
                    "the header needs a `text` column and an `intent` (or `category`) column; it has \(table.columns)")
        }
        let examples = table.rows.map { Example(text: $0[textColumn], intent: $0[intentColumn]) }
        guard !examples.isEmpty else { throw IntentDataError(source: source, problem: "no examples") }
        return try IntentExamples(examples, source: source)
    }

    /// The examples as CSV with a `text,intent` header, every field quoted (`parseCSV` reads it back).
    public func csv() -> String {
        func quote(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        return "text,intent\n" + examples.map { quote($0.text) + "," + quote($0.intent) + "\n" }.joined()
    }
}

/// Intent examples or a model that cannot be used: which input, and what to do.
public struct IntentDataError: Error, CustomStringConvertible, Sendable, Equatable {
    public let source: String
    public let problem: String
    public init(source: String, problem: String) {
        self.source = source
        self.problem = problem
    }
    public var description: String { "\(source): \(problem)" }
}
