import Customers
import Governance
import Routing

extension PolicyBook {
    /// The version of each policy that shapes an answer or a route, by kind, for explanations.
    /// A kind that cannot be read is left out (an explanation never fails an answer).
    public func versions() -> [String: String] {
        var versions: [String: String] = [:]
        versions["routing"] = try? routing().version
        versions["handoff"] = try? handoff().version
        versions["proactive"] = try? proactive().version
        versions["feedback"] = try? feedback().version
        versions["experiment"] = try? experiment().version
        return versions
    }
}
