import Foundation

/// Min, max and null count of a column chunk, encoded as parquet.thrift `Statistics` wants
/// (PLAIN bytes of the value, byte arrays compared as unsigned bytes).
enum StatisticsBuilder {
    /// Byte-array statistics longer than this are left out, as Arrow does.
    static let maxByteArrayStatistic = 4096

    static func make(_ values: ColumnValues, nullCount: Int) -> StatisticsMetadata {
        var stats = StatisticsMetadata(nullCount: Int64(nullCount))
        switch values {
        case .boolean(let v):
            if !v.isEmpty {
                stats.minValue = [v.contains(false) ? 0 : 1]
                stats.maxValue = [v.contains(true) ? 1 : 0]
            }
        case .int32(let v):
            if let lo = v.min(), let hi = v.max() { stats.minValue = bytes(of: lo); stats.maxValue = bytes(of: hi) }
        case .int64(let v):
            if let lo = v.min(), let hi = v.max() { stats.minValue = bytes(of: lo); stats.maxValue = bytes(of: hi) }
        case .float(let v):
            if let (lo, hi) = floatRange(v) { stats.minValue = bytes(of: lo); stats.maxValue = bytes(of: hi) }
        case .double(let v):
            if let (lo, hi) = floatRange(v) { stats.minValue = bytes(of: lo); stats.maxValue = bytes(of: hi) }
        case .byteArray(let b):
            guard b.count > 0 else { break }
            b.bytes.withUnsafeBytes { raw in
                func value(_ i: Int) -> UnsafeRawBufferPointer {
                    UnsafeRawBufferPointer(rebasing: raw[b.offsets[i]..<b.offsets[i + 1]])
                }
                var lo = 0, hi = 0
                for i in 1..<b.count {
                    let v = value(i)
                    if compare(v, value(lo)) < 0 { lo = i }
                    if compare(v, value(hi)) > 0 { hi = i }
                }
                if b[lo].count <= maxByteArrayStatistic && b[hi].count <= maxByteArrayStatistic {
                    stats.minValue = Array(b[lo])
                    stats.maxValue = Array(b[hi])
                }
            }
        }
        return stats
    }

    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = min(a.count, b.count)
        if n > 0 {
            let c = memcmp(a.baseAddress!, b.baseAddress!, n)
            if c != 0 { return Int(c) }
        }
        return a.count - b.count
    }

    static func floatRange<T: BinaryFloatingPoint>(_ v: [T]) -> (T, T)? {
        var lo: T?
        var hi: T?
        for x in v where !x.isNaN {
            if lo == nil || x < lo! { lo = x }
            if hi == nil || x > hi! { hi = x }
        }
        guard var l = lo, var h = hi else { return nil }
        if l == 0 { l = -0.0 }
        if h == 0 { h = 0.0 }
        return (l, h)
    }

    static func bytes<T>(of value: T) -> [UInt8] {
        withUnsafeBytes(of: value) { Array($0) }
    }
}

/// Column chunk statistics as the reader reports them.
public struct ColumnStatistics: Sendable, Equatable {
    public var nullCount: Int64?
    public var min: ParquetValue?
    public var max: ParquetValue?
}
