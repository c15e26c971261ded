import CVectorKernels

/// How an inverted-file index stores each vector in its list.
///
/// - `float32`: the vector as it is, `4·d` bytes (FAISS's `IndexIVFFlat`).
/// - `sq8`: the residual `x − c` to the list's centroid `c`, one byte a component by one
///   `ScalarQuantizer` shared by every list (FAISS's `IndexIVFScalarQuantizer` with `QT_8bit`,
///   `RS_minmax` and `by_residual`, its default), `d` bytes. Scores are `⟨q, c⟩ + ⟨q, decode⟩`.
public enum IVFCodes: Sendable, Equatable {
    case float32
    case sq8(ScalarQuantizer)

    /// Bytes a vector takes in a list.
    public func codeSize(dimension d: Int) -> Int {
        switch self {
        case .float32: 4 * d
        case .sq8: d
        }
    }

    /// The encoding's name (`VectorEncoding`).
    public var encoding: VectorEncoding { self == .float32 ? .float32 : .int8 }

    /// Whether the codes are for vectors of dimension `d`.
    func fits(dimension d: Int) -> Bool {
        if case .sq8(let sq) = self { return sq.dimension == d }
        return true
    }

    /// The quantiser of SQ8 residuals, its ranges the min and max of the residuals `x − c` of
    /// `vectors` [n, d] to their nearest centroid (FAISS trains its `ScalarQuantizer` the same
    /// way, on its training sample).
    public static func trainResiduals(_ vectors: [Float], dimension d: Int, centroids: [Float]) throws -> ScalarQuantizer {
        let lists = try KMeans.assign(vectors, dimension: d, centroids: centroids)
        var trainer = ScalarQuantizer.Trainer(dimension: d)
        addResiduals(vectors, lists: lists, centroids: centroids, dimension: d, to: &trainer)
        return trainer.finish()
    }

    /// Adds the residuals of `vectors` [n, d] to the centroids of their `lists` to `trainer`.
    public static func addResiduals(_ vectors: [Float], lists: [Int], centroids: [Float], dimension d: Int,
                                    to trainer: inout ScalarQuantizer.Trainer) {
        var residual = [Float](repeating: 0, count: d)
        for (i, l) in lists.enumerated() {
            for j in 0..<d { residual[j] = vectors[i * d + j] - centroids[l * d + j] }
            residual.withUnsafeBufferPointer { trainer.add($0) }
        }
    }

    /// Writes the code of one vector `x` [d] of list `list` to `out` (`codeSize` bytes).
    func encode(_ x: UnsafePointer<Float>, centroid centroids: [Float], list: Int, dimension d: Int, into out: UnsafeMutableRawPointer) {
        switch self {
        case .float32:
            for j in 0..<d { out.storeBytes(of: x[j].bitPattern.littleEndian, toByteOffset: 4 * j, as: UInt32.self) }
        case .sq8(let sq):
            var residual = [Float](repeating: 0, count: d)
            for j in 0..<d { residual[j] = x[j] - centroids[list * d + j] }
            residual.withUnsafeBufferPointer { r in
                sq.encode(r, into: UnsafeMutableBufferPointer(start: out.assumingMemoryBound(to: UInt8.self), count: d))
            }
        }
    }

    /// Decodes `n` codes of list `list` into float32 vectors [n, d]: the stored floats, or the
    /// decoded residuals plus the centroid.
    func decode(_ codes: UnsafeRawPointer, count n: Int, centroid centroids: [Float], list: Int, dimension d: Int,
                into out: UnsafeMutablePointer<Float>) {
        switch self {
        case .float32:
            for i in 0..<(n * d) { out[i] = Float(bitPattern: UInt32(littleEndian: codes.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
        case .sq8(let sq):
            sq.decode(codes.assumingMemoryBound(to: UInt8.self), count: n, into: out)
            for i in 0..<n { for j in 0..<d { out[i * d + j] += centroids[list * d + j] } }
        }
    }
}
