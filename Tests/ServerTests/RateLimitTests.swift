import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
@testable import Server

/// A clock the test moves by hand: no test sleeps or depends on how fast it runs.
final class HandClock: Sendable {
    private let seconds = Mutex(1_000.0)
    var now: Double { seconds.withLock { $0 } }
    func advance(_ by: Double) { seconds.withLock { $0 += by } }
}

/// The per-client rate limit on `POST /match` and `POST /match/job`, over a real socket with
/// requests written by hand (``RawHTTP``), two clients told apart by their source address.
@Suite struct RateLimitTests {
    static let match = #"{"text": "python sql"}"#

    @Test func aBurstPastTheLimitIsRefusedUntilATokenIsBackAndOtherClientsPass() async throws {
        let clock = HandClock()
        // Half a request a second, three at once.
        let fixture = try ServerFixture(rateLimit: 0.5, rateBurst: 3, rateClock: { clock.now })
        try await fixture.test(.live) { client in
            let port = try #require(client.port)
            var requestID = ""
            for i in 0..<3 {
                let answer = try await RawHTTP.send(port: port, "POST", "/match", body: Self.match)
                #expect(answer.status == 200, "request \(i) of the burst: \(answer.body)")
                requestID = try #require(try Self.object(answer.body)["request_id"] as? String)
            }
            // The fourth: no token left, and one comes back in 1 / 0.5 = 2 s.
            let refused = try await RawHTTP.send(port: port, "POST", "/match", body: Self.match)
            #expect(refused.status == 429 && refused.headers["retry-after"] == "2", "\(refused)")
            #expect(refused.headers["content-type"] == "application/json; charset=utf-8")
            let error = try #require(try Self.object(refused.body)["error"] as? [String: Any])
            #expect(Set(error.keys) == ["status", "code", "message"])
            #expect(error["status"] as? Int == 429 && error["code"] as? String == "rate_limited")
            // /match/job spends the same client's bucket; /feedback is not limited.
            let job = try await RawHTTP.send(port: port, "POST", "/match/job", body: #"{"job_id": "job-data"}"#)
            #expect(job.status == 429 && job.headers["retry-after"] == "2", "\(job)")
            let like = try await RawHTTP.send(port: port, "POST", "/feedback",
                                              body: #"{"request_id": "\#(requestID)", "job_id": "job-swift", "event": "like"}"#)
            #expect(like.status == 201, "\(like.body)")

            // Another client (another source address) has its own bucket.
            let other = try await RawHTTP.send(port: port, from: "127.0.0.2", "POST", "/match", body: Self.match)
            #expect(other.status == 200, "\(other.body)")

            // Half a token back: still refused, one more second to wait.
            clock.advance(1)
            let early = try await RawHTTP.send(port: port, "POST", "/match", body: Self.match)
            #expect(early.status == 429 && early.headers["retry-after"] == "1", "\(early)")
            // A whole token: served once, then refused again.
            clock.advance(1)
            let served = try await RawHTTP.send(port: port, "POST", "/match", body: Self.match)
            #expect(served.status == 200, "\(served.body)")
            let again = try await RawHTTP.send(port: port, "POST", "/match", body: Self.match)
            #expect(again.status == 429 && again.headers["retry-after"] == "2", "\(again)")

            // Counted in /metrics by route: three refusals on /match, one on /match/job.
            let metrics = try await RawHTTP.send(port: port, "GET", "/metrics")
            #expect(metrics.body.contains(#"jobmatch_rate_limited_total{route="/match"} 3"#), "\(metrics.body)")
            #expect(metrics.body.contains(#"jobmatch_rate_limited_total{route="/match/job"} 1"#))
            #expect(metrics.body.contains(#"jobmatch_http_requests_total{method="POST",route="/match",status="429"} 3"#))
        }
        #expect(try await fixture.store.requests().count == 5, "refused requests were recorded")
    }

    /// `X-Forwarded-For` names the client only with `trustForwardedFor`: otherwise a client
    /// cannot escape its bucket by naming itself anew.
    @Test(arguments: [false, true])
    func forwardedForIsTheClientOnlyWhenTrusted(_ trusted: Bool) async throws {
        let fixture = try ServerFixture(rateLimit: 1, rateBurst: 1, trustForwardedFor: trusted, rateClock: { 0 })
        let statuses = try await fixture.test(.live) { client in
            let port = try #require(client.port)
            var statuses: [Int] = []
            for n in 1...3 {
                statuses.append(try await RawHTTP.send(port: port, "POST", "/match", body: Self.match,
                                                       headers: ["X-Forwarded-For": "198.51.100.9, 203.0.113.\(n)"]).status)
            }
            return statuses
        }
        #expect(statuses == (trusted ? [200, 200, 200] : [200, 429, 429]))
    }

    @Test func zeroTurnsTheLimitOff() async throws {
        let fixture = try ServerFixture(rateLimit: 0, rateClock: { 0 })
        #expect(fixture.server.rateLimiter == nil)
        let statuses = try await fixture.test(.live) { client in
            let port = try #require(client.port)
            var statuses: [Int] = []
            for _ in 0..<30 { statuses.append(try await RawHTTP.send(port: port, "POST", "/match", body: Self.match).status) }
            return statuses
        }
        #expect(statuses == Array(repeating: 200, count: 30))
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }
}

/// The bucket's arithmetic and its memory bound, on a hand clock.
@Suite struct RateLimiterTests {
    @Test func retryAfterIsTheWholeSecondsUntilATokenRoundedUp() {
        let clock = HandClock()
        let limiter = RateLimiter(perSecond: 0.3, burst: 2, clock: { clock.now })
        #expect(limiter.take("a") == .allowed && limiter.take("a") == .allowed)
        #expect(limiter.take("a") == .refused(retryAfterSeconds: 4))  // 1 / 0.3 = 3.33 s
        clock.advance(3)  // 0.9 tokens
        #expect(limiter.take("a") == .refused(retryAfterSeconds: 1))  // 0.1 / 0.3 = 0.33 s
        clock.advance(0.34)
        #expect(limiter.take("a") == .allowed)
        // A fast rate still says at least 1 s.
        let fast = RateLimiter(perSecond: 100, burst: 1, clock: { clock.now })
        #expect(fast.take("b") == .allowed && fast.take("b") == .refused(retryAfterSeconds: 1))
    }

    @Test func aBucketRefillsToTheBurstAndNoFurther() {
        let clock = HandClock()
        let limiter = RateLimiter(perSecond: 1, burst: 3, clock: { clock.now })
        clock.advance(3_600)
        let taken = (0..<5).map { _ in limiter.take("a") }
        #expect(taken.filter { $0 == .allowed }.count == 3)
    }

    /// Memory is bounded: past `maxClients`, refilled buckets go first, else the one idle longest.
    @Test func bucketsAreBoundedAndIdleOnesAreEvicted() {
        let clock = HandClock()
        let limiter = RateLimiter(perSecond: 1, burst: 2, maxClients: 3, clock: { clock.now })
        for client in ["a", "b", "c"] {  // all three emptied, a first
            _ = limiter.take(client)
            _ = limiter.take(client)
            clock.advance(0.1)
        }
        _ = limiter.take("d")  // none refilled: the idle-longest ("a") goes
        #expect(limiter.clients == 3)
        #expect(limiter.take("b") == .refused(retryAfterSeconds: 1), "b's spent bucket was kept")
        #expect(limiter.take("a") == .allowed, "a's bucket was not the one evicted")
        clock.advance(10)  // every bucket refilled
        _ = limiter.take("e")
        #expect(limiter.clients == 1, "refilled buckets were not dropped")
        for n in 0..<1_000 { _ = limiter.take("client-\(n)") }
        #expect(limiter.clients <= 3)
    }
}
