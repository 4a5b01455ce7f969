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
                maxInScopeRejection: rejectionBudget, epochs: epochs, learningRate: learningRate)
            try configuration.validate()
            let evaluation = IntentEvaluation(
                banking77: URL(fileURLWithPath: banking77), clinc150: URL(fileURLWithPath: clinc150),
                validationShare: validationShare, seed: seed, configuration: configuration)
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
        lines.append("banking77: \(b.train) training, \(b.validation) validation examples")
        row("  accuracy", b.scores.accuracy, peerBank?["accuracy"])
        row("  macro-F1", b.scores.macroF1, peerBank?["macro_f1"])
        row("  calibration error (ECE)", b.scores.calibrationError ?? 0, peerBank?["calibration_error"])
        lines.append(
            "clinc150: \(c.train) training (out-of-scope included), \(c.validation) in-scope and "
                + "\(c.outOfScope?.outOfScopeCount ?? 0) out-of-scope validation"
        )
        row("  accuracy, no rejection", c.scores.accuracy, peerClinc?["accuracy"])
        row("  macro-F1, no rejection", c.scores.macroF1, peerClinc?["macro_f1"])
        if let o = c.outOfScope {
            row("  in-scope accuracy", o.inScopeAccuracy, peerClinc?["in_scope_accuracy"])
            row("  out-of-scope recall", o.outOfScopeRecall, peerClinc?["oos_recall"])
            row("  in-scope rejected", o.inScopeRejected, peerClinc?["in_scope_rejected"])
            row("  out-of-scope ROC AUC (any threshold)", o.auc ?? 0, peerClinc?["oos_auc"])
            lines.append(
                pad(
                    "  threshold ("
                        + (rejectionBudget.map { "≤ \(Int(($0 * 100).rounded()))% in-scope rejected" } ?? "balanced")
                        + ")",
                    String(format: "%.3f", o.threshold),
                    (peerClinc?["threshold"] as? Double).map { String(format: "%.3f", $0) } ?? "–", ""))
        }
        lines.append(
            pad(
                "training seconds (banking77, clinc150)", String(format: "%.0f, %.0f", b.trainSeconds, c.trainSeconds),
                [peerBank?["train_seconds"], peerClinc?["train_seconds"]].compactMap { $0 as? Double }.map {
                    String(format: "%.0f", $0)
                }.joined(separator: ", "), ""))
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
