import Foundation
import GroundedCore
import Storage

extension Ingestor {
    /// Builds the candidate for `corpus` in the staged folder (`IndexLayout.staged`) from a
    /// snapshot of this index, leaving the current build as it is. A previous staged build is
    /// replaced.
    /// - Returns: the staged build, with its ingest report.
    /// - Throws: `KnowledgeError` when another ingest runs or the corpus cannot be ingested (the
    ///   staged folder then holds nothing); storage errors.
    public func stage(_ corpus: URL) throws -> StagedBuild {
        try PrivateDirectory.create(at: layout.root)
        let lock = try IngestLock(layout.lock)
        defer { withExtendedLifetime(lock) {} }
        let staged = layout.staged
        try? FileManager.default.removeItem(at: staged.root)
        do {
            let (basedOn, basedOnRun) = try snapshot(into: staged)
            let report = try Ingestor(index: staged.root, options: options).ingest(corpus)
            let build = StagedBuild(
                buildID: report.buildID, basedOn: basedOn, basedOnRun: basedOnRun, corpus: corpus.path,
                stagedAt: Date(), report: report)
            try KnowledgeStore(directory: staged.root).recordStaging(build)
            return build
        } catch {
            try? FileManager.default.removeItem(at: staged.root)
            throw error
        }
    }

    /// Copies this index's knowledge store (a consistent snapshot, `VACUUM INTO`) and its current
    /// build's files into `target`; never the service's records or keys kept beside them.
    /// - Returns: the build copied and the latest run then (nil and 0 for an index with no store).
    /// - Throws: storage errors.
    @discardableResult
    public func snapshot(into target: IndexLayout) throws -> (build: String?, lastRun: Int64) {
        try PrivateDirectory.create(at: target.root)
        guard FileManager.default.fileExists(atPath: layout.store.path) else { return (nil, 0) }
        let store = try KnowledgeStore(directory: layout.root)
        try store.database.run("VACUUM INTO ?", [target.store.path])
        try PrivateDirectory.create(at: target.builds)
        let build = try store.currentBuild()?.buildID
        if let build { try FileManager.default.copyItem(at: layout.build(build), to: target.build(build)) }
        return (build, try store.nextRunID() - 1)
    }

    /// The staged build, or nil when there is none.
    /// - Throws: storage errors reading it.
    public func stagedBuild() throws -> StagedBuild? {
        guard FileManager.default.fileExists(atPath: layout.staged.store.path) else { return nil }
        return try KnowledgeStore(directory: layout.staged.root).staging()
    }

    /// Removes the staged build; the current build is untouched.
    /// - Returns: the build removed, or nil when there was none.
    /// - Throws: `KnowledgeError` when an ingest runs.
    @discardableResult
    public func discardStaged() throws -> StagedBuild? {
        let lock = try IngestLock(layout.lock)
        defer { withExtendedLifetime(lock) {} }
        let staged = try stagedBuild()
        try? FileManager.default.removeItem(at: layout.staged.root)
        return staged
    }

    /// Makes the staged build current: its build files move beside the current one, and one
    /// transaction replaces the store's documents, chunks and versions with the staged ones and
    /// points at the staged build. The staged folder is then removed.
    /// - Returns: the build promoted.
    /// - Throws: `StagingError` when nothing is staged or the index changed since staging (stage
    ///   again); `KnowledgeError` when an ingest runs; storage errors, leaving the current build as
    ///   it was.
    public func promoteStaged() throws -> StagedBuild {
        let lock = try IngestLock(layout.lock)
        defer { withExtendedLifetime(lock) {} }
        guard let staged = try stagedBuild() else {
            throw StagingError.nothingStaged(layout.root.path)
        }
        let store = try KnowledgeStore(directory: layout.root)
        let current = try store.currentBuild()?.buildID
        let lastRun = try store.nextRunID() - 1
        guard current == staged.basedOn, lastRun == staged.basedOnRun else {
            throw StagingError(
                kind: .stale,
                message:
                    "the index changed since build \(staged.buildID) was staged (current build \(current ?? "none"), "
                    + "staged from \(staged.basedOn ?? "none")): stage it again, or discard it")
        }
        let target = layout.build(staged.buildID)
        try? FileManager.default.removeItem(at: target)
        try PrivateDirectory.create(at: layout.builds)
        try FileManager.default.copyItem(at: layout.staged.build(staged.buildID), to: target)
        AtomicFile.syncDirectory(layout.builds.path)
        do {
            try store.replace(with: layout.staged.store)
        } catch {
            try? FileManager.default.removeItem(at: target)
            throw error
        }
        removeStaleBuilds(keeping: staged.buildID)
        try? FileManager.default.removeItem(at: layout.staged.root)
        return staged
    }
}
