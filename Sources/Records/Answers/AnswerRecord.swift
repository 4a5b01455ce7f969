import Foundation

/// An answer as the API sent it: the response as JSON, for reading it back as sent, and its
/// citations as records of their own, for what the store itself reads (feedback priors).
public struct AnswerRecord: Sendable, Hashable {
    public var id: String
    public var createdAt: Date
    public var channel: String
    public var status: String
    public var question: String
    /// The customer it was sent to; nil for an anonymous caller.
    public var customerID: String?
    /// The response as JSON, returned as it was sent; the store never reads inside it.
    public var body: String
    /// The spans the answer cites, in citation-number order.
    public var citations: [ArchivedCitation]

    public init(
        id: String, createdAt: Date, channel: String, status: String, question: String,
        customerID: String? = nil, body: String, citations: [ArchivedCitation] = []
    ) {
        self.id = id
        self.createdAt = createdAt
        self.channel = channel
        self.status = status
        self.question = question
        self.customerID = customerID
        self.body = body
        self.citations = citations
    }
}
