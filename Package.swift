// swift-tools-version: 6.1
// JobMatch: CV-to-job matching, one Swift package. Targets follow ../shared/DESIGN.md ("Modules").
import PackageDescription

// Shared settings for every Swift target.
let swiftSettings: [SwiftSetting] = [
    // Strict memory safety diagnostics stay off; the language mode below is Swift 6 (full data-race checks).
    .enableUpcomingFeature("ExistentialAny"),  // `any P` spelled out, so existential costs are visible
]

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
        .library(name: "JobMatchCore", targets: ["JobMatchCore"]),
        .library(name: "Ingest", targets: ["Ingest"]),
        .library(name: "Tensor", targets: ["Tensor"]),
        .library(name: "Transformers", targets: ["Transformers"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // MARK: C libraries (system-library targets: a module.modulemap and a shim.h each)
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),

        // MARK: Libraries
        .target(name: "JobMatchCore", swiftSettings: swiftSettings),
        .target(name: "Ingest", dependencies: ["JobMatchCore"], swiftSettings: swiftSettings),
        .target(name: "Tensor", dependencies: ["CBLAS"], swiftSettings: optimizedSwiftSettings),
        .target(name: "Transformers", dependencies: ["Tensor"], swiftSettings: optimizedSwiftSettings),

        // MARK: The command-line tool
        .executableTarget(
            name: "jobmatch",
            dependencies: [
                "JobMatchCore", "Ingest", "Transformers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings),

        // MARK: Tests
        .testTarget(name: "JobMatchCoreTests", dependencies: ["JobMatchCore"]),
        .testTarget(
            name: "IngestTests", dependencies: ["Ingest", "JobMatchCore"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "jobmatchTests", dependencies: ["JobMatchCore", "jobmatch"]),
        .testTarget(name: "TensorTests", dependencies: ["Tensor"]),
        .testTarget(
            name: "TransformersTests", dependencies: ["Transformers", "Tensor"],
            resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
