import Foundation
import Testing
@testable import Parquet

/// Damaged files give a `ParquetError` naming the file and the problem, never a trap.
@Suite("Parquet bad input")
struct ParquetBadInputTests {
    static func goodFile(in folder: TempFolder, compression: ParquetCompression = .zstd()) throws -> (URL, [UInt8]) {
        let url = folder.file("good.parquet")
        let (schema, columns) = sampleTable(rows: 400, seed: 3)
        var options = ParquetWriterOptions(compression: compression, rowGroupSize: 150)
        options.dataPageSize = 4096
        let writer = try ParquetWriter(url: url, schema: schema, options: options)
        try writer.write(columns)
        try writer.close()
        return (url, try [UInt8](Data(contentsOf: url)))
    }

    /// Opens and reads everything; returns the error, if any.
    static func readEverything(_ url: URL) -> ParquetError? {
        do {
            _ = try readAllRows(url)
            return nil
        } catch let error as ParquetError {
            return error
        } catch {
            Issue.record("unexpected error type \(error)")
            return nil
        }
    }

    @Test("truncated files", arguments: [0, 3, 11, 100, 2000, -1, -9])
    func truncated(length: Int) throws {
        let folder = try TempFolder("trunc")
        defer { folder.remove() }
        let (_, bytes) = try Self.goodFile(in: folder)
        let url = folder.file("cut.parquet")
        try Data(bytes.prefix(length >= 0 ? length : bytes.count + length)).write(to: url)
        let error = try #require(Self.readEverything(url))
        #expect(error.file == url.path)
        #expect([.truncated, .notParquet].contains(error.kind), "\(error)")
        #expect(error.description.hasPrefix(url.path + ": "))
    }

    @Test("wrong magic")
    func wrongMagic() throws {
        let folder = try TempFolder("magic")
        defer { folder.remove() }
        var (_, bytes) = try Self.goodFile(in: folder)
        bytes[0] = UInt8(ascii: "X")
        let url = folder.file("magic.parquet")
        try Data(bytes).write(to: url)
        let error = try #require(Self.readEverything(url))
        #expect(error.kind == .notParquet)
        #expect(error.description.contains("PAR1"))
        let csv = folder.file("jobs.csv")
        try Data("title,company\nengineer,acme\n".utf8).write(to: csv)
        #expect(Self.readEverything(csv)?.kind == .notParquet)
    }

    @Test("missing file")
    func missing() {
        let error = Self.readEverything(URL(fileURLWithPath: "/nonexistent/x.parquet"))
        #expect(error?.kind == .io)
        #expect(error?.file == "/nonexistent/x.parquet")
    }

    @Test("corrupt footer and pages never trap", arguments: 0..<8)
    func fuzz(round: Int) throws {
        let folder = try TempFolder("fuzz")
        defer { folder.remove() }
        // Uncompressed pages let the damage reach the decoders instead of the codec's checks.
        let (_, bytes) = try Self.goodFile(in: folder, compression: [.zstd(), .none, .snappy, .none][round % 4])
        let footerLength = Int(bytes[bytes.count - 8]) | Int(bytes[bytes.count - 7]) << 8 | Int(bytes[bytes.count - 6]) << 16
        let footerStart = bytes.count - 8 - footerLength
        var rng = SeededRandom(seed: UInt64(round) + 100)
        let url = folder.file("bad.parquet")
        var failures = 0
        for attempt in 0..<150 {
            var damaged = bytes
            let inFooter = attempt % 2 == 0
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let i = inFooter ? Int.random(in: footerStart..<bytes.count - 8, using: &rng)
                    : Int.random(in: 4..<footerStart, using: &rng)
                damaged[i] = UInt8.random(in: 0...255, using: &rng)
            }
            try Data(damaged).write(to: url)
            if let error = Self.readEverything(url) {
                failures += 1
                #expect(error.file == url.path, "\(error)")
                #expect(!error.message.isEmpty)
            }
        }
        #expect(failures > 0)
    }

    @Test("damaged pyarrow and DuckDB files (v2 pages, delta encodings) never trap")
    func fuzzTheirFiles() async throws {
        let folder = try TempFolder("fuzz-theirs")
        defer { folder.remove() }
        let (generated, log) = try await Python.interop("generate", folder.url.path)
        try #require(generated == 0, "\(log)")
        var rng = SeededRandom(seed: 77)
        let url = folder.file("bad.parquet")
        for name in ["pyarrow_none", "pyarrow_v2", "pyarrow_delta", "pyarrow_delta_strings", "pyarrow_byte_stream_split",
                     "duckdb_uncompressed", "duckdb_zstd_v2"] {
            let bytes = try [UInt8](Data(contentsOf: folder.file("\(name).parquet")))
            for _ in 0..<15 {
                var damaged = bytes
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    damaged[Int.random(in: 4..<bytes.count - 8, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
                try Data(damaged).write(to: url)
                if let error = Self.readEverything(url) { #expect(error.file == url.path, "\(error)") }
            }
        }
    }

    @Test("garbage footer")
    func garbageFooter() throws {
        let folder = try TempFolder("garbage")
        defer { folder.remove() }
        var rng = SeededRandom(seed: 9)
        let url = folder.file("garbage.parquet")
        for _ in 0..<50 {
            let footer = (0..<Int.random(in: 1...200, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            var bytes = Array("PAR1".utf8) + footer
            withUnsafeBytes(of: UInt32(footer.count).littleEndian) { bytes += $0 }
            bytes += Array("PAR1".utf8)
            try Data(bytes).write(to: url)
            let error = Self.readEverything(url)
            if let error { #expect(error.file == url.path) }
        }
    }

    @Test("type mismatch and unknown column are clear errors")
    func mismatch() throws {
        let folder = try TempFolder("mismatch")
        defer { folder.remove() }
        let (url, _) = try Self.goodFile(in: folder)
        let reader = try ParquetReader(url: url)
        let title = try reader.readColumn("title", rowGroup: 0)
        #expect { try title.int64s() } throws: { ($0 as? ParquetError)?.kind == .typeMismatch }
        #expect { try reader.readColumn("salary", rowGroup: 0) } throws: {
            let e = $0 as? ParquetError
            return e?.kind == .invalidArgument && e?.file == url.path && e?.message.contains("salary") == true
        }
        #expect { try reader.readRowGroup(99) } throws: { ($0 as? ParquetError)?.kind == .invalidArgument }
        // The writer refuses data of the wrong type or shape.
        let writer = try ParquetWriter(url: folder.file("w.parquet"), schema: ParquetSchema([.column("a", .string, nullable: false)]))
        #expect { try writer.write([.int64s([1])]) } throws: { ($0 as? ParquetError)?.kind == .typeMismatch }
        #expect { try writer.write([.strings(["x", nil])]) } throws: { ($0 as? ParquetError)?.kind == .invalidArgument }
        #expect { try writer.write([.stringLists([["x"]] as [[String]?])]) } throws: { ($0 as? ParquetError)?.kind == .typeMismatch }
        let lists = try ParquetWriter(url: folder.file("l.parquet"), schema: ParquetSchema([.list("s", of: .string)]))
        let inconsistent = ColumnData(values: .byteArray(ByteArrays(strings: ["a"])), offsets: [0, 1], listValidity: [false])
        #expect { try lists.write([inconsistent]) } throws: { ($0 as? ParquetError)?.message.contains("null list at row 0") == true }
        try lists.close()
        try writer.close()
    }
}
