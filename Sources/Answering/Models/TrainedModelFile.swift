import Foundation
import GroundedCore
import Knowledge
import Retrieval

/// A versioned, checksummed file of trained models, one set per embedder (`TrainedModels`). The
/// engine's default is the file shipped inside the product (`shipped()`), fitted by
/// `grounded-lab train` and committed with the code.
///
/// The checksum is SHA-256 of the models' JSON with sorted keys: a file edited by hand, cut
/// short or damaged is refused, never half-used.
public struct TrainedModelFile: Sendable, Codable, Hashable {
    public static let format = "grounded-trained-models"
    public static let currentVersion = 1

    public var format: String
    public var version: Int
    public var models: [TrainedModels]
    public var sha256: String

    /// A file holding `models`, checksummed.
    public init(models: [TrainedModels]) throws {
        format = Self.format
        version = Self.currentVersion
        self.models = models.sorted { $0.embedder.rawValue < $1.embedder.rawValue }
        sha256 = try Self.checksum(self.models)
    }

    /// The models for indexes built with `embedder`, if the file has them.
    public func models(for embedder: EmbedderKind) -> TrainedModels? { models.first { $0.embedder == embedder } }

    /// This file with `set` in place of the models for its embedder.
    public func replacing(_ set: TrainedModels) throws -> TrainedModelFile {
        try TrainedModelFile(models: models.filter { $0.embedder != set.embedder } + [set])
    }

    static func checksum(_ models: [TrainedModels]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return ContentHash.sha256(try encoder.encode(models))
    }

    /// The file's JSON, pretty-printed with sorted keys (stable diffs).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return try encoder.encode(self)
    }

    /// Reads and checks a model file.
    /// - Throws: `TrainedModelError` saying what is wrong and what to do.
    public static func load(_ url: URL) throws -> TrainedModelFile {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TrainedModelError(path: url.path, reason: "cannot be read (\(error.localizedDescription))")
        }
        let file: TrainedModelFile
        do { file = try JSONDecoder().decode(TrainedModelFile.self, from: data) } catch let error as DecodingError {
            throw TrainedModelError(path: url.path, reason: "is not a trained-model file: \(error.fieldDescription)")
        }
        guard file.format == format else {
            throw TrainedModelError(path: url.path, reason: "has format `\(file.format)`, not `\(format)`")
        }
        guard file.version == currentVersion else {
            throw TrainedModelError(
                path: url.path, reason: "is version \(file.version); this build reads version \(currentVersion)")
        }
        guard try checksum(file.models) == file.sha256 else {
            throw TrainedModelError(path: url.path, reason: "does not match its checksum: it was edited or damaged")
        }
        try file.models.forEach { try $0.validate(path: url.path) }
        return file
    }

    /// The models shipped with the product (`Sources/Answering/Resources/trained-models.json`).
    /// - Throws: `TrainedModelError` when the resource is missing or damaged (a broken build).
    public static func shipped() throws -> TrainedModelFile { try shippedFile.get() }

    private static let shippedFile: Result<TrainedModelFile, TrainedModelError> = {
        guard let url = Bundle.module.url(forResource: "trained-models", withExtension: "json") else {
            return .failure(
                TrainedModelError(path: "trained-models.json", reason: "is missing from the build's resources"))
        }
        do { return .success(try load(url)) } catch let error as TrainedModelError { return .failure(error) } catch {
            return .failure(TrainedModelError(path: url.path, reason: "\(error)"))
        }
    }()
}

extension TrainedModels {
    func validate(path: String) throws {
        do {
            _ = try LinearReranker(bias: reranker.bias, weights: reranker.weights)
            _ = try conversationReranker.map { try LinearReranker(bias: $0.bias, weights: $0.weights) }
            _ = try SentenceModel(weights: sentenceModel.weights)
            _ = try answerabilityModel.map { try AnswerabilityModel(bias: $0.bias, weights: $0.weights) }
        } catch {
            throw TrainedModelError(
                path: path, reason: "has models for \(embedder.rawValue) that this build cannot use (\(error))")
        }
        guard (0...1).contains(declineProbabilityBelow) else {
            throw TrainedModelError(
                path: path, reason: "declineProbabilityBelow \(declineProbabilityBelow) is outside 0...1")
        }
    }
}

/// A trained-model file that cannot be used.
public struct TrainedModelError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String

    public var description: String {
        "the trained-model file \(path) \(reason): run `grounded-lab train` to write it again, or pass --models none"
    }
}
