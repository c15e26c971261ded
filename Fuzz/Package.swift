// swift-tools-version: 6.1
// JobMatch fuzz harnesses: a separate package so `swift build` / `swift test` in the root never
// build them (they only link with libFuzzer). Built and run by scripts/fuzz.sh, which passes
// `-sanitize=fuzzer,address`; each harness calls one reader of the root package. A harness's
// main.swift hands its test function to libFuzzer's LLVMFuzzerRunDriver: SwiftPM renames an
// executable's entry point, so a main-less (-parse-as-library) target does not link.
import Foundation
import PackageDescription

// A path dependency's identity is its folder name (the clone may be called anything).
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

func fuzzer(_ name: String, _ products: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["FuzzSupport"] + products.map { .product(name: $0, package: root) })
}

let package = Package(
    name: "JobMatchFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: "..")],
    targets: [
        // libFuzzer's driver, declared for Swift (each harness's main.swift calls it).
        .target(name: "CFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzer"]),
        fuzzer("fuzz-csv", ["Ingest", "JobMatchCore"]),
        fuzzer("fuzz-jsonl", ["Ingest", "JobMatchCore"]),
        fuzzer("fuzz-parquet", ["Parquet"]),
        fuzzer("fuzz-safetensors", ["Transformers"]),
        fuzzer("fuzz-tokenizer", ["Transformers"]),
        fuzzer("fuzz-eventlog", ["EventLog"]),
        fuzzer("fuzz-faiss", ["VectorIndex"]),
        fuzzer("fuzz-modelconfig", ["Transformers"]),
        fuzzer("fuzz-docx", ["Documents"]),
        // The HTTP API's request bodies through the server's router, in-process.
        fuzzer("fuzz-httpbody", ["Server", "Feedback", "Matching", "Tables", "JobMatchCore"]),
    ],
    swiftLanguageModes: [.v6]
)
