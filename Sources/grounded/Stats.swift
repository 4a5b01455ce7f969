import ArgumentParser
import CommandLineOptions
import Engine
import Foundation

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show what an index holds.")

    @OptionGroup var index: IndexOptions

    @Flag(name: .long, help: "Print as JSON.")
    var json = false

    func run() throws {
        try reportingErrors {
            let s = try index.engine().stats()
            if json {
                try printJSON(s)
                return
            }
            func kv(_ d: [String: Int]) -> String {
                d.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            }
            print(
                """
                Index \(index.url.path) (build \(s.buildID))
                  documents: \(s.documents) stored, \(s.documentsInEffect) in effect today
                  chunks: \(s.chunks); vectors: \(s.vectorDimension)-dimensional; lexical terms: \(s.lexicalTerms)
                  embedder: \(s.embedderKind.rawValue), \(s.embedder)
                  formats: \(kv(s.byFormat))
                  types: \(kv(s.byType))
                  audiences: \(kv(s.byAudience))
                  bytes on disk: \(kv(s.bytes))
                """)
            if let r = s.lastRun {
                print(
                    "  last ingest: run \(r.runID), added \(r.added.count), changed \(r.changed.count), removed "
                        + "\(r.removed.count), skipped \(r.skipped.count), \(r.problems.count) problems"
                )
            }
        }
    }
}
