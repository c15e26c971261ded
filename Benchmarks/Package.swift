// swift-tools-version: 6.1
// Benchmarks live apart from the main package so that `swift test` never builds them.
// Each prints our figure beside the peer's from the same run (see ../bench/*.sh).
import PackageDescription

let package = Package(
    name: "JobMatchBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: "../")],
    targets: [
        .executableTarget(
            name: "csv-read-bench",
            dependencies: [.product(name: "Ingest", package: "JobMatch"), .product(name: "JobMatchCore", package: "JobMatch")],
            path: "Sources/CSVReadBench"),
    ],
    swiftLanguageModes: [.v6]
)
