import Customers
import Engine
import Foundation
import Governance
import Records
import Retrieval
import Storage

/// Answering a customer: a grounded answer or a decline, written for the channel, in the
/// customer's conversation, archived, audited and QA-scored before it is returned.
extension ServiceDesk {
    /// What the customer is told when a person has (or is about to take) their conversation.
    public static let withPerson = "A member of our team has your conversation and will reply here."
    public static let passing = "I'm passing you to a member of our team now; they can see this conversation."

    /// Answers one request and archives the response; with a customer, answers within their
    /// current conversation, records both turns, and hands the conversation to a person when the
    /// customer asks for one, the policy says so, or the engine has declined as many questions in
    /// a row as the handoff policy allows — after which the bot stays quiet (blocking: run it
    /// through `offload`). A decline before that offers a person and self-service goes on.
    public func answer(_ request: AnswerRequest) throws -> AnswerResponse {
        let started = ContinuousClock.now
        let channel = request.channel ?? .chat
        let id = ServiceStore.makeID("ans_")
        let link = self.link(toAnswer: id)
        var filter = RetrievalFilter()
        filter.profile = request.profile
        if let asOf = request.asOf { filter.asOf = asOf }
        let priors = try feedbackPriors()
        filter.feedback = priors
        // The intent only steers feedback priors: with no votes there is nothing for it to choose
        // between, and without it the answer is still given.
        if !priors.spans.isEmpty { filter.questionKind = (try? questionKind(request.message)) ?? "" }
        var history = request.conversation ?? []
        var known: (customer: Customer, conversation: Conversation)?
        // Where the reply goes: the channel asked on, unless the customer opted out of it for answers.
        var delivery: ContactDecision?
        if case let who = identities(request.customer), !who.isEmpty {
            let customer = try store.customers.resolve(who)
            let conversation = try store.conversations.current(
                for: customer.id, recentTurns: configuration.historyTurns)
            delivery = customer.contact.decide(.answer, requested: channel)
            if let reply = try handOffInstead(
                request, customer: customer, conversation: conversation, id: id, link: link, started: started,
                delivery: delivery)
            {
                return reply
            }
            known = (customer, conversation)
            filter.profile = Self.profile(customer.profile, overriddenBy: request.profile)
            if request.conversation == nil {
                history = conversation.turns.map {
                    ConversationTurn(role: $0.author == .customer ? .user : .agent, text: $0.text)
                }
            }
        }
        let turns = history + [ConversationTurn(role: .user, text: request.message)]
        var answer =
            turns.count > 1
            ? try engine.ask(conversation: turns, filter: filter)
            : try engine.ask(request.message, filter: filter)
        // A decline offers a person; the handoff policy says after how many in a row one takes over.
        var declineHandoff: String?
        if let (_, conversation) = known, answer.status == .declined {
            let policy = try policies.handoff()
            let declines = try store.answers.declinesInARow(conversation) + 1
            if policy.handsOff(afterDeclines: declines) {
                declineHandoff =
                    "\(declines) question\(declines == 1 ? "" : "s") in a row the documents do not answer "
                    + "(handoff policy \(policy.version): declinesBeforeHandoff \(policy.declinesBeforeHandoff))"
                answer.declineMessage = GroundedAnswer.notFound + " " + Self.passing
            }
        }
        // An experiment's arm frames the reply (greeting, length, closing offer) for a known customer.
        var served: ServedArm?
        if let (customer, _) = known, let (arm, variant) = try servedArm(for: customer.id) {
            answer = answer.applying(variant)
            served = arm
        }
        // Written for the channel it goes out on; nothing to send when the customer allows none.
        let written = delivery.map { $0.channel ?? $0.requested } ?? channel
        let silenced = delivery.map { $0.channel == nil } ?? false
        var response = AnswerResponse(
            id: id, answer: answer, channel: written,
            messages: silenced ? [] : formatter.messages(for: answer, channel: written, link: link), link: link)
        response.delivery = delivery
        response.experiment = served
        if let (customer, conversation) = known {
            response.customerID = customer.id
            response.conversationID = conversation.id
            let now = Date()
            let updated = try store.conversations.append(
                [
                    Turn(at: now, channel: channel.rawValue, author: .customer, text: request.message),
                    Turn(
                        at: now, channel: delivery?.channel?.rawValue ?? "none", author: .bot,
                        text: response.messages.joined(separator: "\n"),
                        answerID: response.id,
                        citations: response.citations.map { $0.reference.description }, delivery: delivery),
                ], to: conversation.id, recentTurns: configuration.historyTurns)
            // Suggestions are advisory: failing to make them must not cost the customer their answer.
            _ = try? assist(updated, customer: customer, answer: answer, started: started)
            if let reason = declineHandoff {
                response.handoff = .init(
                    reason: reason, id: try store.handoffs.handOff(conversation.id, reason: .declined).id)
            } else if answer.status == .declined {
                response.handoff = nil
            }
        }
        // Scored before the writes, so the store's lock is not held while scoring. Review is a
        // check after the fact: failing to score must not cost the customer their answer.
        // Relevance is checked for a question asked alone; a follow-up's words need its conversation.
        let review = try? qaReport(for: answer, sent: response, question: turns.count == 1 ? request.message : nil)
        // The archive, the QA record and the audit entry commit together: one transaction, one fsync.
        // The audit entry comes last: its lock (one chain, one writer) is then held the least.
        try store.database.transaction {
            try archive(response, question: request.message)
            if let review { try? recordReview(review, for: response) }
            let action =
                switch answer.status {
                case .answered: "answer"
                case .declined: "decline"
                case .clarify: "clarify"
                }
            try store.audit.append(
                AuditEvent(
                    actor: "bot", action: action, subject: response.id,
                    inputs: [
                        "question": request.message, "channel": channel.rawValue,
                        "customer": response.customerID ?? "anonymous",
                    ].merging(
                        served.map { ["arm": "\($0.experiment)/\($0.arm)\($0.stopped ? " (stopped)" : "")"] } ?? [:]
                    ) {
                        a, _ in a
                    },
                    policyVersion: try policies.handoff().version, indexVersion: engine.knowledge.build.buildID,
                    outcome: Self.outcome(answer, response)))
        }
        metrics.recordAnswer(status: answer.status.rawValue, channel: channel.rawValue)
        if served != nil { countForGuardrail() }
        if request.explain == true { response.explanation = explanation(of: answer, filter: filter) }
        return response
    }

    /// When a person has the conversation, is asked for, or the policy wants one: records the
    /// message without answering it, queues the handoff, makes suggestions for the agent, and
    /// returns the `handed-off` reply. Nil when the bot should answer.
    func handOffInstead(
        _ request: AnswerRequest, customer: Customer, conversation: Conversation, id: String, link: String,
        started: ContinuousClock.Instant, delivery: ContactDecision?
    ) throws -> AnswerResponse? {
        let withPerson = conversation.state == .handedOff || conversation.state == .agent
        let asked = PersonRequest.matches(request.message)
        let policy = try policies.handoff()
        let rule = withPerson || asked ? nil : policy.rule(for: request.message)
        guard withPerson || asked || rule != nil else { return nil }
        let channel = request.channel ?? .chat
        let updated = try store.conversations.append(
            [Turn(channel: channel.rawValue, author: .customer, text: request.message)], to: conversation.id,
            recentTurns: configuration.historyTurns)
        let handoff = try store.handoffs.handOff(
            conversation.id, reason: rule == nil ? .customerAsked : .policy, rule: rule)
        // Suggestions are advisory: failing to make them must not cost the customer their reply.
        _ = try? assist(updated, customer: customer, started: started)
        var response = AnswerResponse(
            id: id, handedOff: withPerson ? Self.withPerson : Self.passing,
            channel: delivery.map { $0.channel ?? $0.requested } ?? channel,
            reason: withPerson ? "a person has this conversation" : rule ?? "the customer asked for a person",
            handoffID: handoff.id, link: link)
        if let delivery, delivery.channel == nil { response.messages = [] }
        response.delivery = delivery
        response.customerID = customer.id
        response.conversationID = conversation.id
        try store.database.transaction {
            try archive(response, question: request.message)
            try store.audit.append(
                AuditEvent(
                    actor: "bot", action: "handoff", subject: response.id,
                    inputs: ["question": request.message, "channel": channel.rawValue, "customer": customer.id],
                    policyVersion: policy.version, indexVersion: engine.knowledge.build.buildID,
                    outcome: "handed off (\(handoff.id)): "
                        + (withPerson
                            ? "a person has this conversation"
                            : rule ?? "the customer asked for a person")))
        }
        return response
    }

    /// What the audit log says the bot did.
    static func outcome(_ answer: GroundedAnswer, _ response: AnswerResponse) -> String {
        switch answer.status {
        case .answered:
            "answered citing "
                + response.citations.map(\.reference.description)
                .joined(separator: ", ")
        case .declined: "declined: \(answer.declineReason ?? "no supported answer")"
        case .clarify: "asked back: " + answer.options.joined(separator: ", ")
        }
    }

    /// Keeps the response as sent, for `GET /v1/answers/{id}`.
    public func archive(_ response: AnswerResponse, question: String) throws {
        let json = String(decoding: try JSONEncoder().encode(response), as: UTF8.self)
        try store.answers.save(
            AnswerRecord(
                id: response.id, createdAt: Date(), channel: response.channel.rawValue,
                status: response.status.rawValue, question: question, customerID: response.customerID, body: json,
                citations: response.citations.enumerated().map { ArchivedCitation($1, position: $0) }))
    }

    /// The stored profile with the request's values where it gives them (never its consents).
    public static func profile(_ stored: CustomerProfile, overriddenBy request: CustomerProfile?) -> CustomerProfile {
        guard let r = request else { return stored }
        var p = stored
        p.name = r.name ?? p.name
        p.plan = r.plan ?? p.plan
        p.region = r.region ?? p.region
        p.locale = r.locale ?? p.locale
        p.customerSince = r.customerSince ?? p.customerSince
        if !r.products.isEmpty { p.products = r.products }
        // Consents are the customer's own, recorded by events: a request cannot grant one.
        return p
    }
}
