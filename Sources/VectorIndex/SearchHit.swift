import CVectorKernels
import JobMatchCore

/// One result of a search: the stored id and its inner product with the query.
public struct SearchHit: Sendable, Equatable, Codable {
    public let id: Int64
    public let score: Float

    public init(id: Int64, score: Float) {
        self.id = id
        self.score = score
    }
}

/// Scores pre-filtered per call of `cvk_at_least` (the threshold is refreshed between chunks).
let offerChunk = 256

extension TopK where Score == Float {
    /// Offers a block of scores for rows `firstRow ..< firstRow + count`.
    ///
    /// `cvk_at_least` picks the positions at or above the current threshold (one vector compare per
    /// 16 scores, so rejects never reach the heap); each is checked again against the threshold as it
    /// rises. The result equals offering every score in order.
    @inline(__always) mutating func offer(_ s: UnsafePointer<Float>, count: Int, firstRow: Int, allowed: RowFilter?) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: offerChunk) { picked in
            var lo = 0
            while lo < count {
                let n = min(offerChunk, count - lo)
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
