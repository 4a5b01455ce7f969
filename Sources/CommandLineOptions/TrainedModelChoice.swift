import Engine
import Foundation

/// `shipped`, `none`, or a trained-model file's path.
/// - Throws: `TrainedModelError` for a file that cannot be used.
public func trainedModels(named name: String) throws -> ModelChoice {
    switch name {
    case "shipped": .shipped
    case "none": ModelChoice.none
    default: .file(try TrainedModelFile.load(URL(fileURLWithPath: name)))
    }
}
