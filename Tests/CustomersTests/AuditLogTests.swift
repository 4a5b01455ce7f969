import Customers
import Foundation
import Governance
import GroundedTesting
import Records
import Storage
import Testing

@Suite("Audit log in the service store")
struct AuditLogTests {
    @Test("entries chain in order with their inputs redacted; an UPDATE behind the log's back is caught")
    func chain() throws {
        let store = try CustomerStoreTests.store()
        for i in 0..<10 {
            try store.audit.append(
                AuditEvent(
                    actor: "bot", action: "answer", subject: "ans_\(i)",
                    inputs: ["question": "my card 4111 1111 1111 1111 was charged twice"], outcome: "answered"),
                now: Date(timeIntervalSince1970: 1_800_000_000 + Double(i)))
        }
        let entries = try store.audit.entries()
        #expect(entries.map(\.sequence) == Array(1...10) && AuditChain.verify(entries).intact)
        #expect(entries.allSatisfy { $0.inputs["question"] == "my card [card] was charged twice" })

        let body = try #require(
            try store.database.query("SELECT body FROM audit WHERE sequence = 4").first?["body"].string)
        _ = try store.database.run(
            "UPDATE audit SET body = ? WHERE sequence = 4",
            [body.replacingOccurrences(of: "answered", with: "declined")])
        #expect(AuditChain.verify(try store.audit.entries()).firstBroken == 4)
        _ = try store.database.run("DELETE FROM audit WHERE sequence = 7")
        #expect(AuditChain.verify(try store.audit.entries()).firstBroken == 4)
    }
}
