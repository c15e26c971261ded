import GRDB
import Synchronization

/// Group commit: writes that arrive while a transaction is being committed wait, then go to
/// SQLite together in the next transaction, one savepoint each, so they share one `fsync`.
///
/// Every caller still returns only after its own write is committed (durable with
/// `synchronous = FULL`), and a write that throws rolls back its savepoint alone: the others
/// in its batch commit. A lone write is a batch of one, so latency without load is unchanged;
/// under load (e.g. thousands of concurrent `POST /feedback`) throughput grows with the batch
/// instead of being bounded by the disk's fsync rate (about 370 commits/s on the development
/// machine).
final class GroupCommit: Sendable {
    typealias Body = @Sendable (Database) throws -> any Sendable

    private struct Pending: Sendable {
        var body: Body
        var continuation: CheckedContinuation<any Sendable, any Error>
    }

    private struct State {
        var queue: [Pending] = []
        var draining = false
        var commits = 0
    }

    private let writer: any DatabaseWriter
    private let state = Mutex(State())
    /// The most writes one transaction takes.
    let maxBatch: Int

    init(writer: any DatabaseWriter, maxBatch: Int = 256) {
        self.writer = writer
        self.maxBatch = maxBatch
    }

    /// Transactions committed so far (tests check that concurrent writes shared them).
    var commits: Int { state.withLock { $0.commits } }

    /// Runs `body` in a savepoint of the next transaction; returns once that transaction committed.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let value = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<any Sendable, any Error>) in
            let start = state.withLock { state -> Bool in
                state.queue.append(Pending(body: body, continuation: continuation))
                guard !state.draining else { return false }
                state.draining = true
                return true
            }
            if start { Task { await self.drain() } }
        }
        return value as! T  // the body above returned a T
    }

    /// Commits batches until the queue is empty.
    private func drain() async {
        while true {
            let batch = state.withLock { state -> [Pending] in
                let batch = Array(state.queue.prefix(maxBatch))
                state.queue.removeFirst(batch.count)
                if batch.isEmpty { state.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            let bodies = batch.map(\.body)
            do {
                let results = try await writer.write { db -> [Result<any Sendable, any Error>] in
                    bodies.map { body in
                        var value: (any Sendable)?
                        do {
                            try db.inSavepoint {
                                value = try body(db)
                                return .commit
                            }
                            return .success(value!)
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                state.withLock { $0.commits += 1 }
                for (pending, result) in zip(batch, results) { pending.continuation.resume(with: result) }
            } catch {
                // The transaction itself failed (disk full, I/O error): nothing of it was stored.
                for pending in batch { pending.continuation.resume(throwing: error) }
            }
        }
    }
}
