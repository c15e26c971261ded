/// Page compression codecs (parquet.thrift `CompressionCodec`).
public enum ParquetCompression: Sendable, Equatable, CustomStringConvertible {
    case none
    case snappy
    case gzip
    /// zstd at the given level (Arrow's default is 1).
    case zstd(level: Int32 = 1)

    var code: Int32 {
        switch self {
        case .none: 0
        case .snappy: 1
        case .gzip: 2
        case .zstd: 6
        }
    }

    /// The codec name as parquet.thrift spells it, for `inspect`.
    public var description: String {
        switch self {
        case .none: "UNCOMPRESSED"
        case .snappy: "SNAPPY"
        case .gzip: "GZIP"
        case .zstd: "ZSTD"
        }
    }

    static func named(code: Int32) -> String {
        ["UNCOMPRESSED", "SNAPPY", "GZIP", "LZO", "BROTLI", "LZ4", "ZSTD", "LZ4_RAW"][safe: Int(code)] ?? "codec \(code)"
    }
}

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}

/// Compresses and decompresses page bodies, holding one reusable context per library.
final class PageCodec {
    private var zstdCompressor: ZstdCompressor?
    private var zstdDecompressor: ZstdDecompressor?

    init() {}

    func compress(_ input: [UInt8], with codec: ParquetCompression) throws -> [UInt8] {
        switch codec {
        case .none: return input
        case .snappy: return try SnappyCompressor.compress(input)
        case .zstd(let level):
            if zstdCompressor == nil { zstdCompressor = try ZstdCompressor() }
            return try zstdCompressor!.compress(input, level: level)
        case .gzip: return try GzipDecompressor.compress(input)
        }
    }

    /// Decompresses a page body of `code` into exactly `uncompressedSize` bytes.
    func decompress(_ input: UnsafeRawBufferPointer, code: Int32, uncompressedSize: Int) throws -> [UInt8] {
        switch code {
        case 0:
            guard input.count == uncompressedSize else {
                throw ParquetError(.corruptPage, "uncompressed page is \(input.count) bytes, header says \(uncompressedSize)")
            }
            return Array(input)
        case 1: return try SnappyCompressor.decompress(input, expectedSize: uncompressedSize)
        case 2: return try GzipDecompressor.decompress(input, expectedSize: uncompressedSize)
        case 6:
            if zstdDecompressor == nil { zstdDecompressor = try ZstdDecompressor() }
            return try zstdDecompressor!.decompress(input, expectedSize: uncompressedSize)
        default:
            throw ParquetError(.unsupported, "compression \(ParquetCompression.named(code: code)) is not supported")
        }
    }
}
