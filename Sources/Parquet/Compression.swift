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

    /// The most a codec's format can expand its input (output ≤ input × ratio + a little):
    /// snappy's best is a 2-byte copy of 64 bytes, deflate's 1032:1, zstd's an RLE block (3-byte
    /// header, 1 byte, up to 128 KiB). nil when unknown (the reader then refuses the codec).
    static func maxExpansion(code: Int32) -> Int? {
        switch code {
        case 0: 1
        case 1: 32
        case 2: 1032
        case 6: 1 << 15
        default: nil
        }
    }

    /// A buffer reused for decompressed pages, so reading does not map fresh memory per page.
    private var scratch: [UInt8] = []

    /// Decompresses a page body of `code` into exactly `uncompressedSize` bytes and passes them
    /// to `body` (valid only during the call; uncompressed pages are passed without a copy).
    func withDecompressed<R>(_ input: UnsafeRawBufferPointer, code: Int32, uncompressedSize: Int,
                             _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        if code == 0 {
            guard input.count == uncompressedSize else {
                throw ParquetError(.corruptPage, "uncompressed page is \(input.count) bytes, header says \(uncompressedSize)")
            }
            return try body(input)
        }
        if scratch.count < uncompressedSize { scratch = [UInt8](repeating: 0, count: max(uncompressedSize, 2 * scratch.count)) }
        var buffer = scratch
        scratch = []  // keep `buffer` uniquely referenced while writing into it
        defer { scratch = buffer }
        return try buffer.withUnsafeMutableBytes { whole in
            let output = UnsafeMutableRawBufferPointer(rebasing: whole[0..<uncompressedSize])
            switch code {
            case 1: try SnappyCompressor.decompress(input, into: output)
            case 2: try GzipDecompressor.decompress(input, into: output)
            case 6:
                if zstdDecompressor == nil { zstdDecompressor = try ZstdDecompressor() }
                try zstdDecompressor!.decompress(input, into: output)
            default:
                throw ParquetError(.unsupported, "compression \(ParquetCompression.named(code: code)) is not supported")
            }
            return try body(UnsafeRawBufferPointer(output))
        }
    }
}
