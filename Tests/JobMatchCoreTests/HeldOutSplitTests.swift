import Testing

@testable import JobMatchCore

@Suite struct HeldOutSplitTests {
    let ids = (0..<20_000).map { String(format: "cv-%06d", $0) }

    @Test("about the asked fraction is held out, the same ids every time")
    func fractionAndDeterminism() {
        let split = HeldOutSplit()
        let held = ids.filter(split.isHeldOut)
        #expect(abs(Double(held.count) / Double(ids.count) - 0.1) < 0.01, "\(held.count)")
        #expect(held == ids.filter(HeldOutSplit(fraction: 0.1, seed: 42).isHeldOut))
        // Pinned: a change of hash would silently move CVs between training and evaluation.
        #expect(HeldOutSplit.hash("cv-000001", seed: 42) == 0x474f_933b_23e5_b122)
    }

    @Test("another seed holds out other CVs; a larger fraction keeps the smaller one's CVs")
    func seedsAndNesting() {
        let a = Set(ids.filter(HeldOutSplit(fraction: 0.1, seed: 42).isHeldOut))
        let b = Set(ids.filter(HeldOutSplit(fraction: 0.1, seed: 7).isHeldOut))
        #expect(a.intersection(b).count < a.count / 4)
        let wide = Set(ids.filter(HeldOutSplit(fraction: 0.3, seed: 42).isHeldOut))
        #expect(a.isSubset(of: wide))
        #expect(!ids.contains(where: HeldOutSplit(fraction: 0).isHeldOut))
        #expect(ids.allSatisfy(HeldOutSplit(fraction: 1).isHeldOut))
    }
}
