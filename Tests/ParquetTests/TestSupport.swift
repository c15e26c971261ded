import Foundation
import TestSupport
@testable import Parquet

/// The venv Python of scripts/setup.sh (`JOBMATCH_PYTHON`, else ~/.cache/jobmatch/venv).
enum Python {
    static var path: String { TestPaths.python }

    /// scripts/fixtures/parquet_interop.py in this checkout.
    static var interopScript: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/fixtures/parquet_interop.py").path
    }

    /// Runs the interop script; returns (exit status, stdout + stderr).
    static func interop(_ command: String, _ argument: String) async throws -> (Int32, String) {
        let r = try await TestProcess.run(path, [interopScript, command, argument])
        return (r.status, r.output)
    }
}

/// A fresh temporary folder, removed by `remove()`.
struct TempFolder {
    let url: URL

    init(_ name: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("parquet-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// The shared seeded generator (TestSupport), under the name these tests use.
typealias SeededRandom = SplitMix64

/// JSON as parquet_interop.py canonicalises: timestamps as integer microseconds.
func canonicalJSON(_ value: ParquetValue) -> String {
    switch value {
    case .timestamp(let v, let unit, _):
        switch unit {
        case .milliseconds: return String(v * 1000)
        case .microseconds: return String(v)
        case .nanoseconds: return String(v / 1000)
        }
    case .list(let items): return "[" + items.map(canonicalJSON).joined(separator: ",") + "]"
    default: return value.json
    }
}

/// Rows as JSON Lines objects keyed by field name.
func jsonLines(fields: [ParquetField], rows: [[ParquetValue]]) -> String {
    rows.map { row in
        "{" + zip(fields, row).map { ParquetValue.string($0.name).json + ":" + canonicalJSON($1) }.joined(separator: ",") + "}"
    }.joined(separator: "\n") + "\n"
}

/// Every row of every row group of a file, through our reader.
func readAllRows(_ url: URL, columns: [String]? = nil) throws -> (fields: [ParquetField], rows: [[ParquetValue]]) {
    let reader = try ParquetReader(url: url)
    var rows: [[ParquetValue]] = []
    var fields = reader.schema.fields
    try reader.forEachRowGroup(columns: columns) { batch in
        fields = batch.fields
        rows += batch.rows()
    }
    return (fields, rows)
}

/// A jobs-like table with every supported type, nulls, unicode, empty and null lists, one
/// large string, and fixed-size float lists.
func sampleTable(rows: Int, seed: UInt64) -> (ParquetSchema, [ColumnData]) {
    var rng = SeededRandom(seed: seed)
    let words = ["swift", "python", "sql", "kafka", "naïve", "日本語", "emoji 🚀", "", "quote \" and \\ slash", "tab\tnew\nline"]
    func maybe<T>(_ v: T, _ p: Double = 0.1) -> T? { Double.random(in: 0..<1, using: &rng) < p ? nil : v }
    let schema = ParquetSchema([
        .column("id", .int64, nullable: false),
        .column("n32", .int32),
        .column("score", .double),
        .column("f32", .float),
        .column("flag", .boolean),
        .column("title", .string),
        .column("posted", .date),
        .column("seen", .timestamp(.microseconds, utc: true)),
        .list("skills", of: .string),
        .list("embedding", of: .float, nullable: false, elementNullable: false),
    ])
    var titles: [String?] = (0..<rows).map { _ in maybe(words.randomElement(using: &rng)! + " engineer \(Int.random(in: 0..<50, using: &rng))") }
    if rows > 0 { titles[0] = String(repeating: "ü", count: 70_000) }
    let skills: [[String?]?] = (0..<rows).map { _ in
        let r = Double.random(in: 0..<1, using: &rng)
        if r < 0.08 { return nil }
        if r < 0.15 { return [] }
        return (0..<Int.random(in: 1...5, using: &rng)).map { _ in maybe(words.randomElement(using: &rng)!, 0.05) }
    }
    let dimension = 8
    let embedding = (0..<rows * dimension).map { _ in Float.random(in: -1...1, using: &rng) }
    let columns: [ColumnData] = [
        .int64s((0..<rows).map { Int64($0) }),
        .int32s((0..<rows).map { _ in maybe(Int32.random(in: .min ... .max, using: &rng)) }),
        .doubles((0..<rows).map { _ in maybe(Double.random(in: -1e6...1e6, using: &rng)) }),
        .floats((0..<rows).map { _ in maybe(Float.random(in: -10...10, using: &rng)) }),
        .booleans((0..<rows).map { _ in maybe(Bool.random(using: &rng)) }),
        .strings(titles),
        .int32s((0..<rows).map { _ in maybe(Int32.random(in: 18_000...20_000, using: &rng)) }),
        .int64s((0..<rows).map { _ in maybe(Int64.random(in: 0...(1 << 50), using: &rng)) }),
        .stringLists(skills),
        .floatLists(flat: embedding, dimension: dimension),
    ]
    return (schema, columns)
}
