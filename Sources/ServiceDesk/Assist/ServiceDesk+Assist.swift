import Answering
import Customers
import Engine
import Foundation
import Governance
import GroundedCore
import Records
import Routing
import Storage

/// Live agent assist: for each customer message in a conversation, snippets, a grounded draft and
/// next-best actions, stored (so feedback can name them) and published to watching agents.
extension ServiceDesk {
    /// Suggestions for the conversation's latest customer turn. `answer` is the engine's answer
    /// to it when one was just composed (the bot's reply becomes the draft); otherwise one is
    /// composed from the conversation.
    @discardableResult
    public func assist(
        _ conversation: Conversation, customer: Customer, answer: GroundedAnswer? = nil,
        started: ContinuousClock.Instant = .now
    ) throws -> AssistSuggestions? {
        guard let latest = conversation.turns.last(where: { $0.author == .customer }) else { return nil }
        let history = conversation.turns.filter { $0.index <= latest.index }
            .map { ConversationTurn(role: $0.author == .customer ? .user : .agent, text: $0.text) }
        var filter = RetrievalFilter()
        filter.profile = customer.profile
        // The draft goes to the customer: composed from public documents only. The snippets are
        // for the agent, whose audience includes internal documents (marked as such).
        let engine = self.engine
        let grounded = try answer ?? draftAnswer(latest.text, conversation: history, filter: filter)
        // A second retrieval only when there is something internal to find.
        var agentSources = grounded.sources
        if engine.knowledge.documents.values.contains(where: { $0.metadata.audience == .internal }) {
            var agentFilter = filter
            agentFilter.audiences = Role.agent.documentAudiences
            agentSources = try engine.ask(conversation: history, filter: agentFilter).sources
        }
        func id() -> String { ServiceStore.makeID("sug_") }

        let snippets = agentSources.prefix(3).map { hit in
            let audience =
                engine.knowledge.chunks[hit.chunkID].map { engine.knowledge.document(of: $0).metadata.audience }
                ?? .internal
            return AssistSuggestions.Snippet(
                id: id(), documentID: hit.documentID, version: hit.documentVersion, title: hit.title,
                start: hit.span.start, end: hit.span.end, text: engine.text(of: hit),
                score: hit.rerankScore ?? hit.score, audience: audience.rawValue)
        }
        let draft =
            grounded.status == .answered
            ? AssistSuggestions.Draft(
                id: id(), text: grounded.message,
                citations: grounded.numberedCitations,
                confidence: grounded.confidence) : nil
        let messages = conversation.turns.filter { $0.author == .customer && $0.index <= latest.index }.suffix(3).map(
            \.text)
        let lexicon = SentimentLexicon()
        let sentiment =
            messages.isEmpty ? 0 : messages.map { lexicon.score($0).score }.reduce(0, +) / Double(messages.count)
        let records = try store.suggestions.actionRecords().mapValues {
            VariantChooser.Record(successes: $0.successes, failures: $0.failures)
        }
        // Seeded by the conversation and turn: the same state gives the same suggestions.
        var sampler = BetaSampler(seed: Self.seed(conversation.id, latest.index))
        let ranked = catalogue.learned(
            catalogue.rank(
                messages: Array(messages), plan: customer.profile.plan, sentiment: sentiment,
                signals: SignalDetector().signals(
                    inConversation: Array(messages),
                    previousContacts: try store.conversations.earlierContacts(customer.id, before: conversation.id)
                ).risks),
            records: records, sampler: &sampler)
        let actions = ranked.prefix(3).map {
            AssistSuggestions.Action(
                id: id(), actionID: $0.action.id, title: $0.action.title, score: $0.score, reasons: $0.reasons)
        }
        var suggestions = AssistSuggestions(
            conversationID: conversation.id, turn: latest.index, message: latest.text, snippets: snippets, draft: draft,
            actions: Array(actions),
            milliseconds: (ContinuousClock.now - started).seconds * 1000)
        // Explained while an agent watches (a stream opened later gets the latest as it was); only
        // watchers that asked for it receive the explanation (`AssistEvent.explained(_:)`).
        if hub.watchers(of: conversation.id) > 0 {
            suggestions.explanation = AssistExplanation(
                draft: explanation(of: grounded, filter: filter), actions: ranked)
        }

        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        func body<T: Encodable>(_ v: T) throws -> String { String(decoding: try encoder.encode(v), as: UTF8.self) }
        var stored = try snippets.map {
            StoredSuggestion(
                id: $0.id, conversationID: conversation.id, turn: latest.index, kind: "snippet", body: try body($0))
        }
        if let draft {
            stored.append(
                StoredSuggestion(
                    id: draft.id, conversationID: conversation.id, turn: latest.index, kind: "draft",
                    body: try body(draft)))
        }
        stored += try actions.map {
            StoredSuggestion(
                id: $0.id, conversationID: conversation.id, turn: latest.index, kind: "action", actionID: $0.actionID,
                body: try body($0))
        }
        // The suggestions and their audit entry commit together: one transaction, one fsync.
        try store.database.transaction {
            try store.suggestions.save(stored)
            try store.audit.append(
                AuditEvent(
                    actor: "bot", action: "suggestion", subject: conversation.id,
                    inputs: ["message": latest.text, "turn": String(latest.index)],
                    indexVersion: engine.knowledge.build.buildID,
                    outcome: "suggested " + stored.map { "\($0.kind) \($0.id)" }.joined(separator: ", ")))
        }
        hub.publish(suggestions)
        metrics.recordAssist(milliseconds: suggestions.milliseconds)
        return suggestions
    }

    /// The answer a draft is made from: the conversation's; when the conversation as a whole is
    /// not answered (a customer waiting for a person changes topic), the latest message's own;
    /// and when that is not either, its questions without what asks nothing ("This is the third
    /// time I'm asking. How long…?"), then what follows its opening sentences, so that every
    /// message the documents answer gets a draft.
    /// The conversation's decline stands when none answers.
    func draftAnswer(
        _ latest: String, conversation history: [ConversationTurn], filter: RetrievalFilter
    ) throws -> GroundedAnswer {
        let whole = try engine.ask(conversation: history, filter: filter)
        guard whole.status != .answered else { return whole }
        var tries = history.count > 1 ? [latest] : []
        if let questions = QuestionParts.questionsOnly(latest) { tries.append(questions) }
        tries += QuestionParts.laterSentences(latest).prefix(3)
        // Each distinct text once (the questions alone may be what follows the opening).
        var asked: Set<String> = []
        for text in tries where asked.insert(text).inserted {
            let answer = try engine.ask(text, filter: filter)
            if answer.status == .answered { return answer }
        }
        return whole
    }

    /// A stable seed from a conversation id and turn (Swift's `hashValue` changes per run).
    public static func seed(_ conversationID: String, _ turn: Int) -> UInt64 {
        FNV1a.hash("\(conversationID)#\(turn)".utf8)
    }
}
