import ArgumentParser

/// The laboratory beside the product: benchmarks, evaluations on public data and the question suite,
/// and the training of the shipped models. Kept out of the `grounded` binary, which forwards its old
/// `eval`, `bench` and `train` spellings here.
@main
struct GroundedLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grounded-lab",
        abstract: "Benchmarks, evaluations and model training for the grounded engine (use a release build).",
        subcommands: [Evaluate.self, Bench.self, Train.self])
}
