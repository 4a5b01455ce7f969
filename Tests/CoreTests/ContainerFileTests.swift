import Foundation
import GroundedTesting
import Testing

@testable import GroundedCore

@Suite("Checksummed container files")
struct ContainerFileTests {
    struct Header: Codable, Equatable {
        var name: String
        var count: Int
    }

    @Test("a container round-trips, and the atomic write leaves no temporary file")
    func roundTrip() throws {
        let dir = try TestPaths.temporaryDirectory()
        let url = dir.appendingPathComponent("x.bin")
        try ContainerFile.write(
            to: url, magic: "TESTFILE", version: 3, header: Header(name: "a", count: 2), payload: [1, 2, 3, 4])
        let back = try ContainerFile.read(url, magic: "TESTFILE", version: 3, as: Header.self)
        #expect(back.header == Header(name: "a", count: 2))
        #expect([UInt8](back.payload) == [1, 2, 3, 4])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["x.bin"])
    }

    @Test("every single-byte corruption and every truncation is detected")
    func corruption() throws {
        let dir = try TestPaths.temporaryDirectory()
        let url = dir.appendingPathComponent("x.bin")
        try ContainerFile.write(
            to: url, magic: "TESTFILE", version: 1, header: Header(name: "abc", count: 9),
            payload: (0..<64).map(UInt8.init))
        let good = try Data(contentsOf: url)
        for i in 0..<good.count {
            var bad = good
            bad[i] ^= 0x01
            try bad.write(to: url)
            #expect(throws: FileFormatError.self) {
                _ = try ContainerFile.read(url, magic: "TESTFILE", version: 1, as: Header.self)
            }
        }
        for n in [0, 7, 20, good.count - 1] {
            try good.prefix(n).write(to: url)
            #expect(throws: FileFormatError.self) {
                _ = try ContainerFile.read(url, magic: "TESTFILE", version: 1, as: Header.self)
            }
        }
        try good.write(to: url)
        let error = #expect(throws: FileFormatError.self) {
            _ = try ContainerFile.read(url, magic: "TESTFILE", version: 2, as: Header.self)
        }
        #expect(error?.problem == .unsupportedVersion)
        #expect(error?.description.contains("grounded ingest") == true)
    }

    @Test("the checksum is deterministic and sensitive to order")
    func checksum() {
        #expect(Checksum64.of([1, 2, 3]) == Checksum64.of([1, 2, 3]))
        #expect(Checksum64.of([1, 2, 3]) != Checksum64.of([3, 2, 1]))
        #expect(Checksum64.of([]) != Checksum64.of([0]))
    }
}

@Suite("SHA-256 content hashes")
struct ContentHashTests {
    @Test("match the FIPS 180-4 test vectors from bytes, text and a buffer read in place")
    func vectors() {
        #expect(ContentHash.sha256([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(ContentHash.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(ContentHash.sha256(long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(long.withUnsafeBytes { ContentHash.sha256($0) } == ContentHash.sha256(long))
        let million = [UInt8](repeating: 0x61, count: 1_000_000)
        #expect(ContentHash.sha256(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("constant-time equality says equal only for equal texts, whatever their lengths")
    func equality() {
        let stored = ContentHash.sha256("secret")
        #expect(ContentHash.constantTimeEqual(stored, ContentHash.sha256("secret")))
        #expect(!ContentHash.constantTimeEqual(stored, ContentHash.sha256("secreT")))
        #expect(!ContentHash.constantTimeEqual(stored, String(stored.dropLast())))
        #expect(!ContentHash.constantTimeEqual(stored, ""))
        #expect(ContentHash.constantTimeEqual("", ""))
    }
}
