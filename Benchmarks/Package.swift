// swift-tools-version: 6.1
// Benchmarks live apart from the main package so that `swift test` never builds them.
// Each prints our figure beside the peer's from the same run (see ../bench/*.sh).
import PackageDescription

let package = Package(
    name: "JobMatchBenchmarks",
    platforms: [.macOS(.v14)],
    // The parent package, through the symlink Benchmarks/JobMatch -> .. so that its identity is
    // "JobMatch" whatever the clone folder is called.
    dependencies: [
        .package(path: "JobMatch"),
        // A peer: the Swift CSV library on this machine, measured beside ours.
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        .executableTarget(
            name: "csv-read-bench",
            dependencies: [
                .product(name: "Ingest", package: "JobMatch"), .product(name: "JobMatchCore", package: "JobMatch"),
                .product(name: "CSV", package: "CSV.swift"),
            ],
            path: "Sources/CSVReadBench"),
        .executableTarget(
            name: "eventlog-bench",
            dependencies: [.product(name: "EventLog", package: "JobMatch")],
            path: "Sources/EventLogBench"),
    ],
    swiftLanguageModes: [.v6]
)
