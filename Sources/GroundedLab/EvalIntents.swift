import ArgumentParser
import CommandLineOptions
import Embeddings
import Evaluation
import Foundation
import Routing

/// `grounded-lab eval intents`: the intent classifier on banking77 and CLINC150, beside the peer
/// (scikit-learn TF-IDF + logistic regression, `Tools/intent_peers.py`) trained and scored on the
/// same exported splits in the same run.
struct EvalIntents: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intents",
        abstract:
            "Intent accuracy and macro-F1 (banking77), in-scope accuracy and out-of-scope recall (CLINC150), beside "
            + "scikit-learn."
    )

    @Option(name: .long, help: "banking77's train.csv (text,category); a stratified share is held out for validation.")
    var banking77 = "../shared/data/intents/banking77/train.csv"

    @Option(name: .long, help: "CLINC150's data.json (train, oos_train, val, oos_val).")
    var clinc150 = "../shared/data/intents/clinc150/data.json"

    @Option(
        name: .customLong("banking77-test"),
        help: "banking77's test.csv: train on the whole training file and score on it (default: a validation split).")
    var banking77Test: String?

    @Option(
        name: .customLong("clinc150-test"),
        help: "A JSON file with CLINC150's `test` and `oos_test` splits, scored instead of `val` and `oos_val`.")
    var clinc150Test: String?

    @Option(
        name: .long,
        help: "Your own training examples (JSON or CSV; out-of-scope ones under `out_of_scope`); needs --test.")
    var train: String?

    @Option(name: .long, help: "Your own held-out examples, in the same format, scored as a third set; needs --train.")
    var test: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Sentence embeddings beside the lexical features: none, builtin (fitted on the training texts) or minilm.",
            valueName: "kind"))
    var embedder: IntentEmbedderOption = .minilm

    @Option(name: .long, help: "The MiniLM model folder.")
    var model = MiniLMEmbedder.defaultDirectory

    @Option(name: .long, help: "Share of banking77 held out for validation.")
    var validationShare = 0.1

    @Option(name: .long, help: "Seed of the banking77 split.")
    var seed: UInt64 = 0

    @Option(name: .long, help: "Training passes.")
    var epochs = IntentConfiguration().epochs

    @Option(name: .long, help: "AdaGrad's base step.")
    var learningRate = IntentConfiguration().learningRate

    @Option(name: .long, help: "Scale of the sentence embedding beside the lexical features.")
    var embeddingWeight = IntentConfiguration().embeddingWeight

    @Option(name: .long, help: "Nearest training examples that vote on an intent (with an embedder); 0: none.")
    var neighborVotes = IntentConfiguration().neighborVotes

    @Option(name: .long, help: "Drop n-grams seen in fewer training examples.")
    var minimumDocumentFrequency = IntentConfiguration().minimumDocumentFrequency

    @Option(
        name: .long,
        help:
            """
            The threshold rejects at most this share of in-scope training examples out of fold, for ours and the \
            peer; `balanced` maximises (in-scope accuracy + out-of-scope recall) / 2 instead.
            """
    )
    var maxInScopeRejection: String = IntentConfiguration().maxInScopeRejection.map { String($0) } ?? "balanced"

    var rejectionBudget: Double? { Double(maxInScopeRejection) }

    func validate() throws {
        if (train == nil) != (test == nil) { throw ValidationError("--train and --test go together") }
        if maxInScopeRejection != "balanced", rejectionBudget == nil {
            throw ValidationError("--max-in-scope-rejection takes a share such as 0.1, or `balanced`")
        }
    }

    @Option(name: .long, help: "The peer script; an empty string skips it.")
    var peer = "Tools/intent_peers.py"

    @Option(name: .long, help: "Write the splits (CSV) here (default: a temporary folder, removed after the peer ran).")
    var export: String?

    @Option(name: .long, help: "Write the report (ours and the peer's) as JSON to this file.")
    var out: String?

    func run() throws {
        try reportingErrors {
            let configuration = IntentConfiguration(
                minimumDocumentFrequency: minimumDocumentFrequency, embeddingWeight: embeddingWeight,
                neighborVotes: neighborVotes, maxInScopeRejection: rejectionBudget, epochs: epochs,
                learningRate: learningRate)
            try configuration.validate()
            let evaluation = IntentEvaluation(
                banking77: URL(fileURLWithPath: banking77), clinc150: URL(fileURLWithPath: clinc150),
                validationShare: validationShare, seed: seed, configuration: configuration,
                banking77Test: banking77Test.map { URL(fileURLWithPath: $0) },
                clinc150Test: clinc150Test.map { URL(fileURLWithPath: $0) },
                custom: train.flatMap { train in
                    test.map { (URL(fileURLWithPath: train), URL(fileURLWithPath: $0)) }
                })
            let temporary = export == nil
            let folder = URL(
                fileURLWithPath: export
                    ?? FileManager.default.temporaryDirectory
                    .appendingPathComponent("grounded-intents-\(UUID().uuidString.prefix(8))").path)
            defer { if temporary { try? FileManager.default.removeItem(at: folder) } }
            let miniLM = embedder == .minilm ? try MiniLMEmbedder(directory: URL(fileURLWithPath: model)) : nil
            let report = try evaluation.run(
                embedder: { texts in
                    switch embedder {
                    case .none: return nil
                    case .minilm: return miniLM
                    case .builtin: return try LatentSemanticEmbedder.fit(texts)
                    }
                }, exportDirectory: folder)
            let peerReport = peer.isEmpty ? nil : try runPeer(folder)
            print(table(report, peer: peerReport))
            if let out {
                var object: [String: Any] = [
                    "ours": try JSONSerialization.jsonObject(with: JSONEncoder().encode(report))
                ]
                if let peerReport { object["peer"] = peerReport }
                try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
                    .write(to: URL(fileURLWithPath: out), options: .atomic)
            }
        }
    }

    /// Runs the peer script on the exported splits and returns its JSON (or an `error` entry).
    func runPeer(_ folder: URL) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["python3", peer, "--splits", folder.path, "--out-of-scope", IntentConfiguration().outOfScopeIntent]
            + (rejectionBudget.map { ["--max-in-scope-rejection", String($0)] } ?? [])
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [
            "error": "the peer script printed no JSON (exit \(process.terminationStatus))"
        ]
    }

    func table(_ report: IntentEvaluation.Report, peer: [String: Any]?) -> String {
        let peerBank = peer?["banking77"] as? [String: Any]
        let peerClinc = peer?["clinc150"] as? [String: Any]
        var lines = [
            "embedder: \(report.embedder)",
            """
            peer: \
            \(peer?["library"] as? String ?? (peer?["error"] as? String).map { "not run (\($0))" } ?? "not run")
            """,
            "",
            pad("", "ours", "peer", "ours − peer"),
        ]
        func row(_ name: String, _ ours: Double, _ theirs: Any?) {
            let p = theirs as? Double
            lines.append(
                pad(
                    name, String(format: "%.1f", ours), p.map { String(format: "%.1f", $0) } ?? "–",
                    p.map { String(format: "%+.1f", ours - $0) } ?? "–"))
        }
        let b = report.banking77
        let c = report.clinc150
        lines.append("banking77: \(b.train) training, \(b.validation) scored (\(b.evaluatedOn))")
        row("  accuracy", b.scores.accuracy, peerBank?["accuracy"])
        row("  macro-F1", b.scores.macroF1, peerBank?["macro_f1"])
        row("  calibration error (ECE)", b.scores.calibrationError ?? 0, peerBank?["calibration_error"])
        func scope(_ name: String, _ set: IntentEvaluation.SetReport, _ peer: [String: Any]?) {
            lines.append(
                "\(name): \(set.train) training (out-of-scope included), \(set.validation) in-scope and "
                    + "\(set.outOfScope?.outOfScopeCount ?? 0) out-of-scope scored (\(set.evaluatedOn))"
            )
            row("  accuracy, no rejection", set.scores.accuracy, peer?["accuracy"])
            row("  macro-F1, no rejection", set.scores.macroF1, peer?["macro_f1"])
            guard let o = set.outOfScope else { return }
            let inScope = o.inScopeCount
            let outOfScope = o.outOfScopeCount
            let overall =
                (o.inScopeAccuracy * Double(inScope) + o.outOfScopeRecall * Double(outOfScope))
                / Double(max(1, inScope + outOfScope))
            let peerOverall = (peer?["in_scope_accuracy"] as? Double).flatMap { a in
                (peer?["oos_recall"] as? Double).map {
                    (a * Double(inScope) + $0 * Double(outOfScope)) / Double(max(1, inScope + outOfScope))
                }
            }
            row("  overall accuracy (oos as a class)", overall, peerOverall)
            row("  in-scope accuracy", o.inScopeAccuracy, peer?["in_scope_accuracy"])
            row("  out-of-scope recall", o.outOfScopeRecall, peer?["oos_recall"])
            row("  in-scope rejected", o.inScopeRejected, peer?["in_scope_rejected"])
            row("  out-of-scope ROC AUC (any threshold)", o.auc ?? 0, peer?["oos_auc"])
            row("  area: in-scope acc. × oos recall", o.curveArea ?? 0, peer?["curve_area"])
            lines.append(
                pad(
                    "  threshold ("
                        + (rejectionBudget.map { "≤ \(String(format: "%g", $0 * 100))% in-scope out" } ?? "balanced")
                        + ")",
                    String(format: "%.3f", o.threshold),
                    (peer?["threshold"] as? Double).map { String(format: "%.3f", $0) } ?? "–", ""))
        }
        scope("clinc150", c, peerClinc)
        if let own = report.custom { scope("your examples", own, peer?["custom"] as? [String: Any]) }
        lines.append(
            pad(
                "training seconds (banking77, clinc150)", String(format: "%.0f, %.0f", b.trainSeconds, c.trainSeconds),
                [peerBank?["train_seconds"], peerClinc?["train_seconds"]].compactMap { $0 as? Double }.map {
                    String(format: "%.0f", $0)
                }.joined(separator: ", "), ""))
        func vote(_ set: IntentEvaluation.SetReport) -> String {
            set.vote.map { "\($0.count) × \(String(format: "%g", $0.weight))" } ?? "off"
        }
        lines.append(pad("example votes (banking77, clinc150)", "\(vote(b)), \(vote(c))", "", ""))
        return lines.joined(separator: "\n")
    }

    private func pad(_ a: String, _ b: String, _ c: String, _ d: String) -> String {
        a.padding(toLength: 40, withPad: " ", startingAt: 0) + b.leftPadded(8) + c.leftPadded(8) + d.leftPadded(13)
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }
}
