/// Vectorised `exp` and `erf` for the backward kernels (Kernels+Backward.swift; the forward ones
/// run in CTensorKernels), and the lane-wise select, min and max they use.
///
/// Selects are written as bit operations on the concrete `SIMD16<Int32>` so they compile to
/// vector instructions; the generic `replacing(with:where:)` and `clamped` go lane by lane.
extension Kernels {
    public typealias I = SIMD16<Int32>

    /// `mask ? a : b` per lane.
    @inlinable @inline(__always)
    public static func select(_ mask: SIMDMask<I>, _ a: V, _ b: V) -> V {
        let m = unsafeBitCast(mask, to: I.self)
        let ai = unsafeBitCast(a, to: I.self), bi = unsafeBitCast(b, to: I.self)
        return unsafeBitCast((ai & m) | (bi & ~m), to: V.self)
    }

    @inlinable @inline(__always)
    public static func vmax(_ a: V, _ b: V) -> V { select(a .> b, a, b) }

    @inlinable @inline(__always)
    public static func vmin(_ a: V, _ b: V) -> V { select(a .< b, a, b) }

    /// `e^x` for 16 lanes: range reduction by ln 2 and a degree-6 polynomial (Cephes `expf`).
    ///
    /// Relative error about 1e-7 for x in [-87, 88]; below -87.3 (and for -∞) the result is 0.
    @inlinable @inline(__always)
    public static func exp(_ x: V) -> V {
        let log2e: Float = 1.44269504088896341
        let c1: Float = 0.693359375          // ln 2, high part
        let c2: Float = -2.12194440e-4       // ln 2, low part
        let tiny = x .< V(repeating: -87.3)
        let xc = vmin(vmax(x, V(repeating: -87.3)), V(repeating: 88.7))
        // Round to nearest with the 1.5·2^23 trick: the integer lands in the low mantissa bits.
        let magic = V(repeating: 12582912)
        let shifted = xc * log2e + magic
        let n = shifted - magic
        let r = xc - n * c1 - n * c2
        var p = V(repeating: 1.9875691500e-4)
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        let er = p * (r * r) + r + 1
        let ni = unsafeBitCast(shifted, to: I.self) &- 0x4B40_0000
        let pow2 = unsafeBitCast((ni &+ 127) &<< 23, to: V.self)
        return select(tiny, .zero, er * pow2)
    }

    /// The error function for 16 lanes, from the complementary-function fit of Numerical Recipes
    /// (`erfcc`, fractional error < 1.2e-7).
    @inlinable @inline(__always)
    public static func erf(_ x: V) -> V {
        let bits = unsafeBitCast(x, to: I.self)
        let z = unsafeBitCast(bits & 0x7FFF_FFFF, to: V.self)
        let t = 1 / (1 + 0.5 * z)
        var p = V(repeating: 0.17087277)
        p = p * t - 0.82215223
        p = p * t + 1.48851587
        p = p * t - 1.13520398
        p = p * t + 0.27886807
        p = p * t - 0.18628806
        p = p * t + 0.09678418
        p = p * t + 0.37409196
        p = p * t + 1.00002368
        p = p * t - 1.26551223
        let erfc = t * exp(p - z * z)
        let magnitude = V(repeating: 1) - erfc  // erf(|x|) ≥ 0: copy the sign bit of x onto it
        return unsafeBitCast(unsafeBitCast(magnitude, to: I.self) | (bits & I(repeating: Int32(bitPattern: 0x8000_0000))), to: V.self)
    }
}
