import Foundation
import GroundedTesting
import Synchronization
import Testing

@testable import Knowledge

@Suite("Ingest progress")
struct IngestProgressTests {
    @Test("an ingest reports reading, embedding and indexing in order, counts only growing, ending whole and done")
    func sequence() throws {
        let corpus = try TestPaths.temporaryDirectory("corpus")
        let index = try TestPaths.temporaryDirectory("index")
        try IngestionTests.write(IngestionTests.base, to: corpus)
        let seen = Mutex<[IngestProgress]>([])
        var options = IngestOptions()
        options.progress = { p in seen.withLock { $0.append(p) } }
        options.embeddingBatch = 2
        let report = try Ingestor(index: index, options: options).ingest(corpus)
        let events = seen.withLock { $0 }
        let phases = events.map(\.phase).reduce(into: [IngestProgress.Phase]()) { if $0.last != $1 { $0.append($1) } }
        #expect(phases == [.reading, .embedding, .indexing, .done])
        #expect(events.filter { $0.phase == .reading }.map(\.files).prefix(4) == [1, 2, 3, 4])
        let embedding = events.filter { $0.phase == .embedding }.map(\.embedded)
        #expect(embedding == embedding.sorted() && embedding.count > 3, "one report per batch of two: \(embedding)")
        let last = try #require(events.last)
        #expect(last.documents == 4 && last.chunks == report.chunks && last.embedded == last.embedTotal)
        #expect(last.embedTotal > report.chunks, "chunks and their sentences are embedded")
        #expect(events.map(\.elapsed) == events.map(\.elapsed).sorted())

        // Nothing changed: reading, then done, nothing embedded.
        seen.withLock { $0 = [] }
        _ = try Ingestor(index: index, options: options).ingest(corpus)
        let again = seen.withLock { $0 }
        #expect(Set(again.map(\.phase)) == [.reading, .done] && again.last?.embedTotal == 0)
    }

    @Test("the rate and the time left come from the texts embedded so far and the clock")
    func rate() {
        let now = Mutex(Date(timeIntervalSince1970: 0))
        let seen = Mutex<[IngestProgress]>([])
        let meter = ProgressMeter(report: { p in seen.withLock { $0.append(p) } }, clock: { now.withLock { $0 } })
        meter.embedding(total: 1_000)
        #expect(meter.state.embeddedPerSecond == nil && meter.state.secondsLeft == nil)
        now.withLock { $0 += 10 }
        meter.embedded(250)
        #expect(meter.state.embeddedPerSecond == 25 && meter.state.secondsLeft == 30 && meter.state.elapsed == 10)
        now.withLock { $0 += 10 }
        meter.embedded(250)
        #expect(meter.state.embeddedPerSecond == 25 && meter.state.secondsLeft == 20)
        meter.phase(.indexing)
        #expect(meter.state.secondsLeft == 0 && seen.withLock { $0.count } == 4)
    }
}
