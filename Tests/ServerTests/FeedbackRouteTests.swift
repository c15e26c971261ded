import Feedback
import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Testing

/// `POST /feedback`, `GET /jobs/{id}`, tokens, body limits, hostile text.
@Suite struct FeedbackRouteTests {
    /// Matches once and returns the request id.
    static func match(_ client: any TestClientProtocol, token: String? = nil) async throws -> String {
        let response = try await client.post("/match", #"{"text": "python sql spark git swift"}"#, token: token)
        #expect(response.status == .ok, "\(response.text)")
        return try #require(try response.object()["request_id"] as? String)
    }

    @Test func feedbackIsStored() async throws {
        let fixture = try ServerFixture()
        let response = try await fixture.test { client in
            let id = try await Self.match(client)
            return try await client.post("/feedback", #"{"request_id": "\#(id)", "job_id": "job-swift", "event": "like", "reason": "remote"}"#)
        }
        #expect(response.status == .created, "\(response.text)")
        let object = try response.object()
        #expect(object["event"] as? String == "like" && object["job_id"] as? String == "job-swift")
        let events = try await fixture.store.events()
        #expect(events.count == 1)
        #expect(events.first?.reason == "remote" && events.first?.id == object["id"] as? Int64)
    }

    @Test func unknownRequestsJobsAndEventsAre4xx() async throws {
        let fixture = try ServerFixture()
        let errors = try await fixture.test { client in
            let id = try await Self.match(client)
            var out: [(Int, String)] = []
            for body in [
                #"{"request_id": "no-such-request", "job_id": "job-swift", "event": "like"}"#,
                #"{"request_id": "\#(id)", "job_id": "job-nowhere", "event": "like"}"#,
                #"{"request_id": "\#(id)", "job_id": "job-swift", "event": "love"}"#,
                #"{"request_id": "\#(id)", "job_id": "job-swift"}"#,
                #"{"request_id": "\#(id)", "job_id": 7, "event": "like"}"#,
                #"{"request_id": "\#(id)", "job_id": "job-swift", "event": "like", "reason": "\#(String(repeating: "r", count: 1_001))"}"#,
                #"{"request_id": "\#(id)", "job_id": "job-swift", "event": "like", "reason": ["x"]}"#,
                "not json",
            ] {
                let error = try await client.post("/feedback", body).error()
                out.append((error.status, error.code))
            }
            return out
        }
        #expect(errors.map(\.0) == [404, 422, 422, 422, 422, 422, 422, 400])
        #expect(errors.map(\.1) == ["unknown_request", "job_not_shown", "invalid_field", "missing_field", "wrong_type",
                                    "invalid_feedback", "wrong_type", "malformed_json"])
        #expect(try await fixture.store.events().isEmpty)
    }

    /// HTML, script tags and SQL fragments in every string field are stored and answered as
    /// data: the tables survive, JSON escapes what it must, and nothing is interpreted.
    @Test func hostileTextIsJustData() async throws {
        let fixture = try ServerFixture()
        let hostile = ["<script>alert(1)</script>", "'; DROP TABLE feedback_event; --", "\" OR 1=1 --", "<img src=x onerror=alert(1)>", "Robert'); DELETE FROM match_request;--"]
        try await fixture.test { client in
            for text in hostile {
                let q = try json(text)
                let filtered = try await client.post("/match", #"{"cv_id": "cv-ada", "filters": {"country": \#(q), "level": \#(q)}}"#)
                #expect(filtered.status == .ok)
                let match = try await client.post("/match", #"{"text": \#(q), "keep_text": true}"#)
                #expect(match.status == .ok)
                let id = try #require(try match.object()["request_id"] as? String)
                let good = try await client.post("/feedback", #"{"request_id": "\#(id)", "job_id": "job-swift", "event": "dislike", "reason": \#(q)}"#)
                #expect(good.status == .created)
                for body in [#"{"request_id": \#(q), "job_id": "job-swift", "event": "like"}"#,
                             #"{"request_id": "\#(id)", "job_id": \#(q), "event": "like"}"#,
                             #"{"request_id": "\#(id)", "job_id": "job-swift", "event": \#(q)}"#] {
                    let response = try await client.post("/feedback", body)
                    #expect(response.status.code / 100 == 4)
                    #expect(!response.text.contains("<script>") && !response.text.contains("<img"), "\(response.text)")
                }
                let job = try await client.get("/jobs/" + (text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
                #expect(job.status == .notFound && !job.text.contains("<"))
            }
        }
        let events = try await fixture.store.events()
        #expect(events.compactMap(\.reason) == hostile)
        let requests = try await fixture.store.requests()
        #expect(requests.compactMap(\.cvText) == hostile)
        #expect(requests.compactMap { $0.filters["country"] } == hostile)
        #expect(requests.compactMap { $0.filters["level"] } == hostile)
    }

    @Test func jobsAreServedByID() async throws {
        let fixture = try ServerFixture()
        let (found, missing) = try await fixture.test { client in (try await client.get("/jobs/job-nurse"), try await client.get("/jobs/nope")) }
        #expect(found.status == .ok)
        let object = try found.object()
        #expect(object["title"] as? String == "ICU Nurse" && object["skills"] as? [String] == ["triage", "icu", "bls"])
        let code = try missing.error().code
        #expect(missing.status == .notFound && code == "unknown_job")
        // Ids are sent percent-encoded (LinkedIn's are URLs, Indeed's `indeed:…`): the route decodes them.
        let encoded = try await fixture.test { client in try await client.get("/jobs/%6Aob%2Dnurse") }
        #expect(encoded.status == .ok, "a percent-encoded id is decoded (it was a 404)")
    }

    @Test func withATokenWritesNeedIt() async throws {
        let fixture = try ServerFixture(token: "s3cret")
        try await fixture.test { client in
            for token in [nil, "wrong", "s3cre", "s3cret2"] as [String?] {
                let response = try await client.post("/match", #"{"text": "python"}"#, token: token)
                #expect(response.status == .unauthorized)
                #expect(try response.error().code == "unauthorized")
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
            let raw = try await client.execute(uri: "/feedback", method: .post, headers: [.authorization: "s3cret", .contentType: "application/json"],
                                               body: ByteBuffer(string: "{}"))
            #expect(raw.status == .unauthorized)
            let id = try await Self.match(client, token: "s3cret")
            let feedback = try await client.post("/feedback", #"{"request_id": "\#(id)", "job_id": "job-data", "event": "applied"}"#, token: "s3cret")
            #expect(feedback.status == .created)
            #expect(try await client.get("/health").status == .ok)
            #expect(try await client.get("/openapi.json").status == .ok)
            // Reads of jobs and metrics are the token's too.
            for path in ["/jobs/job-data", "/metrics"] {
                #expect(try await client.get(path).status == .unauthorized, "\(path)")
                let authorised = try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer s3cret"])
                #expect(authorised.status == .ok, "\(path)")
            }
        }
        #expect(try await fixture.store.requests().count == 1)
        // --open-metrics opens /metrics alone.
        let open = try ServerFixture(token: "s3cret", openMetrics: true)
        try await open.test { client in
            let metrics = try await client.get("/metrics"), job = try await client.get("/jobs/job-data")
            #expect(metrics.status == .ok && job.status == .unauthorized)
        }
    }

    @Test func onlyLoopbackAddressesAreLoopback() throws {
        for host in ["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]"] { #expect(ServerConfiguration.isLoopback(host), "\(host)") }
        for host in ["0.0.0.0", "::", "192.168.1.4", "127.0.0.1.evil.example", "128.0.0.1", "example.com", ""] {
            #expect(!ServerConfiguration.isLoopback(host), "\(host)")
        }
    }

    @Test func oversizeBodiesAre413() async throws {
        let fixture = try ServerFixture(maxBodyBytes: 64 * 1024)
        try await fixture.test { client in
            let big = #"{"text": ""# + String(repeating: "a", count: 70 * 1024) + #""}"#
            let response = try await client.post("/match", big)
            #expect(response.status == .contentTooLarge)
            #expect(try response.error().code == "body_too_large")
        }
        #expect(try await fixture.store.requests().isEmpty)
    }
}
