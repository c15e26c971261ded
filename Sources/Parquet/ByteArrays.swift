/// Variable-length byte strings stored back to back, as Parquet's BYTE_ARRAY values.
///
/// `offsets` has `count + 1` entries; value `i` is `bytes[offsets[i]..<offsets[i+1]]`. Strings
/// are their UTF-8 bytes.
public struct ByteArrays: Sendable, Equatable {
    public var bytes: [UInt8]
    public var offsets: [Int]

    public init() {
        bytes = []
        offsets = [0]
    }

    public init(bytes: [UInt8], offsets: [Int]) {
        self.bytes = bytes
        self.offsets = offsets
    }

    /// UTF-8 bytes of each string.
    public init<S: Sequence>(strings: S) where S.Element == String {
        self.init()
        for s in strings { append(s) }
    }

    public var count: Int { offsets.count - 1 }

    public mutating func reserve(values: Int, bytes byteCount: Int) {
        offsets.reserveGrowing(offsets.count + values)
        bytes.reserveGrowing(bytes.count + byteCount)
    }

    public mutating func append(_ string: String) {
        var s = string
        s.withUTF8 { bytes.append(contentsOf: $0) }
        offsets.append(bytes.count)
    }

    public mutating func append<C: Collection>(bytes value: C) where C.Element == UInt8 {
        bytes.append(contentsOf: value)
        offsets.append(bytes.count)
    }

    public mutating func append(contentsOf other: ByteArrays) {
        let base = bytes.count
        bytes.append(contentsOf: other.bytes)
        offsets.reserveGrowing(offsets.count + other.count)
        for i in 1..<other.offsets.count { offsets.append(other.offsets[i] + base) }
    }

    public subscript(index: Int) -> ArraySlice<UInt8> {
        bytes[offsets[index]..<offsets[index + 1]]
    }

    /// Value `index` decoded as UTF-8 (invalid sequences become U+FFFD).
    public func string(at index: Int) -> String {
        let start = offsets[index], end = offsets[index + 1]
        return bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self)
        }
    }

    /// Values `range` as a new `ByteArrays`.
    public func slice(_ range: Range<Int>) -> ByteArrays {
        guard !range.isEmpty else { return ByteArrays() }
        let start = offsets[range.lowerBound], end = offsets[range.upperBound]
        return ByteArrays(bytes: Array(bytes[start..<end]),
                          offsets: offsets[range.lowerBound...range.upperBound].map { $0 - start })
    }
}

extension Array {
    /// Reserves room for `capacity` elements, growing at least geometrically, so reserving
    /// before each appended page stays linear overall.
    mutating func reserveGrowing(_ capacity: Int) {
        if capacity > self.capacity { reserveCapacity(Swift.max(capacity, 2 * self.capacity)) }
    }
}
