import Foundation
import Synchronization

/// Fans suggestions out to every agent watching a conversation, and remembers the latest per
/// conversation so an agent who connects late sees the current ones at once.
///
/// Thread safety: every method takes the lock; share one instance.
public final class AssistHub: Sendable {
    struct State {
        var watchers: [String: [UUID: AsyncStream<AssistSuggestions>.Continuation]] = [:]
        var latest: [String: AssistSuggestions] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// A stream of the conversation's suggestions, starting with the latest ones if any; it
    /// ends when the caller stops iterating.
    public func watch(_ conversationID: String) -> AsyncStream<AssistSuggestions> {
        let key = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: AssistSuggestions.self, bufferingPolicy: .bufferingNewest(16))
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.watchers[conversationID]?.removeValue(forKey: key) }
        }
        state.withLock { s in
            if let latest = s.latest[conversationID] { continuation.yield(latest) }
            s.watchers[conversationID, default: [:]][key] = continuation
        }
        return stream
    }

    /// Sends suggestions to the conversation's watchers and keeps them as its latest.
    public func publish(_ suggestions: AssistSuggestions) {
        state.withLock { s in
            s.latest[suggestions.conversationID] = suggestions
            for c in (s.watchers[suggestions.conversationID] ?? [:]).values { c.yield(suggestions) }
        }
    }

    /// How many agents watch the conversation.
    public func watchers(of conversationID: String) -> Int {
        state.withLock { $0.watchers[conversationID]?.count ?? 0 }
    }
}
