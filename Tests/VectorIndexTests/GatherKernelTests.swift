import CKernels
import GroundedCore
import GroundedTesting
import Testing

@testable import VectorIndex

@Suite("vector-index kernels")
struct GatherKernelTests {
    /// Rows of `dimension` floats `stride` bytes apart (a block layout with a 12-byte header).
    static func rows(_ vectors: [[Float]], stride: Int) -> UnsafeMutableRawPointer {
        let base = UnsafeMutableRawPointer.allocate(byteCount: vectors.count * stride + 12, alignment: 64)
        for (i, v) in vectors.enumerated() {
            v.withUnsafeBytes { (base + 12 + i * stride).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        }
        return base
    }

    @Test(
        "gather-and-dot at every level the CPU runs (portable, AVX2, AVX-512) agrees with a double-precision reference",
        arguments: [1, 7, 16, 50, 64, 100, 384])
    func floatGather(dimension: Int) {
        let data = SeededVectors.clustered(count: 40, dimension: dimension, seed: UInt64(dimension))
        let query = SeededVectors.clustered(count: 1, dimension: dimension, seed: 77)[0]
        let stride = dimension * 4 + 12
        let base = Self.rows(data, stride: stride)
        defer { base.deallocate() }
        // 11 ids: two groups of four and a tail of three, in no particular order, with a repeat.
        let ids: [UInt32] = [5, 39, 0, 17, 17, 2, 30, 8, 21, 11, 3]
        for level in Self.levels {
            var out = [Float](repeating: .nan, count: ids.count)
            gk_dot_gather_at(level, query, base + 12, stride, dimension, ids, ids.count, &out)
            for (j, id) in ids.enumerated() {
                let exact = zip(query, data[Int(id)]).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
                #expect(abs(Double(out[j]) - exact) <= 1e-4 * max(1, abs(exact)), "level \(level)")
                let row = (base + 12 + Int(id) * stride).assumingMemoryBound(to: Float.self)
                #expect(abs(Double(gk_dot_at(level, query, row, dimension)) - exact) <= 1e-4 * max(1, abs(exact)))
            }
        }
    }

    /// Every kernel level this CPU runs, portable first.
    static let levels = Array(Int32(GK_LEVEL_PORTABLE)...Int32(gk_cpu_level()))

    @Test("the int8 gather scores scale · <query, codes> at every level the CPU runs", arguments: [5, 24, 40, 384])
    func int8Gather(dimension: Int) {
        let data = SeededVectors.clustered(count: 12, dimension: dimension, seed: 3)
        let query = SeededVectors.clustered(count: 1, dimension: dimension, seed: 4)[0]
        let scaleOffset = (dimension + 3) & ~3
        let stride = scaleOffset + 4 + 8
        let base = UnsafeMutableRawPointer.allocate(byteCount: data.count * stride, alignment: 64)
        defer { base.deallocate() }
        var expected: [Double] = []
        for (i, v) in data.enumerated() {
            let codes = (base + i * stride).bindMemory(to: Int8.self, capacity: dimension)
            let scale = (base + i * stride + scaleOffset).bindMemory(to: Float.self, capacity: 1)
            v.withUnsafeBufferPointer { ScalarQuantizer.encode($0.baseAddress!, dimension, into: codes, scale: scale) }
            expected.append(
                (0..<dimension).reduce(0.0) { $0 + Double(query[$1]) * Double(codes[$1]) } * Double(scale.pointee))
        }
        let ids: [UInt32] = [11, 0, 4, 4, 7]
        for level in Self.levels {
            var out = [Float](repeating: .nan, count: ids.count)
            gk_dot_gather_i8_at(level, query, base, stride, dimension, scaleOffset, ids, ids.count, &out)
            for (j, id) in ids.enumerated() {
                #expect(
                    abs(Double(out[j]) - expected[Int(id)]) <= 1e-4 * max(1, abs(expected[Int(id)])), "level \(level)")
            }
        }
    }

    @Test(
        "the half-precision gather scores <query, widened row> at every level the CPU runs",
        arguments: [1, 5, 16, 17, 50, 384])
    func halfGather(dimension: Int) {
        let data = SeededVectors.clustered(count: 9, dimension: dimension, seed: 5)
        let query = SeededVectors.clustered(count: 1, dimension: dimension, seed: 6)[0]
        let stride = ((dimension * 2 + 3) & ~3) + 12
        let base = UnsafeMutableRawPointer.allocate(byteCount: data.count * stride, alignment: 64)
        defer { base.deallocate() }
        var expected: [Double] = []
        for (i, v) in data.enumerated() {
            let halves = (base + i * stride).bindMemory(to: Float16.self, capacity: dimension)
            for j in 0..<dimension { halves[j] = Float16(v[j]) }
            expected.append((0..<dimension).reduce(0.0) { $0 + Double(query[$1]) * Double(Float(halves[$1])) })
        }
        let ids: [UInt32] = [8, 0, 3, 3, 7, 1]
        for level in Self.levels {
            var out = [Float](repeating: .nan, count: ids.count)
            gk_dot_gather_f16_at(level, query, base, stride, dimension, ids, ids.count, &out)
            for (j, id) in ids.enumerated() {
                #expect(
                    abs(Double(out[j]) - expected[Int(id)]) <= 1e-4 * max(1, abs(expected[Int(id)])), "level \(level)")
            }
        }
    }

    @Test("half-precision bits widen exactly: normals, subnormals, zeros, infinities, NaN")
    func halfToFloat() {
        for bits in UInt16.min...UInt16.max {
            let swift = Float(Float16(bitPattern: bits))
            let c = gk_half_to_float(bits)
            if swift.isNaN {
                #expect(c.isNaN)
            } else {
                #expect(c.bitPattern == swift.bitPattern, "bits \(bits)")
            }
        }
    }

    @Test("a run of halves widens at every level exactly as one half at a time", arguments: [1, 7, 8, 50, 384])
    func widenRun(count: Int) {
        // Varied bit patterns: normals, subnormals, infinities and NaN among them.
        let halves = (0..<count).map { UInt16(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        for level in Self.levels {
            var out = [Float](repeating: 0, count: count)
            gk_widen_halves_at(level, halves, &out, count)
            for (h, f) in zip(halves, out) {
                let one = gk_half_to_float(h)
                #expect(one.isNaN ? f.isNaN : f.bitPattern == one.bitPattern, "level \(level), bits \(h)")
            }
        }
    }

    @Test(
        "a key is inserted in sorted keys at every level as in a one-at-a-time twin",
        arguments: [0, 1, 7, 8, 9, 16, 31, 200])
    func sortedInsert(count: Int) {
        var rng = SplitMix64(seed: UInt64(count) + 5)
        // Few distinct keys, so equal keys, and keys with the top bit set (compared unsigned).
        let keys = (0..<count).map { _ in (rng.next() % 24) << 59 | rng.next() % 3 }.sorted()
        let probes: [UInt64] = [.min, keys.first ?? 1, keys.last ?? 2, 1 << 63, .max, (rng.next() % 24) << 59]
        for key in probes {
            // The twin: `key` after every key not above it; the last place is what `keys[n]` held.
            let place = keys.firstIndex { $0 > key } ?? keys.count
            var expected = keys
            expected.insert(key, at: place)
            for level in Self.levels {
                var buffer = keys + [0xDEAD_BEEF]
                let got = gk_sorted_insert_u64_at(level, &buffer, count, key)
                #expect(got == place && buffer == expected, "level \(level), key \(key)")
            }
        }
    }
}
