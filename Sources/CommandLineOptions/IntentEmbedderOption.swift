import ArgumentParser

/// The sentence embeddings an intent classifier uses beside its lexical features
/// (`grounded intent`, `grounded-lab eval intents`).
public enum IntentEmbedderOption: String, ExpressibleByArgument, CaseIterable, Sendable {
    case none, builtin, minilm
}
