import Engine
import Foundation
import Governance
import Records
import Synchronization

/// Staged builds: a knowledge manager reviews the candidate's answers beside the current ones,
/// then promotes it (it answers customers from the next request on) or discards it. Both are
/// audited, refusals included.
extension ServiceDesk {
    /// The current build and the staged one.
    /// - Throws: storage errors reading the staged build.
    public func builds() throws -> BuildsView {
        let knowledge = engine.knowledge
        return BuildsView(
            current: .init(
                buildID: knowledge.build.buildID, embedderID: knowledge.build.embedderID,
                documents: knowledge.documents.count, chunks: knowledge.chunks.count),
            staged: try Ingestor(index: knowledge.layout.root).stagedBuild())
    }

    /// Asks `question` of the current build and of the staged one.
    /// - Throws: `StagingError` when nothing is staged; the engines' errors.
    public func askStaged(_ question: AnswerDrift.Question) throws -> StagedComparison {
        let candidate = try stagedEngine()
        let current = try engine.ask(question.question, filter: question.filter)
        let staged = try candidate.ask(question.question, filter: question.filter)
        let (a, b) = (AnswerDrift.Side(current), AnswerDrift.Side(staged))
        return StagedComparison(
            question: question.question, current: current, staged: staged,
            change: a == b ? nil : AnswerDrift.Change(question: question.question, current: a, candidate: b).kind)
    }

    /// Makes the staged build current and serves it from the next request on; audited as
    /// `build-promote` (a refusal too, with its reason).
    /// - Throws: `StagingError` when nothing is staged or the index changed since staging; the
    ///   current build then goes on serving.
    public func promoteStaged(by actor: Principal, reason: String) throws -> StagedBuild {
        let index = engine.knowledge.layout.root
        let before = engine.knowledge.build.buildID
        do {
            let promoted = try Ingestor(index: index).promoteStaged()
            staged.withLock { $0 = nil }
            try reloadIfNewBuild()
            try store.audit.append(
                AuditEvent(
                    actor: actor.person, action: "build-promote", subject: promoted.buildID,
                    inputs: [
                        "reason": reason, "role": actor.role.rawValue, "replaced": before, "corpus": promoted.corpus,
                        "changes": Self.summary(promoted.report),
                    ], indexVersion: promoted.buildID, outcome: "current"))
            return promoted
        } catch {
            _ = try? store.audit.append(
                AuditEvent(
                    actor: actor.person, action: "build-promote", subject: "staged",
                    inputs: ["reason": reason, "role": actor.role.rawValue], indexVersion: before,
                    outcome: "refused: \(error)"))
            throw error
        }
    }

    /// Removes the staged build; audited as `build-discard`.
    /// - Returns: the build discarded.
    /// - Throws: `StagingError` when nothing is staged or an ingest runs.
    public func discardStaged(by actor: Principal, reason: String) throws -> StagedBuild {
        let index = engine.knowledge.layout.root
        guard let discarded = try Ingestor(index: index).discardStaged() else {
            throw StagingError.nothingStaged(index.path)
        }
        staged.withLock { $0 = nil }
        try store.audit.append(
            AuditEvent(
                actor: actor.person, action: "build-discard", subject: discarded.buildID,
                inputs: ["reason": reason, "role": actor.role.rawValue, "corpus": discarded.corpus],
                indexVersion: engine.knowledge.build.buildID, outcome: "discarded"))
        return discarded
    }

    /// The engine over the staged build, opened once per staged build.
    func stagedEngine() throws -> GroundedEngine {
        let layout = engine.knowledge.layout.staged
        guard let build = try Ingestor(index: engine.knowledge.layout.root).stagedBuild() else {
            throw StagingError.nothingStaged(engine.knowledge.layout.root.path)
        }
        if let open = staged.withLock({ $0 }), open.knowledge.build.buildID == build.buildID { return open }
        let fresh = try GroundedEngine(index: layout.root, models: models)
        staged.withLock { $0 = fresh }
        return fresh
    }

    /// `added 1, changed 0, removed 1` for the audit.
    static func summary(_ r: IngestReport) -> String {
        "added \(r.added.count), changed \(r.changed.count), removed \(r.removed.count)"
    }
}
