import Foundation
import Tensor

/// A `.safetensors` file, memory-mapped: an 8-byte little-endian header length, a JSON header
/// (`{"key": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {…}}`), then the data.
///
/// Tensors are read on request and converted to `Float` from F32, F16 or BF16; other dtypes
/// (such as the I64 `position_ids` buffer) are listed but cannot be read as floats.
public struct SafeTensors: @unchecked Sendable {
    /// One entry of the header.
    public struct Entry: Sendable, Equatable {
        public var dtype: String
        public var shape: [Int]
        public var begin: Int
        public var end: Int
    }

    public let path: String
    public let entries: [String: Entry]
    private let data: Data  // mapped; never written
    private let dataStart: Int

    /// Maps and validates the file: header JSON, dtypes, and every entry's byte range and count.
    ///
    /// - Throws: `TransformersError` naming the file (and the key) on any inconsistency.
    public init(url: URL) throws {
        path = url.path
        guard FileManager.default.fileExists(atPath: path) else { throw TransformersError.missingFile(path: path) }
        guard let d = try? Data(contentsOf: url, options: .alwaysMapped) else {
            throw TransformersError.unreadable(path: path, reason: "cannot map file")
        }
        guard d.count >= 8 else { throw TransformersError.unreadable(path: path, reason: "shorter than the 8-byte header length") }
        let n = d.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard n <= UInt64(d.count - 8), n < 100_000_000 else {
            throw TransformersError.unreadable(path: path, reason: "header length \(n) exceeds file size \(d.count)")
        }
        let header = d.subdata(in: 8..<(8 + Int(n)))
        guard let json = try? JSONSerialization.jsonObject(with: header) as? [String: Any] else {
            throw TransformersError.unreadable(path: path, reason: "header is not a JSON object")
        }
        dataStart = 8 + Int(n)
        let dataSize = d.count - dataStart
        var entries: [String: Entry] = [:]
        for (key, value) in json where key != "__metadata__" {
            guard let e = value as? [String: Any], let dtype = e["dtype"] as? String,
                  let shapeNumbers = e["shape"] as? [NSNumber], let offsetNumbers = e["data_offsets"] as? [NSNumber]
            else { throw TransformersError.badTensor(path: path, key: key, reason: "header entry lacks dtype, shape or data_offsets") }
            let shape = shapeNumbers.compactMap(Self.integer), offs = offsetNumbers.compactMap(Self.integer)
            guard shape.count == shapeNumbers.count, offs.count == 2, offsetNumbers.count == 2 else {
                throw TransformersError.badTensor(path: path, key: key, reason: "shape or data_offsets holds a value that is not an integer in range")
            }
            guard let size = Self.byteSize(dtype) else {
                throw TransformersError.badTensor(path: path, key: key, reason: "unknown dtype \(dtype)")
            }
            // Validate each dimension before multiplying, and multiply with overflow checks: the
            // product must also fit the file's data bytes.
            guard shape.allSatisfy({ $0 >= 0 }), let bytes = Self.byteCount(shape, elementSize: size),
                  offs[0] >= 0, offs[0] <= offs[1], offs[1] <= dataSize, offs[1] - offs[0] == bytes
            else {
                throw TransformersError.badTensor(
                    path: path, key: key, reason: "data_offsets \(offs) do not fit shape \(shape) of \(dtype) in \(dataSize) data bytes")
            }
            entries[key] = Entry(dtype: dtype, shape: shape, begin: offs[0], end: offs[1])
        }
        self.entries = entries
        self.data = d
    }

    /// A JSON number as an `Int`, or nil when it is not an integer that fits (no trap on 1e30).
    static func integer(_ number: NSNumber) -> Int? { JSONFile.integer(number) }

    /// `elementSize × Π shape`, or nil on overflow (dimensions must be non-negative).
    static func byteCount(_ shape: [Int], elementSize: Int) -> Int? {
        var total = elementSize
        for dimension in shape {
            let (product, overflow) = total.multipliedReportingOverflow(by: dimension)
            guard !overflow else { return nil }
            total = product
        }
        return total
    }

    /// Bytes per element of a safetensors dtype, or nil for an unknown one.
    static func byteSize(_ dtype: String) -> Int? {
        switch dtype {
        case "F64", "I64", "U64": 8
        case "F32", "I32", "U32": 4
        case "F16", "BF16", "I16", "U16": 2
        case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2": 1
        default: nil
        }
    }

    /// The tensor under `key` as `Float`.
    ///
    /// - Parameter shape: when given, the stored shape must equal it.
    /// - Throws: `TransformersError.badTensor` when the key is missing, the shape differs, or the
    ///   dtype is not F32, F16 or BF16.
    public func tensor(_ key: String, shape: [Int]? = nil) throws -> Tensor {
        guard let e = entries[key] else { throw TransformersError.badTensor(path: path, key: key, reason: "missing") }
        if let shape, shape != e.shape {
            throw TransformersError.badTensor(
                path: path, key: key, reason: "shape \(describeShape(e.shape)), expected \(describeShape(shape))")
        }
        guard ["F32", "F16", "BF16"].contains(e.dtype) else {
            throw TransformersError.badTensor(path: path, key: key, reason: "dtype \(e.dtype) cannot be read as floats")
        }
        let count = e.shape.reduce(1, *)
        // Written once, straight from the mapped file: no zero fill first (the word embeddings alone
        // are 47 MB, and zeroing them cost as much as copying).
        let out = data.withUnsafeBytes { raw in
            let src = UnsafeRawBufferPointer(rebasing: raw[(dataStart + e.begin)..<(dataStart + e.end)])
            return [Float](unsafeUninitializedCapacity: count) { dst, initialized in
                switch e.dtype {
                case "F32":
                    #if _endian(little)
                    UnsafeMutableRawBufferPointer(dst).copyMemory(from: src)  // the file's bytes are the floats
                    #else
                    for i in 0..<count { dst[i] = Float(bitPattern: UInt32(littleEndian: src.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
                    #endif
                case "F16":
                    for i in 0..<count { dst[i] = Self.halfToFloat(UInt16(littleEndian: src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
                default:  // BF16
                    for i in 0..<count {
                        dst[i] = Float(bitPattern: UInt32(UInt16(littleEndian: src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) << 16)
                    }
                }
                initialized = count
            }
        }
        return try Tensor(shape: e.shape, data: out)
    }

    /// IEEE half → single, including subnormals, infinities and NaN.
    @inlinable
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exp = Int(h >> 10) & 0x1F
        let mant = UInt32(h & 0x3FF)
        if exp == 0 {
            if mant == 0 { return Float(bitPattern: sign) }
            let v = Float(mant) * 0x1p-24  // subnormal: mant · 2^-24
            return sign != 0 ? -v : v
        }
        if exp == 31 { return Float(bitPattern: sign | 0x7F80_0000 | (mant << 13)) }
        return Float(bitPattern: sign | UInt32(exp - 15 + 127) << 23 | (mant << 13))
    }
}
