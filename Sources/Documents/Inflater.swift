import CZlib

/// zlib for the zip entries of a DOCX (the only file of this module that imports `CZlib`): raw
/// deflate streams and their CRC-32.
enum Inflater {
    /// Why an entry would not inflate, in zlib's words.
    struct Failure: Error { var reason: String }

    /// Inflates a raw deflate stream (zip method 8) that must give exactly `size` bytes.
    /// - Throws: `Failure` when zlib reports an error, the stream ends early, or it would give more
    ///   than `size` bytes (the output buffer never grows past `size + 1`).
    static func inflateRaw(_ input: ArraySlice<UInt8>, size: Int) throws(Failure) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: size + 1)
        var stream = z_stream()
        try check(inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)), "inflateInit2", stream)
        defer { inflateEnd(&stream) }
        var input = Array(input)
        let status: Int32 = input.withUnsafeMutableBufferPointer { src in
            output.withUnsafeMutableBufferPointer { dst in
                stream.next_in = src.baseAddress
                stream.avail_in = uInt(src.count)
                stream.next_out = dst.baseAddress
                stream.avail_out = uInt(dst.count)
                return inflate(&stream, Z_FINISH)
            }
        }
        if status != Z_STREAM_END {
            try check(status == Z_BUF_ERROR || status == Z_OK ? Z_DATA_ERROR : status, "inflate", stream)
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == size else {
            throw Failure(reason: status == Z_STREAM_END
                ? "inflates to \(stream.total_out) bytes, its header says \(size)"
                : "inflates to more than its recorded \(size) bytes, or is cut short")
        }
        output.removeLast()
        return output
    }

    /// zlib's CRC-32 of `bytes` (the zip checksum).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(CZlib.crc32(0, $0.baseAddress, uInt($0.count))) }
    }

    /// The one place a zlib status becomes a Swift error, with zlib's message and the function.
    static func check(_ status: Int32, _ function: String, _ stream: z_stream) throws(Failure) {
        guard status == Z_OK || status == Z_STREAM_END else {
            let message = stream.msg.map { String(cString: $0) } ?? "status \(status)"
            throw Failure(reason: "zlib \(function): \(message)")
        }
    }
}
