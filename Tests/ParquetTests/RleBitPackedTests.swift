import Testing
@testable import Parquet

@Suite("RLE / bit-packing hybrid and Thrift compact")
struct RleBitPackedTests {
    @Test("round trip", arguments: [0, 1, 2, 3, 7, 8, 13, 20, 32])
    func roundTrip(bitWidth: Int) throws {
        var rng = SeededRandom(seed: UInt64(bitWidth))
        let maxValue: UInt64 = bitWidth == 0 ? 0 : (bitWidth == 32 ? UInt64(UInt32.max) : (1 << UInt64(bitWidth)) - 1)
        var values: [UInt32] = []
        for _ in 0..<500 {
            let v = UInt32(UInt64.random(in: 0...maxValue, using: &rng))
            values += Array(repeating: v, count: Bool.random(using: &rng) ? Int.random(in: 1...30, using: &rng) : 1)
        }
        var encoder = RleBitPackedEncoder(bitWidth: bitWidth)
        encoder.encode(values)
        var decoded: [UInt32] = []
        _ = try encoder.bytes.withUnsafeBytes {
            try RleBitPackedDecoder.decode($0, bitWidth: bitWidth, count: values.count, into: &decoded)
        }
        #expect(decoded == values)
    }

    @Test("known bytes from the spec example")
    func specExample() throws {
        // Bit-packed 0..7 with width 3: header 0x03, then 0x88 0xC6 0xFA (parquet-format Encodings.md).
        var decoded: [UInt8] = []
        _ = try [UInt8]([0x03, 0x88, 0xC6, 0xFA]).withUnsafeBytes {
            try RleBitPackedDecoder.decode($0, bitWidth: 3, count: 8, into: &decoded)
        }
        #expect(decoded == [0, 1, 2, 3, 4, 5, 6, 7])
    }

    @Test("short data throws")
    func shortData() {
        var decoded: [UInt8] = []
        #expect(throws: ParquetError.self) {
            try [UInt8]([0x03, 0x88]).withUnsafeBytes { try RleBitPackedDecoder.decode($0, bitWidth: 3, count: 8, into: &decoded) }
        }
    }

    @Test("Thrift compact footer round trip")
    func footer() throws {
        let schema = ParquetSchema([.column("t", .timestamp(.microseconds)), .list("s", of: .string)])
        var meta = FileMetadata(schema: schema.schemaElements(), numRows: 12345678901)
        meta.keyValues = [("k", "v"), ("empty", nil)]
        meta.createdBy = "test"
        let decoded = try FileMetadata(decoding: meta.encoded())
        #expect(decoded.numRows == 12345678901)
        #expect(decoded.schema.count == 5)
        #expect(decoded.schema[1].logicalType == .timestamp(utc: true, unit: .microseconds))
        #expect(decoded.keyValues.map(\.0) == ["k", "empty"])
        #expect(try SchemaMapping(decoded.schema).fields == schema.fields)
    }
}
