import Foundation

/// Keeps an ingest's `IngestProgress` and passes it on as it advances.
///
/// Thread safety: used by the one thread running the ingest.
final class ProgressMeter {
    private(set) var state: IngestProgress
    private let report: (@Sendable (IngestProgress) -> Void)?
    private let clock: @Sendable () -> Date
    private let started: Date
    private var embeddingStarted: Date?

    /// - Parameters:
    ///   - report: called at each step; nil makes the meter silent.
    ///   - clock: the time source (injected so tests are deterministic).
    init(report: (@Sendable (IngestProgress) -> Void)?, clock: @escaping @Sendable () -> Date = Date.init) {
        self.report = report
        self.clock = clock
        started = clock()
        state = IngestProgress(
            phase: .reading, files: 0, filesTotal: 0, documents: 0, chunks: 0, embedded: 0, embedTotal: 0,
            embeddedPerSecond: nil, secondsLeft: nil, elapsed: 0)
    }

    func readFile(_ done: Int, of total: Int) {
        state.files = done
        state.filesTotal = total
        emit()
    }

    func read(documents: Int, chunks: Int) {
        state.documents = documents
        state.chunks = chunks
        emit()
    }

    /// Embedding starts: `total` texts to embed.
    func embedding(total: Int) {
        state.phase = .embedding
        state.embedTotal = total
        state.embedded = 0
        embeddingStarted = clock()
        emit()
    }

    /// `count` more texts embedded.
    func embedded(_ count: Int) {
        state.embedded += count
        if let embeddingStarted {
            let seconds = clock().timeIntervalSince(embeddingStarted)
            if seconds > 0, state.embedded > 0 {
                let rate = Double(state.embedded) / seconds
                state.embeddedPerSecond = rate
                state.secondsLeft = Double(max(0, state.embedTotal - state.embedded)) / rate
            }
        }
        emit()
    }

    func phase(_ phase: IngestProgress.Phase) {
        state.phase = phase
        if phase != .embedding { state.secondsLeft = phase == .reading ? nil : 0 }
        emit()
    }

    private func emit() {
        guard let report else { return }
        state.elapsed = clock().timeIntervalSince(started)
        report(state)
    }
}
