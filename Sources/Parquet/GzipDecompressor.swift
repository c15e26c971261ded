import CZlib

/// Turns a zlib status into a thrown `ParquetError` naming the C function.
func zlibCheck(_ status: Int32, _ function: String, _ stream: z_stream) throws {
    guard status == Z_OK || status == Z_STREAM_END else {
        let message = stream.msg.map { String(cString: $0) } ?? "status \(status)"
        throw ParquetError(.compression, "zlib \(function) failed: \(message)")
    }
}

/// GZIP pages (written by other tools) through zlib; compression exists for tests.
enum GzipDecompressor {
    /// Decompresses `input` into exactly `output.count` bytes.
    static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        let expectedSize = output.count
        var stream = z_stream()
        // 15 + 32: any window size, gzip or zlib header detected automatically.
        try zlibCheck(inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)), "inflateInit2", stream)
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        stream.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(output.count)
        let status = inflate(&stream, Z_FINISH)
        guard status == Z_STREAM_END || (status == Z_BUF_ERROR && stream.total_out == expectedSize) else {
            try zlibCheck(status == Z_OK || status == Z_BUF_ERROR ? Z_DATA_ERROR : status, "inflate", stream)
            throw ParquetError(.corruptPage, "gzip page is incomplete")
        }
        guard Int(stream.total_out) == expectedSize else {
            throw ParquetError(.corruptPage, "gzip page decompressed to \(stream.total_out) bytes, header says \(expectedSize)")
        }
    }

    static func compress(_ input: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        // 15 + 16: gzip header.
        try zlibCheck(deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                                    zlibVersion(), Int32(MemoryLayout<z_stream>.size)), "deflateInit2", stream)
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.count))) + 32
        var out = [UInt8](repeating: 0, count: bound)
        var input = input
        let status: Int32 = input.withUnsafeMutableBytes { src in
            out.withUnsafeMutableBytes { dst in
                stream.next_in = src.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = uInt(src.count)
                stream.next_out = dst.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(dst.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { try zlibCheck(Z_STREAM_ERROR, "deflate", stream); return [] }
        out.removeLast(bound - Int(stream.total_out))
        return out
    }
}
