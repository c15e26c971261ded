import Testing
@testable import Transformers

@Suite("withBaseAddresses")
struct BaseAddressesTests {
    @Test("hands out the addresses in the order given: reads see the arrays, writes land in them")
    func order() {
        let a: [Float] = [1, 2, 3], b: [Float] = [10, 20]
        var out = [[Float](repeating: 0, count: 3), [Float](repeating: 0, count: 2)]
        let n = withBaseAddresses([a, b], writing: &out) { r, w in
            for i in 0..<3 { w[0]![i] = r[0]![i] + 1 }
            for i in 0..<2 { w[1]![i] = r[1]![i] * 2 }
            return r.count + w.count
        }
        #expect(n == 4)
        #expect(out == [[2, 3, 4], [20, 40]])
        #expect(withBaseAddresses([b, a]) { r in r[0]![1] + r[1]![2] } == 23)
    }

    @Test("an array written in place that shares its storage is copied first: the other holder is unchanged")
    func copyOnWrite() {
        let kept: [Float] = [5, 6]
        var out = [kept]
        withBaseAddresses(writing: &out) { _, w in w[0]![0] = 7 }
        #expect(out[0] == [7, 6] && kept == [5, 6])
    }

    @Test("an error thrown in the body reaches the caller as it was thrown")
    func errors() {
        struct Stop: Error {}
        var out = [[Float](repeating: 0, count: 1)]
        #expect(throws: Stop.self) { try withBaseAddresses([[1]], writing: &out) { _, _ throws(Stop) in throw Stop() } }
    }
}
