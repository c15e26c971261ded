import Tensor

// Inference only: products on raw memory for the fused paths, and bf16 rows rounded once.
extension Linear {
    /// `c = a · Wᵀ` for `m` rows on raw memory (no bias), at the layer's precision: `BLAS.gemm` with
    /// the converted weight, else `sgemm`. For fused inference paths that keep their own scratch.
    public func product(m: Int, a: UnsafePointer<Float>, lda: Int, c: UnsafeMutablePointer<Float>, ldc: Int) {
        if let packed {
            BLAS.gemm(m: m, a: a, lda: lda, b: packed, c: c, ldc: ldc)
            return
        }
        weight.data.withUnsafeBufferPointer { pw in
            BLAS.sgemm(transB: true, m: m, n: outFeatures, k: inFeatures, a: a, lda: lda, b: pw.baseAddress!, ldb: inFeatures,
                       c: c, ldc: ldc)
        }
    }

    /// `c = a · Wᵀ` for `m` rows already rounded to bfloat16 (`a` bits, row stride `lda`): only for
    /// a layer converted to `bf16` (`BLAS.gemm(m:bf16:…)`, which traps otherwise).
    public func product(m: Int, bf16 a: UnsafePointer<UInt16>, lda: Int, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard let packed else { preconditionFailure("Linear.product(bf16:): the layer is float32") }
        BLAS.gemm(m: m, bf16: a, lda: lda, b: packed, c: c, ldc: ldc)
    }

    /// x: [N, in] already rounded to bfloat16 (`x` bits, row stride `in`) → y: [N, out], bias
    /// added: `forward` without its rounding pass, for a layer converted to `bf16`, so that layers
    /// reading the same input round it once (the attention's query, key and value). Inference only.
    public func forward(bf16 x: UnsafePointer<UInt16>, rows n: Int) -> Tensor {
        precondition(precision == .bf16, "Linear.forward(bf16:): the layer is \(precision)")
        let (inF, outF) = (inFeatures, outFeatures)
        return Tensor(shape: [n, outF]) { py in
            bias.data.withUnsafeBufferPointer { pb in
                guard n > 0 else { return }
                let (ba, ya) = (pb.baseAddress!, py.baseAddress!)
                Parallel.forEachChunk(n, minPerChunk: max(32, (1 << 20) / max(1, inF * outF)), align: 16) { r in
                    var lo = r.lowerBound
                    while lo < r.upperBound {
                        let hi = min(r.upperBound, lo + 256)
                        product(m: hi - lo, bf16: x + lo * inF, lda: inF, c: ya + lo * outF, ldc: outF)
                        Kernels.addBias(ya + lo * outF, rows: hi - lo, cols: outF, bias: ba)
                        lo = hi
                    }
                }
            }
        }
    }
}
