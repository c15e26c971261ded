/// Encodes small integers (levels, dictionary indices) with Parquet's RLE / bit-packing hybrid.
///
/// Runs of 8 or more equal values become RLE runs; everything else is bit-packed in groups of
/// 8, at most 63 groups per run (a one-byte header, as Arrow writes).
struct RleBitPackedEncoder {
    let bitWidth: Int
    private(set) var bytes: [UInt8] = []

    init(bitWidth: Int) {
        precondition((0...32).contains(bitWidth))
        self.bitWidth = bitWidth
    }

    /// The number of bits needed to store `maxValue`.
    static func bitWidth(for maxValue: Int) -> Int {
        maxValue <= 0 ? 0 : (Int.bitWidth - maxValue.leadingZeroBitCount)
    }

    mutating func varint(_ value: Int) {
        var v = UInt64(value)
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func encode<T: FixedWidthInteger>(_ values: [T]) {
        values.withUnsafeBufferPointer { encode($0) }
    }

    mutating func encode<T: FixedWidthInteger>(_ v: UnsafeBufferPointer<T>) {
        let n = v.count
        var i = 0
        var literalStart = 0
        while i < n {
            let x = v[i]
            var j = i + 1
            while j < n && v[j] == x { j += 1 }
            if j - i >= 8 {
                let pad = (8 - (i - literalStart) % 8) % 8
                if pad > 0 {
                    if j - i - pad >= 8 {
                        i += pad
                    } else {
                        i = j
                        continue
                    }
                }
                flushLiteral(v, literalStart, i)
                run(UInt64(x), count: j - i)
                literalStart = j
            }
            i = j
        }
        flushLiteral(v, literalStart, n)
    }

    private mutating func run(_ value: UInt64, count: Int) {
        varint(count << 1)
        var v = value
        for _ in 0..<((bitWidth + 7) / 8) {
            bytes.append(UInt8(truncatingIfNeeded: v))
            v >>= 8
        }
    }

    private mutating func flushLiteral<T: FixedWidthInteger>(_ v: UnsafeBufferPointer<T>, _ start: Int, _ end: Int) {
        var s = start
        while s < end {
            let count = min(end - s, 63 * 8)
            let groups = (count + 7) / 8
            varint(groups << 1 | 1)
            var acc: UInt64 = 0
            var bits = 0
            for k in 0..<(groups * 8) {
                let value = k < count ? UInt64(truncatingIfNeeded: v[s + k]) : 0
                acc |= value << UInt64(bits)
                bits += bitWidth
                while bits >= 8 {
                    bytes.append(UInt8(truncatingIfNeeded: acc))
                    acc >>= 8
                    bits -= 8
                }
            }
            s += count
        }
    }
}

/// Decodes the RLE / bit-packing hybrid from untrusted bytes.
enum RleBitPackedDecoder {
    /// Appends `count` values of `bitWidth` bits from `data` to `out`.
    ///
    /// - Returns: the number of bytes consumed.
    /// - Throws: `corruptPage` when the data ends early or a value does not fit `T`.
    @discardableResult
    static func decode<T: FixedWidthInteger>(_ data: UnsafeRawBufferPointer, bitWidth: Int, count: Int,
                                             into out: inout [T]) throws -> Int {
        guard (0...32).contains(bitWidth) else { throw ParquetError(.corruptPage, "bit width \(bitWidth) out of range") }
        out.reserveGrowing(out.count + min(count, data.count * 8 + 1024))
        let byteWidth = (bitWidth + 7) / 8
        let mask: UInt64 = bitWidth == 64 ? ~0 : (1 << UInt64(bitWidth)) - 1
        var pos = 0
        var produced = 0
        let n = data.count
        func short() -> ParquetError {
            ParquetError(.corruptPage, "RLE/bit-packed data ends after \(produced) of \(count) values")
        }
        while produced < count {
            var header: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard pos < n else { throw short() }
                let b = data[pos]
                pos += 1
                header |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { break }
                shift += 7
                guard shift < 64 else { throw ParquetError(.corruptPage, "RLE header varint too long") }
            }
            if header & 1 == 0 {
                let runLength = header >> 1
                guard pos + byteWidth <= n else { throw short() }
                var value: UInt64 = 0
                for k in 0..<byteWidth { value |= UInt64(data[pos + k]) << UInt64(8 * k) }
                pos += byteWidth
                guard let typed = T(exactly: value) else { throw ParquetError(.corruptPage, "RLE value \(value) out of range") }
                let take = Int(min(runLength, UInt64(count - produced)))
                out.append(contentsOf: repeatElement(typed, count: take))
                produced += take
            } else {
                let groups = header >> 1
                guard groups <= UInt64(n) else { throw short() }
                let values = Int(groups) * 8
                let take = min(values, count - produced)
                let needed = (take * bitWidth + 7) / 8
                guard pos + needed <= n else { throw short() }
                var acc: UInt64 = 0
                var bits = 0
                var p = pos
                for _ in 0..<take {
                    while bits < bitWidth {
                        acc |= UInt64(data[p]) << UInt64(bits)
                        p += 1
                        bits += 8
                    }
                    let value = acc & mask
                    acc >>= UInt64(bitWidth)
                    bits -= bitWidth
                    guard let typed = T(exactly: value) else { throw ParquetError(.corruptPage, "bit-packed value out of range") }
                    out.append(typed)
                }
                produced += take
                pos = min(n, pos + Int(groups) * bitWidth)
            }
        }
        return pos
    }
}
