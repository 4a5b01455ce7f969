import Foundation
import Testing

@testable import Routing

@Suite("Intent example files")
struct IntentExamplesTests {
    @Test("JSON (intent → examples) and CSV (text, intent or category) read the same examples; csv() reads back")
    func formats() throws {
        let json = try IntentExamples.parseJSON(Data(#"{"b": ["two, with comma"], "a": ["one", "uno"]}"#.utf8))
        #expect(json.examples.map(\.intent) == ["a", "a", "b"])
        #expect(json.intents == ["a", "b"])
        let csv = try IntentExamples.parseCSV("text,category\none,a\nuno,a\n\"two, with comma\",b\n")
        #expect(csv == json)
        #expect(try IntentExamples.parseCSV(json.csv()) == json)
    }

    @Test("missing columns, empty texts, empty intents, unknown extensions and unreadable files are clear errors")
    func errors() throws {
        #expect(throws: IntentDataError.self) { try IntentExamples.parseCSV("message,label\nhi,a\n") }
        #expect(throws: IntentDataError(source: "CSV", problem: "example 1 (intent a) has no text")) {
            try IntentExamples.parseCSV("text,intent\n  ,a\n")
        }
        #expect(throws: IntentDataError(source: "CSV", problem: "example 2 has no intent")) {
            try IntentExamples.parseCSV("text,intent\nhi,a\nho,\n")
        }
        #expect(throws: IntentDataError.self) { try IntentExamples.parseJSON(Data(#"{"a": "not an array"}"#.utf8)) }
        #expect(throws: IntentDataError.self) { try IntentExamples.parseJSON(Data("{}".utf8)) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "intents-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let yaml = dir.appendingPathComponent("intents.yaml")
        try Data("a: [hi]".utf8).write(to: yaml)
        let error = try #require(throws: IntentDataError.self) { try IntentExamples.load(contentsOf: yaml) }
        #expect(error.description.contains("use .json"))
        #expect(throws: IntentDataError.self) {
            try IntentExamples.load(contentsOf: dir.appendingPathComponent("none.json"))
        }
    }

    @Test("a split holds out the share of every intent, disjointly, and the same seed gives the same split")
    func split() throws {
        let examples = try IntentExamples(
            (0..<100).map { IntentExamples.Example(text: "text \($0)", intent: $0 < 60 ? "a" : $0 < 99 ? "b" : "c") })
        let (kept, held) = examples.split(holdingOut: 0.2, seed: 3)
        #expect(held.examples.filter { $0.intent == "a" }.count == 12)
        #expect(held.examples.filter { $0.intent == "b" }.count == 8)
        #expect(held.examples.filter { $0.intent == "c" }.isEmpty, "an intent with one example keeps it")
        #expect(Set(kept.examples).isDisjoint(with: held.examples))
        #expect(kept.count + held.count == 100)
        #expect(examples.split(holdingOut: 0.2, seed: 3).held == held)
        #expect(examples.split(holdingOut: 0.2, seed: 4).held != held)
    }
}
