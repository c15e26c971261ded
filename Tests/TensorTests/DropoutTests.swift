import Testing
@testable import Tensor

@Suite("Dropout")
struct DropoutTests {
    @Test("keeps about 1 - p of the values, scales them by 1 / (1 - p), and repeats the same mask for a seed and stream")
    func statistics() {
        let n = 200_000
        let d = Dropout(probability: 0.1, seed: 42)
        var x = Tensor(zeros: [n])
        x.data = [Float](repeating: 1, count: n)
        var y = x
        d.apply(&y, stream: 3)
        let kept = y.data.filter { $0 != 0 }
        #expect(abs(Double(kept.count) / Double(n) - 0.9) < 0.005)
        #expect(kept.allSatisfy { abs($0 - 1 / 0.9) < 1e-6 })
        var again = x
        d.apply(&again, stream: 3)
        #expect(again == y)
        var other = x
        d.apply(&other, stream: 4)
        #expect(other != y)
        var reseeded = x
        Dropout(probability: 0.1, seed: 43).apply(&reseeded, stream: 3)
        #expect(reseeded != y)
        // The mean is preserved (inverted scaling).
        #expect(abs(y.data.reduce(0, +) / Float(n) - 1) < 0.01)
    }

    @Test("p = 0 changes nothing")
    func off() {
        var x = Tensor(zeros: [100])
        x.data = (0..<100).map(Float.init)
        let y = x
        Dropout(probability: 0, seed: 1).apply(&x, stream: 0)
        #expect(x == y)
    }

    @Test("the fast apply equals the reference keeps(i) for every element, also from an offset, on both kernel paths",
          arguments: [0.1 as Float, 0.5, 0.013], KernelPath.allCases)
    func fastEqualsReference(p: Float, path: KernelPath) {
        let d = Dropout(probability: p, seed: 7)
        let n = 5_003  // not a multiple of 16: the vector path's tail
        let s = 1 / (1 - p)
        let (whole, parts) = path.runReturning { () -> ([Float], [Float]) in
            var whole = (0..<n).map { Float($0 % 7) - 3 }
            whole.withUnsafeMutableBufferPointer { d.apply($0.baseAddress!, count: n, stream: 9) }
            // Two parts with offsets give the mask of the whole.
            var parts = (0..<n).map { Float($0 % 7) - 3 }
            parts.withUnsafeMutableBufferPointer { b in
                d.apply(b.baseAddress!, count: 1_237, stream: 9)
                d.apply(b.baseAddress! + 1_237, count: n - 1_237, stream: 9, offset: 1_237)
            }
            return (whole, parts)
        }
        var wrong = 0
        for i in 0..<n where whole[i] != (d.keeps(i, stream: 9) ? (Float(i % 7) - 3) * s : 0) { wrong += 1 }
        #expect(wrong == 0, "\(wrong) of \(n) elements differ from keeps(i)")
        #expect(parts == whole)
    }
}
