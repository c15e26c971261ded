// swift-tools-version: 6.1
// JobMatch benchmarks: a separate package so `swift test` in the root never builds them.
// Run through `make bench-parquet` (bench/parquet/run.sh), which prints pyarrow's figures beside ours.
import Foundation
import PackageDescription

// A path dependency's identity is its folder name (the clone may be called anything).
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "JobMatchBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        // A peer for the CSV benchmark: the Swift CSV library on this machine.
        .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
    ],
    targets: [
        .executableTarget(
            name: "ParquetBench",
            dependencies: [.product(name: "Parquet", package: root)]),
        .executableTarget(
            name: "csv-read-bench",
            dependencies: [
                .product(name: "Ingest", package: root), .product(name: "JobMatchCore", package: root),
                .product(name: "CSV", package: "CSV.swift"),
            ],
            path: "Sources/CSVReadBench"),
        .executableTarget(
            name: "eventlog-bench",
            dependencies: [.product(name: "EventLog", package: root)],
            path: "Sources/EventLogBench"),
        .executableTarget(
            name: "JoinBench",
            dependencies: [.product(name: "Processing", package: root), .product(name: "JobMatchCore", package: root)]),
        .executableTarget(
            name: "SkillsBench",
            dependencies: [.product(name: "Enrichment", package: root)]),
    ],
    swiftLanguageModes: [.v6]
)
