import CVectorKernels
import Tensor

/// An exact inner-product index over stored vectors: FAISS's `IndexIDMap(IndexFlatIP)` (float32)
/// or `IndexIDMap(IndexScalarQuantizer)` (float16, int8), with 64-bit ids.
///
/// Search compares the query with every stored vector — batched queries as one matrix product
/// per block of rows (`BLAS.sgemm`), a single query as a scan (AVX-512 kernels in
/// `CVectorKernels`) split over the BLAS thread count — and keeps the top k. Results are sorted by
/// score, best first; equal scores keep insertion order (the vector added first ranks higher).
///
/// ```swift
/// let index = try FlatInnerProductIndex(vectors: flat, ids: ids, dimension: 384, encoding: .int8)
/// let hits = try index.search(query, k: 10)        // [SearchHit], best first
/// try index.write(to: url)                         // faiss.read_index(url) opens it
/// let same = try FlatInnerProductIndex(contentsOf: url)   // memory-mapped
/// ```
public struct FlatInnerProductIndex: Sendable {
    public let dimension: Int
    public let encoding: VectorEncoding
    /// Stored ids, by row.
    public let ids: [Int64]
    /// Per-dimension ranges (int8 only).
    public let quantizer: ScalarQuantizer?
    /// The codes: `count × dimension × encoding.bytesPerComponent` bytes from `codesOffset`.
    let region: ByteRegion
    let codesOffset: Int

    public var count: Int { ids.count }
    /// Bytes of vector storage (what a search reads).
    public var codeBytes: Int { count * dimension * encoding.bytesPerComponent }

    init(dimension: Int, encoding: VectorEncoding, ids: [Int64], quantizer: ScalarQuantizer?, region: ByteRegion, codesOffset: Int) {
        self.dimension = dimension
        self.encoding = encoding
        self.ids = ids
        self.quantizer = quantizer
        self.region = region
        self.codesOffset = codesOffset
    }

    /// Builds an index in memory from vectors [n, d] (row-major) and their ids.
    ///
    /// int8 takes its per-dimension ranges from these vectors (FAISS `train` with `RS_minmax`).
    /// - Throws: `VectorIndexError.invalidArgument` when the counts disagree.
    public init(vectors: [Float], ids: [Int64], dimension: Int, encoding: VectorEncoding = .float32) throws {
        guard dimension > 0, vectors.count == ids.count * dimension else {
            throw VectorIndexError(.invalidArgument, "index: \(vectors.count) floats for \(ids.count) ids of dimension \(dimension)")
        }
        var q: ScalarQuantizer? = nil
        if encoding == .int8 {
            var t = ScalarQuantizer.Trainer(dimension: dimension)
            vectors.withUnsafeBufferPointer { t.add($0) }
            q = t.finish()
        }
        let codes = Self.encode(vectors, encoding: encoding, quantizer: q)
        let region = codes.withUnsafeBytes { ByteRegion.copying($0) }
        self.init(dimension: dimension, encoding: encoding, ids: ids, quantizer: q, region: region, codesOffset: 0)
    }

    /// Stored bytes for vectors [n, d].
    static func encode(_ vectors: [Float], encoding: VectorEncoding, quantizer: ScalarQuantizer?) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: vectors.count * encoding.bytesPerComponent)
        vectors.withUnsafeBufferPointer { v in
            out.withUnsafeMutableBytes { raw in
                switch encoding {
                case .float32: raw.copyMemory(from: UnsafeRawBufferPointer(v))
                case .float16: Half.encode(v, into: raw.baseAddress!.assumingMemoryBound(to: UInt16.self))
                case .int8: quantizer!.encode(v, into: raw.bindMemory(to: UInt8.self))
                }
            }
        }
        return out
    }

    /// Raw pointer to the codes of `row`.
    @inline(__always) func codes(row: Int) -> UnsafeRawPointer {
        region.base + codesOffset + row * dimension * encoding.bytesPerComponent
    }

    /// The stored vector of `row`, decoded to float32.
    public func vector(row: Int) -> [Float] {
        var out = [Float](repeating: 0, count: dimension)
        out.withUnsafeMutableBufferPointer { decode(rows: row..<(row + 1), into: $0.baseAddress!) }
        return out
    }

    /// Decodes rows into `out` [rows.count, d].
    func decode(rows: Range<Int>, into out: UnsafeMutablePointer<Float>) {
        let p = codes(row: rows.lowerBound), n = rows.count
        switch encoding {
        case .float32: UnsafeMutableRawPointer(out).copyMemory(from: p, byteCount: n * dimension * 4)
        case .float16:
            // Copy first: the mapped codes may sit at an odd offset in the file.
            var tmp = [UInt16](repeating: 0, count: n * dimension)
            tmp.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(start: p, count: n * dimension * 2)) }
            tmp.withUnsafeBufferPointer { Half.decode($0.baseAddress!, count: n * dimension, into: out) }
        case .int8: quantizer!.decode(p.assumingMemoryBound(to: UInt8.self), count: n, into: out)
        }
    }
}
