import CKernels

extension MiniLMConfiguration {
    /// How the encoder's linear layers multiply (attention, GELU and LayerNorm stay in float32).
    public enum Precision: String, Sendable, Hashable, Codable, CaseIterable {
        /// `.int8` where a fast int8 kernel runs (AVX-512 VNNI, or AVX2 and `GROUNDED_KERNELS` allows
        /// it), `.float32` on CPUs without AVX2: each where it is the faster.
        case automatic
        /// Float32 weights and products.
        case float32
        /// Weights quantized per output column to int8 when loaded, each layer's input per token to
        /// uint8, products summed exactly in int32 (`gk_q8_gemm`). A quarter of the weights' memory;
        /// on an Intel Xeon with VNNI, 3-4× the float product; with AVX2 alone (16-bit products),
        /// about 1.4× the whole encoder in float32 on a Zen 5 core limited to AVX2. Every kernel
        /// computes the same integers, so a text's vector is the same at every kernel level but for
        /// the float parts (attention, GELU, LayerNorm). Embeddings stay within a cosine of 0.99 of
        /// float32's (`MiniLMPrecisionTests`). Without AVX2 the exact portable kernel runs, slower
        /// than float32.
        case int8

        /// `.float32` or `.int8`: what `.automatic` means on this CPU, or the precision itself.
        public var resolved: Precision {
            guard self == .automatic else { return self }
            return gk_level() >= GK_LEVEL_AVX2 ? .int8 : .float32
        }

        /// The environment variable that settles `.automatic` for a whole deployment (`float32` keeps
        /// every machine in float32, whatever its CPU).
        public static let environmentVariable = "GROUNDED_ENCODER_PRECISION"

        /// `configured`, or, when it is `.automatic` and `environment` sets `environmentVariable`,
        /// the precision named there (an empty value counts as unset).
        /// - Throws: `EmbeddingError` naming the value and the accepted ones.
        public static func requested(_ configured: Precision, environment: [String: String]) throws -> Precision {
            guard configured == .automatic, let value = environment[environmentVariable], !value.isEmpty else {
                return configured
            }
            guard let named = Precision(rawValue: value) else {
                let accepted = allCases.map(\.rawValue).joined(separator: ", ")
                throw EmbeddingError(
                    "\(environmentVariable)=\(value) is not a precision: use one of \(accepted), or unset it")
            }
            return named
        }
    }
}
