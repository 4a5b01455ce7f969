import Customers
import Engine
import Foundation
import Governance
import GroundedCore
import Records
import Retrieval
import Routing
import Storage

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
    /// checks the rule, consent, throttle, the customer's channel opt-outs (falling back to their
    /// preferred channel, else in-app, else nothing) and quiet hours; the message carries the grounded answer
    /// to the rule's question (for this customer's profile), fitted to the channel's limit with a
    /// link to the full answer. Nothing is proposed when the documents do not answer.
    /// - Returns: the outreach recorded, or nil.
    @discardableResult
    public func proposeOutreach(to customer: Customer, after event: CustomerEvent) throws -> Outreach? {
        let planner = try ProactivePlanner(policy: policies.proactive())
        let decision = planner.decide(
            event: event.type, consents: customer.profile.allows(.proactiveMessaging),
            region: customer.profile.region,
            lastOutreach: try store.outreach.proposals(customerID: customer.id).first?.createdAt, now: event.at,
            contact: customer.contact)
        guard decision.send, let rule = decision.rule, let channel = decision.channel,
            let limit = decision.characterLimit, let sendAt = decision.sendAt
        else {
            // A rule matched but the customer's settings stopped it: the audit log keeps why.
            if let rule = decision.rule {
                try store.audit.append(
                    AuditEvent(
                        actor: "bot", action: "outreach-withheld", subject: customer.id,
                        inputs: ["event": event.type, "rule": rule.id], policyVersion: decision.policyVersion,
                        indexVersion: engine.knowledge.build.buildID, outcome: decision.reason))
            }
            return nil
        }
        var filter = RetrievalFilter()
        filter.profile = customer.profile
        let answer = try engine.ask(rule.question, filter: filter)
        guard answer.status == .answered else { return nil }
        let id = ServiceStore.makeID("ans_")
        let link = self.link(toAnswer: id)
        try archive(
            AnswerResponse(
                id: id, answer: answer, channel: channel,
                messages: formatter.messages(for: answer, channel: channel, link: link), link: link),
            question: rule.question)
        let outreach = Outreach(
            customerID: customer.id, rule: rule.id, policyVersion: decision.policyVersion, channel: channel.rawValue,
            text: ProactiveMessage.compose(
                opening: rule.opening, sentences: answer.sentences.map(\.readableText), limit: limit, link: link),
            citations: answer.sentences.map(\.citation.reference.description),
            createdAt: event.at, sendAt: sendAt, reason: decision.reason, contact: decision.contact)
        try store.database.transaction {
            try store.outreach.save(outreach)
            try store.audit.append(
                AuditEvent(
                    actor: "bot", action: "outreach", subject: outreach.id,
                    inputs: ["event": event.type, "rule": rule.id, "customer": customer.id],
                    policyVersion: decision.policyVersion, indexVersion: engine.knowledge.build.buildID,
                    outcome: decision.reason))
        }
        return outreach
    }
}
