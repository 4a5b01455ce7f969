import Customers
import Engine
import Foundation
import Records
import Retrieval
import Routing

extension ServiceDesk {
    /// Records what happened to a customer (an order shipped, a plan changed…) against the customer
    /// the identities resolve to, and proposes the outreach the event calls for.
    /// - Returns: the customer as updated by the event.
    /// - Throws: `CustomerError` for an event the store refuses; `DatabaseError` when it cannot be
    ///   written. Failing to propose outreach never loses the event.
    public func record(_ event: CustomerEvent, for identities: [Identity]) throws -> Customer {
        let customer = try store.customers.record(event, for: identities)
        _ = try? proposeOutreach(to: customer, after: event)
        return customer
    }

    /// Proposes the outreach an event calls for, if the proactive policy allows it: the planner
    /// checks the rule, consent, throttle and quiet hours; the message carries the grounded answer
    /// to the rule's question (for this customer's profile), fitted to the channel's limit with a
    /// link to the full answer. Nothing is proposed when the documents do not answer.
    /// - Returns: the outreach recorded, or nil.
    @discardableResult
    public func proposeOutreach(to customer: Customer, after event: CustomerEvent) throws -> Outreach? {
        let planner = try ProactivePlanner(policy: policies.proactive())
        let decision = planner.decide(
            event: event.type, consents: customer.profile.allows(.proactiveMessaging),
            region: customer.profile.region,
            lastOutreach: try store.outreach.proposals(customerID: customer.id).first?.createdAt, now: event.at)
        guard decision.send, let rule = decision.rule, let limit = decision.characterLimit, let sendAt = decision.sendAt
        else { return nil }
        var filter = RetrievalFilter()
        filter.profile = customer.profile
        let answer = try engine.ask(rule.question, filter: filter)
        guard answer.status == .answered else { return nil }
        let id = ServiceStore.makeID("ans_")
        let link = self.link(toAnswer: id)
        let channel = Channel(rawValue: rule.channel) ?? .chat
        try archive(
            AnswerResponse(
                id: id, answer: answer, channel: channel,
                messages: formatter.messages(for: answer, channel: channel, link: link), link: link),
            question: rule.question)
        let outreach = Outreach(
            customerID: customer.id, rule: rule.id, policyVersion: decision.policyVersion, channel: rule.channel,
            text: ProactiveMessage.compose(
                opening: rule.opening, sentences: answer.sentences.map(\.readableText), limit: limit, link: link),
            citations: answer.sentences.map(\.citation.reference.description),
            createdAt: event.at, sendAt: sendAt, reason: decision.reason)
        try store.outreach.save(outreach)
        return outreach
    }
}
