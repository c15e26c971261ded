import CTensorKernels
import Foundation
import Testing
@testable import Tensor

@Suite("Kernels.attention")
struct KernelsAttentionTests {
    @Test("fused attention equals its float64 twin", arguments: [16, 32, 48, 64], [1, 5, 16, 17, 100, 256])
    func matchesNaive(headDim d: Int, length l: Int) {
        check(headDim: d, length: l, bf16: false)
    }

    @Test("bfloat16 attention within its rounding bound of the float64 twin", arguments: [16, 32, 48, 64], [1, 5, 16, 17, 100, 256])
    func bf16MatchesNaive(headDim d: Int, length l: Int) {
        check(headDim: d, length: l, bf16: true)
    }

    func check(headDim d: Int, length l: Int, bf16: Bool) {
        var rng = SplitMix(state: UInt64(d * 1000 + l))
        let ld = 3 * d + 5  // strided views, as the heads of a packed [N, C] projection
        let q = randomFloats(l * ld, &rng, scale: 2), k = randomFloats(l * ld, &rng, scale: 2)
        let v = randomFloats(l * ld, &rng)
        let scale = 1 / Float(d).squareRoot()
        var ctx = [Float](repeating: .nan, count: l * ld)
        var scratch = [Float](repeating: .nan, count: Kernels.attentionScratchCount(maxLength: l, headDim: d))
        let ran = KernelPath.avx512.runReturning {
            Kernels.attention(q: q, k: k, v: v, ld: ld, length: l, headDim: d, scale: scale, context: &ctx, ldc: ld, scratch: &scratch,
                              bf16: bf16)
        }
        if !bf16 { #expect(ran == (ctk_avx512_active() != 0), "runs wherever the CPU has AVX-512") }
        guard ran else { return }
        let want = Kernels.naive.attention(q: q, k: k, v: v, ld: ld, length: l, headDim: d, scale: scale)
        let u = Double(Precision.bf16.unitRoundoff)
        for i in 0..<l {
            // float32: scores are dot products of d terms (error ≤ d·2⁻²⁴·scale·Σ|q||k| in the
            // exponent), exp within 2 ulp, sums of l terms. bfloat16: q and k rounded put
            // δ = (2u + u²)·scale·Σ|q||k| into each score, so each probability is off by at most a
            // factor e^{2δ}; p and v rounded add 2u + u². Both relative to max|v|, which bounds |ctx|.
            let scoreBound = Double((0..<l).map { j in scale * (0..<d).reduce(Float(0)) { $0 + abs(q[i * ld + $1] * k[j * ld + $1]) } }.max()!)
            let f32 = 0x1p-24 * (16 + Double(d) * scoreBound + Double(l) / 4)
            let tol = bf16 ? Foundation.exp(2 * (2 * u + u * u) * scoreBound) - 1 + 2 * u + u * u + f32 : f32
            for c in 0..<d {
                let vAbs = Double((0..<l).map { abs(v[$0 * ld + c]) }.max()!)
                #expect(abs(Double(ctx[i * ld + c]) - Double(want[i * d + c])) <= tol * vAbs, "ctx[\(i), \(c)] d \(d) L \(l) bf16 \(bf16)")
            }
            #expect(ctx[(i * ld + d)..<((i + 1) * ld)].allSatisfy { $0.isNaN }, "columns outside the head untouched")
        }
        // The next pair's rows (here the next head's columns) are only prefetched: the same bits.
        var hinted = [Float](repeating: .nan, count: l * ld)
        q.withUnsafeBufferPointer { pq in k.withUnsafeBufferPointer { pk in v.withUnsafeBufferPointer { pv in
            let next = (q: pq.baseAddress! + d, k: pk.baseAddress! + d, v: pv.baseAddress! + d, length: l)
            _ = KernelPath.avx512.runReturning {
                Kernels.attention(q: q, k: k, v: v, ld: ld, length: l, headDim: d, scale: scale, context: &hinted, ldc: ld,
                                  scratch: &scratch, bf16: bf16, next: next)
            }
        }}}
        #expect(hinted.elementsEqual(ctx) { $0 == $1 || ($0.isNaN && $1.isNaN) }, "a prefetch hint changes nothing, d \(d) L \(l)")
        guard bf16 else { return }
        // q, k, v given as bfloat16 bits, the context written as bits: those of the float32 context
        // of the same inputs, in the head's columns only; and a prefetch hint changes nothing.
        let (q16, k16, v16) = (q.map(BFloat16.bits), k.map(BFloat16.bits), v.map(BFloat16.bits))
        for hint in [false, true] {
            var bits = [UInt16](repeating: 0xFFFF, count: l * ld)
            let ran16 = q16.withUnsafeBufferPointer { pq in k16.withUnsafeBufferPointer { pk in v16.withUnsafeBufferPointer { pv in
                KernelPath.avx512.runReturning {
                    Kernels.attention(bits: pq.baseAddress!, pk.baseAddress!, pv.baseAddress!, ld: ld, length: l, headDim: d, scale: scale,
                                      context16: &bits, ldc: ld, scratch: &scratch,
                                      next: hint ? (q: pq.baseAddress! + d, k: pk.baseAddress! + d, v: pv.baseAddress! + d, length: l) : nil)
                }
            }}}
            #expect(ran16 == Kernels.attentionBF16Available(headDim: d))
            for i in 0..<l {
                let same = (0..<d).allSatisfy { bits[i * ld + $0] == BFloat16.bits(ctx[i * ld + $0]) }
                #expect(same, "row \(i): bits of the float32 context, d \(d) L \(l) hint \(hint)")
                #expect(bits[(i * ld + d)..<((i + 1) * ld)].allSatisfy { $0 == 0xFFFF }, "columns outside the head untouched")
            }
        }
    }

    @Test("declines head sizes that are not multiples of 16, and the portable path")
    func declines() {
        var ctx = [Float](repeating: .nan, count: 24), scratch = [Float](repeating: 0, count: 1024)
        let x = [Float](repeating: 1, count: 24)
        #expect(!Kernels.attention(q: x, k: x, v: x, ld: 24, length: 1, headDim: 24, scale: 1, context: &ctx, ldc: 24, scratch: &scratch))
        let portable = KernelPath.portable.runReturning {
            Kernels.attention(q: x, k: x, v: x, ld: 16, length: 1, headDim: 16, scale: 1, context: &ctx, ldc: 16, scratch: &scratch)
        }
        #expect(!portable)
        let portableBF16 = KernelPath.portable.runReturning {
            Kernels.attention(q: x, k: x, v: x, ld: 16, length: 1, headDim: 16, scale: 1, context: &ctx, ldc: 16, scratch: &scratch, bf16: true)
        }
        #expect(!portableBF16)
        var bits = [UInt16](repeating: 0xFFFF, count: 24)
        let x16 = [UInt16](repeating: 0x3F80, count: 24)
        let portable16 = KernelPath.portable.runReturning {
            Kernels.attention(bits: x16, x16, x16, ld: 16, length: 1, headDim: 16, scale: 1, context16: &bits, ldc: 16, scratch: &scratch)
        }
        #expect(!portable16 && !KernelPath.portable.runReturning { Kernels.attentionBF16Available(headDim: 16) })
        #expect(!Kernels.attentionBF16Available(headDim: 24))
        #expect(ctx.allSatisfy { $0.isNaN } && bits.allSatisfy { $0 == 0xFFFF }, "nothing written")
    }
}
