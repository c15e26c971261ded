import CVectorKernels

/// One result of a search: the stored id and its inner product with the query.
public struct SearchHit: Sendable, Equatable, Codable {
    public let id: Int64
    public let score: Float

    public init(id: Int64, score: Float) {
        self.id = id
        self.score = score
    }
}

/// The k best (row, score) pairs seen so far, as a min-heap on (score, −row).
///
/// Tie rule: between equal scores the row added first (smaller position in the index) ranks
/// higher, so results are deterministic whatever the block and thread split.
struct TopK {
    let k: Int
    private(set) var scores: [Float] = []
    private(set) var rows: [Int] = []

    init(k: Int) {
        self.k = k
        scores.reserveCapacity(k)
        rows.reserveCapacity(k)
    }

    /// The score a candidate must beat to enter (−∞ while not full).
    var threshold: Float { scores.count < k ? -.infinity : scores[0] }

    /// a ranks below b
    @inline(__always) private static func below(_ sa: Float, _ ra: Int, _ sb: Float, _ rb: Int) -> Bool {
        sa < sb || (sa == sb && ra > rb)
    }

    @inline(__always) mutating func push(_ score: Float, row: Int) {
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

    /// Scores pre-filtered per call of `cvk_at_least` (the threshold is refreshed between chunks).
    static let offerChunk = 256

    /// Offers a block of scores for rows `firstRow ..< firstRow + count`.
    ///
    /// `cvk_at_least` picks the positions at or above the current threshold (one vector compare per
    /// 16 scores, so rejects never reach the heap); each is checked again against the threshold as it
    /// rises. The result equals offering every score in order.
    @inline(__always) mutating func offer(_ s: UnsafePointer<Float>, count: Int, firstRow: Int, allowed: RowFilter?) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: Self.offerChunk) { picked in
            var lo = 0
            while lo < count {
                let n = min(Self.offerChunk, count - lo)
                let m = cvk_at_least(s + lo, n, threshold, picked.baseAddress!)
                for c in 0..<m {
                    let i = lo + Int(picked[c])
                    guard s[i] >= threshold else { continue }
                    let row = firstRow + i
                    if let allowed, !allowed.contains(row) { continue }
                    push(s[i], row: row)
                }
                lo += n
            }
        }
    }

    mutating func merge(_ other: TopK) {
        for (s, r) in zip(other.scores, other.rows) { push(s, row: r) }
    }

    /// (row, score), best first.
    func sorted() -> [(row: Int, score: Float)] {
        zip(rows, scores).sorted { a, b in a.1 > b.1 || (a.1 == b.1 && a.0 < b.0) }.map { ($0.0, $0.1) }
    }
}

/// The rows a search may return (e.g. jobs in one country); a bit per row.
public struct RowFilter: Sendable {
    private var bits: [UInt64]
    public let count: Int

    /// No row allowed yet.
    public init(count: Int) {
        self.count = count
        bits = [UInt64](repeating: 0, count: (count + 63) / 64)
    }

    public mutating func allow(_ row: Int) { bits[row >> 6] |= 1 << UInt64(row & 63) }

    @inline(__always) public func contains(_ row: Int) -> Bool { bits[row >> 6] & (1 << UInt64(row & 63)) != 0 }

    public var allowedCount: Int { bits.reduce(0) { $0 + $1.nonzeroBitCount } }
}
