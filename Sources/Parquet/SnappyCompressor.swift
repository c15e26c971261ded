import CSnappy

/// Turns a snappy status into a thrown `ParquetError` naming the C function.
func snappyCheck(_ status: snappy_status, _ function: String) throws {
    guard status == SNAPPY_OK else {
        let reason = status == SNAPPY_INVALID_INPUT ? "invalid input" : status == SNAPPY_BUFFER_TOO_SMALL ? "buffer too small" : "status \(status.rawValue)"
        throw ParquetError(.compression, "snappy \(function) failed: \(reason)")
    }
}

/// Snappy (raw format, as Parquet uses it) through libsnappy's C API.
enum SnappyCompressor {
    static func compress(_ input: [UInt8]) throws -> [UInt8] {
        var length = snappy_max_compressed_length(input.count)
        var out = [UInt8](repeating: 0, count: length)
        try out.withUnsafeMutableBytes { dst in
            try input.withUnsafeBytes { src in
                try snappyCheck(snappy_compress(src.baseAddress?.assumingMemoryBound(to: CChar.self), src.count,
                                                dst.baseAddress?.assumingMemoryBound(to: CChar.self), &length),
                                "snappy_compress")
            }
        }
        out.removeLast(out.count - length)
        return out
    }

    /// Decompresses `input` into exactly `output.count` bytes.
    static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        let src = input.baseAddress?.assumingMemoryBound(to: CChar.self)
        var length = 0
        try snappyCheck(snappy_uncompressed_length(src, input.count, &length), "snappy_uncompressed_length")
        guard length == output.count else {
            throw ParquetError(.corruptPage, "snappy page would decompress to \(length) bytes, header says \(output.count)")
        }
        guard length > 0 else { return }
        try snappyCheck(snappy_uncompress(src, input.count, output.baseAddress?.assumingMemoryBound(to: CChar.self), &length),
                        "snappy_uncompress")
    }
}
