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
    /// validation = `val`, out-of-scope validation = `oos_val`; or, with `test`, that file's
    /// `test` and `oos_test` splits instead of the validation ones.
    public static func clinc150(
        _ url: URL, outOfScopeIntent: String, test: URL? = nil
    ) throws
        -> (train: IntentExamples, validation: IntentExamples, outOfScope: IntentExamples)
    {
        let object = try splits(url)
        let source = url.path
        let train = try IntentExamples(
            split(object, "train", url) + split(object, "oos_train", url, intent: outOfScopeIntent), source: source)
        if let test {
            let scored = try splits(test)
            return (
                train, try IntentExamples(split(scored, "test", test), source: test.path),
                try IntentExamples(split(scored, "oos_test", test, intent: outOfScopeIntent), source: test.path)
            )
        }
        return (
            train, try IntentExamples(split(object, "val", url), source: source),
            try IntentExamples(split(object, "oos_val", url, intent: outOfScopeIntent), source: source)
        )
    }

    /// The splits of a CLINC150-format file: an object of split → [[text, intent]].
    private static func splits(_ url: URL) throws -> [String: [[String]]] {
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
        return object
    }

    /// The examples of split `name` (each labelled `fixed` when given).
    private static func split(
        _ object: [String: [[String]]], _ name: String, _ url: URL, intent fixed: String? = nil
    ) throws -> [IntentExamples.Example] {
        guard let rows = object[name] else {
            throw IntentDataError(
                source: url.path,
                problem: "has no `\(name)` split (it has: \(object.keys.sorted().joined(separator: ", ")))")
        }
        return try rows.map { row in
            guard row.count == 2 else {
                throw IntentDataError(source: url.path, problem: "`\(name)` has an item that is not [text, intent]")
            }
            return IntentExamples.Example(text: row[0], intent: fixed ?? row[1])
        }
    }
}
