import Foundation

/// The rules of the gate itself, governed like any policy (changing them needs an approval under
/// the rules in force): how many ops leads other than the proposer must approve, and how much
/// notice a change gets before it governs.
///
/// Defaults: one approver and no notice, the common "four eyes" rule; raise either for a stricter
/// installation.
public struct ApprovalPolicy: Sendable, Hashable, Codable {
    public var version: String
    /// Distinct ops leads, none of them the proposer, who must approve (1–3).
    public var approvalsRequired: Int
    /// Hours between the last approval and the earliest moment the change governs (0–8760).
    public var minimumNoticeHours: Double

    public init(version: String = "approval-default", approvalsRequired: Int = 1, minimumNoticeHours: Double = 0) {
        self.version = version
        self.approvalsRequired = approvalsRequired
        self.minimumNoticeHours = minimumNoticeHours
    }

    /// - Throws: `PolicyError(.invalidDocument)` naming the setting out of range.
    public func validate() throws {
        guard (1...3).contains(approvalsRequired) else {
            throw PolicyError(.invalidDocument, "approvalsRequired is \(approvalsRequired): use 1, 2 or 3")
        }
        guard minimumNoticeHours.isFinite, (0...8_760).contains(minimumNoticeHours) else {
            throw PolicyError(.invalidDocument, "minimumNoticeHours is \(minimumNoticeHours): use 0...8760")
        }
    }
}
