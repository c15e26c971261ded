import Feedback
import Foundation
import Synchronization
import TestSupport
import Testing

/// The two engines every store test runs on: SQLite in memory and a WAL file.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case memory, file
    var testDescription: String { rawValue }
}

/// A store of `kind`, with a clock that starts at 2026-01-01 00:00:00 UTC and ticks one second
/// per row written, so times are deterministic.
struct StoreFixture {
    let store: FeedbackStore
    let path: String?

    init(_ kind: StoreKind) throws {
        let clock = TickingClock()
        switch kind {
        case .memory:
            path = nil
            store = try FeedbackStore(.inMemory, clock: { clock.tick() })
        case .file:
            let path = TestPaths.tempFolder().appendingPathComponent("feedback.sqlite").path
            self.path = path
            store = try FeedbackStore(path: path, clock: { clock.tick() })
        }
    }
}

final class TickingClock: Sendable {
    static let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    private let seconds = Mutex(0)

    func tick() -> Date {
        let n = seconds.withLock { value -> Int in
            defer { value += 1 }
            return value
        }
        return Self.start.addingTimeInterval(Double(n))
    }
}

/// `n` results `job-1`…`job-n` at ranks 1…n with falling scores.
func shown(_ jobs: [String]) -> [ShownResult] {
    jobs.enumerated().map { i, job in
        ShownResult(jobID: job, rank: i + 1, biEncoderScore: 0.9 - 0.01 * Double(i), rerankScore: i % 2 == 0 ? 3.5 - Double(i) : nil)
    }
}
