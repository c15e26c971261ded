import Foundation
import Parquet

/// What `jobmatch inspect FILE.parquet` prints: schema, row groups, row count, codecs, sizes
/// and key-value metadata, as text or (with `json`) as one JSON object with the keys of the CSV
/// report (`path`, `format`, `kind`, `rows`, `rejected`, `blank_lines`, `columns`, `rejects`,
/// `rejects_by_reason`) and the Parquet details under `parquet`.
///
/// - Throws: `ParquetError` naming the file when it is not a readable Parquet file.
public func inspectParquet(path: String, json: Bool) throws -> String {
    let reader = try ParquetReader(url: URL(fileURLWithPath: path))
    let codecs = Array(Set(reader.rowGroups.flatMap { $0.columns.map(\.codec) })).sorted()
    let compressed = reader.rowGroups.reduce(Int64(0)) { $0 + $1.compressedSize }
    let uncompressed = reader.rowGroups.reduce(Int64(0)) { $0 + $1.uncompressedSize }
    if json {
        // The keys of a CSV / JSON Lines report (InspectionReport.json), then what only Parquet has.
        let object: [String: Any] = [
            "path": path,
            "format": "parquet",
            "kind": "parquet",
            "rows": reader.rowCount,
            "rejected": 0,
            "blank_lines": 0,
            "columns": reader.schema.fields.map(\.name),
            "rejects": [Any](),
            "rejects_by_reason": [String: Any](),
            "parquet": [
                "size_bytes": reader.fileSize,
                "created_by": reader.createdBy ?? NSNull(),
                "codecs": codecs,
                "compressed_bytes": compressed,
                "uncompressed_bytes": uncompressed,
                "schema": reader.schema.fields.map { ["name": $0.name, "type": $0.description] },
                "unsupported_columns": reader.unsupportedColumns,
                "metadata": reader.metadata,
                "row_groups": reader.rowGroups.map { group in
                    [
                        "rows": group.rowCount,
                        "compressed_bytes": group.compressedSize,
                        "uncompressed_bytes": group.uncompressedSize,
                        "columns": group.columns.map { c in
                            [
                                "path": c.path, "physical_type": c.physicalType, "codec": c.codec,
                                "encodings": c.encodings, "values": c.valueCount,
                                "compressed_bytes": c.compressedSize, "uncompressed_bytes": c.uncompressedSize,
                                "null_count": c.statistics?.nullCount.map { $0 as Any } ?? NSNull(),
                                "min": c.statistics?.min.map { $0.json as Any } ?? NSNull(),
                                "max": c.statistics?.max.map { $0.json as Any } ?? NSNull(),
                            ] as [String: Any]
                        },
                    ] as [String: Any]
                },
            ] as [String: Any],
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
    var lines: [String] = []
    lines.append("file: \(path) (parquet, \(reader.fileSize) bytes\(reader.createdBy.map { ", created by \($0)" } ?? ""))")
    lines.append("rows: \(reader.rowCount) in \(reader.rowGroups.count) row group(s); codecs: \(codecs.joined(separator: ", "))")
    lines.append("size: \(compressed) bytes compressed, \(uncompressed) bytes uncompressed")
    lines.append("schema:")
    for field in reader.schema.fields { lines.append("  \(field)") }
    for (name, why) in reader.unsupportedColumns.sorted(by: { $0.key < $1.key }) {
        lines.append("  \(name): (not readable: \(why))")
    }
    if !reader.metadata.isEmpty {
        lines.append("metadata:")
        for (key, value) in reader.metadata.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(key): \(value.count > 120 ? String(value.prefix(120)) + "…" : value)")
        }
    }
    lines.append("row groups:")
    for (i, group) in reader.rowGroups.enumerated() {
        lines.append("  #\(i): \(group.rowCount) rows, \(group.compressedSize) bytes compressed, \(group.uncompressedSize) uncompressed")
        for c in group.columns {
            var line = "    \(c.path): \(c.physicalType) \(c.codec) [\(c.encodings.joined(separator: ","))] \(c.valueCount) values, \(c.compressedSize)/\(c.uncompressedSize) bytes"
            if let s = c.statistics {
                if let n = s.nullCount { line += ", nulls \(n)" }
                if let lo = s.min, let hi = s.max {
                    let range = "\(lo.json) … \(hi.json)"
                    line += ", range \(range.count > 80 ? String(range.prefix(80)) + "…" : range)"
                }
            }
            lines.append(line)
        }
    }
    return lines.joined(separator: "\n")
}
