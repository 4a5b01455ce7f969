import Foundation

/// One thing an assist stream sends an agent's console.
public enum AssistEvent: Sendable, Equatable {
    /// New suggestions for the conversation.
    case suggestions(AssistSuggestions)
    /// Nothing new: a comment line that proves the connection is still there (a write to a client
    /// that has gone fails, and the stream ends).
    case keepAlive
    /// The server ends the stream (it is shutting down); the console should reconnect, to this
    /// server once it is back or to another replica.
    case closing(reason: String)

    /// The event as a watcher receives it: suggestions keep their explanation only for a watcher
    /// that asked for one.
    public func explained(_ explain: Bool) -> AssistEvent {
        guard !explain, case .suggestions(let s) = self, s.explanation != nil else { return self }
        return .suggestions(s.unexplained)
    }

    /// The event as server-sent-events text (`event:`/`id:`/`data:` lines and a blank line, or a
    /// `:` comment for a keep-alive).
    /// - Throws: `EncodingError` when suggestions cannot be encoded.
    public func serverSentEvent() throws -> String {
        switch self {
        case .suggestions(let suggestions):
            return "event: suggestions\nid: \(suggestions.turn)\ndata: \(try Self.line(suggestions))\n\n"
        case .keepAlive:
            return ": keep-alive\n\n"
        case .closing(let reason):
            let data = try Self.line(Closing(reason: reason, reconnect: true))
            return "event: closing\ndata: \(data)\n\n"
        }
    }

    /// A value as one line of JSON (keys sorted; JSON escapes every newline inside strings).
    private static func line(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The payload of a `closing` event.
    struct Closing: Encodable {
        var reason: String
        var reconnect: Bool
    }
}
