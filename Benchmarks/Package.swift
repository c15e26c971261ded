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
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "ParquetBench",
            dependencies: [.product(name: "Parquet", package: root)]),
    ],
    swiftLanguageModes: [.v6]
)
