import Synchronization

/// A bound on the `POST /match` requests the server holds at once (answered, encoding, or waiting
/// for the matcher's one queue): past it a request is refused at once with 503 `busy` and
/// `Retry-After`, so a burst costs neither unbounded memory (each waiting request holds its CV
/// text) nor unbounded latency for everyone behind it.
final class MatchAdmission: Sendable {
    let limit: Int
    private let pending = Mutex(0)

    init(limit: Int) { self.limit = limit }

    /// Runs `body` if fewer than `limit` matches are held, else throws the 503.
    func admit<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        let admitted = pending.withLock { n -> Bool in
            guard n < limit else { return false }
            n += 1
            return true
        }
        guard admitted else { throw APIError.busy }
        defer { pending.withLock { $0 -= 1 } }
        return try await body()
    }

    /// Matches held now.
    var count: Int { pending.withLock { $0 } }
}
