/// Collects decoded values of one physical type across pages, then hands them over as
/// `ColumnValues` (one array per type avoids copy-on-write copies while appending).
struct ValueAccumulator {
    let physical: PhysicalType
    var booleans: [Bool] = []
    var int32s: [Int32] = []
    var int64s: [Int64] = []
    var floats: [Float] = []
    var doubles: [Double] = []
    var byteArrays = ByteArrays()

    init(_ physical: PhysicalType) { self.physical = physical }

    /// Reserves room for about `count` values (a hint from the column metadata, capped so a
    /// corrupt count cannot reserve without bound).
    mutating func reserve(_ count: Int64) {
        let n = Int(min(max(count, 0), 1 << 26))
        switch physical {
        case .boolean: booleans.reserveCapacity(n)
        case .int32: int32s.reserveCapacity(n)
        case .int64: int64s.reserveCapacity(n)
        case .float: floats.reserveCapacity(n)
        case .double: doubles.reserveCapacity(n)
        default: byteArrays.offsets.reserveCapacity(n + 1)
        }
    }

    var count: Int {
        switch physical {
        case .boolean: booleans.count
        case .int32: int32s.count
        case .int64: int64s.count
        case .float: floats.count
        case .double: doubles.count
        default: byteArrays.count
        }
    }

    func finish() -> ColumnValues {
        switch physical {
        case .boolean: .boolean(booleans)
        case .int32: .int32(int32s)
        case .int64: .int64(int64s)
        case .float: .float(floats)
        case .double: .double(doubles)
        default: .byteArray(byteArrays)
        }
    }

    /// Decodes `count` PLAIN values.
    mutating func appendPlain(_ data: UnsafeRawBufferPointer, count: Int) throws {
        switch physical {
        case .boolean: _ = try PlainEncoding.decodeBooleans(data, count: count, into: &booleans)
        case .int32: _ = try PlainEncoding.decode(data, count: count, into: &int32s)
        case .int64: _ = try PlainEncoding.decode(data, count: count, into: &int64s)
        case .float: _ = try PlainEncoding.decode(data, count: count, into: &floats)
        case .double: _ = try PlainEncoding.decode(data, count: count, into: &doubles)
        case .byteArray: _ = try PlainEncoding.decodeByteArrays(data, count: count, into: &byteArrays)
        case .int96, .fixedLenByteArray:
            throw ParquetError(.unsupported, "physical type \(physical) is not supported")
        }
    }

    /// Decodes `count` BYTE_STREAM_SPLIT floats or doubles.
    mutating func appendByteStreamSplit(_ data: UnsafeRawBufferPointer, count: Int) throws {
        func split<T: BitwiseCopyable>(_ out: inout [T]) throws {
            let size = MemoryLayout<T>.size
            guard count <= data.count / size else { throw ParquetError(.corruptPage, "BYTE_STREAM_SPLIT page too short") }
            var bytes = [UInt8](repeating: 0, count: count * size)
            for i in 0..<count { for b in 0..<size { bytes[i * size + b] = data[b * count + i] } }
            try bytes.withUnsafeBytes { _ = try PlainEncoding.decode($0, count: count, into: &out) }
        }
        switch physical {
        case .float: try split(&floats)
        case .double: try split(&doubles)
        case .int32: try split(&int32s)
        case .int64: try split(&int64s)
        default: throw ParquetError(.unsupported, "BYTE_STREAM_SPLIT for \(physical) is not supported")
        }
    }

    /// Appends the dictionary entries at `indices`, checking each index.
    mutating func appendGathered(_ dictionary: ColumnValues, _ indices: [UInt32]) throws {
        let size = dictionary.count
        for i in indices where Int(i) >= size {
            throw ParquetError(.corruptPage, "dictionary index \(i) out of range (dictionary has \(size) entries)")
        }
        switch dictionary {
        case .boolean(let d): booleans += indices.map { d[Int($0)] }
        case .int32(let d): int32s += indices.map { d[Int($0)] }
        case .int64(let d): int64s += indices.map { d[Int($0)] }
        case .float(let d): floats += indices.map { d[Int($0)] }
        case .double(let d): doubles += indices.map { d[Int($0)] }
        case .byteArray(let d):
            var total = 0
            for i in indices { total += d.offsets[Int(i) + 1] - d.offsets[Int(i)] }
            guard total <= ColumnChunkReader.maxDecodedBytes else {
                throw ParquetError(.corruptPage, "dictionary-encoded page decodes to \(total) bytes, more than \(ColumnChunkReader.maxDecodedBytes)")
            }
            byteArrays.reserve(values: indices.count, bytes: total)
            d.bytes.withUnsafeBufferPointer { src in
                for i in indices {
                    let s = d.offsets[Int(i)], e = d.offsets[Int(i) + 1]
                    byteArrays.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: src[s..<e]))
                    byteArrays.offsets.append(byteArrays.bytes.count)
                }
            }
        }
    }
}
