// swift-tools-version: 6.1
// JobMatch: CV-to-job matching, one Swift package. Targets follow ../shared/DESIGN.md ("Modules").
import PackageDescription

// Shared settings for every Swift target.
let swiftSettings: [SwiftSetting] = [
    // Strict memory safety diagnostics stay off; the language mode below is Swift 6 (full data-race checks).
    .enableUpcomingFeature("ExistentialAny"),  // `any P` spelled out, so existential costs are visible
]

// Crash and fault tests' hooks (hidden torture commands, a kill switch in the index stage, a stall
// in ingest) are compiled into debug builds only: the release binaries users run have none.
let testHooks: [SwiftSetting] = [.define("JOBMATCH_TEST_HOOKS", .when(configuration: .debug))]

// The encoder's SIMD and BLAS loops run ~100x slower unoptimised, and the parity tests run real
// models, so Tensor and Transformers are optimised in debug builds too (-O keeps @testable working
// because SwiftPM still passes -enable-testing in debug).
let optimizedSwiftSettings: [SwiftSetting] = swiftSettings + [
    .unsafeFlags(["-O"], .when(configuration: .debug)),
]

let package = Package(
    name: "JobMatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "jobmatch", targets: ["jobmatch"]),
        // `jobmatch serve` and `jobmatch feedback`: jobmatch hands those commands to this binary.
        .executable(name: "jobmatch-server", targets: ["jobmatch-server"]),
        // Reads one PDF with poppler under resource limits; Documents runs it as a child process.
        .executable(name: "jobmatch-extract", targets: ["jobmatch-extract"]),
        .library(name: "JobMatchCore", targets: ["JobMatchCore"]),
        .library(name: "Ingest", targets: ["Ingest"]),
        .library(name: "Documents", targets: ["Documents"]),
        .library(name: "EventLog", targets: ["EventLog"]),
        .library(name: "DataGenerator", targets: ["DataGenerator"]),
        .library(name: "Parquet", targets: ["Parquet"]),
        .library(name: "Tables", targets: ["Tables"]),
        .library(name: "Tensor", targets: ["Tensor"]),
        .library(name: "Transformers", targets: ["Transformers"]),
        .library(name: "Skills", targets: ["Skills"]),
        .library(name: "Enrichment", targets: ["Enrichment"]),
        .library(name: "Privacy", targets: ["Privacy"]),
        .library(name: "Processing", targets: ["Processing"]),
        .library(name: "VectorIndex", targets: ["VectorIndex"]),
        .library(name: "Indexing", targets: ["Indexing"]),
        .library(name: "Matching", targets: ["Matching"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
        .library(name: "Evaluation", targets: ["Evaluation"]),
        .library(name: "Training", targets: ["Training"]),
        .library(name: "Feedback", targets: ["Feedback"]),
        .library(name: "Server", targets: ["Server"]),
        .library(name: "Alerts", targets: ["Alerts"]),
    ],
    // Exact versions: the ones this workplace's local package copies hold (one tag each), so a
    // clone resolves the same code everywhere; Package.resolved stays ignored (those copies'
    // commit ids are not upstream's).
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        // No default traits: ConfigurationSupport would compile swift-configuration for an init we
        // do not use (about 200 files), FullFoundation only widens URL-encoded form dates.
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
    ],
    targets: [
        // MARK: C libraries (system-library targets: a module.modulemap and a shim.h each)
        // oneDNN (no pkg-config file in Debian's package: the module map links dnnl): every matrix
        // product, fp32 / bf16 / int8 matmul for inference and dnnl_sgemm for training and search.
        .systemLibrary(name: "CDNNL", providers: [.apt(["libdnnl-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CSnappy", pkgConfig: "snappy", providers: [.apt(["libsnappy-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // poppler's GLib interface: CV PDFs' text and its glyph boxes (Documents, in its helper process).
        .systemLibrary(name: "CPoppler", pkgConfig: "poppler-glib", providers: [.apt(["libpoppler-glib-dev"])]),
        .systemLibrary(
            name: "CRdKafka", pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]),
        // Our own C, not a library: the CPU's CRC-32C instruction for the event log's checksums
        // (Swift cannot reach SSE4.2 intrinsics; the Swift table path is the fallback and twin).
        .target(name: "CCRC32C"),
        // Our own C again: AVX-512 / F16C inner-product scans for the flat index (u8 and f16 widening),
        // dispatched at run time with portable fallbacks; VectorIndex keeps Swift twins for tests.
        .target(name: "CVectorKernels", dependencies: ["CTensorKernels"], cSettings: [.unsafeFlags(["-O3"])]),  // the CPU's features, capped
        // And for the encoder: AVX-512 softmax, GELU (erf), LayerNorm, fused attention and the bf16 /
        // int8 operand conversions, chosen at run time with portable fallbacks; Tensor keeps twins for tests.
        .target(name: "CTensorKernels", cSettings: [.unsafeFlags(["-O3"])]),

        // MARK: Libraries
        .target(name: "JobMatchCore", swiftSettings: swiftSettings),
        .target(name: "EventLog", dependencies: ["CRdKafka", "CCRC32C", "JobMatchCore"], swiftSettings: swiftSettings),  // JobMatchCore: DurableFile's sync layer
        .target(name: "Ingest", dependencies: ["JobMatchCore", "EventLog", "Documents"], swiftSettings: swiftSettings),
        // CV files as sent: PDF (poppler, in the jobmatch-extract helper process) and DOCX (zip + XML).
        .target(name: "Documents", dependencies: ["CPoppler", "CZlib", "JobMatchCore"], swiftSettings: swiftSettings),
        .target(name: "Tensor", dependencies: ["CDNNL", "CTensorKernels"], swiftSettings: optimizedSwiftSettings + testHooks),
        .target(name: "Transformers", dependencies: ["Tensor", "JobMatchCore"], swiftSettings: optimizedSwiftSettings),
        .target(
            name: "VectorIndex", dependencies: ["CVectorKernels", "Tensor", "JobMatchCore"],
            swiftSettings: optimizedSwiftSettings),
        // The production index stage: every job re-encoded (resumably) and the FAISS-format index built.
        .target(
            name: "Indexing", dependencies: ["JobMatchCore", "Tables", "Tensor", "Transformers", "VectorIndex"],
            swiftSettings: swiftSettings + testHooks),
        .target(
            name: "Matching",
            dependencies: ["JobMatchCore", "Tensor", "Transformers", "VectorIndex", "Tables", "Skills", "Enrichment", "Evaluation"],
            swiftSettings: swiftSettings),
        // Retrieval metrics, evaluation sets (held-out CVs, relevance files, real texts), BM25, the
        // evaluator and its report; the encoded-jobs cache lookups. Used by training, the pipeline and retrain.
        .target(
            name: "Evaluation", dependencies: ["JobMatchCore", "Ingest", "Tables", "Transformers", "VectorIndex"],
            swiftSettings: optimizedSwiftSettings),
        // Training runs the same kernels as the encoder, so it is optimised in debug builds too.
        .target(
            name: "Training", dependencies: ["Tensor", "Transformers", "Tables", "Evaluation", "Ingest", "JobMatchCore", "Skills", "VectorIndex"],
            swiftSettings: optimizedSwiftSettings),
        .target(
            name: "Pipeline",
            dependencies: ["JobMatchCore", "EventLog", "Ingest", "Processing", "Enrichment", "VectorIndex", "Indexing", "Tables", "Evaluation", "Training", "Transformers", "Matching"],
            swiftSettings: swiftSettings),
        .target(name: "DataGenerator", dependencies: ["JobMatchCore", "Ingest"], swiftSettings: swiftSettings),
        .target(
            name: "Parquet", dependencies: ["CZstd", "CSnappy", "CZlib", "JobMatchCore"],  // JobMatchCore: DurableFile
            swiftSettings: swiftSettings),
        // The one owner of every workspace table (jobs, CVs, pairs, encoded jobs): schema, typed
        // rows, writers and reads. No other module names a table's column.
        .target(name: "Tables", dependencies: ["Parquet", "JobMatchCore"], swiftSettings: swiftSettings),
        // The skill vocabulary is a data file (Resources/skills.tsv, made by scripts/taxonomy/build_skills.py).
        .target(name: "Skills", resources: [.copy("Resources/skills.tsv")], swiftSettings: swiftSettings),
        // What turns a posting or a CV into a row: text normalisation, the spaCy-parity skill matcher,
        // embedding templates and the finishers. Processing builds the tables with it; Matching builds
        // a pasted CV's query with the same code. spaCy's tokenizer rules are a data file.
        // Personal data found and blanked out of CVs before they are encoded or stored.
        .target(name: "Privacy", dependencies: ["JobMatchCore"], swiftSettings: swiftSettings),
        .target(
            name: "Enrichment",
            dependencies: ["JobMatchCore", "Skills", "Tables", "Privacy", .product(name: "Mustache", package: "swift-mustache")],
            resources: [.copy("Resources/spacy_en_tokenizer.json")],
            swiftSettings: swiftSettings),
        .target(
            name: "Processing",
            dependencies: ["JobMatchCore", "Ingest", "EventLog", "Skills", "Parquet", "Tables", "Enrichment"],
            swiftSettings: swiftSettings),
        .target(
            name: "Feedback",
            dependencies: ["JobMatchCore", "Tables", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings),
        // Standing searches and `watch`: new postings from the log → index segment → alerts,
        // committed after they are durable. Beside Server and Feedback, above Matching and Processing.
        .target(
            name: "Alerts",
            dependencies: ["JobMatchCore", "EventLog", "Processing", "Enrichment", "Tables", "Matching", "Transformers"],
            swiftSettings: swiftSettings),
        .target(
            name: "Server",
            dependencies: [
                "Feedback", "Matching", "VectorIndex", "JobMatchCore", "Documents", "Alerts",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),

        // MARK: The command-line tools
        // What both executables share: --workspace and the one-line error report.
        .target(
            name: "CommandLineSupport",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings),
        // The pipeline's tool. No HTTP stack and no SQLite layer here: `make demo` builds only this
        // product, and SwiftNIO + Hummingbird + GRDB were over half of the release build's CPU time.
        .executableTarget(
            name: "jobmatch",
            dependencies: [
                "JobMatchCore", "Ingest", "EventLog", "DataGenerator", "Parquet", "Tables", "Tensor", "Transformers", "Skills", "Enrichment", "Processing", "Documents",
                "VectorIndex", "Indexing", "Matching", "Evaluation", "Training", "Pipeline", "Alerts", "Privacy", "CommandLineSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings + testHooks),
        // The PDF helper process (Documents.PDFHelper): found beside jobmatch and jobmatch-server.
        .executableTarget(name: "jobmatch-extract", dependencies: ["Documents"], swiftSettings: swiftSettings),
        // `serve`, `feedback` (and the fault tests' `serve-torture`), reached through `jobmatch`.
        .executableTarget(
            name: "jobmatch-server",
            dependencies: [
                "JobMatchCore", "Tables", "Tensor", "Feedback", "Matching", "Server", "Privacy", "CommandLineSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings + testHooks),

        // MARK: Tests
        .target(name: "TestSupport", dependencies: ["JobMatchCore"], path: "Tests/TestSupport"),
        .testTarget(name: "JobMatchCoreTests", dependencies: ["JobMatchCore", "TestSupport"]),
        .testTarget(
            name: "IngestTests", dependencies: ["Ingest", "JobMatchCore", "TestSupport", "EventLog", "DataGenerator"],
            resources: [.copy("Fixtures")]),
        // jobmatch-extract is a dependency so that `swift test` builds the helper the PDF tests spawn.
        .testTarget(
            name: "DocumentsTests", dependencies: ["Documents", "jobmatch-extract", "Enrichment", "Skills", "Tables", "JobMatchCore"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "DataGeneratorTests", dependencies: ["DataGenerator", "Ingest", "JobMatchCore", "TestSupport"]),
        .testTarget(
            name: "jobmatchTests",
            dependencies: ["JobMatchCore", "jobmatch", "jobmatch-server", "Alerts", "EventLog", "Ingest", "DataGenerator", "Parquet", "Tables", "TestSupport", "Feedback", "Server", "Pipeline", "Matching", "Evaluation", "Training", "Transformers", "Tensor", "Indexing", "VectorIndex"]),
        .testTarget(name: "ParquetTests", dependencies: ["Parquet", "TestSupport"]),
        .testTarget(name: "TablesTests", dependencies: ["Tables", "Parquet", "JobMatchCore", "TestSupport"]),
        // The crash and kcat tests run the built `jobmatch` binary, so it is a dependency here.
        .testTarget(name: "EventLogTests", dependencies: ["EventLog", "Ingest", "DataGenerator", "JobMatchCore", "TestSupport"]),
        .testTarget(name: "TensorTests", dependencies: ["Tensor", "CTensorKernels"]),
        .testTarget(name: "MatchingTests", dependencies: ["Matching", "Indexing", "Tables", "Tensor", "Transformers", "VectorIndex", "JobMatchCore", "TestSupport"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "JobMatchCore", "TestSupport", "Indexing", "Tensor", "Training", "Processing", "Enrichment", "VectorIndex"]),
        .testTarget(name: "VectorIndexTests", dependencies: ["VectorIndex", "CVectorKernels", "TestSupport"]),
        .testTarget(
            name: "TransformersTests", dependencies: ["Transformers", "Tensor"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "SkillsTests", dependencies: ["Skills"]),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "Tables", "JobMatchCore"]),
        .testTarget(name: "PrivacyTests", dependencies: ["Privacy", "JobMatchCore"]),
        .testTarget(
            name: "TrainingTests", dependencies: ["Training", "Evaluation", "Transformers", "Tensor", "Parquet", "Tables", "TestSupport", "JobMatchCore"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ProcessingTests", dependencies: ["Processing", "Enrichment", "Skills", "DataGenerator", "Parquet", "Tables", "JobMatchCore", "Ingest", "EventLog"]),
        .testTarget(
            name: "EnrichmentTests", dependencies: ["Enrichment", "Skills", "DataGenerator", "JobMatchCore"],
            exclude: ["Fixtures"]),
        .testTarget(name: "AlertsTests", dependencies: ["Alerts", "Processing", "EventLog", "Ingest", "Matching", "Tables", "JobMatchCore", "TestSupport"]),
        .testTarget(name: "FeedbackTests", dependencies: ["Feedback", "Parquet", "Tables", "TestSupport"]),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Matching", "Feedback", "Alerts", "JobMatchCore", "Tables", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
