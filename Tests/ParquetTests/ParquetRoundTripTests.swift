import Foundation
import Testing
@testable import Parquet

/// Property test: random tables round-trip through our writer and reader.
@Suite("Parquet round trips")
struct ParquetRoundTripTests {
    static let types: [ParquetType] = [.boolean, .int32, .int64, .float, .double, .string, .binary, .date,
                                       .timestamp(.milliseconds, utc: false), .timestamp(.nanoseconds)]

    static func randomColumn(_ type: ParquetType, field: ParquetField, rows: Int, rng: inout SeededRandom) -> ColumnData {
        let nullP = field.nullable ? Double.random(in: 0..<0.5, using: &rng) : 0
        let elementNullP = field.elementNullable ? Double.random(in: 0..<0.3, using: &rng) : 0
        let distinct = Int.random(in: 1...2000, using: &rng)
        func value(_ rng: inout SeededRandom) -> ParquetValue {
            switch type {
            case .boolean: .bool(Bool.random(using: &rng))
            case .int32, .date: .int(Int64(Int32.random(in: .min ... .max, using: &rng)) % Int64(distinct))
            case .int64, .timestamp: .int(Int64.random(in: .min ... .max, using: &rng))
            case .float: .double(Double(Float.random(in: -1e6...1e6, using: &rng)))
            case .double: .double(Double.random(in: -1e300...1e300, using: &rng))
            case .string, .binary:
                .string(String((0..<Int.random(in: 0...40, using: &rng)).map { _ in
                    "abcxyzé日🚀 ".randomElement(using: &rng)! }) + String(Int.random(in: 0..<distinct, using: &rng)))
            }
        }
        // Build through the public constructors, as a user would.
        func scalars(_ n: Int, _ p: Double, _ rng: inout SeededRandom) -> [ParquetValue?] {
            (0..<n).map { _ in Double.random(in: 0..<1, using: &rng) < p ? nil : value(&rng) }
        }
        func build(_ vals: [ParquetValue?]) -> ColumnData {
            switch type {
            case .boolean: .booleans(vals.map { v in v.map { if case .bool(let b) = $0 { b } else { false } } })
            case .int32, .date: .int32s(vals.map { v in v.map { if case .int(let i) = $0 { Int32(i) } else { 0 } } })
            case .int64, .timestamp: .int64s(vals.map { v in v.map { if case .int(let i) = $0 { i } else { 0 } } })
            case .float: .floats(vals.map { v in v.map { if case .double(let d) = $0 { Float(d) } else { 0 } } })
            case .double: .doubles(vals.map { v in v.map { if case .double(let d) = $0 { d } else { 0 } } })
            case .string: .strings(vals.map { v in v.map { if case .string(let s) = $0 { s } else { "" } } })
            case .binary: .binaries(vals.map { v in v.map { if case .string(let s) = $0 { Array(s.utf8) } else { [] } } })
            }
        }
        guard field.isList else { return build(scalars(rows, nullP, &rng)) }
        var lengths: [Int?] = []
        for _ in 0..<rows {
            lengths.append(Double.random(in: 0..<1, using: &rng) < nullP ? nil : Int.random(in: 0...6, using: &rng))
        }
        let flat = build(scalars(lengths.reduce(0) { $0 + ($1 ?? 0) }, elementNullP, &rng))
        var offsets = [0]
        for l in lengths { offsets.append(offsets.last! + (l ?? 0)) }
        let listValidity = lengths.map { $0 != nil }
        return ColumnData(values: flat.values, validity: flat.validity, offsets: offsets,
                          listValidity: listValidity.contains(false) ? listValidity : nil)
    }

    @Test("random tables round-trip", arguments: 0..<40)
    func randomTables(seed: Int) throws {
        var rng = SeededRandom(seed: UInt64(seed) &* 7919 &+ 1)
        let rows = Int.random(in: 0...3000, using: &rng)
        var fields: [ParquetField] = []
        for i in 0..<Int.random(in: 1...5, using: &rng) {
            let type = Self.types.randomElement(using: &rng)!
            let nullable = Bool.random(using: &rng)
            fields.append(Bool.random(using: &rng)
                ? .list("c\(i)", of: type, nullable: nullable, elementNullable: Bool.random(using: &rng))
                : .column("c\(i)", type, nullable: nullable))
        }
        let schema = ParquetSchema(fields)
        let columns = fields.map { Self.randomColumn($0.type, field: $0, rows: rows, rng: &rng) }
        var options = ParquetWriterOptions(
            compression: [ParquetCompression.none, .snappy, .zstd(), .zstd(level: 5), .gzip].randomElement(using: &rng)!,
            rowGroupSize: Int.random(in: 1...4000, using: &rng))
        options.dataPageSize = Int.random(in: 64...100_000, using: &rng)
        options.dictionary = Bool.random(using: &rng)
        options.dictionaryPageSizeLimit = Int.random(in: 16...100_000, using: &rng)
        let folder = try TempFolder("prop")
        defer { folder.remove() }
        let url = folder.file("t.parquet")
        let writer = try ParquetWriter(url: url, schema: schema, options: options)
        var start = 0
        while start < rows {
            let end = min(rows, start + Int.random(in: 1...1500, using: &rng))
            try writer.write(columns.map { $0.slice(rows: start..<end) })
            start = end
        }
        try writer.close()

        let reader = try ParquetReader(url: url)
        #expect(reader.schema == schema)
        #expect(reader.rowCount == rows)
        let expected = RowBatch(fields: fields, columns: columns, rowCount: rows).rows()
        let (_, got) = try readAllRows(url)
        #expect(got.count == expected.count)
        for (r, (a, b)) in zip(got, expected).enumerated() where a != b {
            Issue.record("seed \(seed) row \(r) differs")
            break
        }
        // Projection: the last column alone.
        let last = fields.last!.name
        let (_, projected) = try readAllRows(url, columns: [last])
        #expect(projected.map { $0[0] } == expected.map { $0.last! })
    }

    @Test("rows appended one at a time round-trip, mixed with batches")
    func rowAppends() throws {
        let folder = try TempFolder("rows")
        defer { folder.remove() }
        let url = folder.file("rows.parquet")
        let (schema, columns) = sampleTable(rows: 5000, seed: 11)
        let expected = RowBatch(fields: schema.fields, columns: columns, rowCount: 5000).rows()
        let writer = try ParquetWriter(url: url, schema: schema, options: ParquetWriterOptions(rowGroupSize: 3000))
        for row in expected[0..<4500] { try writer.append(row: row) }
        try writer.write(columns.map { $0.slice(rows: 4500..<5000) })
        #expect { try writer.append(row: [.string("too short")]) } throws: { ($0 as? ParquetError)?.kind == .invalidArgument }
        try writer.close()
        #expect(try readAllRows(url).rows == expected)

        let bad = try ParquetWriter(url: folder.file("bad.parquet"), schema: ParquetSchema([.column("n", .int32)]))
        try bad.append(row: [.string("not a number")])
        #expect { try bad.close() } throws: {
            let e = $0 as? ParquetError
            return e?.kind == .typeMismatch && e?.message.contains("column n") == true
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("bad.parquet").path))
        #expect(!FileManager.default.fileExists(atPath: folder.file("bad.parquet.partial").path))
        // A writer dropped without close leaves nothing behind.
        do {
            let dropped = try ParquetWriter(url: folder.file("dropped.parquet"), schema: schema)
            try dropped.write(columns)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["rows.parquet"])
    }

    @Test("typed accessors give back what the constructors took")
    func typedAccessors() throws {
        let folder = try TempFolder("typed")
        defer { folder.remove() }
        let url = folder.file("jobs.parquet")
        let schema = ParquetSchema([.column("title", .string), .list("skills", of: .string), .column("year", .int32)])
        let writer = try ParquetWriter(url: url, schema: schema, options: ParquetWriterOptions(rowGroupSize: 2))
        try writer.write(["title": .strings(["a", nil, "c"]), "skills": .stringLists([["x", nil], nil, []] as [[String?]?]),
                          "year": .int32s([2020, 2021, 2024])])
        try writer.close()
        let reader = try ParquetReader(url: url)
        #expect(reader.rowGroups.count == 2)
        let batch = try reader.readRowGroup(0)
        #expect(try batch["title"]!.strings() == ["a", nil])
        #expect(try batch["skills"]!.stringLists() == [["x", nil], nil])
        #expect(throws: ParquetError.self) { try batch["title"]!.floats() }
        // Row group skipping by statistics.
        #expect(reader.rowGroupIndices(where: "year", overlaps: .int(2023) ... .int(2030)) == [1])
        #expect(reader.rowGroupIndices(where: "title", overlaps: .string("b") ... .string("z")) == [1])
        #expect(reader.rowGroups[0].columns[0].statistics?.nullCount == 1)
    }
}
