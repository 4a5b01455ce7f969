import Foundation
import Embeddings

/// Which embedder builds an index.
public enum EmbedderChoice: Sendable, Hashable {
    /// The built-in latent-semantic embedder, fitted on the corpus (no download).
    case builtIn(LatentSemanticConfiguration)
    /// all-MiniLM-L6-v2 run natively, from the model folder `Tools/fetch-model.sh` fills.
    case miniLM(directory: URL)

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
