import CTensorKernels
import Foundation
import Testing
@testable import Tensor

@Suite("Kernels")
struct KernelsTests {
    @Test("exp and erf of 16 lanes against libm")
    func expErf() {
        var worstExp: Float = 0, worstErf: Float = 0
        var x: Float = -20
        while x < 20 {
            let v = Kernels.V((0..<16).map { x + Float($0) * 0.0013 })
            let e = Kernels.exp(v), r = Kernels.erf(v)
            for i in 0..<16 {
                let want = Foundation.exp(Double(v[i]))
                worstExp = max(worstExp, Float(abs(Double(e[i]) - want) / want))
                worstErf = max(worstErf, Float(abs(Double(r[i]) - Foundation.erf(Double(v[i])))))
            }
            x += 0.0213
        }
        #expect(worstExp < 3e-7, "exp relative error \(worstExp)")
        #expect(worstErf < 5e-7, "erf absolute error \(worstErf)")
        #expect(Kernels.exp(Kernels.V(repeating: -.infinity)) == .zero)
    }

    @Test("layerNorm backward (SIMD) equals its Double twin, dgamma and dbeta accumulated", arguments: [1, 15, 16, 37, 384])
    func layerNormBackward(cols: Int) {
        var rng = SplitMix(state: UInt64(cols) &+ 99)
        let rows = 6
        let x = randomFloats(rows * cols, &rng, scale: 3), dy = randomFloats(rows * cols, &rng)
        let g = randomFloats(cols, &rng)
        var dx = [Float](repeating: 0, count: rows * cols)
        var dg = [Float](repeating: 0.5, count: cols), db = [Float](repeating: -0.25, count: cols)  // accumulates onto these
        x.withUnsafeBufferPointer { px in dy.withUnsafeBufferPointer { pdy in g.withUnsafeBufferPointer { pg in
            dx.withUnsafeMutableBufferPointer { pdx in dg.withUnsafeMutableBufferPointer { pdg in db.withUnsafeMutableBufferPointer { pdb in
                Kernels.layerNormBackward(x: px.baseAddress!, dy: pdy.baseAddress!, dx: pdx.baseAddress!, rows: rows, cols: cols,
                                          gamma: pg.baseAddress!, dgamma: pdg.baseAddress!, dbeta: pdb.baseAddress!, eps: 1e-12)
            } } }
        } } }
        let want = Kernels.naive.layerNormBackward(x: x, dy: dy, rows: rows, cols: cols, gamma: g, eps: 1e-12)
        func close(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).map { abs($0 - $1) }.max() ?? 0 }
        #expect(close(dx, want.dx) < 2e-5, "dx")
        #expect(close(dg, want.dgamma.map { $0 + 0.5 }) < 2e-5, "dgamma")
        #expect(close(db, want.dbeta.map { $0 - 0.25 }) < 2e-5, "dbeta")
    }

    @Test("C exp and erf within 2 and 4 ulp of libm's float64, both paths", arguments: KernelPath.allCases)
    func cExpErf(path: KernelPath) {
        var x: [Float] = []
        var v: Float = -103.9
        while v < 88.7 { x.append(v); v += 0.000917 }  // every exponent and mantissa region of the range
        x += [0, -0, 1e-30, -1e-30, Float.leastNormalMagnitude / 8, 0.875, -0.875, 0.87500006, 3.9, 3.90001, 10, -10, 1e30, -1e30]
        var e = [Float](repeating: 0, count: x.count), r = e
        path.run {
            ctk_exp(x, &e, x.count)
            ctk_erf(x, &r, x.count)
        }
        var worstExp = 0.0, worstErf = 0.0
        for (i, xi) in x.enumerated() {
            let we = Foundation.exp(Double(xi)), wr = Foundation.erf(Double(xi))
            if we >= Double(Float.leastNormalMagnitude) {
                worstExp = max(worstExp, abs(Double(e[i]) - we) / ulp(we))
            } else {
                #expect(abs(Double(e[i]) - we) <= 2 * Double(Float.leastNonzeroMagnitude), "exp(\(xi)) = \(e[i]): subnormal")
            }
            worstErf = max(worstErf, abs(Double(r[i]) - wr) / ulp(wr))
        }
        #expect(worstExp <= 2, "exp worst \(worstExp) ulp")
        #expect(worstErf <= 4, "erf worst \(worstErf) ulp")
        var edge: [Float] = [-.infinity, .infinity, -1e30]
        path.run { ctk_exp(edge, &edge, edge.count) }
        #expect(edge == [0, .infinity, 0])
    }

    @Test("layerNorm, GELU and masked softmax equal their float64 twins, both paths", arguments: KernelPath.allCases, [1, 15, 16, 37, 384])
    func rowKernels(path: KernelPath, cols: Int) {
        var rng = SplitMix(state: UInt64(cols))
        let rows = 5
        var x = randomFloats(rows * cols, &rng, scale: 4)
        x[0] = 60  // a large value in row 0: its other entries' exponentials underflow toward 0
        if cols > 2 { x[cols + 1] = -1e30; x[2 * cols + 1] = -.infinity }  // masks as finfo.min or additive -inf
        let g = randomFloats(cols, &rng), b = randomFloats(cols, &rng)

        var ln = x.map { $0.isFinite && abs($0) < 1e20 ? $0 : 0 }
        let lnIn = ln
        path.run {
            Kernels.layerNorm(&ln, rows: rows, cols: cols, gamma: g, beta: b, eps: 1e-12)
        }
        let lnWant = Kernels.naive.layerNorm(lnIn, rows: rows, cols: cols, gamma: g, beta: b, eps: 1e-12)
        // float sums of up to 384 values: the normalised value is off by ~cols · 2⁻²⁴ of its scale
        for (i, (y, w)) in zip(ln, lnWant).enumerated() {
            let c = i % cols
            #expect(abs(y - w) <= 2e-6 * (abs(g[c]) * (1 + abs(w - b[c]) / max(abs(g[c]), 1e-6)) + abs(b[c])), "layerNorm[\(i)]")
        }

        var ge = x.map { $0.isFinite ? $0 : 0 } + [3e38, -3e38, 1e-30, -1e-30]
        let geIn = ge
        path.run { Kernels.geluErf(&ge, count: ge.count) }
        // erf within 4 ulp of 1 → 0.5·|x|·4·2⁻²⁴; the products round twice more
        for (i, (y, w)) in zip(ge, Kernels.naive.geluErf(geIn)).enumerated() {
            #expect(abs(y - w) <= 0x1p-22 * (abs(geIn[i]) + abs(w)), "gelu(\(geIn[i])) = \(y), want \(w)")
        }

        // GELU's backward pass: the derivative is within [-0.17, 1.13]; erf and exp within a few ulp.
        let preIn = x.map { $0.isFinite && abs($0) < 1e20 ? $0 : 0 } + [30, -30, 1e-30, -5.5]
        let dyIn = randomFloats(preIn.count, &rng, scale: 2)
        var dy = dyIn
        path.run { preIn.withUnsafeBufferPointer { p in dy.withUnsafeMutableBufferPointer { Kernels.geluErfBackward(p.baseAddress!, $0.baseAddress!, count: preIn.count) } } }
        for (i, (y, w)) in zip(dy, Kernels.naive.geluErfBackward(preIn, dyIn)).enumerated() {
            #expect(abs(y - w) <= 0x1p-21 * abs(dyIn[i]) * (1 + abs(preIn[i])) + 1e-37, "geluBackward(\(preIn[i])) · \(dyIn[i]) = \(y), want \(w)")
        }

        for valid in Set([1, max(1, cols - 3), cols]) {
            var sm = x
            path.run { Kernels.softmaxRows(&sm, rows: rows, cols: cols, valid: valid) }
            let want = Kernels.naive.softmaxRows(x, rows: rows, cols: cols, valid: valid)
            for r in 0..<rows {
                let m = x[(r * cols)..<(r * cols + valid)].max()!
                for c in 0..<cols {
                    let i = r * cols + c
                    // exp within 2 ulp, x - m rounded (relative error |x - m|·2⁻²⁴ after exp), the sum
                    // of `valid` terms in 16 lanes, one division: relative bound, with an absolute
                    // floor for subnormal results.
                    let tol = Double(want[i]) * 0x1p-24 * (8 + Double(abs(x[i] - m).isFinite ? abs(x[i] - m) : 0) + Double(valid) / 8) + 1e-37
                    #expect(abs(Double(sm[i]) - Double(want[i])) <= tol, "softmax[\(r), \(c)] valid \(valid): \(sm[i]) want \(want[i])")
                    if c >= valid { #expect(sm[i] == 0) }
                }
            }
        }
    }

    @Test("residualLayerNorm: the bits of addBias, add and layerNorm in turn, and their bfloat16 bits; addBias and biasBFloat16; both paths",
          arguments: KernelPath.allCases, [1, 15, 16, 37, 384])
    func residualLayerNorm(path: KernelPath, cols: Int) {
        var rng = SplitMix(state: UInt64(cols) &+ 77)
        let rows = 7
        let x = randomFloats(rows * cols, &rng, scale: 4), res = randomFloats(rows * cols, &rng, scale: 3)
        let bias = randomFloats(cols, &rng), g = randomFloats(cols, &rng), b = randomFloats(cols, &rng)
        for withBias in [true, false] {
            var want = x
            path.run {
                if withBias { Kernels.addBias(&want, rows: rows, cols: cols, bias: bias) }
                Kernels.add(&want, res, count: want.count)
                Kernels.layerNorm(&want, rows: rows, cols: cols, gamma: g, beta: b, eps: 1e-12)
            }
            var got = x, bits = [UInt16](repeating: 0xFFFF, count: rows * cols + 1)
            path.run {
                bias.withUnsafeBufferPointer { pb in
                    Kernels.residualLayerNorm(&got, rows: rows, cols: cols, bias: withBias ? pb.baseAddress : nil, residual: res, gamma: g,
                                              beta: b, eps: 1e-12, bf16: &bits)
                }
            }
            let (same, sameBits) = (got == want, bits.dropLast() == ArraySlice(want.map(BFloat16.bits)))
            #expect(same, "cols \(cols), bias \(withBias)")
            #expect(sameBits, "bfloat16 bits of the result")
            #expect(bits.last == 0xFFFF, "nothing past rows x cols")
            var plain = x
            path.run {
                bias.withUnsafeBufferPointer { pb in
                    Kernels.residualLayerNorm(&plain, rows: rows, cols: cols, bias: withBias ? pb.baseAddress : nil, residual: res, gamma: g,
                                              beta: b, eps: 1e-12)
                }
            }
            let samePlain = plain == want
            #expect(samePlain, "without bfloat16 output")
        }
        // biasBFloat16: the bits of each sum, into rows of stride ldo (the rest untouched).
        var out = [UInt16](repeating: 0xFFFF, count: rows * (cols + 3))
        path.run { Kernels.biasBFloat16(x, rows: rows, cols: cols, bias: bias, into: &out, ldo: cols + 3) }
        let sameBF16 = (0..<rows).allSatisfy { r in
            (0..<cols).allSatisfy { out[r * (cols + 3) + $0] == BFloat16.bits(x[r * cols + $0] + bias[$0]) }
                && out[(r * (cols + 3) + cols)..<((r + 1) * (cols + 3))].allSatisfy { $0 == 0xFFFF }
        }
        #expect(sameBF16, "biasBFloat16")
        // addBias against plain float additions.
        var added = x
        path.run { Kernels.addBias(&added, rows: rows, cols: cols, bias: bias) }
        let sameAdded = added == x.indices.map { x[$0] + bias[$0 % cols] }
        #expect(sameAdded, "addBias")
    }
}

/// Which path of `CTensorKernels` a test runs (AVX-512 where the CPU has it, or the portable
/// fallback): `ctk_force_portable` is per thread, and a test body runs on one thread.
enum KernelPath: CaseIterable, CustomStringConvertible, Sendable {
    case avx512, portable

    var description: String { self == .avx512 ? "AVX-512 where available" : "portable" }

    func run(_ body: () -> Void) { runReturning(body) }

    func runReturning<T>(_ body: () -> T) -> T {
        ctk_force_portable(self == .portable ? 1 : 0)
        defer { ctk_force_portable(0) }
        return body()
    }
}

/// The spacing of floats at |v| (the smallest subnormal below the normal range).
func ulp(_ v: Double) -> Double {
    let f = Float(abs(v))
    return f < Float.leastNormalMagnitude ? Double(Float.leastNonzeroMagnitude) : Double(f.nextUp - f)
}
