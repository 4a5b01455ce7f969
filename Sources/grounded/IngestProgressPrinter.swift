import Engine
import Foundation

/// Shows an ingest's progress on standard error: one line redrawn in place on a terminal, JSON
/// lines otherwise (one a second at most, and at every change of phase), or nothing.
///
/// Thread safety: `show` may be called from any thread; output is serialised by a lock.
final class IngestProgressPrinter: @unchecked Sendable {
    enum Mode: String, CaseIterable {
        case auto, terminal, json, off
    }

    private let mode: Mode
    private let lock = NSLock()
    private var lastPrinted: Date?
    private var lastPhase: IngestProgress.Phase?
    private let interval: TimeInterval

    /// - Parameter mode: `auto` is `terminal` when standard error is one, else `json`.
    init(_ mode: Mode) {
        self.mode = mode == .auto ? (isatty(STDERR_FILENO) == 1 ? .terminal : .json) : mode
        interval = self.mode == .terminal ? 0.2 : 1
    }

    /// The callback for `IngestOptions.progress`, or nil when off.
    var callback: (@Sendable (IngestProgress) -> Void)? {
        guard mode != .off else { return nil }
        return { @Sendable [self] in show($0) }
    }

    func show(_ p: IngestProgress) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        let newPhase = p.phase != lastPhase
        guard newPhase || lastPrinted.map({ now.timeIntervalSince($0) >= interval }) ?? true else { return }
        lastPrinted = now
        lastPhase = p.phase
        let text: String
        switch mode {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            text = String(decoding: (try? encoder.encode(p)) ?? Data(), as: UTF8.self) + "\n"
        case .terminal:
            text = "\r\u{1B}[K" + Self.line(p) + (p.phase == .done ? "\n" : "")
        case .auto, .off:
            return
        }
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// The progress in words, e.g. `embedding 1200/5000 texts (46 documents, 120 chunks) · 38.1/s · 32 s left`.
    static func line(_ p: IngestProgress) -> String {
        let corpus = "\(p.documents) documents, \(p.chunks) chunks"
        let elapsed = duration(p.elapsed)
        switch p.phase {
        case .reading:
            return "reading \(p.files)/\(p.filesTotal) files · \(elapsed)"
        case .embedding:
            let rate = p.embeddedPerSecond.map { String(format: " · %.1f/s", $0) } ?? ""
            let left = p.secondsLeft.map { " · \(duration($0)) left" } ?? ""
            return "embedding \(p.embedded)/\(p.embedTotal) texts (\(corpus))\(rate)\(left) · \(elapsed)"
        case .indexing:
            return "indexing \(p.chunks) chunks (\(p.embedded) texts embedded) · \(elapsed)"
        case .done:
            return "done: \(corpus), \(p.embedded) texts embedded in \(elapsed)"
        }
    }

    /// `42 s`, `3 min 5 s`, `1 h 2 min`.
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min \(s % 60) s" }
        return "\(s / 3600) h \(s % 3600 / 60) min"
    }
}
