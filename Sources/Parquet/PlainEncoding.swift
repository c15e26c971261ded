/// PLAIN encoding: little-endian fixed-width values, bit-packed booleans, and byte arrays as a
/// 4-byte length followed by the bytes.
enum PlainEncoding {
    static func append<T>(_ values: ArraySlice<T>, to out: inout [UInt8]) {
        values.withUnsafeBytes { out.append(contentsOf: $0) }
    }

    static func appendBooleans(_ values: ArraySlice<Bool>, to out: inout [UInt8]) {
        var byte: UInt8 = 0
        var bit = 0
        for v in values {
            if v { byte |= 1 << UInt8(bit) }
            bit += 1
            if bit == 8 { out.append(byte); byte = 0; bit = 0 }
        }
        if bit > 0 { out.append(byte) }
    }

    static func appendByteArrays(_ values: ByteArrays, range: Range<Int>, to out: inout [UInt8]) {
        guard !range.isEmpty else { return }
        out.reserveGrowing(out.count + values.offsets[range.upperBound] - values.offsets[range.lowerBound] + 4 * range.count)
        values.bytes.withUnsafeBufferPointer { b in
            for i in range {
                let s = values.offsets[i], e = values.offsets[i + 1]
                withUnsafeBytes(of: UInt32(e - s).littleEndian) { out.append(contentsOf: $0) }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[s..<e]))
            }
        }
    }

    /// Appends `values` from `data` to `out`; returns the bytes consumed.
    static func decode<T: BitwiseCopyable>(_ data: UnsafeRawBufferPointer, count: Int, into out: inout [T]) throws -> Int {
        let size = MemoryLayout<T>.size
        guard count <= data.count / size else {
            throw ParquetError(.corruptPage, "PLAIN page holds \(data.count) bytes, too few for \(count) values of \(size) bytes")
        }
        let start = out.count
        out.reserveGrowing(start + count)
        out.append(contentsOf: repeatElement(zero(T.self), count: count))
        out.withUnsafeMutableBytes { dst in
            dst.baseAddress!.advanced(by: start * size).copyMemory(from: data.baseAddress!, byteCount: count * size)
        }
        return count * size
    }

    private static func zero<T: BitwiseCopyable>(_ type: T.Type) -> T {
        withUnsafeBytes(of: UInt64(0)) { $0.load(as: T.self) }
    }

    static func decodeBooleans(_ data: UnsafeRawBufferPointer, count: Int, into out: inout [Bool]) throws -> Int {
        let needed = (count + 7) / 8
        guard needed <= data.count else { throw ParquetError(.corruptPage, "PLAIN booleans: \(data.count) bytes for \(count) values") }
        out.reserveGrowing(out.count + count)
        for i in 0..<count { out.append(data[i >> 3] & (1 << UInt8(i & 7)) != 0) }
        return needed
    }

    static func decodeByteArrays(_ data: UnsafeRawBufferPointer, count: Int, into out: inout ByteArrays) throws -> Int {
        var pos = 0
        let n = data.count
        out.offsets.reserveGrowing(out.offsets.count + min(count, n / 4 + 1))
        out.bytes.reserveGrowing(out.bytes.count + max(0, n - 4 * count))
        for k in 0..<count {
            guard pos + 4 <= n else { throw ParquetError(.corruptPage, "PLAIN byte array \(k) of \(count): length runs past the page") }
            let length = Int(data.loadUnaligned(fromByteOffset: pos, as: UInt32.self).littleEndian)
            pos += 4
            guard length <= n - pos else {
                throw ParquetError(.corruptPage, "PLAIN byte array \(k) of \(count): \(length) bytes run past the page")
            }
            out.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: data[pos..<pos + length]))
            out.offsets.append(out.bytes.count)
            pos += length
        }
        return pos
    }
}
