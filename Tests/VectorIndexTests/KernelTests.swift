import CVectorKernels
import Testing
import TestSupport
@testable import VectorIndex

/// The C kernels against naive Swift twins (Double accumulation).
@Suite("Vector kernels")
struct KernelTests {
    @Test("scans equal their naive twins", arguments: [1, 15, 16, 17, 31, 32, 33, 64, 100, 384])
    func scans(d: Int) {
        let n = 50
        var g = SplitMix64(seed: UInt64(d))
        let q = (0..<d).map { _ in Float.random(in: -1...1, using: &g) }
        let rows = (0..<(n * d)).map { _ in Float.random(in: -1...1, using: &g) }
        let codes = (0..<(n * d)).map { _ in UInt8.random(in: 0...255, using: &g) }
        var halves = [UInt16](repeating: 0, count: n * d)
        rows.withUnsafeBufferPointer { Half.encode($0, into: &halves) }
        var out = [Float](repeating: 0, count: n)
        for i in 0..<n {
            var s32 = 0.0, s8 = 0.0, s16 = 0.0
            for j in 0..<d {
                s32 += Double(q[j]) * Double(rows[i * d + j])
                s8 += Double(q[j]) * Double(codes[i * d + j])
                s16 += Double(q[j]) * Double(Float(Float16(bitPattern: halves[i * d + j])))
            }
            cvk_scan_f32(q, rows, n, d, &out)
            #expect(abs(Double(out[i]) - s32) < 1e-4, "f32 row \(i) d \(d)")
            cvk_scan_u8(q, 0.5, codes, n, d, &out)
            #expect(abs(Double(out[i]) - (s8 + 0.5)) < 1e-2, "u8 row \(i) d \(d)")
            cvk_scan_f16(q, halves, n, d, &out)
            #expect(abs(Double(out[i]) - s16) < 1e-4, "f16 row \(i) d \(d)")
        }
    }

    @Test("binary16 decoding is exact for every bit pattern; encoding rounds to nearest, ties away from zero (as faiss)")
    func halfConversions() {
        let all = (0...UInt16.max).map { $0 }
        var decoded = [Float](repeating: 0, count: all.count)
        all.withUnsafeBufferPointer { Half.decode($0.baseAddress!, count: all.count, into: &decoded) }
        for (h, f) in zip(all, decoded) {
            let ref = Float(Float16(bitPattern: h))
            #expect(ref.isNaN ? f.isNaN : f.bitPattern == ref.bitPattern, "half \(h)")
        }
        var g = SplitMix64(seed: 9)
        let xs: [Float] = (0..<20_000).map { _ in Float(bitPattern: UInt32.random(in: 0...UInt32.max, using: &g)) }
            + [0, -0, 65504, 65520, 1e-8, 5.96e-8, 2.98e-8, 6.1e-5, .infinity, -.infinity, 1.00048828125, 1.00146484375,
               -0.8703613, Float(bitPattern: 0xbf5e_d000)]
        var h = [UInt16](repeating: 0, count: xs.count)
        xs.withUnsafeBufferPointer { Half.encode($0, into: &h) }
        for (x, bits) in zip(xs, h) {
            var ref = Float16(x)  // Swift's conversion rounds to nearest even
            let low = x.bitPattern & 0x1fff, exponent = (x.bitPattern >> 23) & 0xff
            if low == 0x1000, exponent >= 113, exponent < 143, ref.bitPattern & 1 == 0, abs(Float(ref)) < abs(x) {
                ref = Float16(bitPattern: ref.bitPattern + 1)  // an exact tie rounded down to even: faiss rounds it up
            }
            #expect(ref.isNaN ? Float16(bitPattern: bits).isNaN : bits == ref.bitPattern, "float \(x)")
        }
    }

    @Test("SQ8 codes follow FAISS's rules (faiss 1.15.1 gives these for arange(12).reshape(3, 4))")
    func scalarQuantizerMatchesFaiss() {
        let x: [Float] = (0..<12).map(Float.init)
        var t = ScalarQuantizer.Trainer(dimension: 4)
        x.withUnsafeBufferPointer { t.add($0) }
        let q = t.finish()
        #expect(q.vmin == [0, 1, 2, 3] && q.vdiff == [8, 8, 8, 8])
        var codes = [UInt8](repeating: 0, count: 12)
        x.withUnsafeBufferPointer { v in codes.withUnsafeMutableBufferPointer { q.encode(v, into: $0) } }
        #expect(codes == [0, 0, 0, 0, 127, 127, 127, 127, 255, 255, 255, 255])
        // The folded query weights give the decoded inner product.
        let query: [Float] = [0.5, -1, 2, 0.25]
        let (w, bias) = query.withUnsafeBufferPointer { q.queryWeights($0) }
        var decoded = [Float](repeating: 0, count: 12)
        q.decode(codes, count: 3, into: &decoded)
        for i in 0..<3 {
            let direct = (0..<4).reduce(Float(0)) { $0 + query[$1] * decoded[i * 4 + $1] }
            let folded = bias + (0..<4).reduce(Float(0)) { $0 + w[$1] * Float(codes[i * 4 + $1]) }
            #expect(abs(direct - folded) < 1e-4)
        }
    }

    @Test("the top-k pre-filter picks exactly the positions at or above the threshold", arguments: [0, 1, 15, 16, 17, 100, 256])
    func atLeast(n: Int) {
        var g = SplitMix64(seed: UInt64(n) + 77)
        // Few distinct values, so ties with the threshold are common; one NaN never qualifies.
        var s = (0..<n).map { _ in Float(Int.random(in: -4...4, using: &g)) / 4 }
        if n > 3 { s[3] = .nan }
        for t: Float in [-.infinity, -1, -0.25, 0, 0.5, 1, 2] {
            var out = [UInt32](repeating: .max, count: max(1, n))
            let m = cvk_at_least(s, n, t, &out)
            let naive = s.indices.filter { s[$0] >= t }.map(UInt32.init)
            #expect(Array(out.prefix(m)) == naive, "n \(n) threshold \(t)")
        }
    }
}
