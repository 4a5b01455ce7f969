import ArgumentParser
import CommandLineOptions
import Engine
import Foundation

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Hybrid search (vectors + BM25, fused) with each hit's component scores.")

    @Argument(help: "The query.")
    var query: String

    @OptionGroup var index: IndexOptions
    @OptionGroup var filters: FilterOptions

    @Option(name: .shortAndLong, help: "How many hits.")
    var k = 5

    @Flag(name: .long, help: "Print the hits as JSON.")
    var json = false

    func validate() throws { guard k > 0 else { throw ValidationError("-k must be positive") } }

    func run() throws {
        try reportingErrors {
            let engine = try index.engine(retrieval: filters.retrieval)
            let hits = try engine.search(query, k: k, filter: filters.retrievalFilter())
            if json {
                try printJSON(hits)
                return
            }
            if hits.isEmpty {
                print("No matching chunk.")
                return
            }
            for (i, h) in hits.enumerated() {
                let vector =
                    h.vectorRank.map { String(format: "vector #%d (%.3f)", $0, h.vectorSimilarity ?? 0) } ?? "vector –"
                let lexical =
                    h.lexicalRank.map { String(format: "bm25 #%d (%.2f)", $0, h.lexicalScore ?? 0) } ?? "bm25 –"
                print(
                    String(
                        format: "%d. %@ (%@ v%@) [%d, %d) rrf %.4f · %@ · %@", i + 1, h.title, h.documentID,
                        h.documentVersion, h.span.start, h.span.end, h.score, vector, lexical))
                if !h.headingPath.isEmpty { print("   § " + h.headingPath.joined(separator: " > ")) }
                let text = engine.text(of: h).replacingOccurrences(of: "\n", with: " ")
                print("   " + (text.count > 220 ? String(text.prefix(220)) + "…" : text))
            }
        }
    }
}
