import Engine
import Foundation

/// The builds of the served index as a knowledge manager sees them: the one answering customers,
/// and the candidate staged for review, if any.
public struct BuildsView: Sendable, Encodable {
    public struct Current: Sendable, Encodable {
        public var buildID: String
        public var embedderID: String
        public var documents: Int
        public var chunks: Int
    }

    public var current: Current
    public var staged: StagedBuild?
}

/// One question asked of the current build and of the staged one, side by side.
public struct StagedComparison: Sendable, Encodable {
    public var question: String
    public var current: GroundedAnswer
    public var staged: GroundedAnswer
    /// What changes (`AnswerDrift.Change.Kind`); nil when both answers are the same.
    public var change: AnswerDrift.Change.Kind?
}
