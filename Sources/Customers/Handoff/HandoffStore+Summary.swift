import Foundation
import Records

extension HandoffStore {
    /// Hands a conversation to a person with a summary `summarizer` writes: queues it and moves
    /// the conversation to `handed-off` (the bot stops replying), in one transaction. A
    /// conversation already handed off keeps its open handoff.
    /// - Parameters:
    ///   - rule: the handoff-policy rule that sent it, for `.policy`.
    ///   - queue: the queue a route decision chose.
    /// - Throws: `CustomerError` for an unknown conversation or customer.
    @discardableResult
    public func handOff(
        _ conversationID: String, reason: Handoff.Reason, rule: String? = nil, queue: String? = nil,
        summarizer: HandoffSummarizer = .init(), now: Date = Date()
    ) throws -> Handoff {
        try handOff(conversationID, now: now) { conversation, customer, earlierContacts in
            let s = summarizer.summarize(
                conversation, customer: customer, reason: reason, rule: rule, previousContacts: earlierContacts)
            return Handoff(
                id: ServiceStore.makeID("hof_"), conversationID: conversationID, customerID: customer.id,
                reason: reason, rule: rule, queue: queue, state: .queued, createdAt: now, summary: s.sentences,
                sentiment: s.sentiment, signals: s.signals, entities: s.entities, openQuestions: s.open)
        }
    }
}
