import GroundedCore
import Testing

@testable import Knowledge

@Suite("Front matter")
struct FrontMatterTests {
    func metadata(_ s: String) throws -> DocumentMetadata {
        try FrontMatter.metadata(from: FrontMatter.parse(SourceText(s)).fields)
    }

    @Test("all fields are read, quotes removed, extras kept and defaults applied")
    func valid() throws {
        let m = try metadata(
            "---\nid: a-1\ntitle: \"A: title\"\nversion: 2\neffective: 2025-04-01\naudience: internal\nregion: "
                + "eu\n---\nbody"
        )
        #expect(
            m
                == DocumentMetadata(
                    id: "a-1", title: "A: title", audience: .internal, effective: "2025-04-01",
                    version: "2", extra: ["region": "eu"]))
        let parsed = try FrontMatter.parse(SourceText("---\nid: x\n---\nbody"))
        #expect(SourceText("---\nid: x\n---\nbody").slice(parsed.bodyStart..<(parsed.bodyStart + 4)) == "body")
    }

    @Test(
        "problems are named",
        arguments: [
            ("no front matter here", "missing"),
            ("---\nid: a\ntitle: t\nversion: 1\n", "unterminated"),
            ("---\nid: a\nthis line is wrong\n---\n", "is not `key: value`"),
            ("---\ntitle: t\nversion: 1\n---\n", "`id:` is missing"),
            ("---\nid: a\ntitle: t\n---\n", "`version:` is missing"),
            ("---\nid: a\ntitle: t\nversion: 1\naudience: everyone\n---\n", "`public` or `internal`"),
            ("---\nid: a\ntitle: t\nversion: 1\neffective: 2025-13-01\n---\n", "YYYY-MM-DD"),
            ("---\nid: a\nid: b\n---\n", "appears twice"),
            ("---\nid: a@b\ntitle: t\nversion: 1\n---\n", "may not contain"),
        ])
    func problems(text: String, expected: String) {
        do {
            _ = try metadata(text)
            Issue.record("accepted: \(text)")
        } catch let e as DocumentError {
            #expect(e.kind == .frontMatter)
            #expect(e.message.contains(expected), "\(e.message)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
