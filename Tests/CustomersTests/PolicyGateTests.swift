import Customers
import Foundation
import Governance
import GroundedTesting
import Records
import Routing
import Storage
import Testing

@Suite("Policy gate")
struct PolicyGateTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let alice = Principal(keyID: "a", person: "alice@example.com", role: .opsLead, tenant: "default")
    static let bob = Principal(keyID: "b", person: "bob@example.com", role: .opsLead, tenant: "default")
    static let kim = Principal(keyID: "k", person: "kim@example.com", role: .knowledgeManager, tenant: "default")
    static let root = Principal(keyID: "r", person: "root@example.com", role: .admin, tenant: "default")

    static func routing(_ version: String, confidence: Double = 0.35) throws -> PolicyDocument {
        try PolicyDocument(encoding: RoutePolicy(version: version, answerConfidenceAtLeast: confidence))
    }

    static func installed() throws -> ServiceStore {
        let store = try CustomerStoreTests.store()
        try store.policies.installInitial(kind: .routing, document: try routing("routing-1"), now: t0)
        return store
    }

    @Test("a proposal changes nothing until a different ops lead approves it; then it governs from its effective date")
    func proposeApprove() throws {
        let store = try Self.installed()
        let change = try store.policies.propose(
            kind: .routing, document: try Self.routing("routing-2", confidence: 0.5), by: Self.alice,
            reason: "fewer weak answers", effectiveAt: Self.t0.addingTimeInterval(86_400), now: Self.t0)
        #expect(change.state == .proposed && change.basedOn == "routing-1")
        #expect(
            try store.policies.active(kind: .routing, at: Self.t0.addingTimeInterval(200_000))?.version == "routing-1",
            "unapproved changes nothing")

        #expect(throws: PolicyError.self) { try store.policies.approve(id: change.id, by: Self.alice, now: Self.t0) }
        #expect(throws: PolicyError.self) { try store.policies.approve(id: change.id, by: Self.root, now: Self.t0) }
        #expect(throws: PolicyError.self) { try store.policies.approve(id: change.id, by: Self.kim, now: Self.t0) }
        let refused = try #require(try store.policies.change(id: change.id))
        #expect(refused.state == .proposed && refused.approvedBy == nil, "a refused approval writes nothing")

        let approved = try store.policies.approve(id: change.id, by: Self.bob, now: Self.t0.addingTimeInterval(60))
        #expect(approved.approvedBy == "bob@example.com")
        #expect(
            try store.policies.active(kind: .routing, at: Self.t0.addingTimeInterval(3_600))?.version == "routing-1",
            "not yet effective")
        let later = try #require(try store.policies.active(kind: .routing, at: Self.t0.addingTimeInterval(86_401)))
        #expect(later.version == "routing-2")
        #expect(
            try JSONDecoder().decode(RoutePolicy.self, from: Data(later.document.utf8)).answerConfidenceAtLeast == 0.5)
        #expect(throws: PolicyError.self) { try store.policies.approve(id: change.id, by: Self.bob, now: Self.t0) }

        let actions = try store.audit.entries().map(\.action)
        #expect(actions == ["policy-installed", "policy-proposed", "policy-change"])
        #expect(AuditChain.verify(try store.audit.entries()).intact)
    }

    @Test(
        """
        a rollback restores the approved version before; the first version cannot be rolled back; only an ops lead \
        rolls back
        """
    )
    func rollback() throws {
        let store = try Self.installed()
        let change = try store.policies.propose(
            kind: .routing, document: try Self.routing("routing-2"), by: Self.kim, reason: "r", now: Self.t0)
        _ = try store.policies.approve(id: change.id, by: Self.alice, now: Self.t0.addingTimeInterval(1))
        #expect(try store.policies.active(kind: .routing, at: Self.t0.addingTimeInterval(2))?.version == "routing-2")
        #expect(throws: PolicyError.self) {
            try store.policies.rollback(kind: .routing, by: Self.root, reason: "x", now: Self.t0.addingTimeInterval(3))
        }
        let result = try store.policies.rollback(
            kind: .routing, by: Self.bob, reason: "queues overflowed", now: Self.t0.addingTimeInterval(3))
        #expect(result.undone.version == "routing-2" && result.active.version == "routing-1")
        #expect(try store.policies.active(kind: .routing, at: Self.t0.addingTimeInterval(4))?.version == "routing-1")
        #expect(try store.policies.change(id: change.id)?.state == .rolledBack)
        #expect(throws: PolicyError.self) {
            try store.policies.rollback(kind: .routing, by: Self.bob, reason: "x", now: Self.t0.addingTimeInterval(5))
        }
        #expect(try store.audit.entries().last?.action == "policy-rollback")
    }

    @Test("invalid documents, reused versions and unknown ids are refused with what to fix; nothing is written")
    func refusals() throws {
        let store = try Self.installed()
        let before = try store.policies.changes(kind: .routing).count
        #expect(throws: PolicyError.self) { try PolicyDocument(json: Data(#"{"answerConfidenceAtLeast": 0.5}"#.utf8)) }
        #expect(throws: PolicyError.self) {
            try store.policies.propose(
                kind: .routing,
                document: try PolicyDocument(json: Data(#"{"version": "x", "answerConfidenceAtLeast": 7}"#.utf8)),
                by: Self.alice, reason: "r", now: Self.t0)
        }
        #expect(throws: PolicyError.self) {
            try store.policies.propose(
                kind: .routing, document: try Self.routing("routing-1"), by: Self.alice, reason: "r", now: Self.t0)
        }
        #expect(throws: PolicyError.self) {
            try store.policies.propose(
                kind: .retention,
                document: try PolicyDocument(encoding: RetentionPolicy(version: "r2", answersDays: 0)),
                by: Self.alice, reason: "r", now: Self.t0)
        }
        #expect(throws: PolicyError.self) { try store.policies.approve(id: "pol_missing", by: Self.bob, now: Self.t0) }
        #expect(try store.policies.changes(kind: .routing).count == before)
        #expect(
            try store.policies.installInitial(kind: .routing, document: try Self.routing("routing-9"), now: Self.t0)
                == nil,
            "configuration never replaces an approved policy")
    }

    @Test("the gate's own rules are a policy: two approvals and a day's notice hold back a change until both are met")
    func approvalRules() throws {
        let store = try Self.installed()
        try store.policies.installInitial(
            kind: .approval,
            document: try PolicyDocument(
                encoding: ApprovalPolicy(
                    version: "approval-strict",
                    approvalsRequired: 2, minimumNoticeHours: 24)), now: Self.t0)
        let change = try store.policies.propose(
            kind: .routing, document: try Self.routing("routing-2"), by: Self.kim, reason: "r", now: Self.t0)
        let first = try store.policies.approve(id: change.id, by: Self.alice, now: Self.t0.addingTimeInterval(10))
        #expect(first.state == .proposed && first.approvals == ["alice@example.com"], "one of two approvals")
        #expect(throws: PolicyError.self) {
            try store.policies.approve(id: change.id, by: Self.alice, now: Self.t0.addingTimeInterval(20))
        }
        let second = try store.policies.approve(id: change.id, by: Self.bob, now: Self.t0.addingTimeInterval(30))
        #expect(second.state == .approved && second.approvals == ["alice@example.com", "bob@example.com"])
        #expect(
            second.takesEffect == Self.t0.addingTimeInterval(30 + 24 * 3_600), "a day's notice after the last approval")
        #expect(
            try store.policies.active(kind: .routing, at: Self.t0.addingTimeInterval(3_600))?.version == "routing-1")
        #expect(
            try store.policies.active(kind: .routing, at: Self.t0.addingTimeInterval(25 * 3_600))?.version
                == "routing-2")
        #expect(throws: PolicyError.self) {
            try store.policies.propose(
                kind: .approval,
                document: try PolicyDocument(encoding: ApprovalPolicy(version: "lax", approvalsRequired: 0)),
                by: Self.alice, reason: "r", now: Self.t0)
        }
    }

    @Test("the diff shows the lines a change alters")
    func diff() throws {
        let old = try Self.routing("routing-1").text
        let new = try Self.routing("routing-2", confidence: 0.5).text
        let diff = LineDiff.unified(from: old, to: new)
        #expect(
            diff.contains("-  \"answerConfidenceAtLeast\" : 0.35")
                && diff.contains("+  \"answerConfidenceAtLeast\" : 0.5"), "\(diff)")
        #expect(diff.contains("-  \"version\" : \"routing-1\"") && diff.contains("+  \"version\" : \"routing-2\""))
        #expect(!diff.contains("-  \"clarifyMargin\""), "unchanged lines are context")
    }
}
