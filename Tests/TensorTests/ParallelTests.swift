import Testing
@testable import Tensor

@Suite("Parallel")
struct ParallelTests {
    @Test("chunks cover 0..<count exactly once", arguments: [0, 1, 7, 100, 100_003])
    func coverage(count: Int) {
        var hits = [UInt8](repeating: 0, count: count)
        hits.withUnsafeMutableBufferPointer { p in
            let base = p.baseAddress
            Parallel.forEachChunk(count, minPerChunk: 10) { r in
                for i in r { base![i] += 1 }
            }
        }
        #expect(hits.allSatisfy { $0 == 1 })
    }
}
