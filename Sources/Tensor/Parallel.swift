import Dispatch
import Foundation

/// The one threading model of the encoder and the trainer: our own threads (libdispatch's
/// `concurrentPerform`) split both the matrix products and the elementwise work, and oneDNN
/// runs single-threaded inside them (`omp_set_num_threads(1)` before each call).
///
/// Before, OpenBLAS (then the training products' library) ran its own threads for each product
/// and `concurrentPerform` ran the elementwise work beside them: between products OpenBLAS's workers spin on `sched_yield`, so the
/// two pools fought for the cores (measured: 10.8 s system time of 41 s CPU on `jobmatch embed`).
/// Now `BLAS.sgemm` splits a large product into row (or column) blocks, one per thread, and
/// layers run their bias, GELU, softmax and LayerNorm on the rows they just produced, in the same
/// threads. A region already running on a worker never fans out again (`isWorker`), and a region
/// run inline (one thread) counts as a worker too; the work is cut by its shape, never by the
/// thread count, so results have the same bits at any thread count (`forEachChunk`).
///
/// The thread count comes from `JOBMATCH_THREADS`, else the number of active processors;
/// `BLAS.setThreads` changes it.
public enum Parallel {
    /// Threads the products and the elementwise work are split over (at least 1).
    public static var threads: Int {
        _ = configured
        return threadCount
    }

    /// Sets the thread count (at least 1) for later calls.
    public static func setThreads(_ n: Int) {
        _ = configured
        threadCount = max(1, n)
    }

    /// Whether the calling code runs inside a parallel region (work there stays on this thread).
    @TaskLocal public static var isWorker = false

    nonisolated(unsafe) static var threadCount = 1

    /// Reads the environment once and sets the heap up (`HeapSettings`).
    @usableFromInline static let configured: Bool = {
        let env = ProcessInfo.processInfo.environment
        threadCount = max(1, env["JOBMATCH_THREADS"].flatMap { Int($0) } ?? ProcessInfo.processInfo.activeProcessorCount)
        HeapSettings.apply()
        return true
    }()

    /// Runs `body(t)` for `t` in `0..<tasks` on up to `tasks` threads and returns when all are
    /// done; inside, `isWorker` is true — also when it runs inline (one task, or already on a
    /// worker), so that what the body calls behaves the same however many threads there are.
    @inlinable
    public static func run(_ tasks: Int, _ body: (Int) -> Void) {
        if tasks <= 0 { return }
        if tasks == 1 || isWorker {
            inline { for t in 0..<tasks { body(t) } }
            return
        }
        // The tasks write disjoint memory and concurrentPerform returns only when all are done,
        // so handing the non-Sendable body to its threads is safe.
        withoutActuallyEscaping(body) { escaping in
            let box = UncheckedSendable(escaping)
            DispatchQueue.concurrentPerform(iterations: tasks) { t in
                $isWorker.withValue(true) { box.value(t) }
            }
        }
    }

    /// Runs `body` here as a worker region: nested parallel calls stay on this thread and
    /// products run single-threaded, as on any worker.
    @inlinable
    public static func inline(_ body: () -> Void) {
        if isWorker { body() } else { $isWorker.withValue(true) { body() } }
    }

    /// The most chunks `forEachChunk` and `BLAS.sgemm` cut one piece of work into.
    public static let maxChunks = 16

    /// Calls `body` on contiguous ranges covering `0..<count`: `count / minPerChunk` ranges (at
    /// least 1, at most `maxChunks`, a power of two so that threads share them evenly) of equal size, rounded up to a multiple of `align` (a caller
    /// that walks its range in blocks of `align` items then sees the same blocks as with one
    /// range), each thread taking a run of consecutive ones.
    ///
    /// The ranges depend on `count` and `minPerChunk` only, never on the thread count, so every
    /// kernel call has the same shape and every result the same bits whether 1 or 16 threads run
    /// them (`JOBMATCH_THREADS`): the Spark engine's executors, with their own thread counts,
    /// encode exactly what the embedded engine does. On a worker the ranges run in order inline.
    ///
    /// `body` must only touch the items of its range.
    @inlinable
    public static func forEachChunk(_ count: Int, minPerChunk: Int, align: Int = 1, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let chunks = powerOfTwo(atMost: min(maxChunks, count / max(1, minPerChunk)))
        let per = ((count + chunks - 1) / chunks + align - 1) / max(1, align) * max(1, align)
        forEachBlock(count: (count + per - 1) / per) { c in body(c * per..<min(count, (c + 1) * per)) }
    }

    /// The largest power of two ≤ `n` (1 for n < 2): chunk counts that 2, 4, 8 or 16 threads share
    /// evenly.
    @inlinable
    public static func powerOfTwo(atMost n: Int) -> Int {
        n < 2 ? 1 : 1 << (Int.bitWidth - 1 - n.leadingZeroBitCount)
    }

    /// Calls `body(b)` for `b` in `0..<count`, each thread taking a run of consecutive blocks
    /// (inline, in order, on a worker or with one thread).
    @inlinable
    public static func forEachBlock(count: Int, _ body: (Int) -> Void) {
        let n = isWorker ? 1 : min(threads, count)
        if n <= 1 {
            inline { for b in 0..<count { body(b) } }
            return
        }
        run(n) { t in
            for b in (t * count / n)..<((t + 1) * count / n) { body(b) }
        }
    }

    /// Calls `body(t, i)` for every item `i` in `0..<count`, item `i` on thread `t = i mod n`
    /// (interleaved, so items sorted by size spread evenly); `t` indexes per-thread scratch.
    @inlinable
    public static func forEachInterleaved(_ count: Int, _ body: (_ thread: Int, _ item: Int) -> Void) {
        let n = isWorker ? 1 : min(threads, count)
        if n <= 1 {
            inline { for i in 0..<count { body(0, i) } }
            return
        }
        run(n) { t in
            var i = t
            while i < count { body(t, i); i += n }
        }
    }
}

extension Parallel {
    /// Calls `body(t, i)` for every item `i` in `0..<count`, each item going to whichever thread
    /// is free next (in item order): for a few tasks of uneven size, such as loading a model's
    /// parts, where `forEachInterleaved`'s fixed split would leave a thread idle. `t` indexes
    /// per-thread scratch. On a worker, or with one thread, the items run in order inline.
    public static func forEachDynamic(_ count: Int, _ body: (_ thread: Int, _ item: Int) -> Void) {
        let n = isWorker ? 1 : min(threads, count)
        if n <= 1 {
            inline { for i in 0..<count { body(0, i) } }
            return
        }
        let queue = TaskQueue()
        run(n) { t in
            while case let i = queue.take(), i < count { body(t, i) }
        }
    }

    /// The next item to hand out, under a lock (a handful of items: contention is nil).
    final class TaskQueue: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        func take() -> Int {
            lock.lock()
            defer { lock.unlock() }
            next += 1
            return next - 1
        }
    }
}

/// A value handed across threads under a guarantee the compiler cannot check (see call sites):
/// typically a buffer pointer whose disjoint ranges `Parallel`'s threads write.
public struct UncheckedSendable<T>: @unchecked Sendable {
    public let value: T
    @inlinable public init(_ value: T) { self.value = value }
}
