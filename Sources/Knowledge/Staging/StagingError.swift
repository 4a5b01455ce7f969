/// A staged-build operation that cannot be done, and what to do instead.
public struct StagingError: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable {
        /// There is no staged build.
        case nothingStaged
        /// The index changed after the build was staged (another ingest or promotion).
        case stale
    }

    public let kind: Kind
    public let message: String
    public var description: String { message }

    public static func nothingStaged(_ index: String) -> StagingError {
        StagingError(
            kind: .nothingStaged,
            message: "nothing is staged in \(index): stage a build with `grounded ingest <corpus> --stage`")
    }
}
