import Embeddings
import Foundation

/// Which embedder builds an index.
public enum EmbedderChoice: Sendable, Hashable {
    /// The built-in latent-semantic embedder, fitted on the corpus (no download).
    case builtIn(LatentSemanticConfiguration)
    /// all-MiniLM-L6-v2 run natively, from the model folder `Tools/fetch-model.sh` fills.
    case miniLM(directory: URL)

    /// The choice of `kind`: MiniLM from the model folder at `modelPath`, or the built-in
    /// embedder with its default configuration (the path is then unused).
    public init(_ kind: EmbedderKind, modelPath: String) {
        switch kind {
        case .builtIn: self = .builtIn(.init())
        case .miniLM: self = .miniLM(directory: URL(fileURLWithPath: modelPath))
        }
    }

    /// The built-in embedder's dimension; nil for MiniLM (its model fixes it).
    public var dimension: Int? {
        if case .builtIn(let configuration) = self { return configuration.dimension }
        return nil
    }

    /// `builtin` or `minilm`, as the CLI and the build record name them.
    public var kind: EmbedderKind {
        switch self {
        case .builtIn: .builtIn
        case .miniLM: .miniLM
        }
    }
}

/// The embedder families an index can be built with.
public enum EmbedderKind: String, Sendable, Hashable, Codable, CaseIterable {
    case builtIn = "builtin"
    case miniLM = "minilm"
}
