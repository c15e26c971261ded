import JobMatchCore
import Testing

/// `TopK` against a full sort, on seeded random scores with many ties, for several k.
@Suite struct TopKTests {
    @Test(arguments: [0, 1, 3, 10, 64, 500])
    func equalsAFullSortWithTiesByRow(k: Int) {
        var rng = SeededGenerator(seed: UInt64(k + 1))
        let scores = (0..<300).map { _ in Double(Int.random(in: 0..<20, using: &rng)) / 4 }
        var top = TopK<Double>(k: k)
        // Rows offered out of order, split in two heaps and merged, as the index's threads do.
        var other = TopK<Double>(k: k)
        for row in scores.indices.reversed() where row % 2 == 0 { top.push(scores[row], row: row) }
        for row in scores.indices where row % 2 == 1 { other.push(scores[row], row: row) }
        top.merge(other)
        let want = scores.enumerated().sorted { $0.element > $1.element || ($0.element == $1.element && $0.offset < $1.offset) }
            .prefix(k).map { ($0.offset, $0.element) }
        let got = top.sorted()
        #expect(got.map(\.row) == want.map(\.0))
        #expect(got.map(\.score) == want.map(\.1))
        #expect(top.count == min(k, scores.count))
    }

    @Test func theThresholdIsTheWorstHeldOnceFull() {
        var top = TopK<Float>(k: 2)
        #expect(top.threshold == -.infinity)
        top.push(1, row: 0)
        #expect(top.threshold == -.infinity)
        top.push(3, row: 1)
        top.push(2, row: 2)
        #expect(top.threshold == 2 && top.minimum == 2)
    }
}
