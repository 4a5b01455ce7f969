import Foundation
import Synchronization

/// Fans suggestions out to every agent watching a conversation, and remembers the latest per
/// conversation so an agent who connects late sees the current ones at once.
///
/// Every watch also carries keep-alives (so the route notices a client that has gone the next
/// time it writes), and `closeAll(reason:)` ends every watch with a `closing` event (graceful
/// shutdown). `openStreams` counts the watches not yet ended, for `/metrics`.
///
/// Thread safety: every method takes the lock; share one instance.
public final class AssistHub: Sendable {
    struct Watcher {
        var continuation: AsyncStream<AssistEvent>.Continuation
        var ticker: Task<Void, Never>?
    }

    struct State {
        var watchers: [String: [UUID: Watcher]] = [:]
        var latest: [String: AssistSuggestions] = [:]
        /// Set by `closeAll`: a watch started afterwards gets only the closing event.
        var closedReason: String?
    }

    private let state = Mutex(State())

    public init() {}

    /// A stream of the conversation's events: the latest suggestions first if any, then each new
    /// one, with a keep-alive after every `keepAlive` of quiet. It ends when the caller stops
    /// iterating (its watcher and ticker are removed then) or after `closeAll`'s closing event.
    /// - Parameter keepAlive: time between keep-alives; nil sends none.
    public func watch(_ conversationID: String, keepAlive: Duration? = nil) -> AsyncStream<AssistEvent> {
        let key = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: AssistEvent.self, bufferingPolicy: .bufferingNewest(16))
        continuation.onTermination = { [weak self] _ in
            let removed = self?.state.withLock { s -> Watcher? in
                let watcher = s.watchers[conversationID]?.removeValue(forKey: key)
                if s.watchers[conversationID]?.isEmpty == true { s.watchers[conversationID] = nil }
                return watcher
            }
            removed?.ticker?.cancel()
        }
        let ticker = keepAlive.map { interval in
            Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    if Task.isCancelled { break }
                    continuation.yield(.keepAlive)
                }
            }
        }
        let closed: String? = state.withLock { s in
            if let reason = s.closedReason { return reason }
            if let latest = s.latest[conversationID] { continuation.yield(.suggestions(latest)) }
            s.watchers[conversationID, default: [:]][key] = Watcher(continuation: continuation, ticker: ticker)
            return nil
        }
        if let closed {
            ticker?.cancel()
            continuation.yield(.closing(reason: closed))
            continuation.finish()
        }
        return stream
    }

    /// Sends suggestions to the conversation's watchers and keeps them as its latest.
    public func publish(_ suggestions: AssistSuggestions) {
        state.withLock { s in
            s.latest[suggestions.conversationID] = suggestions
            for w in (s.watchers[suggestions.conversationID] ?? [:]).values {
                w.continuation.yield(.suggestions(suggestions))
            }
        }
    }

    /// Ends every watch with a `closing` event carrying `reason`, and every later watch at once.
    public func closeAll(reason: String) {
        let watchers = state.withLock { s in
            s.closedReason = reason
            return s.watchers.values.flatMap(\.values)
        }
        for w in watchers {
            w.ticker?.cancel()
            w.continuation.yield(.closing(reason: reason))
            w.continuation.finish()
        }
    }

    /// How many agents watch the conversation.
    public func watchers(of conversationID: String) -> Int {
        state.withLock { $0.watchers[conversationID]?.count ?? 0 }
    }

    /// How many watches are open, over every conversation.
    public var openStreams: Int {
        state.withLock { $0.watchers.values.reduce(0) { $0 + $1.count } }
    }
}
