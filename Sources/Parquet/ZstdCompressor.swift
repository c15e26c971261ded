import CZstd

/// Turns a zstd return code into a thrown `ParquetError` naming the C function.
@discardableResult
func zstdCheck(_ code: Int, _ function: String) throws -> Int {
    if ZSTD_isError(code) != 0 {
        let message = String(cString: ZSTD_getErrorName(code))
        throw ParquetError(.compression, "zstd \(function) failed: \(message)")
    }
    return code
}

/// A zstd compression context, reused across pages.
final class ZstdCompressor {
    private let context: OpaquePointer

    init() throws {
        guard let c = ZSTD_createCCtx() else { throw ParquetError(.compression, "zstd ZSTD_createCCtx failed") }
        context = c
    }

    deinit { ZSTD_freeCCtx(context) }

    func compress(_ input: [UInt8], level: Int32) throws -> [UInt8] {
        let bound = ZSTD_compressBound(input.count)
        var out = [UInt8](repeating: 0, count: bound)
        let written = try out.withUnsafeMutableBytes { dst in
            try input.withUnsafeBytes { src in
                try zstdCheck(ZSTD_compressCCtx(context, dst.baseAddress, bound, src.baseAddress, src.count, level),
                              "ZSTD_compressCCtx")
            }
        }
        out.removeLast(bound - written)
        return out
    }
}

/// A zstd decompression context, reused across pages.
final class ZstdDecompressor {
    private let context: OpaquePointer

    init() throws {
        guard let c = ZSTD_createDCtx() else { throw ParquetError(.compression, "zstd ZSTD_createDCtx failed") }
        context = c
    }

    deinit { ZSTD_freeDCtx(context) }

    /// Decompresses `input` into exactly `output.count` bytes.
    func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        let written = try zstdCheck(ZSTD_decompressDCtx(context, output.baseAddress, output.count, input.baseAddress, input.count),
                                    "ZSTD_decompressDCtx")
        guard written == output.count else {
            throw ParquetError(.corruptPage, "zstd page decompressed to \(written) bytes, header says \(output.count)")
        }
    }
}
