import Embeddings
import Foundation

/// The machine a benchmark ran on, for every report: the CPU model (`/proc/cpuinfo`), its cores
/// and the kernel level the C kernels use (`GROUNDED_KERNELS` lowers it).
enum Machine {
    /// `Intel(R) Xeon(R) Processor`, or `unknown CPU` where `/proc/cpuinfo` does not say.
    static let cpu: String = {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let line = info.split(separator: "\n").first { $0.hasPrefix("model name") }
        return line.flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
    }()

    /// `cpu: Intel(R) Xeon(R) Processor, 2 cores; kernels avx512 of avx512`.
    static var line: String {
        "cpu: \(cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores; kernels \(MiniLMEmbedder.kernels)"
    }
}
