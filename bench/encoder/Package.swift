// swift-tools-version: 6.1
// The encoder benchmark: its own package so `swift test` in the root never builds it.
// Run through `make bench-encoder` (bench/encoder/run.sh), which also runs the Python peer.
import PackageDescription

let package = Package(
    name: "EncoderBenchmark",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "JobMatch", path: "../..")],
    targets: [
        .executableTarget(
            name: "encoder-bench",
            dependencies: [.product(name: "Transformers", package: "JobMatch"), .product(name: "Tensor", package: "JobMatch")]),
    ],
    swiftLanguageModes: [.v6]
)
