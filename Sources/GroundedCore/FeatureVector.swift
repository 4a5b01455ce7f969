/// Features a linear model weighs, by name, with `values` in `names` order (the order of the
/// model's weights). Conforming types are encoded as `{"values": [...]}` in that order, the form
/// trained-model files and training data have always had.
public protocol FeatureVector: Codable {
    /// The feature names, in `values` order.
    static var names: [String] { get }
    /// The values in `names` order.
    var values: [Double] { get }
    /// The features from their values in `names` order.
    /// - Precondition: `values.count == names.count`.
    init(values: [Double])
}

private enum FeatureVectorKeys: String, CodingKey { case values }

extension FeatureVector {
    /// - Throws: `DecodingError.dataCorrupted` when the count of values is not `names.count`.
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: FeatureVectorKeys.self).decode([Double].self, forKey: .values)
        guard values.count == Self.names.count else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "expected \(Self.names.count) features, got \(values.count)"))
        }
        self.init(values: values)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FeatureVectorKeys.self)
        try container.encode(values, forKey: .values)
    }
}
