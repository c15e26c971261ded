/// Vectorised `exp` and `erf` for the kernels.
extension Kernels {
    /// `e^x` for 16 lanes: range reduction by ln 2 and a degree-6 polynomial (Cephes `expf`).
    ///
    /// Relative error about 1e-7 for x in [-87, 88]; below -87 the result is 0, and -∞ gives 0.
    @inlinable @inline(__always)
    public static func exp(_ x: V) -> V {
        let log2e: Float = 1.44269504088896341
        let c1: Float = 0.693359375          // ln 2, high part
        let c2: Float = -2.12194440e-4       // ln 2, low part
        let tiny = x .< -87.3
        let xc = x.clamped(lowerBound: V(repeating: -87.3), upperBound: V(repeating: 88.7))
        let n = (xc * log2e).rounded(.toNearestOrEven)
        let r = xc - n * c1 - n * c2
        var p = V(repeating: 1.9875691500e-4)
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        let er = p * (r * r) + r + 1
        let ni = SIMD16<Int32>(n, rounding: .towardZero)
        let bits = (ni &+ 127) &<< 23
        let pow2 = unsafeBitCast(bits, to: V.self)
        var out = er * pow2
        out.replace(with: 0, where: tiny)
        return out
    }

    /// The error function for 16 lanes, from the complementary-function fit of Numerical Recipes
    /// (`erfcc`, fractional error < 1.2e-7).
    @inlinable @inline(__always)
    public static func erf(_ x: V) -> V {
        let z = x.replacing(with: -x, where: x .< 0)
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
        var out = V(repeating: 1) - erfc
        out.replace(with: -out, where: x .< 0)
        return out
    }
}
