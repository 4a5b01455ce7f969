import Foundation
import Routing

/// The public intent sets in `../shared/data/intents`, read into training and validation examples.
public enum IntentDatasets {
    /// banking77's `train.csv` split into training and a stratified validation share (seeded).
    public static func banking77(
        _ url: URL, validationShare: Double = 0.1, seed: UInt64 = 0
    ) throws
        -> (train: IntentExamples, validation: IntentExamples)
    {
        let all = try IntentExamples.load(contentsOf: url)
        let (train, validation) = all.split(holdingOut: validationShare, seed: seed)
        return (train, validation)
    }

    /// CLINC150 `data.json`: training = `train` + `oos_train` (as `outOfScopeIntent`),
    /// validation = `val`, out-of-scope validation = `oos_val`.
    public static func clinc150(
        _ url: URL, outOfScopeIntent: String
    ) throws
        -> (train: IntentExamples, validation: IntentExamples, outOfScope: IntentExamples)
    {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw IntentDataError(
                source: url.path, problem: "cannot read the file (\(error.localizedDescription)); check the path")
        }
        let object: [String: [[String]]]
        do { object = try JSONDecoder().decode([String: [[String]]].self, from: data) } catch {
            throw IntentDataError(
                source: url.path,
                problem: "expected CLINC150's data.json: an object of split → [[text, intent]] (\(error))")
        }
        func split(_ name: String, intent fixed: String? = nil) throws -> [IntentExamples.Example] {
            guard let rows = object[name] else {
                throw IntentDataError(source: url.path, problem: "has no `\(name)` split")
            }
            return try rows.map { row in
                guard row.count == 2 else {
                    throw IntentDataError(source: url.path, problem: "`\(name)` has an item that is not [text, intent]")
                }
                return IntentExamples.Example(text: row[0], intent: fixed ?? row[1])
            }
        }
        let source = url.path
        return (
            try IntentExamples(split("train") + split("oos_train", intent: outOfScopeIntent), source: source),
            try IntentExamples(split("val"), source: source),
            try IntentExamples(split("oos_val", intent: outOfScopeIntent), source: source)
        )
    }
}
