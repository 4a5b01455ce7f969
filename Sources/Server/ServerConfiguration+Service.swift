import Customers
import Governance
import Routing
import ServiceDesk

/// The service desk's settings read and written through the server's configuration, as before
/// they had a struct of their own.
extension ServerConfiguration {
    public var maxMessageCharacters: Int {
        get { service.maxMessageCharacters }
        set { service.maxMessageCharacters = newValue }
    }
    public var publicURL: String? {
        get { service.publicURL }
        set { service.publicURL = newValue }
    }
    public var handoffPolicy: HandoffPolicy {
        get { service.handoffPolicy }
        set { service.handoffPolicy = newValue }
    }
    public var routePolicy: RoutePolicy {
        get { service.routePolicy }
        set { service.routePolicy = newValue }
    }
    public var intentExamples: String? {
        get { service.intentExamples }
        set { service.intentExamples = newValue }
    }
    public var proactivePolicy: ProactivePolicy {
        get { service.proactivePolicy }
        set { service.proactivePolicy = newValue }
    }
    public var retentionPolicy: RetentionPolicy {
        get { service.retentionPolicy }
        set { service.retentionPolicy = newValue }
    }
    public var approvalPolicy: ApprovalPolicy {
        get { service.approvalPolicy }
        set { service.approvalPolicy = newValue }
    }
    public var feedbackPolicy: FeedbackPolicy {
        get { service.feedbackPolicy }
        set { service.feedbackPolicy = newValue }
    }
    public var experiment: ABSwitch? {
        get { service.experiment }
        set { service.experiment = newValue }
    }
}
