import Foundation
import GroundedCore
import GroundedTesting
import Testing

@testable import VectorIndex

@Suite("HNSW files")
struct HNSWPersistenceTests {
    func makeIndex() throws -> HNSWIndex {
        let index = try HNSWIndex(dimension: 16)
        for (i, v) in SeededVectors.clustered(count: 500, dimension: 16).enumerated() {
            try index.add(v, label: Int64(i) * 3)
        }
        return index
    }

    @Test("a saved index loads back and answers identically")
    func roundTrip() throws {
        let dir = try TestPaths.temporaryDirectory()
        let url = dir.appendingPathComponent("v.hnsw")
        let index = try makeIndex()
        try index.save(to: url, buildID: "b1")
        let loaded = try HNSWIndex.load(from: url, expectedBuildID: "b1", expectedDimension: 16)
        #expect(loaded.count == index.count)
        for q in SeededVectors.clustered(count: 20, dimension: 16, seed: 3) {
            #expect(try loaded.search(q, k: 5) == index.search(q, k: 5))
        }
    }

    @Test("truncated, corrupted and mismatched files fail with a clear error")
    func badFiles() throws {
        let dir = try TestPaths.temporaryDirectory()
        let url = dir.appendingPathComponent("v.hnsw")
        try makeIndex().save(to: url, buildID: "b1")
        let good = try Data(contentsOf: url)

        func problem(_ body: () throws -> Void) -> FileFormatError.Problem? {
            do {
                try body()
                return nil
            } catch let e as FileFormatError { return e.problem } catch { return nil }
        }
        #expect(problem { _ = try HNSWIndex.load(from: url, expectedBuildID: "other") } == .mismatch)
        #expect(problem { _ = try HNSWIndex.load(from: url, expectedDimension: 384) } == .mismatch)
        #expect(problem { _ = try HNSWIndex.load(from: dir.appendingPathComponent("none")) } == .missing)

        try good.prefix(good.count / 2).write(to: url)
        #expect(problem { _ = try HNSWIndex.load(from: url) } == .truncated)

        var flipped = good
        flipped[good.count / 2] ^= 0xff
        try flipped.write(to: url)
        #expect(problem { _ = try HNSWIndex.load(from: url) } == .checksumMismatch)

        var wrongMagic = good
        wrongMagic[0] = UInt8(ascii: "X")
        try wrongMagic.write(to: url)
        #expect(problem { _ = try HNSWIndex.load(from: url) } == .wrongKind)
    }
}
