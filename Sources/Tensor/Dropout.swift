import CTensorKernels

/// Inverted dropout with a stateless, seeded mask: element `i` of stream `s` is kept when
/// `hash(seed, s, i) ≥ p`, and kept values are scaled by `1 / (1 - p)` (as `torch.nn.Dropout` in
/// training mode). Inference never builds one.
///
/// The mask is a pure function of `(seed, stream, i)`, so backward (and a GradCache re-run of the
/// same mini-batch) regenerates it instead of storing it.
///
/// ```swift
/// let d = Dropout(probability: 0.1, seed: 42)
/// d.apply(p, count: n, stream: 7)   // forward
/// d.apply(dy, count: n, stream: 7)  // backward: the same mask and scale
/// ```
public struct Dropout: Sendable, Equatable {
    /// Probability of zeroing an element, in [0, 1).
    public var probability: Float
    public var seed: UInt64

    public init(probability: Float, seed: UInt64) {
        precondition(probability >= 0 && probability < 1, "dropout probability \(probability) not in [0, 1)")
        self.probability = probability
        self.seed = seed
    }

    /// SplitMix64's finaliser: a well-mixed 64-bit hash of `z`.
    @inlinable @inline(__always)
    public static func mix(_ z: UInt64) -> UInt64 {
        var z = z &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A seed for a sub-stream (a layer, a site, a sequence): `mix(seed ^ mix(id))`.
    @inlinable
    public func derived(_ id: UInt64) -> Dropout {
        var d = self
        d.seed = Self.mix(seed ^ Self.mix(id))
        return d
    }

    /// Whether element `i` of `stream` is kept.
    @inlinable @inline(__always)
    public func keeps(_ i: Int, stream: UInt64) -> Bool {
        let h = Self.mix(seed ^ Self.mix(stream) &+ UInt64(i) &* 0xD6E8_FEB8_6659_FD93)
        return Float(h >> 40) * (1 / 16_777_216) >= probability
    }

    /// Multiplies `x[i]` by its mask value (0 or `1 / (1 - p)`); forward and backward alike.
    ///
    /// `offset` shifts the element index: `x[i]` gets the mask of element `offset + i`, so a block
    /// can be masked in parts (one attention head at a time) with the masks of the whole.
    /// The stream's hash and the threshold are taken once per call; `keeps` is the reference. The
    /// masks are made by `ctk_dropout`, eight 64-bit hashes per instruction on AVX-512 (in Swift,
    /// one at a time, they made the attention's backward, where they were inlined, the hottest of
    /// our own code in a training step's profile).
    public func apply(_ x: UnsafeMutablePointer<Float>, count: Int, stream: UInt64, offset: Int = 0) {
        if probability == 0 || count <= 0 { return }
        // keeps(i): Float(h >> 40) · 2⁻²⁴ ≥ p  ⇔  h >> 40 ≥ ⌈p · 2²⁴⌉ (both sides exact in Float).
        let threshold = UInt64((probability * 16_777_216).rounded(.up))
        let key = (seed ^ Self.mix(stream)) &+ UInt64(truncatingIfNeeded: offset) &* 0xD6E8_FEB8_6659_FD93
        ctk_dropout(x, count, key, threshold, 1 / (1 - probability))
    }

    /// `apply` on a whole tensor, its elements shared over the threads (each chunk with its
    /// `offset`, so the masks are the one-call masks).
    public func apply(_ t: inout Tensor, stream: UInt64) {
        if probability == 0 { return }
        t.data.withUnsafeMutableBufferPointer { p in
            guard let base = p.baseAddress else { return }
            let b = UncheckedSendable(base)
            Parallel.forEachChunk(p.count, minPerChunk: 1 << 16, align: 16) { r in
                apply(b.value + r.lowerBound, count: r.count, stream: stream, offset: r.lowerBound)
            }
        }
    }
}
