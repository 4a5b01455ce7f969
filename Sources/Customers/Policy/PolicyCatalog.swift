import Foundation
import Governance
import GroundedCore
import Routing

/// Knows each policy kind's document type: decodes and validates a proposed document, so that a
/// policy that could not run is refused at proposal, never discovered at serving time.
public enum PolicyCatalog {
    /// - Throws: `PolicyError(.invalidDocument)` saying what is wrong with the document.
    public static func validate(_ document: PolicyDocument, as kind: PolicyKind) throws {
        let data = Data(document.text.utf8)
        do {
            switch kind {
            case .routing: try JSONDecoder().decode(RoutePolicy.self, from: data).validate()
            case .handoff: try JSONDecoder().decode(HandoffPolicy.self, from: data).validate()
            case .proactive: try JSONDecoder().decode(ProactivePolicy.self, from: data).validate()
            case .retention: try JSONDecoder().decode(RetentionPolicy.self, from: data).validate()
            case .approval: try JSONDecoder().decode(ApprovalPolicy.self, from: data).validate()
            case .feedback: try JSONDecoder().decode(FeedbackPolicy.self, from: data).validate()
            case .experiment: try JSONDecoder().decode(ExperimentPolicy.self, from: data).validate()
            case .fairness: try JSONDecoder().decode(FairnessPolicy.self, from: data).validate()
            }
        } catch let error as PolicyError {
            throw error
        } catch let error as DecodingError {
            throw PolicyError(.invalidDocument, "not a valid \(kind.rawValue) policy: \(error.fieldDescription)")
        } catch {
            throw PolicyError(.invalidDocument, "not a valid \(kind.rawValue) policy: \(error)")
        }
    }

    /// Decodes the document of an approved change.
    /// - Throws: `DecodingError` (a stored document was validated when proposed, so this means
    ///   the store was changed behind the service's back).
    public static func decode<T: Decodable>(_ type: T.Type, from change: PolicyChange) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(change.document.utf8))
    }
}
