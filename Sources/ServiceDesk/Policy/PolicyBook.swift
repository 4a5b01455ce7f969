import Customers
import Foundation
import Governance
import Records
import Routing
import Synchronization

/// The policies in force, read from the store's approved changes — never from configuration once
/// the store has them, and never written here: the service only reads what ops leads approved.
///
/// Each decoded policy is cached until the sooner of its kind's next scheduled change and
/// `refreshInterval`, so a change approved on another replica sharing the store governs here
/// within that interval; a change approved through this service clears the cache at once.
///
/// Thread safety: the cache is behind a mutex.
public final class PolicyBook: Sendable {
    /// How long a cached policy is trusted before the store is read again: 5 s keeps a store read
    /// off nearly every request while replicas agree within seconds of an approval.
    public static let refreshInterval: TimeInterval = 5

    let store: ServiceStore
    public let now: @Sendable () -> Date
    private let cache = Mutex<[PolicyKind: (value: any Sendable, until: Date)]>([:])

    init(store: ServiceStore, now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.now = now
    }

    /// Installs the configured policies as the first approved versions of kinds the store has
    /// none of (a new installation); kinds with history keep theirs.
    func installInitial(_ configuration: ServiceConfiguration) throws {
        try store.policies.installInitial(kind: .routing, document: PolicyDocument(encoding: configuration.routePolicy))
        try store.policies.installInitial(
            kind: .handoff, document: PolicyDocument(encoding: configuration.handoffPolicy))
        try store.policies.installInitial(
            kind: .proactive, document: PolicyDocument(encoding: configuration.proactivePolicy))
        try store.policies.installInitial(
            kind: .retention, document: PolicyDocument(encoding: configuration.retentionPolicy))
        try store.policies.installInitial(
            kind: .approval, document: PolicyDocument(encoding: configuration.approvalPolicy))
        try store.policies.installInitial(
            kind: .feedback, document: PolicyDocument(encoding: configuration.feedbackPolicy))
        try store.policies.installInitial(
            kind: .experiment, document: PolicyDocument(encoding: configuration.experimentPolicy))
        try store.policies.installInitial(
            kind: .fairness, document: PolicyDocument(encoding: configuration.fairnessPolicy))
    }

    public func routing() throws -> RoutePolicy { try policy(.routing) }
    public func handoff() throws -> HandoffPolicy { try policy(.handoff) }
    public func proactive() throws -> ProactivePolicy { try policy(.proactive) }
    public func retention() throws -> RetentionPolicy { try policy(.retention) }
    public func feedback() throws -> FeedbackPolicy { try policy(.feedback) }
    public func experiment() throws -> ExperimentPolicy { try policy(.experiment) }
    public func fairness() throws -> FairnessPolicy { try policy(.fairness) }

    /// Forgets the cache (after an approval or rollback through this service).
    public func invalidate() { cache.withLock { $0.removeAll() } }

    private func policy<T: Decodable & Sendable>(_ kind: PolicyKind) throws -> T {
        let now = now()
        if let hit = cache.withLock({ $0[kind] }), hit.until > now, let value = hit.value as? T { return value }
        let changes = try store.policies.changes(kind: kind)
        guard let active = PolicyLedger.active(changes, at: now) else {
            throw PolicyError(.unknownChange, "no \(kind.rawValue) policy is installed")
        }
        let value = try PolicyCatalog.decode(T.self, from: active)
        let until = min(
            PolicyLedger.nextTransition(changes, after: now) ?? .distantFuture,
            now.addingTimeInterval(Self.refreshInterval))
        cache.withLock { $0[kind] = (value, until) }
        return value
    }
}
