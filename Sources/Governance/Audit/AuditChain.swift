import Foundation
import GroundedCore

/// Seals audit events into a hash chain and verifies one.
///
/// Each entry's hash is SHA-256 over a canonical text of its fields (sorted keys, fixed number
/// formats) and the previous entry's hash; inputs are redacted (`PIIRedactor`) before sealing, so
/// the log never holds personal data and the hash covers what is stored.
public enum AuditChain {
    /// The previous hash of the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    /// The entry that follows `previous` (nil: the first) for `event` at `now`.
    public static func seal(
        _ event: AuditEvent, after previous: AuditEntry?, now: Date, redactor: PIIRedactor = .init()
    ) -> AuditEntry {
        let sequence = (previous?.sequence ?? 0) + 1
        let at = (now.timeIntervalSince1970 * 1000).rounded() / 1000
        let inputs = event.inputs.mapValues(redactor.redact)
        let previousHash = previous?.hash ?? genesis
        let hash = digest(
            sequence: sequence, at: at, actor: event.actor, action: event.action, subject: event.subject,
            inputs: inputs,
            policyVersion: event.policyVersion, indexVersion: event.indexVersion,
            outcome: redactor.redact(event.outcome),
            previousHash: previousHash)
        return AuditEntry(
            sequence: sequence, at: at, actor: event.actor, action: event.action, subject: event.subject,
            inputs: inputs,
            policyVersion: event.policyVersion, indexVersion: event.indexVersion,
            outcome: redactor.redact(event.outcome),
            previousHash: previousHash, hash: hash)
    }

    /// The result of checking a chain.
    public struct Verification: Sendable, Hashable {
        public let entries: Int
        /// The sequence number of the first entry that does not hold, or nil when all do.
        public let firstBroken: Int?
        public let problem: String?
        public var intact: Bool { firstBroken == nil }
    }

    /// Checks that sequence numbers run 1, 2, 3, …, that each entry links to the hash of the one
    /// before, and that each hash matches the entry's content.
    public static func verify(_ entries: [AuditEntry]) -> Verification {
        var previousHash = genesis
        for (i, e) in entries.enumerated() {
            func broken(_ problem: String) -> Verification {
                Verification(entries: entries.count, firstBroken: e.sequence, problem: problem)
            }
            if e.sequence != i + 1 {
                return broken("entry \(i + 1) has sequence number \(e.sequence): an entry is missing or out of order")
            }
            if e.previousHash != previousHash {
                return broken("entry \(e.sequence) does not link to the hash of entry \(e.sequence - 1)")
            }
            let expected = digest(
                sequence: e.sequence, at: e.at, actor: e.actor, action: e.action, subject: e.subject, inputs: e.inputs,
                policyVersion: e.policyVersion, indexVersion: e.indexVersion, outcome: e.outcome,
                previousHash: e.previousHash)
            if e.hash != expected {
                return broken(
                    "entry \(e.sequence) was changed after it was written (its hash does not match its content)")
            }
            previousHash = e.hash
        }
        return Verification(entries: entries.count, firstBroken: nil, problem: nil)
    }

    /// SHA-256 of the canonical text: one `key=value` line per field in a fixed order, inputs
    /// sorted by key, values JSON-escaped.
    static func digest(
        sequence: Int, at: Double, actor: String, action: String, subject: String, inputs: [String: String],
        policyVersion: String?, indexVersion: String?, outcome: String, previousHash: String
    ) -> String {
        func quoted(_ s: String?) -> String {
            guard let s else { return "null" }
            let data = (try? JSONEncoder().encode(s)) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
        var lines = [
            "sequence=\(sequence)", "at=\(String(format: "%.3f", at))", "actor=\(quoted(actor))",
            "action=\(quoted(action))",
            "subject=\(quoted(subject))",
        ]
        lines += inputs.keys.sorted().map { "input.\(quoted($0))=\(quoted(inputs[$0]))" }
        lines += [
            "policy=\(quoted(policyVersion))", "index=\(quoted(indexVersion))", "outcome=\(quoted(outcome))",
            "previous=\(previousHash)",
        ]
        return ContentHash.sha256(lines.joined(separator: "\n"))
    }
}
