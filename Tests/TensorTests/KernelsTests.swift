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

    @Test("layerNorm, GELU and masked softmax equal their naive twins", arguments: [1, 15, 16, 37])
    func rowKernels(cols: Int) {
        var rng = SplitMix(state: UInt64(cols))
        let rows = 5
        let x = randomFloats(rows * cols, &rng, scale: 4)
        let g = randomFloats(cols, &rng), b = randomFloats(cols, &rng)
        var ln = x
        ln.withUnsafeMutableBufferPointer { p in
            g.withUnsafeBufferPointer { pg in b.withUnsafeBufferPointer { pb in
                Kernels.layerNorm(p.baseAddress!, rows: rows, cols: cols, gamma: pg.baseAddress!, beta: pb.baseAddress!, eps: 1e-12)
            } }
        }
        let lnWant = Kernels.naive.layerNorm(x, rows: rows, cols: cols, gamma: g, beta: b, eps: 1e-12)
        #expect(zip(ln, lnWant).allSatisfy { abs($0 - $1) < 1e-5 }, "layerNorm")

        var ge = x
        ge.withUnsafeMutableBufferPointer { Kernels.geluErf($0.baseAddress!, count: $0.count) }
        #expect(zip(ge, Kernels.naive.geluErf(x)).allSatisfy { abs($0 - $1) < 2e-6 }, "gelu")

        let valid = max(1, cols - 3)
        var sm = x
        sm.withUnsafeMutableBufferPointer { Kernels.softmaxRows($0.baseAddress!, rows: rows, cols: cols, valid: valid) }
        let smWant = Kernels.naive.softmaxRows(x, rows: rows, cols: cols, valid: valid)
        #expect(zip(sm, smWant).allSatisfy { abs($0 - $1) < 1e-6 }, "softmax")
    }
}
