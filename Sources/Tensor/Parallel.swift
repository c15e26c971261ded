import Dispatch

/// Splits elementwise and row-wise work across as many threads as OpenBLAS uses.
public enum Parallel {
    /// Calls `body` on contiguous ranges covering `0..<count`: one range when the work is small
    /// (fewer than `2 · minPerChunk` items), else up to `BLAS.threads` ranges run concurrently.
    ///
    /// `body` must only touch the items of its range.
    @inlinable
    public static func forEachChunk(_ count: Int, minPerChunk: Int, _ body: (Range<Int>) -> Void) {
        let threads = min(BLAS.threads, count / max(1, minPerChunk))
        if threads <= 1 {
            if count > 0 { body(0..<count) }
            return
        }
        let per = (count + threads - 1) / threads
        // The chunks write disjoint ranges and concurrentPerform returns only when all are done,
        // so handing the non-Sendable body to its threads is safe.
        withoutActuallyEscaping(body) { escaping in
            let box = UncheckedSendable(escaping)
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                let lo = t * per, hi = min(count, lo + per)
                if lo < hi { box.value(lo..<hi) }
            }
        }
    }
}

/// A value handed across threads under a guarantee the compiler cannot check (see call sites).
@usableFromInline
struct UncheckedSendable<T>: @unchecked Sendable {
    @usableFromInline let value: T
    @inlinable init(_ value: T) { self.value = value }
}
