import Dispatch
import Foundation

/// Runs `produce(i)` for `i` in `0..<count` on `workers` threads and hands each result to
/// `consume` in index order, one at a time, so the output is the same whatever the thread count.
///
/// No extra writer thread: after depositing a result, a worker appends every result that is next
/// in line, under a flag that lets only one consume at a time; the others go on producing. At
/// most `lookahead` results wait (a worker that would run further ahead waits), which bounds the
/// memory held by finished units. The first error stops the run and is thrown.
enum OrderedWorkers {
    static func run<T>(count: Int, workers: Int, lookahead: Int,
                       produce: (_ index: Int, _ worker: Int) throws -> T,
                       consume: (T) throws -> Void) throws {
        guard count > 0 else { return }
        let workers = max(1, min(workers, count))
        if workers == 1 {
            for i in 0..<count { try consume(try produce(i, 0)) }
            return
        }
        let state = State<T>()
        let lookahead = max(workers, lookahead)
        withoutActuallyEscaping(produce) { produce in
            withoutActuallyEscaping(consume) { consume in
                let box = Box(produce: produce, consume: consume)
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    state.loop(worker: w, count: count, lookahead: lookahead, box: box)
                }
            }
        }
        if let error = state.error { throw error }
    }

    /// The closures, handed to the worker threads; `consume` runs on one thread at a time
    /// (the `consuming` flag) and `produce` writes only its own result.
    private final class Box<T>: @unchecked Sendable {
        let produce: (Int, Int) throws -> T
        let consume: (T) throws -> Void
        init(produce: @escaping (Int, Int) throws -> T, consume: @escaping (T) throws -> Void) {
            self.produce = produce
            self.consume = consume
        }
    }

    private final class State<T>: @unchecked Sendable {
        let condition = NSCondition()
        var next = 0, written = 0
        var ready: [Int: T] = [:]
        var consuming = false
        var error: (any Error)?

        func loop(worker: Int, count: Int, lookahead: Int, box: Box<T>) {
            condition.lock()
            defer { condition.unlock() }
            while error == nil, written < count {
                if !consuming, let result = ready.removeValue(forKey: written) {
                    consuming = true
                    condition.unlock()
                    var failure: (any Error)?
                    do { try box.consume(result) } catch { failure = error }
                    condition.lock()
                    consuming = false
                    written += 1
                    if let failure, error == nil { error = failure }
                    condition.broadcast()
                    continue
                }
                if next < count, next - written < lookahead {
                    let i = next
                    next += 1
                    condition.unlock()
                    var result: T?
                    var failure: (any Error)?
                    do { result = try box.produce(i, worker) } catch { failure = error }
                    condition.lock()
                    if let failure {
                        if error == nil { error = failure }
                    } else {
                        ready[i] = result
                    }
                    condition.broadcast()
                    continue
                }
                condition.wait()  // for the result next in line, or for the consumer to finish
            }
            condition.broadcast()
        }
    }
}
