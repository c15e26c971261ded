// swift-tools-version: 6.1
// JobMatch: CV-to-job matching, one Swift package. Targets follow ../shared/DESIGN.md ("Modules").
import PackageDescription

// Shared settings for every Swift target.
let swiftSettings: [SwiftSetting] = [
    // Strict memory safety diagnostics stay off; the language mode below is Swift 6 (full data-race checks).
    .enableUpcomingFeature("ExistentialAny"),  // `any P` spelled out, so existential costs are visible
]

let package = Package(
    name: "JobMatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "jobmatch", targets: ["jobmatch"]),
        .library(name: "JobMatchCore", targets: ["JobMatchCore"]),
        .library(name: "Ingest", targets: ["Ingest"]),
        .library(name: "DataGenerator", targets: ["DataGenerator"]),
        .library(name: "Parquet", targets: ["Parquet"]),
        .library(name: "Processing", targets: ["Processing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // MARK: C libraries (system-library targets: a module.modulemap and a shim.h each)
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CSnappy", pkgConfig: "snappy", providers: [.apt(["libsnappy-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // MARK: Libraries
        .target(name: "JobMatchCore", swiftSettings: swiftSettings),
        .target(name: "Ingest", dependencies: ["JobMatchCore"], swiftSettings: swiftSettings),
        .target(name: "DataGenerator", dependencies: ["JobMatchCore", "Ingest"], swiftSettings: swiftSettings),
        .target(
            name: "Parquet", dependencies: ["CZstd", "CSnappy", "CZlib"],
            swiftSettings: swiftSettings),
        .target(
            name: "Processing",
            dependencies: [
                "JobMatchCore", "Ingest", "DataGenerator", "Parquet",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings),

        // MARK: The command-line tool
        .executableTarget(
            name: "jobmatch",
            dependencies: [
                "JobMatchCore", "Ingest", "DataGenerator", "Parquet", "Processing",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings),

        // MARK: Tests
        .testTarget(name: "JobMatchCoreTests", dependencies: ["JobMatchCore"]),
        .testTarget(
            name: "IngestTests", dependencies: ["Ingest", "JobMatchCore"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "DataGeneratorTests", dependencies: ["DataGenerator", "Ingest", "JobMatchCore"]),
        .testTarget(name: "jobmatchTests", dependencies: ["JobMatchCore", "jobmatch", "Parquet"]),
        .testTarget(name: "ParquetTests", dependencies: ["Parquet"]),
        .testTarget(
            name: "ProcessingTests", dependencies: ["Processing", "DataGenerator", "Parquet", "JobMatchCore", "Ingest"],
            exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
