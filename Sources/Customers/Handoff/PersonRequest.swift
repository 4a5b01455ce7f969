import Foundation

/// Whether a customer's message asks for a person rather than an answer ("talk to a human",
/// "agent!", "I want a real person").
public enum PersonRequest {
    static let patterns = [
        #"""
        \b(speak|talk|chat|connect \#
        me)\s+(to|with)\s+(a|an|some|the|your)?\s*(real\s+|live\s+|human\s+)?\#
        (person|human|agent|someone|somebody|representative|rep|operator|manager|supervisor)\b
        """#,
        #"\b(want|need|get)\s+(me\s+)?(a|an|to)?\s*(real\s+|live\s+)?(human|person|agent|representative|operator)\b"#,
        #"""
        ^\s*(please\s+)?(an?\s+)?(agent|human|representative|operator|person|real person|live \#
        agent)(\s+please)?\s*[.!?]*\s*$
        """#,
        // The reply to a decline's offer: "yes, a person please".
        #"""
        ^\s*(yes|yeah|yep|ok|okay|sure|please)\b[\s,.!]*(please\s+)?(a\s+|to\s+a\s+)?(real\s+|live\s+)?\#
        (person|human|agent|someone)\b
        """#,
    ]

    /// True when `message` asks for a person.
    public static func matches(_ message: String) -> Bool {
        patterns.contains { p in
            (try? NSRegularExpression(pattern: p, options: [.caseInsensitive]))
                .map { $0.firstMatch(in: message, range: NSRange(message.startIndex..., in: message)) != nil } ?? false
        }
    }
}
