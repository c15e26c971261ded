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

    @Test("the fast apply equals the reference keeps(i) for every element, also from an offset", arguments: [0.1 as Float, 0.5, 0.013])
    func fastEqualsReference(p: Float) {
        let d = Dropout(probability: p, seed: 7)
        let n = 5_000
        var whole = [Float](repeating: 1, count: n)
        whole.withUnsafeMutableBufferPointer { d.apply($0.baseAddress!, count: n, stream: 9) }
        let s = 1 / (1 - p)
        for i in 0..<n { #expect(whole[i] == (d.keeps(i, stream: 9) ? s : 0), "element \(i)") }
        // Two parts with offsets give the mask of the whole.
        var parts = [Float](repeating: 1, count: n)
        parts.withUnsafeMutableBufferPointer { b in
            d.apply(b.baseAddress!, count: 1_234, stream: 9)
            d.apply(b.baseAddress! + 1_234, count: n - 1_234, stream: 9, offset: 1_234)
        }
        #expect(parts == whole)
    }
}
