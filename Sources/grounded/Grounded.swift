import ArgumentParser
import CommandLineOptions
import Customers
import Engine
import Foundation
import Records
import Server

/// The command-line tool: a thin shell over `GroundedEngine`.
@main
struct Grounded: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grounded",
        abstract: "Answers questions from your documents; every sentence cites an exact span of a source.",
        subcommands: [
            Ingest.self, Ask.self, Search.self, Stats.self, Serve.self, Demo.self, Intent.self, QA.self,
            Report.self, Audit.self, Keys.self, Policy.self, Retention.self, Feedback.self,
            EvaluateForward.self, BenchForward.self, TrainForward.self,
        ])
}

/// The service store a command reads (`report`, `audit verify`): `--data`, or `<index>/service`.
struct ServiceStoreOptions: ParsableArguments {
    @OptionGroup var index: IndexOptions

    @Option(name: .long, help: "The service store folder (default: <index>/service).")
    var data: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A PostgreSQL store shared by replicas, postgres://user@host:port/db (default: $GROUNDED_STORE, else "
                + "SQLite under --data).",
            valueName: "url"))
    var store: String?

    /// Opens the store.
    /// - Throws: `ValidationError` saying how to get one when there is none.
    func open() throws -> ServiceStore {
        let folder = data.map { URL(fileURLWithPath: $0) } ?? index.url.appendingPathComponent("service")
        let location = StoreLocation.resolve(store: store, data: folder)
        if case .postgres = location { return try location.service(tenant: ServiceHost.singleTenant) }
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("service.sqlite").path) else {
            throw ValidationError(
                "no service store at \(folder.path): serve the index (grounded serve) so it records conversations and "
                    + "decisions, or pass --data"
            )
        }
        return try ServiceStore(directory: folder)
    }
}
