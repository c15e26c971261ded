/// Decodes DELTA_BINARY_PACKED integers (written by Parquet v2 writers such as DuckDB's).
enum DeltaBinaryPackedDecoder {
    /// Appends `count` values to `out`.
    ///
    /// - Returns: the bytes consumed (the end of the last needed miniblock).
    @discardableResult
    static func decode(_ data: UnsafeRawBufferPointer, count: Int, into out: inout [Int64]) throws -> Int {
        var pos = 0
        func corrupt(_ m: String) -> ParquetError { ParquetError(.corruptPage, "DELTA_BINARY_PACKED: \(m)") }
        func varint() throws -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard pos < data.count else { throw corrupt("data ends early") }
                let b = data[pos]
                pos += 1
                result |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { return result }
                shift += 7
                guard shift < 64 else { throw corrupt("varint too long") }
            }
        }
        func zigzag() throws -> Int64 {
            let v = try varint()
            return Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
        }
        let blockSize = try varint(), miniblocks = try varint(), total = try varint()
        var value = try zigzag()
        guard blockSize > 0, blockSize % 128 == 0, blockSize <= 1 << 20, miniblocks > 0, blockSize % miniblocks == 0 else {
            throw corrupt("bad block header")
        }
        let perMini = Int(blockSize / miniblocks)
        guard perMini % 8 == 0 else { throw corrupt("bad miniblock size") }
        guard total >= UInt64(count) else { throw corrupt("page holds \(total) values, \(count) needed") }
        guard count > 0 else { return pos }
        out.reserveGrowing(out.count + min(count, data.count * 8 + 1024))
        out.append(value)
        var produced = 1
        while produced < count {
            let minDelta = try zigzag()
            guard pos + Int(miniblocks) <= data.count else { throw corrupt("miniblock widths run past the page") }
            let widths = (0..<Int(miniblocks)).map { Int(data[pos + $0]) }
            pos += Int(miniblocks)
            for w in widths {
                if produced >= count { break }
                guard w <= 64 else { throw corrupt("bit width \(w)") }
                let take = min(perMini, count - produced)
                let needed = (take * w + 7) / 8
                guard pos + needed <= data.count else { throw corrupt("miniblock runs past the page") }
                var bitPos = 0
                for _ in 0..<take {
                    var v: UInt64 = 0
                    var got = 0
                    while got < w {
                        let byte = UInt64(data[pos + bitPos >> 3])
                        let offset = bitPos & 7
                        let n = min(8 - offset, w - got)
                        v |= ((byte >> UInt64(offset)) & ((1 << UInt64(n)) - 1)) << UInt64(got)
                        got += n
                        bitPos += n
                    }
                    value = value &+ minDelta &+ Int64(bitPattern: v)
                    out.append(value)
                }
                produced += take
                pos = min(data.count, pos + perMini * w / 8)
            }
        }
        return pos
    }
}

/// Decodes DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY strings.
enum DeltaByteArrayDecoder {
    /// Lengths (DELTA_BINARY_PACKED), then the bytes back to back.
    @discardableResult
    static func decodeLengths(_ data: UnsafeRawBufferPointer, count: Int, into out: inout ByteArrays) throws -> Int {
        var lengths: [Int64] = []
        var pos = try DeltaBinaryPackedDecoder.decode(data, count: count, into: &lengths)
        for length in lengths {
            guard length >= 0, length <= Int64(data.count - pos) else {
                throw ParquetError(.corruptPage, "DELTA_LENGTH_BYTE_ARRAY: a value of \(length) bytes runs past the page")
            }
            out.append(bytes: UnsafeRawBufferPointer(rebasing: data[pos..<pos + Int(length)]))
            pos += Int(length)
        }
        return pos
    }

    /// Prefix lengths (DELTA_BINARY_PACKED), then suffixes as DELTA_LENGTH_BYTE_ARRAY; each value
    /// is the previous value's prefix followed by its suffix.
    static func decodeIncremental(_ data: UnsafeRawBufferPointer, count: Int, into out: inout ByteArrays) throws {
        var prefixes: [Int64] = []
        let used = try DeltaBinaryPackedDecoder.decode(data, count: count, into: &prefixes)
        var suffixes = ByteArrays()
        try decodeLengths(UnsafeRawBufferPointer(rebasing: data[used...]), count: count, into: &suffixes)
        var previous: [UInt8] = []
        var total = 0
        for i in 0..<count {
            let prefix = prefixes[i]
            guard prefix >= 0, prefix <= Int64(previous.count) else {
                throw ParquetError(.corruptPage, "DELTA_BYTE_ARRAY: prefix of \(prefix) bytes is longer than the previous value")
            }
            // Prefixes repeat bytes, so the output can grow quadratically in the page size: bounded.
            total += Int(prefix) + suffixes[i].count
            guard total <= ColumnChunkReader.maxDecodedBytes else {
                throw ParquetError(.corruptPage, "DELTA_BYTE_ARRAY page decodes to more than \(ColumnChunkReader.maxDecodedBytes) bytes")
            }
            var value = Array(previous[..<Int(prefix)])
            value += suffixes[i]
            out.append(bytes: value)
            previous = value
        }
    }
}
