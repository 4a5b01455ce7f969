import Engine
import Foundation

extension Ingest {
    /// A dry run in words: the counts, what would need `--rebuild` or a new version, and each
    /// document's diff by section, sentences removed (-) and added (+).
    static func describe(_ p: IngestPlan, index: String) -> String {
        var lines = [
            "Dry run against \(index): nothing was written",
            "  would add \(p.added.count), change \(p.changed.count), remove \(p.removed.count), skip "
                + "\(p.skipped.count) unchanged; \(p.problems.count) with problems",
        ]
        if !p.settingsChanged.isEmpty {
            lines.append("  settings that would change (needs --rebuild): " + p.settingsChanged.joined(separator: "; "))
        }
        if !p.refused.isEmpty {
            lines.append("  refused, a new text needs a new version: " + p.refused.joined(separator: ", "))
        }
        if !p.autoVersioned.isEmpty {
            lines.append("  would version automatically: " + p.autoVersioned.joined(separator: ", "))
        }
        for d in p.diffs {
            let versions =
                switch (d.fromVersion, d.toVersion) {
                case (nil, let to?): "new, version \(to)"
                case (let from?, nil): "removed, version \(from)"
                case (let from?, let to?): from == to ? "version \(to)" : "version \(from) → \(to)"
                case (nil, nil): ""
                }
            lines.append("  \(d.documentID) (\(versions)): \(d.chunksAdded) chunks new, \(d.chunksRemoved) gone")
            for s in d.sections {
                let path = s.headingPath.isEmpty ? "(no heading)" : s.headingPath.joined(separator: " › ")
                lines.append("    \(s.kind.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))\(path)")
                lines += s.removedSentences.map { "      - \($0)" } + s.addedSentences.map { "      + \($0)" }
            }
            for c in d.chunks.prefix(Self.chunksListed) {
                let path = c.headingPath.isEmpty ? "" : " " + c.headingPath.joined(separator: " › ")
                let name = c.id.map { "chunk \($0)" } ?? "chunk"
                lines.append(
                    "    \(c.kind.rawValue) \(name) (#\(c.ordinal)\(path)) [\(c.start), \(c.end)): \(c.preview) …")
            }
            if d.chunks.count > Self.chunksListed {
                lines.append("    … \(d.chunks.count - Self.chunksListed) more chunks (all of them in --json)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Chunks listed per document in words; `--json` lists every one.
    static let chunksListed = 8
}
