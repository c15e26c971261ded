import Foundation

/// How much faster oneDNN's bfloat16 product is than its float32 one on this CPU, measured once per
/// process: what `--precision auto` and int8's companion decide on where the CPU has AVX512-BF16
/// but no AMX.
///
/// CPUID says whether the CPU has `vdpbf16ps`, not how fast it is. On AMD Zen 4 it does twice
/// float32's multiply-adds per cycle and bf16 encoding ran 2× our fp32 (docs/benchmarks.md); on
/// an Intel Emerald Rapids whose AMX the hypervisor hides it issues at half float32's rate, and
/// bf16 encoding ran at 0.63× our fp32 (7 Dec 2026). No feature bit tells the two apart, and a
/// table of model numbers is what this project refuses, so the product is timed instead: MiniLM's
/// feed-forward shape, one tile on the calling thread, the best of several interleaved runs of
/// each (about 40 ms in all, once, and only on CPUs where the answer is not known from CPUID).
public enum BF16Speed {
    /// bf16 must multiply at least this much faster than fp32 to be chosen: its rounding passes
    /// and the bf16 attention are not free, and a measurement near 1 must not flip the choice.
    public static let threshold = 1.25

    /// This CPU's bf16 ÷ fp32 product speed (0 where oneDNN has no bf16 matmul here).
    public static let measured: Double = measure()

    /// fp32's time ÷ bf16's for `[rows, k] · [k, n]`, the best of `runs` interleaved runs each.
    public static func measure(rows: Int = 256, n: Int = 1536, k: Int = 384, runs: Int = 6) -> Double {
        guard OneDNN.supports(.bf16), OneDNN.supports(.fp32) else { return 0 }
        // Values in [-1, 1] that depend on the index only: the same work in every process.
        let w = (0..<(n * k)).map { Float(($0 &* 7919) % 2001 - 1000) / 1000 }
        let a = (0..<(rows * k)).map { Float(($0 &* 104_729) % 2001 - 1000) / 1000 }
        guard let weight = try? Tensor(shape: [n, k], data: w),
              let fp32 = try? GEMMWeights(weight, precision: .fp32), let bf16 = try? GEMMWeights(weight, precision: .bf16) else { return 0 }
        var c = [Float](repeating: 0, count: rows * n)
        func seconds(_ b: GEMMWeights) -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            a.withUnsafeBufferPointer { pa in
                c.withUnsafeMutableBufferPointer { pc in
                    BLAS.gemmTile(rows: rows, a: pa.baseAddress!, lda: k, b: b, c: pc.baseAddress!, ldc: n)
                }
            }
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        var best = (fp32: Double.infinity, bf16: Double.infinity)
        for _ in 0..<runs {
            best.fp32 = min(best.fp32, seconds(fp32))
            best.bf16 = min(best.bf16, seconds(bf16))
        }
        return best.bf16 > 0 ? best.fp32 / best.bf16 : 0
    }
}
