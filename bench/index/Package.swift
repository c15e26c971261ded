// swift-tools-version: 6.1
// The vector index benchmark: its own package so `swift test` in the root never builds it.
// Run through `make bench-index` (bench/index/run.sh), which also runs faiss-cpu on the same files.
import PackageDescription

let package = Package(
    name: "IndexBenchmark",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "JobMatch", path: "../..")],
    targets: [
        .executableTarget(
            name: "index-bench",
            dependencies: [.product(name: "VectorIndex", package: "JobMatch"), .product(name: "Tensor", package: "JobMatch")]),
    ],
    swiftLanguageModes: [.v6]
)
