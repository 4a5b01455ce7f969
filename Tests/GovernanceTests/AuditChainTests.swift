import Foundation
import Testing

@testable import Governance

@Suite("Audit hash chain")
struct AuditChainTests {
    /// A chain of `n` entries, one a second.
    static func chain(_ n: Int) -> [AuditEntry] {
        var entries: [AuditEntry] = []
        for i in 0..<n {
            let event = AuditEvent(
                actor: i % 3 == 0 ? "agent:ana" : "bot", action: i % 2 == 0 ? "answer" : "route", subject: "ans_\(i)",
                inputs: ["message": "question \(i) from dana@example.com", "channel": "sms"],
                policyVersion: "routing-1", indexVersion: "run\(i / 10)", outcome: "answered")
            entries.append(
                AuditChain.seal(event, after: entries.last, now: Date(timeIntervalSince1970: 1_800_000_000 + Double(i)))
            )
        }
        return entries
    }

    @Test("a chain as written verifies; inputs are stored redacted")
    func intact() {
        let entries = Self.chain(100)
        #expect(AuditChain.verify(entries).intact)
        #expect(entries.map(\.sequence) == Array(1...100))
        #expect(entries[0].previousHash == AuditChain.genesis && entries[1].previousHash == entries[0].hash)
        #expect(
            entries.allSatisfy {
                !($0.inputs["message"] ?? "").contains("dana@example.com") && $0.inputs["message"]!.contains("[email]")
            })
        #expect(AuditChain.verify([]).intact)
    }

    @Test(
        "a changed field, a removed entry, a reordering and a forged re-hash are each caught at the first broken entry")
    func tampering() throws {
        let entries = Self.chain(20)
        func edited(_ i: Int, _ change: (inout [String: Any]) -> Void) throws -> [AuditEntry] {
            var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(entries[i])) as! [String: Any]
            change(&object)
            var copy = entries
            copy[i] = try JSONDecoder().decode(AuditEntry.self, from: JSONSerialization.data(withJSONObject: object))
            return copy
        }
        let outcome = AuditChain.verify(try edited(7) { $0["outcome"] = "declined" })
        #expect(outcome.firstBroken == 8 && outcome.problem?.contains("changed after it was written") == true)
        #expect(
            AuditChain.verify(try edited(3) { $0["inputs"] = ["message": "something else", "channel": "sms"] })
                .firstBroken == 4)

        var removed = entries
        removed.remove(at: 5)
        #expect(AuditChain.verify(removed).firstBroken == 7)

        var reordered = entries
        reordered.swapAt(10, 11)
        #expect(AuditChain.verify(reordered).firstBroken == 12)

        // Re-sealing a changed entry with a fresh hash breaks the link of the one after it.
        let original = entries[12]
        let forged = AuditChain.seal(
            AuditEvent(
                actor: original.actor, action: original.action, subject: original.subject,
                inputs: original.inputs, outcome: "declined"), after: entries[11],
            now: Date(timeIntervalSince1970: original.at))
        var rewritten = entries
        rewritten[12] = forged
        let result = AuditChain.verify(rewritten)
        #expect(result.firstBroken == 14 && result.problem?.contains("does not link") == true)
    }
}
