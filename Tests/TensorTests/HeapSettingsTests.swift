import Foundation
import Testing
@testable import Tensor

#if os(Linux)
import Glibc

/// `HeapSettings.apply` keeps freed activation memory for reuse (see its documentation).
@Suite("glibc heap settings")
struct HeapSettingsTests {
    /// Minor page faults of the calling thread so far.
    static func threadFaults() -> Int {
        var usage = rusage()
        _ = getrusage(__rusage_who_t(1), &usage)  // RUSAGE_THREAD (not exported to Swift)
        return usage.ru_minflt
    }

    @Test("a thread that allocates and frees 96 MB of activations five times faults its pages in once, not five times")
    func freedHeapsAreKept() throws {
        HeapSettings.apply()
        // On its own thread, like the model's forward passes: a thread arena, whose heaps hold at
        // most 64 MiB, so three live 32 MB blocks need a second heap (glibc deletes that one
        // when it is all free, unless the top pad keeps it).
        let blocks = 3, floats = 8 << 20, pages = blocks * floats * 4 / 4096
        nonisolated(unsafe) var faults: [Int] = []
        let thread = Thread {
            for _ in 0..<5 {
                let before = Self.threadFaults()
                var live: [[Float]] = []
                for b in 0..<blocks { live.append([Float](repeating: Float(b), count: floats - 1024)) }
                faults.append(Self.threadFaults() - before)
                live.removeAll()
            }
        }
        thread.start()
        while !thread.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        #expect(faults.count == 5)
        // The first round faults everything in; later rounds reuse the pages (a few faults for the
        // arrays' headers and glibc's own bookkeeping).
        #expect(faults.first! >= pages / 2, "first round: \(faults)")
        for (round, f) in faults.enumerated().dropFirst() {
            #expect(f < pages / 10, "round \(round) faulted \(f) pages of \(pages) again: \(faults)")
        }
    }
}
#endif
