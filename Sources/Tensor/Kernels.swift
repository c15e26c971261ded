/// Elementwise, row-wise and reduction loops for the forward pass, vectorised with `SIMD16`.
///
/// They work in place on raw rows and allocate nothing, so the hot path stays allocation-free.
/// Each one has a plain-loop twin in `Kernels.naive` (Kernels+Naive.swift) that the tests use.
public enum Kernels {
    public typealias V = SIMD16<Float>
    @usableFromInline static let width = V.scalarCount

    /// `x[r, :] += bias` for each of `rows` rows of `cols` values.
    @inlinable
    public static func addBias(_ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int, bias: UnsafePointer<Float>) {
        for r in 0..<rows {
            let row = x + r * cols
            var j = 0
            while j + width <= cols {
                let v = load(row + j) + load(bias + j)
                store(v, row + j)
                j += width
            }
            while j < cols { row[j] += bias[j]; j += 1 }
        }
    }

    /// `x += y` over `count` values.
    @inlinable
    public static func add(_ x: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, count: Int) {
        var j = 0
        while j + width <= count {
            store(load(x + j) + load(y + j), x + j)
            j += width
        }
        while j < count { x[j] += y[j]; j += 1 }
    }

    /// LayerNorm over the last dimension, in place: `(x - mean) / sqrt(var + eps) · gamma + beta`.
    ///
    /// Mirrors `torch.nn.LayerNorm` (biased variance).
    @inlinable
    public static func layerNorm(
        _ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, eps: Float
    ) {
        for r in 0..<rows {
            let row = x + r * cols
            var acc = V.zero
            var j = 0
            while j + width <= cols { acc += load(row + j); j += width }
            var sum = acc.sum()
            while j < cols { sum += row[j]; j += 1 }
            let mean = sum / Float(cols)
            var acc2 = V.zero
            j = 0
            while j + width <= cols {
                let d = load(row + j) - mean
                acc2 += d * d
                j += width
            }
            var sq = acc2.sum()
            while j < cols { let d = row[j] - mean; sq += d * d; j += 1 }
            let inv = 1 / (sq / Float(cols) + eps).squareRoot()
            j = 0
            while j + width <= cols {
                let d = (load(row + j) - mean) * inv
                let g = load(gamma + j)
                let b = load(beta + j)
                store(d * g + b, row + j)
                j += width
            }
            while j < cols { row[j] = (row[j] - mean) * inv * gamma[j] + beta[j]; j += 1 }
        }
    }

    /// GELU with the exact error function, in place: `0.5 · x · (1 + erf(x / √2))`.
    ///
    /// Mirrors `torch.nn.functional.gelu(x)` (approximate="none"); erf is `Kernels.erf` (|error| < 2e-7).
    @inlinable
    public static func geluErf(_ x: UnsafeMutablePointer<Float>, count: Int) {
        let invSqrt2: Float = 0.70710678118654752
        var j = 0
        while j + width <= count {
            let v = load(x + j)
            store(0.5 * v * (1 + erf(v * invSqrt2)), x + j)
            j += width
        }
        if j < count {
            var tail = V.zero
            for t in 0..<(count - j) { tail[t] = x[j + t] }
            let g = 0.5 * tail * (1 + erf(tail * invSqrt2))
            for t in 0..<(count - j) { x[j + t] = g[t] }
        }
    }

    /// Softmax of each row over its first `valid` columns, in place; columns past `valid` become 0.
    ///
    /// Used for attention with right padding: keys past the sequence length are masked out, which
    /// equals adding PyTorch's `finfo.min` mask before the softmax.
    @inlinable
    public static func softmaxRows(_ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int, valid: Int) {
        precondition(valid >= 1 && valid <= cols, "softmaxRows: valid \(valid) not in 1...\(cols)")
        for r in 0..<rows {
            let row = x + r * cols
            var m = -Float.infinity
            var j = 0
            var vm = V(repeating: -.infinity)
            while j + width <= valid { vm = vmax(vm, load(row + j)); j += width }
            m = vm.max()
            while j < valid { m = Swift.max(m, row[j]); j += 1 }
            var acc = V.zero
            j = 0
            while j + width <= valid {
                let e = exp(load(row + j) - m)
                store(e, row + j)
                acc += e
                j += width
            }
            var sum = acc.sum()
            if j < valid {
                var tail = V(repeating: -.infinity)
                for t in 0..<(valid - j) { tail[t] = row[j + t] - m }
                let e = exp(tail)
                for t in 0..<(valid - j) { row[j + t] = e[t]; sum += e[t] }
            }
            let inv = 1 / sum
            j = 0
            while j + width <= valid { store(load(row + j) * inv, row + j); j += width }
            while j < valid { row[j] *= inv; j += 1 }
            for c in valid..<cols { row[c] = 0 }
        }
    }

    /// `x *= s` over `count` values.
    @inlinable
    public static func scale(_ x: UnsafeMutablePointer<Float>, count: Int, by s: Float) {
        var j = 0
        while j + width <= count { store(load(x + j) * s, x + j); j += width }
        while j < count { x[j] *= s; j += 1 }
    }

    @inlinable @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> V {
        UnsafeRawPointer(p).loadUnaligned(as: V.self)
    }

    @inlinable @inline(__always)
    static func load(_ p: UnsafeMutablePointer<Float>) -> V {
        UnsafeRawPointer(p).loadUnaligned(as: V.self)
    }

    @inlinable @inline(__always)
    static func store(_ v: V, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
    }
}
