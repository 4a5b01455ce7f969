// swift-tools-version: 6.0
import PackageDescription

/// Grounded: a retrieval-grounded answer engine whose every sentence cites a checkable span.
///
/// Targets are layered lowest first; a target never imports one above it (see README, "Architecture").
let package = Package(
    name: "grounded-engine",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "grounded", targets: ["grounded"]),
        .executable(name: "grounded-lab", targets: ["GroundedLab"]),
        .library(name: "Engine", targets: ["Engine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Hummingbird's own foundations, imported directly by the server (ByteBuffer, HTTP types).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // Already in Hummingbird's graph; named for the retention job that runs beside the server.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // The shared store of several replicas (PostgreSQL).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // SHA-256 content hashes and constant-time comparison (already in postgres-nio's graph).
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // The /metrics registry and its text exposition (the swift-metrics backend for Prometheus).
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // System libraries from Debian (installed by Tools/setup.sh).
        .systemLibrary(name: "CBLAS", providers: [.apt(["libblas-dev", "libopenblas0-pthread"])]),
        .systemLibrary(name: "CLAPACKE", providers: [.apt(["liblapacke-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        // Vocabulary: text spans, analyzers, checksummed binary files; SHA-256 from swift-crypto.
        .target(name: "GroundedCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Numeric kernels in C (encoder and vector index): AVX2 and AVX-512 versions picked at run time.
        .target(name: "CKernels", linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
        // Index structures.
        .target(name: "VectorIndex", dependencies: ["GroundedCore", "CKernels", "CBLAS"]),
        .target(name: "LexicalIndex", dependencies: ["GroundedCore"]),
        .target(name: "Embeddings", dependencies: ["GroundedCore", "CKernels", "CBLAS", "CLAPACKE"]),
        .target(name: "Storage", dependencies: ["CSQLite"]),
        // The same store protocol on PostgreSQL (postgres-nio), for replicas sharing one database.
        .target(
            name: "PostgresStorage",
            dependencies: [
                "Storage", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Documents, chunks, the knowledge store and ingestion.
        .target(
            name: "Knowledge",
            dependencies: [
                "GroundedCore", "Storage", "Embeddings", "VectorIndex", "LexicalIndex",
            ]),
        .target(
            name: "Retrieval",
            dependencies: ["Knowledge", "GroundedCore", "VectorIndex", "Embeddings", "LexicalIndex"]),
        .target(
            name: "Answering", dependencies: ["Retrieval", "Knowledge", "Embeddings", "LexicalIndex", "GroundedCore"],
            resources: [.copy("Resources/trained-models.json")]),
        .target(
            name: "Engine",
            dependencies: ["Answering", "Retrieval", "Knowledge", "Embeddings", "LexicalIndex", "GroundedCore"]),
        // Grades any answer against the spans it cites (QA scoring).
        .target(
            name: "QualityScoring",
            dependencies: ["Knowledge", "Embeddings", "LexicalIndex", "VectorIndex", "GroundedCore"]),
        // Who answers: intents, sentiment and risk signals, the route decision, experiments and outreach rules.
        .target(name: "Routing", dependencies: ["Embeddings", "GroundedCore", "CBLAS", "CKernels"]),
        // Governance: roles and API keys, approval-gated policy, retention, personal data redacted, the audit chain.
        .target(name: "Governance", dependencies: ["GroundedCore"]),
        // Quality measured on public data (doc2dial, PolicyQA, MTRAG-UN, intents) and on our own question suite.
        .target(
            name: "Evaluation",
            dependencies: [
                "Engine", "Routing", "QualityScoring", "GroundedCore", "Embeddings", "Knowledge", "Retrieval",
            ]),
        // The service's own records, one small store per aggregate (customers, conversations, answers, handoffs,
        // feedback, suggestions, audit, policies, outreach, routes) over SQLDatabase; no numeric library.
        .target(name: "Records", dependencies: ["Storage", "Governance", "GroundedCore"]),
        // Customer-service rules over the records: handoff summaries and policy, the policy catalogue, feedback
        // priors and report, recorded routes.
        .target(name: "Customers", dependencies: ["Records", "Retrieval", "Routing", "Governance", "GroundedCore"]),
        // The application: answer, route, assist, handoff, feedback, QA review, outreach and retention as
        // transport-neutral use cases over the engine and the service store; the server and the CLI call it.
        .target(
            name: "ServiceDesk",
            dependencies: [
                "Engine", "Customers", "Records", "Routing", "QualityScoring", "Governance", "GroundedCore",
                "Knowledge",
                "Retrieval", "Embeddings", "Storage", "Answering",
            ]),
        // The engine over HTTP (Hummingbird 2): JSON API under /v1, metrics, OpenAPI.
        .target(
            name: "Server",
            dependencies: [
                "ServiceDesk", "Engine", "Customers", "Records", "Routing", "QualityScoring", "Governance",
                "GroundedCore",
                "Knowledge",
                "Retrieval",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationEssentialsCompat", package: "swift-nio"),
            ], resources: [.copy("Resources/openapi.json"), .copy("Resources/console.html")]),
        // The option groups and output helpers both command-line tools share.
        .target(
            name: "CommandLineOptions",
            dependencies: ["Engine", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // The product's command line: ingest, ask, serve and the service's administration.
        .executableTarget(
            name: "grounded",
            dependencies: [
                "Engine", "CommandLineOptions", "Routing", "QualityScoring", "Governance", "Embeddings",
                "ServiceDesk", "Server", "GroundedCore", "PostgresStorage", "Storage", "Customers", "Records",
                "VectorIndex",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Benchmarks, evaluations and training, out of the product binary (`grounded-lab`).
        .executableTarget(
            name: "GroundedLab",
            dependencies: [
                "Engine", "CommandLineOptions", "Evaluation", "Routing", "QualityScoring", "VectorIndex",
                "Embeddings", "GroundedCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .target(
            name: "GroundedTesting", dependencies: ["Engine", "VectorIndex", "GroundedCore"],
            path: "Tests/GroundedTesting"),
        .testTarget(name: "CoreTests", dependencies: ["GroundedCore", "GroundedTesting"]),
        .testTarget(
            name: "VectorIndexTests", dependencies: ["VectorIndex", "CKernels", "GroundedCore", "GroundedTesting"]),
        .testTarget(
            name: "EmbeddingsTests",
            dependencies: ["Embeddings", "CKernels", "CBLAS", "GroundedCore", "GroundedTesting"]),
        .testTarget(
            name: "KnowledgeTests",
            dependencies: [
                "Knowledge", "Storage", "GroundedCore", "GroundedTesting", "Embeddings", "LexicalIndex", "VectorIndex",
            ]),
        .testTarget(
            name: "RetrievalTests",
            dependencies: [
                "Engine", "Storage", "GroundedCore", "Knowledge", "Retrieval", "GroundedTesting", "VectorIndex",
            ]),
        .testTarget(name: "QualityScoringTests", dependencies: ["QualityScoring", "Engine", "GroundedTesting"]),
        .testTarget(name: "GovernanceTests", dependencies: ["Governance"]),
        .testTarget(name: "RoutingTests", dependencies: ["Routing", "Embeddings", "GroundedCore", "CKernels"]),
        .testTarget(
            name: "EvaluationTests",
            dependencies: ["Evaluation", "QualityScoring", "Engine", "GroundedTesting", "GroundedCore", "Routing"]),
        .testTarget(
            name: "EngineTests",
            dependencies: [
                "Engine", "Customers", "Records", "Governance", "GroundedTesting", "grounded", "GroundedLab", "Storage",
                "VectorIndex", "Routing",
            ]),
        .testTarget(
            name: "CustomersTests",
            dependencies: [
                "Customers", "Records", "Routing", "Governance", "GroundedTesting", "PostgresStorage", "Storage",
                "Retrieval", "GroundedCore",
            ]),
        .testTarget(name: "ServiceDeskTests", dependencies: ["ServiceDesk", "Routing", "GroundedCore"]),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "ServiceDesk", "Customers", "Records", "Governance", "Routing", "GroundedTesting", "Engine",
                "Answering",
                "GroundedCore",
                "Knowledge",
                "QualityScoring", "Retrieval", "Storage", "Evaluation",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationEssentialsCompat", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]),
    ]
)

// Every module a file uses members of must be imported by that file (SE-0444), so each target's
// imports — and the dependencies Package.swift declares for them — are complete.
for target in package.targets where [.regular, .executable, .test].contains(target.type) && target.name != "CKernels" {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("MemberImportVisibility")]
}
