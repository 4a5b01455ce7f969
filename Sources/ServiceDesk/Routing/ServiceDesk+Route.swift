import Customers
import Engine
import Foundation
import Governance
import Records
import Retrieval
import Routing
import Synchronization

/// Routing: who should answer a message (self-service, a clarifying question or a person, and
/// which queue), decided by the routing policy in force, recorded with its inputs and audited.
extension ServiceDesk {
    /// Decides who answers `request`, records the decision with every rule and queue it weighed,
    /// and for a known customer sent to a person queues the handoff in the chosen queue (blocking:
    /// run it through `offload`). With `explain`, the answer weighed is explained beside it.
    public func route(_ request: AnswerRequest) throws -> RouteResponse {
        var filter = RetrievalFilter()
        filter.profile = request.profile
        var previousContacts = 0
        var known: (customer: Customer, conversation: Conversation)?
        if case let who = identities(request.customer), !who.isEmpty {
            let customer = try store.customers.resolve(who)
            let conversation = try store.conversations.current(
                for: customer.id, recentTurns: configuration.historyTurns)
            known = (customer, conversation)
            filter.profile = Self.profile(customer.profile, overriddenBy: request.profile)
            previousContacts = try store.conversations.earlierContacts(customer.id, before: conversation.id)
        }
        let answer = try engine.ask(request.message, filter: filter)
        let profile = filter.profile ?? CustomerProfile()
        // The record keeps the message redacted, as a handoff summary does; intent and signals
        // are read from the message as written.
        let input = RouteInput(
            message: PIIRedactor().redact(request.message), intent: try intentClassifier()?.classify(request.message),
            signals: SignalDetector().signals(
                inConversation: (known?.conversation.turns.filter { $0.author == .customer }.map(\.text) ?? [])
                    + [request.message], previousContacts: previousContacts),
            customer: .init(
                language: profile.locale.map { String($0.prefix { $0 != "-" && $0 != "_" }).lowercased() },
                plan: profile.plan, products: profile.products),
            answerConfidence: answer.status == .answered ? answer.confidence : nil,
            askedForPerson: PersonRequest.matches(request.message), queueLoad: try store.handoffs.queueLoad())
        let decision = try RouteDecider(policy: policies.routing()).decide(input)
        var handoffID: String?
        if decision.action == .person, let (_, conversation) = known {
            _ = try store.conversations.append(
                [Turn(channel: (request.channel ?? .chat).rawValue, author: .customer, text: request.message)],
                to: conversation.id)
            handoffID = try store.handoffs.handOff(
                conversation.id, reason: .policy, rule: "\(decision.policyVersion): \(decision.rule)",
                queue: decision.queue
            ).id
        }
        let recorded = RecordedRoute(
            id: ServiceStore.makeID("rte_"), createdAt: Date(), conversationID: known?.conversation.id,
            decision: decision, handoffID: handoffID)
        try store.routes.save(recorded)
        try store.audit.append(
            AuditEvent(
                actor: "bot", action: "route", subject: recorded.id,
                inputs: [
                    "message": request.message, "customer": known?.customer.id ?? "anonymous",
                    "intent": input.intent?.intent ?? "none",
                    "out-of-scope by": input.intent?.decidedBy?.rawValue ?? "",
                    "signals": input.signals.risks.map(\.kind.rawValue).joined(separator: ","),
                ],
                policyVersion: decision.policyVersion, indexVersion: engine.knowledge.build.buildID,
                outcome: "\(decision.action.rawValue)\(decision.queue.map { " to \($0)" } ?? ""), rule \(decision.rule)"
            ))
        metrics.recordRoute(action: decision.action.rawValue, queue: decision.queue)
        return RouteResponse(
            route: recorded, explanation: request.explain == true ? explanation(of: answer, filter: filter) : nil)
    }

    /// The intent classifier, trained on first use with the index's embedder; nil without an
    /// examples file.
    public func intentClassifier() throws -> IntentClassifier? {
        guard let path = configuration.intentExamples else { return nil }
        if let trained = intents.withLock({ $0 }) { return trained }
        let classifier = try IntentClassifier.train(
            IntentExamples.load(contentsOf: URL(fileURLWithPath: path)),
            embedder: engine.knowledge.embedder)
        intents.withLock { $0 = classifier }
        return classifier
    }
}
