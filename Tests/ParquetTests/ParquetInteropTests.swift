import Foundation
import Testing
@testable import Parquet

/// Files we write are read by pyarrow and DuckDB with identical values; files pyarrow and
/// DuckDB write (a matrix of codecs, encodings and page versions) are read by us with the
/// values pyarrow reads. The Python side is scripts/fixtures/parquet_interop.py.
@Suite("Parquet interop with pyarrow and DuckDB")
struct ParquetInteropTests {
    @Test("pyarrow and DuckDB read our files with identical values")
    func othersReadOurFiles() async throws {
        let folder = try TempFolder("ours")
        defer { folder.remove() }
        let (schema, columns) = sampleTable(rows: 2500, seed: 42)
        let expected = jsonLines(fields: schema.fields, rows: RowBatch(fields: schema.fields, columns: columns, rowCount: 2500).rows())
        var variants: [(String, ParquetWriterOptions)] = []
        variants.append(("zstd", ParquetWriterOptions()))
        variants.append(("snappy", ParquetWriterOptions(compression: .snappy)))
        variants.append(("none", ParquetWriterOptions(compression: .none)))
        var plain = ParquetWriterOptions()
        plain.dictionary = false
        variants.append(("plain", plain))
        var small = ParquetWriterOptions(compression: .snappy, rowGroupSize: 600)
        small.dataPageSize = 2048
        small.dictionaryPageSizeLimit = 300  // forces the PLAIN fallback in some chunks
        variants.append(("small_pages_fallback", small))
        var v2 = ParquetWriterOptions(compression: .snappy, rowGroupSize: 1000)
        v2.dataPageVersion = .v2
        v2.dataPageSize = 4096
        variants.append(("v2_pages", v2))
        for (name, options) in variants {
            let writer = try ParquetWriter(url: folder.file("ours_\(name).parquet"), schema: schema, options: options)
            // Two batches, so row groups span batch boundaries.
            try writer.write(columns.map { $0.slice(rows: 0..<1000) })
            try writer.write(columns.map { $0.slice(rows: 1000..<2500) })
            try writer.close()
            try expected.write(to: folder.file("ours_\(name).jsonl"), atomically: true, encoding: .utf8)
        }
        let (status, output) = try await Python.interop("verify", folder.url.path)
        #expect(status == 0, "\(output)")
        #expect(output.hasPrefix("OK 6 files, 72 filtered"), "\(output)")
    }

    @Test("we read pyarrow and DuckDB files with the values pyarrow reads")
    func weReadTheirFiles() async throws {
        let folder = try TempFolder("theirs")
        defer { folder.remove() }
        let (generated, log) = try await Python.interop("generate", folder.url.path)
        try #require(generated == 0, "\(log)")
        let names = try JSONDecoder().decode([String].self, from: Data(contentsOf: folder.file("manifest.json")))
        #expect(names.count >= 16)
        for name in names {
            let url = folder.file("\(name).parquet")
            let (fields, rows) = try readAllRows(url)
            #expect(rows.count == 3000, "\(name)")
            try jsonLines(fields: fields, rows: rows).write(to: folder.file("\(name).jsonl"), atomically: true, encoding: .utf8)
        }
        let multi = try ParquetReader(url: folder.file("pyarrow_multi_rowgroup.parquet"))
        #expect(multi.rowGroups.count == 5)
        let (status, output) = try await Python.interop("verify", folder.url.path)
        #expect(status == 0, "\(output)")
        #expect(output.hasPrefix("OK \(names.count)"), "\(output)")
    }

    @Test("pyarrow and DuckDB read edge cases: no rows, all-null columns, one row")
    func edgeCases() async throws {
        let folder = try TempFolder("edge")
        defer { folder.remove() }
        let schema = ParquetSchema([
            .column("title", .string), .column("n", .int64), .list("skills", of: .string),
            .list("embedding", of: .float, elementNullable: false),
        ])
        let cases: [(String, [ColumnData])] = [
            ("ours_empty", [.strings([String?]()), .int64s([Int64?]()), .stringLists([[String?]?]()), .floatLists([[Float]?]())]),
            ("ours_all_null", [.strings([nil, nil, nil]), .int64s([nil, nil, nil]), .stringLists([nil, nil, nil] as [[String?]?]),
                               .floatLists([nil, [], nil] as [[Float]?])]),
            ("ours_one_row", [.strings([""]), .int64s([Int64.min]), .stringLists([[nil]] as [[String?]?]), .floatLists([[-0.0, .greatestFiniteMagnitude]] as [[Float]?])]),
        ]
        for (name, columns) in cases {
            let writer = try ParquetWriter(url: folder.file("\(name).parquet"), schema: schema)
            try writer.write(columns)
            try writer.close()
            let rows = RowBatch(fields: schema.fields, columns: columns, rowCount: columns[0].rowCount).rows()
            try (rows.isEmpty ? "" : jsonLines(fields: schema.fields, rows: rows))
                .write(to: folder.file("\(name).jsonl"), atomically: true, encoding: .utf8)
            #expect(try readAllRows(folder.file("\(name).parquet")).rows == rows)
        }
        let (status, output) = try await Python.interop("verify", folder.url.path)
        #expect(status == 0, "\(output)")
        #expect(output.hasPrefix("OK 3"), "\(output)")
    }

    @Test("key-value metadata reaches pyarrow's schema metadata")
    func metadataInterop() async throws {
        let folder = try TempFolder("meta")
        defer { folder.remove() }
        let url = folder.file("emb.parquet")
        let writer = try ParquetWriter(url: url, schema: ParquetSchema([.list("embedding", of: .float, elementNullable: false)]),
                                       options: ParquetWriterOptions(metadata: ["embedding.model": "all-MiniLM-L6-v2"]))
        writer.setMetadata("embedding.dimension", "4")
        try writer.write([.floatLists(flat: [1, 2, 3, 4, 5, 6, 7, 8], dimension: 4)])
        try writer.close()
        let reader = try ParquetReader(url: url)
        #expect(reader.metadata["embedding.model"] == "all-MiniLM-L6-v2")
        #expect(reader.metadata["embedding.dimension"] == "4")
        let (status, output) = try await Python.interop("dump", url.path)
        #expect(status == 0)
        #expect(output.contains("[1.0, 2.0, 3.0, 4.0]"), "\(output)")
    }
}
