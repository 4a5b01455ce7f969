import ArgumentParser
import CommandLineOptions
import Engine
import Foundation

extension Ingest {
    /// Asks the questions of the current build and of the candidate, and prints the answers that
    /// change (JSON with `--json`; then the ingest's own report is not printed).
    func checkDrift(questions file: String, options: IngestOptions) throws -> AnswerDrift {
        guard (try? KnowledgeStore(directory: index.url, mustExist: true).currentBuild()) != nil else {
            throw ValidationError("--check needs an existing index to compare with: \(index.url.path) has none")
        }
        let questions = try AnswerDrift.questions(in: URL(fileURLWithPath: file))
        let (drift, _) = try AnswerDrift.check(
            corpus: URL(fileURLWithPath: corpus), index: index.url, options: options, questions: questions,
            models: try index.modelChoice())
        if json { try printJSON(drift) } else { print(Self.describe(drift)) }
        return drift
    }

    /// The changed answers side by side.
    static func describe(_ d: AnswerDrift) -> String {
        let versionOnly = d.changes.count - d.material.count
        var lines = [
            "answer drift: \(d.material.count) of \(d.questions) answers change what they say (current build → "
                + "candidate)"
                + (versionOnly > 0 ? "; \(versionOnly) more cite a new version with the same words" : "")
        ]
        func side(_ s: AnswerDrift.Side) -> String {
            "\(s.status)" + (s.cited.isEmpty ? "" : " [\(s.cited.joined(separator: ", "))]")
                + (s.text.isEmpty ? "" : " \(s.text)")
        }
        for c in d.material + d.changes.filter({ $0.kind == .version }) {
            let profile = c.profile.map(Self.describe) ?? ""
            lines += [
                "  Q: \(c.question)\(profile)  (\(c.kind.rawValue))", "    now:       " + side(c.current),
                "    candidate: " + side(c.candidate),
            ]
        }
        return lines.joined(separator: "\n")
    }

    /// A customer as a drift line names them: `  [plan plus, region GB]`, or nothing.
    static func describe(_ p: CustomerProfile) -> String {
        let parts =
            [p.plan.map { "plan \($0)" }, p.region.map { "region \($0)" }, p.locale.map { "locale \($0)" }]
            .compactMap { $0 } + p.products.map { "owns \($0)" }
        return parts.isEmpty ? "" : "  [" + parts.joined(separator: ", ") + "]"
    }
}
