// swift-tools-version: 6.1
// JobMatch fuzz harnesses: a separate package so `swift build` / `swift test` in the root never
// build them (a harness has no `main`; libFuzzer supplies it). Built and run by scripts/fuzz.sh,
// which passes `-sanitize=fuzzer,address`; each harness calls one reader of the root package.
import Foundation
import PackageDescription

// A path dependency's identity is its folder name (the clone may be called anything).
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

// No `main`: the harness only exports LLVMFuzzerTestOneInput.
let harness: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

func fuzzer(_ name: String, _ products: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["FuzzSupport"] + products.map { .product(name: $0, package: root) },
        swiftSettings: harness)
}

let package = Package(
    name: "JobMatchFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzSupport"),
        fuzzer("fuzz-csv", ["Ingest", "JobMatchCore"]),
        fuzzer("fuzz-jsonl", ["Ingest", "JobMatchCore"]),
        fuzzer("fuzz-parquet", ["Parquet"]),
        fuzzer("fuzz-safetensors", ["Transformers"]),
        fuzzer("fuzz-tokenizer", ["Transformers"]),
        fuzzer("fuzz-eventlog", ["EventLog"]),
    ],
    swiftLanguageModes: [.v6]
)
