import CVectorKernels

/// FAISS's `ScalarQuantizer` for `QT_8bit` with `RS_minmax` ranges, and `QT_fp16`.
///
/// 8-bit: each dimension `j` has a range `[vmin[j], vmin[j] + vdiff[j]]` taken from the data
/// (min and max); a component is stored as `floor(255 · clamp((x - vmin) / vdiff, 0, 1))` and
/// read back as `vmin + (code + 0.5) / 255 · vdiff` — the exact rules of faiss/impl/ScalarQuantizer.cpp,
/// so codes written here and by faiss agree and decoded vectors are equal.
public struct ScalarQuantizer: Sendable, Equatable {
    /// [d] per-dimension minimum.
    public var vmin: [Float]
    /// [d] per-dimension range (max − min).
    public var vdiff: [Float]

    public var dimension: Int { vmin.count }

    public init(vmin: [Float], vdiff: [Float]) {
        precondition(vmin.count == vdiff.count, "ScalarQuantizer: vmin and vdiff differ in length")
        self.vmin = vmin
        self.vdiff = vdiff
    }

    /// Accumulates per-dimension min and max over vectors given in batches (FAISS's `train` with
    /// `RS_minmax`, done in a streaming pass).
    public struct Trainer: Sendable {
        public let dimension: Int
        private var lo: [Float], hi: [Float]
        public private(set) var count = 0

        public init(dimension: Int) {
            self.dimension = dimension
            lo = [Float](repeating: .infinity, count: dimension)
            hi = [Float](repeating: -.infinity, count: dimension)
        }

        /// vectors: [n, d] row-major.
        public mutating func add(_ vectors: UnsafeBufferPointer<Float>) {
            let d = dimension
            let n = vectors.count / d
            for i in 0..<n {
                for j in 0..<d {
                    let v = vectors[i * d + j]
                    if v < lo[j] { lo[j] = v }
                    if v > hi[j] { hi[j] = v }
                }
            }
            count += n
        }

        /// The quantizer; an empty training set gives the range [0, 0] in every dimension.
        public func finish() -> ScalarQuantizer {
            if count == 0 { return ScalarQuantizer(vmin: .init(repeating: 0, count: dimension), vdiff: .init(repeating: 0, count: dimension)) }
            return ScalarQuantizer(vmin: lo, vdiff: zip(hi, lo).map { $0 - $1 })
        }
    }

    /// Codes for vectors [n, d] into `out` [n, d].
    public func encode(_ vectors: UnsafeBufferPointer<Float>, into out: UnsafeMutableBufferPointer<UInt8>) {
        let d = dimension
        for i in 0..<(vectors.count / d) {
            for j in 0..<d {
                var x: Float = 0
                if vdiff[j] != 0 { x = (vectors[i * d + j] - vmin[j]) / vdiff[j] }
                if x < 0 { x = 0 }
                if x > 1 { x = 1 }
                out[i * d + j] = UInt8(Int(255 * x))
            }
        }
    }

    /// Decoded vectors [n, d] for codes [n, d].
    public func decode(_ codes: UnsafePointer<UInt8>, count n: Int, into out: UnsafeMutablePointer<Float>) {
        vmin.withUnsafeBufferPointer { lo in
            vdiff.withUnsafeBufferPointer { df in
                cvk_decode_u8(codes, lo.baseAddress!, df.baseAddress!, n, dimension, out)
            }
        }
    }

    /// The query folded into the code domain: `score(code) = bias + Σ weights[j] · code[j]`
    /// equals `Σ q[j] · decode(code)[j]` (up to float rounding).
    public func queryWeights(_ q: UnsafeBufferPointer<Float>) -> (weights: [Float], bias: Float) {
        var w = [Float](repeating: 0, count: dimension)
        var bias: Double = 0
        for j in 0..<dimension {
            let step = vdiff[j] / 255
            w[j] = q[j] * step
            bias += Double(q[j]) * Double(vmin[j] + 0.5 * step)
        }
        return (w, Float(bias))
    }
}

/// IEEE binary16 conversions as faiss's `QT_fp16` does them: round to nearest with ties away from
/// zero in the normal range (so our codes equal faiss's byte for byte), exact decoding.
public enum Half {
    public static func encode(_ x: UnsafeBufferPointer<Float>, into out: UnsafeMutablePointer<UInt16>) {
        guard let base = x.baseAddress else { return }
        cvk_f32_to_f16(base, out, x.count)
    }

    public static func decode(_ h: UnsafePointer<UInt16>, count: Int, into out: UnsafeMutablePointer<Float>) {
        cvk_f16_to_f32(h, out, count)
    }
}
