import JobMatchCore
import Transformers

/// Batches as sentence-transformers' `NoDuplicatesBatchSampler` (`BatchSamplers.NO_DUPLICATES`):
/// indices in a seeded random order; each batch takes the next indices whose values (the CV id,
/// the job id, and each text) are not yet in the batch, skipped ones wait for later batches.
/// The last, smaller batch is kept (`drop_last=False`).
public struct NoDuplicatesBatchSampler: Sendable {
    public let batchSize: Int
    public let seed: UInt64

    public init(batchSize: Int, seed: UInt64) {
        self.batchSize = batchSize
        self.seed = seed
    }

    /// The batches of one epoch, as indices into `pairs`; the same seed and epoch give the same batches.
    public func batches(_ pairs: [TrainingPair], epoch: Int) -> [[Int]] {
        var order = Array(pairs.indices)
        var state = SplitMix64(seed: seed &+ UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15)
        for i in order.indices.reversed() where i > 0 {  // Fisher–Yates
            order.swapAt(i, Int(state.next() % UInt64(i + 1)))
        }
        var used = [Bool](repeating: false, count: order.count)
        var first = 0, left = order.count
        var out: [[Int]] = []
        while left > 0 {
            while used[first] { first += 1 }
            var values = Set<String>()
            var batch: [Int] = []
            for pos in first..<order.count where !used[pos] {
                let v = pairs[order[pos]].uniqueValues
                if !values.isDisjoint(with: v) { continue }
                batch.append(order[pos])
                used[pos] = true
                left -= 1
                if batch.count == batchSize { break }
                values.formUnion(v)
            }
            out.append(batch)
        }
        return out
    }
}
