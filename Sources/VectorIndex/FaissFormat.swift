/// FAISS's binary index layout (faiss/impl/index_write.cpp, index_read.cpp), the parts we use.
///
/// ```
/// "IxMp" | "IxM2"  header                         IndexIDMap / IndexIDMap2
///   "IxFI"         header  u64 n·d  f32[n·d]      IndexFlatIP (codes as floats)
///   "IxSQ"         header  i32 qtype  i32 rangestat  f32 rangestat_arg  u64 d  u64 code_size
///                  u64 |trained|  f32[trained]  u64 n·code_size  u8[…]    IndexScalarQuantizer
///   u64 n  i64[n]  the ids
/// header = i32 d, i64 ntotal, i64 1<<20, i64 1<<20, u8 is_trained, i32 metric_type (0 = inner product)
/// ```
/// All little-endian, no padding; vectors are `u64 count` followed by the elements.
enum FaissFormat {
    static let idMap = "IxMp", idMap2 = "IxM2", flatIP = "IxFI", scalarQuantizer = "IxSQ"
    /// Index types recognised only to name them in errors.
    static let known: [String: String] = [
        "IxF2": "IndexFlatL2", "IxFl": "IndexFlat (old)", "IwFl": "IndexIVFFlat", "IwPQ": "IndexIVFPQ",
        "IxPq": "IndexPQ", "IxHe": "IndexLSH", "IHNf": "IndexHNSWFlat", "IwSq": "IndexIVFScalarQuantizer",
    ]
    static let headerSize = 4 + 8 + 8 + 8 + 1 + 4
    static let metricInnerProduct: Int32 = 0
    /// `ScalarQuantizer::QuantizerType`.
    static let qt8bit: Int32 = 0, qtFP16: Int32 = 4

    /// A fourcc with anything unprintable shown as `?` (the file may be anything).
    static func printable(_ fourcc: String) -> String {
        fourcc.unicodeScalars.map { $0.isASCII && $0.value >= 32 ? String($0) : "?" }.joined()
    }

    /// "a FAISS IndexIVFFlat" for a known type, else the fourcc quoted.
    static func describe(_ fourcc: String) -> String {
        known[fourcc].map { "a FAISS \($0)" } ?? (fourcc == flatIP ? "IndexFlatIP" : "'\(printable(fourcc))'")
    }
}

/// Little-endian writes into a byte array.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func fourcc(_ s: String) { bytes.append(contentsOf: Array(s.utf8)) }
    mutating func i32(_ v: Int32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func i64(_ v: Int64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func f32(_ v: Float) { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }

    mutating func header(dimension: Int, count: Int) {
        i32(Int32(dimension)); i64(Int64(count)); i64(1 << 20); i64(1 << 20); u8(1); i32(FaissFormat.metricInnerProduct)
    }
}

/// Bounds-checked little-endian reads from a mapped file; every failure names the file.
struct ByteReader {
    let region: ByteRegion
    let path: String
    var offset = 0

    var remaining: Int { region.count - offset }

    func fail(_ what: String) -> VectorIndexError {
        VectorIndexError(.format, path: path, "\(what) at byte \(offset) (file is \(region.count) bytes; truncated or not a FAISS index)")
    }

    mutating func take(_ n: Int, _ what: String) throws -> UnsafeRawPointer {
        guard n >= 0, n <= remaining else { throw fail("cannot read \(what)") }
        defer { offset += n }
        return region.base + offset
    }

    mutating func fourcc() throws -> String {
        let p = try take(4, "index type")
        return String(decoding: UnsafeRawBufferPointer(start: p, count: 4), as: UTF8.self)
    }
    mutating func i32(_ what: String) throws -> Int32 { Int32(littleEndian: try take(4, what).loadUnaligned(as: Int32.self)) }
    mutating func i64(_ what: String) throws -> Int64 { Int64(littleEndian: try take(8, what).loadUnaligned(as: Int64.self)) }
    mutating func u64(_ what: String) throws -> UInt64 { UInt64(littleEndian: try take(8, what).loadUnaligned(as: UInt64.self)) }
    mutating func u8(_ what: String) throws -> UInt8 { try take(1, what).load(as: UInt8.self) }
    mutating func f32(_ what: String) throws -> Float { Float(bitPattern: UInt32(littleEndian: try take(4, what).loadUnaligned(as: UInt32.self))) }

    /// `n` little-endian float32 values.
    mutating func floats(_ n: Int, _ what: String) throws -> [Float] {
        let p = try take(n * 4, what)
        return (0..<n).map { Float(bitPattern: UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
    }

    /// A vector's element count, checked against what the rest of the file can hold.
    mutating func count(_ what: String, elementSize: Int) throws -> Int {
        let n = try u64("\(what) size")
        guard n <= UInt64(remaining / max(1, elementSize)) else {
            throw VectorIndexError(.format, path: path, "\(what) claims \(n) elements but only \(remaining) bytes remain (truncated file)")
        }
        return Int(n)
    }

    /// (dimension, ntotal) after checking the metric.
    mutating func header(_ type: String) throws -> (d: Int, n: Int) {
        let d = try i32("\(type) dimension"), n = try i64("\(type) ntotal")
        _ = try i64("dummy"); _ = try i64("dummy")
        _ = try u8("is_trained")
        let metric = try i32("metric type")
        guard d > 0, d <= 65_536 else { throw VectorIndexError(.format, path: path, "\(type): dimension \(d) out of range") }
        guard n >= 0 else { throw VectorIndexError(.format, path: path, "\(type): negative vector count \(n)") }
        guard metric == FaissFormat.metricInnerProduct else {
            throw VectorIndexError(.unsupported, path: path,
                                   "\(type) uses metric \(metric == 1 ? "L2" : "#\(metric)"); JobMatch searches by inner product (METRIC_INNER_PRODUCT)")
        }
        return (Int(d), Int(n))
    }
}
