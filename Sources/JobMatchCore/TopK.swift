/// The k best (row, score) pairs seen so far, as a min-heap on (score, −row): the one top-k of
/// the project (the flat index's scan, BM25, skill overlap).
///
/// Tie rule: between equal scores the smaller row ranks higher, so results are deterministic
/// whatever order, block or thread split the rows came in.
///
/// ```swift
/// var top = TopK<Double>(k: 2)
/// for (row, score) in [0.3, 0.9, 0.5].enumerated() { top.push(score, row: row) }
/// top.sorted()   // [(row: 1, score: 0.9), (row: 2, score: 0.5)]
/// ```
public struct TopK<Score: Comparable & Sendable>: Sendable {
    public let k: Int
    @usableFromInline var scores: [Score] = []
    @usableFromInline var rows: [Int] = []

    @inlinable public init(k: Int) {
        self.k = max(0, k)
        scores.reserveCapacity(self.k)
        rows.reserveCapacity(self.k)
    }

    /// Pairs held (at most k).
    @inlinable public var count: Int { scores.count }

    /// The worst score held once k are held (a candidate must beat it); nil while not full.
    @inlinable public var minimum: Score? { scores.count < k || k == 0 ? nil : scores[0] }

    /// a ranks below b
    @inlinable @inline(__always) static func below(_ sa: Score, _ ra: Int, _ sb: Score, _ rb: Int) -> Bool {
        sa < sb || (sa == sb && ra > rb)
    }

    @inlinable @inline(__always) public mutating func push(_ score: Score, row: Int) {
        if scores.count < k {
            scores.append(score)
            rows.append(row)
            var i = scores.count - 1
            while i > 0 {
                let p = (i - 1) / 2
                guard Self.below(scores[i], rows[i], scores[p], rows[p]) else { break }
                scores.swapAt(i, p)
                rows.swapAt(i, p)
                i = p
            }
            return
        }
        guard k > 0, !Self.below(score, row, scores[0], rows[0]) else { return }
        scores[0] = score
        rows[0] = row
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < k, Self.below(scores[l], rows[l], scores[m], rows[m]) { m = l }
            if r < k, Self.below(scores[r], rows[r], scores[m], rows[m]) { m = r }
            if m == i { break }
            scores.swapAt(i, m)
            rows.swapAt(i, m)
            i = m
        }
    }

    @inlinable public mutating func merge(_ other: TopK) {
        for (s, r) in zip(other.scores, other.rows) { push(s, row: r) }
    }

    /// (row, score), best first.
    @inlinable public func sorted() -> [(row: Int, score: Score)] {
        zip(rows, scores).sorted { a, b in a.1 > b.1 || (a.1 == b.1 && a.0 < b.0) }.map { ($0.0, $0.1) }
    }
}

extension TopK where Score: FloatingPoint {
    /// The score a candidate must reach to enter (−∞ while not full).
    @inlinable public var threshold: Score { minimum ?? -.infinity }
}
