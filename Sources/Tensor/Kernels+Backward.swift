import CTensorKernels

/// Backward passes of the row-wise and elementwise kernels (Kernels.swift), each checked against
/// finite differences of a float64 reference in Tests/TensorTests/KernelsBackwardTests.swift.
extension Kernels {
    /// LayerNorm backward over `rows` rows of `cols` values.
    ///
    /// With `x̂ = (x - mean) · rstd` and `g = dy · gamma`: `dx = rstd · (g - mean(g) - x̂ · mean(g · x̂))`,
    /// `dgamma += Σ_rows dy · x̂`, `dbeta += Σ_rows dy` (accumulated, so callers zero them first).
    /// Mirrors the gradient of `torch.nn.LayerNorm` (biased variance).
    ///
    /// - Parameters:
    ///   - x: the forward input [rows, cols]; dy: gradient of the output [rows, cols]
    ///   - dx: written [rows, cols]
    @inlinable
    public static func layerNormBackward(
        x: UnsafePointer<Float>, dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, rows: Int, cols: Int,
        gamma: UnsafePointer<Float>, dgamma: UnsafeMutablePointer<Float>, dbeta: UnsafeMutablePointer<Float>, eps: Float
    ) {
        let n = Float(cols)
        for r in 0..<rows {
            let xr = x + r * cols, dyr = dy + r * cols, dxr = dx + r * cols
            var acc = V.zero
            var j = 0
            while j + width <= cols { acc += load(xr + j); j += width }
            var sum = acc.sum()
            while j < cols { sum += xr[j]; j += 1 }
            let mean = sum / n
            var accSq = V.zero
            j = 0
            while j + width <= cols { let d = load(xr + j) - mean; accSq += d * d; j += width }
            var sq = accSq.sum()
            while j < cols { let d = xr[j] - mean; sq += d * d; j += 1 }
            let rstd = 1 / (sq / n + eps).squareRoot()
            var accG = V.zero, accGX = V.zero
            j = 0
            while j + width <= cols {
                let xh = (load(xr + j) - mean) * rstd
                let d = load(dyr + j)
                let g = d * load(gamma + j)
                accG += g
                accGX += g * xh
                store(load(dgamma + j) + d * xh, dgamma + j)
                store(load(dbeta + j) + d, dbeta + j)
                j += width
            }
            var meanG = accG.sum(), meanGX = accGX.sum()
            while j < cols {
                let xh = (xr[j] - mean) * rstd
                let g = dyr[j] * gamma[j]
                meanG += g
                meanGX += g * xh
                dgamma[j] += dyr[j] * xh
                dbeta[j] += dyr[j]
                j += 1
            }
            meanG /= n
            meanGX /= n
            j = 0
            while j + width <= cols {
                let xh = (load(xr + j) - mean) * rstd
                store(rstd * (load(dyr + j) * load(gamma + j) - meanG - xh * meanGX), dxr + j)
                j += width
            }
            while j < cols {
                let xh = (xr[j] - mean) * rstd
                dxr[j] = rstd * (dyr[j] * gamma[j] - meanG - xh * meanGX)
                j += 1
            }
        }
    }

    /// GELU (erf) backward, in place on `dy`: `dy · (Φ(x) + x · φ(x))` with `x` the pre-activation
    /// (`ctk_gelu_erf_backward`: AVX-512 where the CPU has it, the portable C loop otherwise; its
    /// twin is `naive.geluErfBackward`). The SIMD Swift loop it replaced took 4.8% of a training
    /// run's CPU samples.
    @inlinable
    public static func geluErfBackward(_ pre: UnsafePointer<Float>, _ dy: UnsafeMutablePointer<Float>, count: Int) {
        ctk_gelu_erf_backward(pre, dy, count)
    }

    /// Softmax backward of each row, in place on `dp`: `ds = p · (dp - Σ_j dp_j · p_j)`.
    ///
    /// - Parameters:
    ///   - p: the softmax output [rows, cols]; dp: its gradient [rows, cols], overwritten by ds.
    @inlinable
    public static func softmaxRowsBackward(_ p: UnsafePointer<Float>, _ dp: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        for r in 0..<rows {
            let pr = p + r * cols, dr = dp + r * cols
            var acc = V.zero
            var j = 0
            while j + width <= cols { acc += load(pr + j) * load(dr + j); j += width }
            var dot = acc.sum()
            while j < cols { dot += pr[j] * dr[j]; j += 1 }
            j = 0
            while j + width <= cols { store(load(pr + j) * (load(dr + j) - dot), dr + j); j += width }
            while j < cols { dr[j] = pr[j] * (dr[j] - dot); j += 1 }
        }
    }

    /// `out[c] += Σ_r x[r, c]` (a bias gradient), rows `stride` floats apart (default `cols`: a
    /// caller can sum a block of columns of a wider matrix).
    @inlinable
    public static func sumRows(_ x: UnsafePointer<Float>, rows: Int, cols: Int, stride: Int? = nil, into out: UnsafeMutablePointer<Float>) {
        let stride = stride ?? cols
        for r in 0..<rows { add(out, x + r * stride, count: cols) }
    }
}
