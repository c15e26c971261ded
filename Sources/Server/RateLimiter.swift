import Foundation
import Synchronization

/// A token bucket per client: each client may spend `burst` requests at once, then one every
/// `1 / perSecond` seconds.
///
/// A bucket holds up to `burst` tokens and gains `perSecond` tokens a second; a request takes one
/// or is refused with the whole seconds until one is there (`Retry-After`, rounded up, at least 1).
/// Memory is bounded by `maxClients`: a bucket that has refilled is the same as no bucket, so full
/// buckets are dropped first; if every bucket is in use, the one idle longest goes (its client
/// starts again with a full bucket — the bound gives way before memory does).
///
/// ```swift
/// let limiter = RateLimiter(perSecond: 5, burst: 20)
/// if case .refused(let seconds) = limiter.take("203.0.113.7") { /* 429, Retry-After: seconds */ }
/// ```
final class RateLimiter: Sendable {
    enum Decision: Equatable, Sendable {
        case allowed
        case refused(retryAfterSeconds: Int)
    }

    struct Bucket {
        var tokens: Double
        var updated: Double  // seconds on `clock`
    }

    let perSecond: Double
    let burst: Int
    let maxClients: Int
    /// Seconds on a monotonic clock (tests pass their own).
    let clock: @Sendable () -> Double
    private let buckets = Mutex<[String: Bucket]>([:])

    init(perSecond: Double, burst: Int, maxClients: Int = 10_000, clock: @escaping @Sendable () -> Double = RateLimiter.monotonicSeconds) {
        precondition(perSecond > 0 && burst >= 1 && maxClients >= 1, "checked by ServerConfiguration's callers")
        self.perSecond = perSecond
        self.burst = burst
        self.maxClients = maxClients
        self.clock = clock
    }

    /// Seconds since an arbitrary start, never going back.
    static func monotonicSeconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Takes one token from `client`'s bucket, or says how long until there is one.
    func take(_ client: String) -> Decision {
        let now = clock()
        return buckets.withLock { buckets in
            var bucket: Bucket
            if let known = buckets[client] {
                bucket = refilled(known, now)
            } else {
                if buckets.count >= maxClients { evict(&buckets, now) }
                bucket = Bucket(tokens: Double(burst), updated: now)
            }
            defer { buckets[client] = bucket }
            guard bucket.tokens >= 1 else {
                let seconds = ((1 - bucket.tokens) / perSecond).rounded(.up)
                return .refused(retryAfterSeconds: max(1, Int(min(seconds, 86_400))))
            }
            bucket.tokens -= 1
            return .allowed
        }
    }

    /// Clients with a bucket now (tests check the bound).
    var clients: Int { buckets.withLock { $0.count } }

    private func refilled(_ bucket: Bucket, _ now: Double) -> Bucket {
        let elapsed = max(0, now - bucket.updated)
        return Bucket(tokens: min(Double(burst), bucket.tokens + elapsed * perSecond), updated: max(now, bucket.updated))
    }

    /// Drops every bucket that has refilled; if none has, the one idle longest.
    private func evict(_ buckets: inout [String: Bucket], _ now: Double) {
        let before = buckets.count
        buckets = buckets.filter { refilled($0.value, now).tokens < Double(burst) }
        if buckets.count == before, let oldest = buckets.min(by: { $0.value.updated < $1.value.updated })?.key {
            buckets[oldest] = nil
        }
    }
}
