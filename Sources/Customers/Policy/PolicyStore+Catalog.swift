import Foundation
import Governance
import Records

extension PolicyStore {
    /// Installs the initial policy of a kind from configuration (see
    /// `installInitial(kind:document:now:validatedBy:)`), validated by `PolicyCatalog`.
    /// - Throws: `PolicyError(.invalidDocument)` for a document its kind cannot run.
    @discardableResult
    public func installInitial(
        kind: PolicyKind, document: PolicyDocument, now: Date = Date()
    ) throws -> PolicyChange? {
        try installInitial(
            kind: kind, document: document, now: now, validatedBy: { try PolicyCatalog.validate($0, as: $1) })
    }

    /// Records a proposed change (see `propose(kind:document:by:reason:effectiveAt:now:validatedBy:)`),
    /// validated by `PolicyCatalog`: a policy that could not run is refused here, never found at
    /// serving time.
    /// - Throws: `PolicyError` for an invalid document or a version that exists.
    public func propose(
        kind: PolicyKind, document: PolicyDocument, by proposer: Principal, reason: String,
        effectiveAt: Date? = nil, now: Date = Date()
    ) throws -> PolicyChange {
        try propose(
            kind: kind, document: document, by: proposer, reason: reason, effectiveAt: effectiveAt, now: now,
            validatedBy: { try PolicyCatalog.validate($0, as: $1) })
    }
}
