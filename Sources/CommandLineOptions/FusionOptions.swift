import ArgumentParser
import Engine

/// The weights of the two retrievers in the fusion.
public struct FusionOptions: ParsableArguments {
    @Option(name: .long, help: "Weight of the vector ranks in the fusion.")
    public var vectorWeight = RetrievalConfiguration().vectorWeight

    @Option(name: .long, help: "Weight of the BM25 ranks in the fusion.")
    public var lexicalWeight = RetrievalConfiguration().lexicalWeight

    public init() {}

    /// The retrieval configuration with these weights.
    public var retrieval: RetrievalConfiguration {
        RetrievalConfiguration(vectorWeight: vectorWeight, lexicalWeight: lexicalWeight)
    }
}
