import Foundation
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

    @Test("interleaved items are each visited once, on a thread index below the thread count", arguments: [0, 1, 5, 97])
    func interleaved(count: Int) {
        var hits = [UInt8](repeating: 0, count: count)
        var threadOK = [Bool](repeating: false, count: count)
        let n = Parallel.threads
        hits.withUnsafeMutableBufferPointer { p in
            threadOK.withUnsafeMutableBufferPointer { q in
                let (base, ok) = (p.baseAddress, q.baseAddress)
                Parallel.forEachInterleaved(count) { t, i in
                    base![i] += 1
                    ok![i] = t >= 0 && t < n
                }
            }
        }
        #expect(hits.allSatisfy { $0 == 1 })
        #expect(threadOK.allSatisfy { $0 })
    }

    @Test("dynamic items are each visited once, on a thread index below the thread count; a slow item does not hold the rest",
          arguments: [0, 1, 5, 97])
    func dynamic(count: Int) {
        let old = Parallel.threads
        Parallel.setThreads(2)
        defer { Parallel.setThreads(old) }
        var hits = [UInt8](repeating: 0, count: count)
        var thread = [Int](repeating: -1, count: count)
        hits.withUnsafeMutableBufferPointer { p in
            thread.withUnsafeMutableBufferPointer { q in
                let (base, th) = (p.baseAddress, q.baseAddress)
                Parallel.forEachDynamic(count) { t, i in
                    if i == 0 && count > 2 { usleep(200_000) }  // item 0 is slow: the other thread takes the rest
                    base![i] += 1
                    th![i] = t
                }
            }
        }
        #expect(hits.allSatisfy { $0 == 1 })
        #expect(thread.allSatisfy { $0 >= 0 && $0 < 2 })
        if count > 2 && Set(thread).count == 2 {  // (when the pool lent a second thread at all)
            // With a fixed split (forEachInterleaved) item 0's thread would also run items 2, 4, ….
            #expect(thread.dropFirst().allSatisfy { $0 != thread[0] }, "items after the slow one went to the free thread")
        }
    }

    @Test("work started on a worker stays on it: no nested fan-out")
    func noNesting() {
        // On a worker, forEachChunk still cuts its 1,000 items into the same ranges as anywhere
        // (maxChunks of them: the cut never depends on threads), but runs them all in order on
        // the worker's own thread, even with threads to spare.
        let before = Parallel.threads
        defer { Parallel.setThreads(before) }
        Parallel.setThreads(2)
        var ranges = 0, elsewhere = 0, next = 0
        let lock = NSLock()
        Parallel.$isWorker.withValue(true) {
            let me = pthread_self()
            Parallel.forEachChunk(1_000, minPerChunk: 1) { r in
                lock.withLock {
                    ranges += 1
                    if pthread_equal(pthread_self(), me) == 0 || r.lowerBound != next { elsewhere += 1 }
                    next = r.upperBound
                }
                usleep(1_000)  // long enough for a second thread, were there one, to take a range
            }
        }
        #expect(ranges == Parallel.maxChunks)
        #expect(elsewhere == 0, "a nested range ran on another thread or out of order")
    }
}
