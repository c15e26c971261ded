import Feedback
import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Testing

/// `POST /match`: answers, what is recorded, and validation.
@Suite struct MatchRouteTests {
    static let cv = "Senior data engineer: Python, SQL and Spark pipelines; Git. Some Swift."

    @Test func pastedTextIsMatchedAndRecordedAsItsHash() async throws {
        let fixture = try ServerFixture()
        let body = #"{"text": \#(try json(Self.cv)), "filters": {"remote": true}, "top": 2}"#
        let response = try await fixture.test { client in try await client.post("/match", body) }
        #expect(response.status == .ok, "\(response.text)")
        let object = try response.object()
        let requestID = try #require(object["request_id"] as? String)
        #expect(object["model_version"] as? String == "catalog@1")
        #expect(object["ranking_version"] as? String == "fused@catalog")
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.map { $0["job_id"] as? String } == ["job-data", "job-swift"])
        #expect(Set(results[0].keys) == ["rank", "job_id", "title", "company", "location", "country", "level", "url", "score",
                                         "rerank_score", "matched_skills", "missing_skills"])
        #expect(results.map { $0["rank"] as? Int } == [1, 2])
        #expect((results[0]["matched_skills"] as? [[String: Any]])?.map { $0["name"] as? String } == ["python", "sql", "spark", "git"])
        #expect((results[1]["missing_skills"] as? [[String: Any]])?.map { $0["name"] as? String } == ["ios"])

        let stored = try #require(try await fixture.store.request(id: requestID))
        #expect(stored.cvText == nil && stored.cvID == nil)
        #expect(stored.rankingVersion == "fused@catalog", "the order shown is stored with the request")
        #expect(stored.cvSHA256 == SHA256.hex(Self.cv))
        #expect(stored.filters == ["remote": "true"])
        #expect(stored.modelVersion == "catalog@1" && stored.indexVersion == "catalog-index@1")
        let shown = try await fixture.store.results(requestID: requestID)
        #expect(shown.map(\.jobID) == ["job-data", "job-swift"] && shown.map(\.rank) == [1, 2])
        #expect(shown[0].biEncoderScore == 1 && shown[0].rerankScore == 4)
    }

    @Test func keepTextStoresTheTextAndCvIDIsRecordedAsIs() async throws {
        let fixture = try ServerFixture()
        let (kept, byID) = try await fixture.test { client in
            let kept = try await client.post("/match", #"{"text": "welder, TIG and MIG", "keep_text": true}"#).object()
            let byID = try await client.post("/match", #"{"cv_id": "cv-ada", "filters": {"country": "US", "level": "senior"}}"#).object()
            return (kept["request_id"] as? String, byID["request_id"] as? String)
        }
        let keptID = try #require(kept), byIDID = try #require(byID)
        #expect(try await fixture.store.request(id: keptID)?.cvText == "welder, TIG and MIG")
        let request = try #require(try await fixture.store.request(id: byIDID))
        #expect(request.cvID == "cv-ada" && request.cvSHA256 == nil)
        #expect(request.filters == ["country": "US", "level": "senior"])
        #expect(try await fixture.store.results(requestID: request.id).map(\.jobID) == ["job-data"])
    }

    /// Each bad body, the status and error code it must get, and nothing recorded.
    @Test(arguments: [
        ("{\"text\": ", 400, "malformed_json"),
        ("", 400, "malformed_json"),
        ("[1, 2]", 422, "wrong_type"),
        ("{\"text\": 42}", 422, "wrong_type"),
        ("{\"text\": \"x\", \"top\": \"ten\"}", 422, "wrong_type"),
        ("{\"text\": \"x\", \"top\": 1.5}", 422, "invalid_field"),
        ("{\"text\": \"x\", \"filters\": {\"remote\": \"yes\"}}", 422, "wrong_type"),
        ("{\"text\": \"x\", \"filters\": []}", 422, "wrong_type"),
        ("{}", 422, "invalid_input"),
        ("{\"text\": \"x\", \"cv_id\": \"cv-ada\"}", 422, "invalid_input"),
        ("{\"text\": \"   \"}", 422, "invalid_input"),
        ("{\"text\": \"x\", \"top\": 0}", 422, "invalid_input"),
        ("{\"text\": \"x\", \"top\": 101}", 422, "invalid_input"),
        ("{\"cv_id\": \"cv-ada\", \"keep_text\": true}", 422, "invalid_input"),
        ("{\"cv_id\": \"nobody\"}", 404, "unknown_cv"),
    ])
    func badRequestsGetJSONErrors(_ body: String, _ status: Int, _ code: String) async throws {
        let fixture = try ServerFixture()
        let error = try await fixture.test { client in
            let response = try await client.post("/match", body)
            #expect(response.status.code == status, "\(response.text)")
            return try response.error()
        }
        #expect(error.status == status && error.code == code)
        #expect(try await fixture.store.requests().isEmpty)
    }

    @Test func aTooLongTextIsRefused() async throws {
        let fixture = try ServerFixture(maxBodyBytes: 1 << 20)
        let text = String(repeating: "a", count: 100_001)
        let error = try await fixture.test { client in try await client.post("/match", #"{"text": "\#(text)"}"#).error() }
        #expect(error.status == 422 && error.message.contains("100000"))
    }

    @Test func anUnexpectedFailureIsA500ThatRevealsNothing() async throws {
        struct Secret: Error, CustomStringConvertible { var description: String { "/srv/models/secret.safetensors: SELECT * FROM cv" } }
        let fixture = try ServerFixture(service: CatalogMatchService(failure: Secret()))
        let response = try await fixture.test { client in try await client.post("/match", #"{"text": "python"}"#) }
        #expect(response.status == .internalServerError)
        #expect(try response.error().code == "internal_error")
        #expect(!response.text.contains("secret") && !response.text.contains("SELECT") && !response.text.contains("Secret"))
    }

    @Test func otherContentTypesAreRefused() async throws {
        let fixture = try ServerFixture()
        let response = try await fixture.test { client in
            try await client.execute(uri: "/match", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "{\"text\": \"x\"}"))
        }
        #expect(response.status == HTTPResponse.Status.unsupportedMediaType)
        #expect(try response.error().code == "unsupported_media_type")
        // No type at all is refused too: a browser sends such a body cross-site without a preflight.
        for headers: HTTPFields in [[:], [.contentType: "application/x-www-form-urlencoded"], [.contentType: "application/jsonp"]] {
            let untyped = try await fixture.test { client in
                try await client.execute(uri: "/match", method: .post, headers: headers, body: ByteBuffer(string: "{\"text\": \"python\"}"))
            }
            #expect(untyped.status == HTTPResponse.Status.unsupportedMediaType, "\(headers)")
        }
        let withCharset = try await fixture.test { client in
            try await client.execute(uri: "/match", method: .post, headers: [.contentType: "application/json; charset=utf-8"],
                                     body: ByteBuffer(string: "{\"text\": \"python\"}"))
        }
        #expect(withCharset.status == .ok)
    }

    /// A burst past the bound is refused at once with 503 busy and Retry-After, never queued; the
    /// admitted ones are answered and the bound frees as they finish.
    @Test func aBurstPastThePendingBoundIsRefusedWithRetryAfter() async throws {
        var slow = CatalogMatchService()
        slow.delay = .milliseconds(400)
        let fixture = try ServerFixture(maxPendingMatches: 2, service: slow)
        let statuses = try await fixture.test { client in
            try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let r = try await client.post("/match", #"{"text": "python"}"#)
                        return (Int(r.status.code), r.headers[.retryAfter])
                    }
                }
                var out: [(Int, String?)] = []
                for try await s in group { out.append(s) }
                return out
            }
        }
        #expect(statuses.filter { $0.0 == 200 }.count == 2, "\(statuses)")
        #expect(statuses.filter { $0.0 == 503 }.count == 4 && statuses.filter { $0.0 == 503 }.allSatisfy { $0.1 == "1" }, "\(statuses)")
        #expect(slow.started.value == 2, "refused requests never reach the matcher")
        let after = try await fixture.test { client in try await client.post("/match", #"{"text": "python"}"#) }
        #expect(after.status == .ok)
    }

    /// Another web site cannot make a visitor's browser post: a foreign `Origin` is refused before
    /// anything is matched or stored, the page's own origin passes, and no CORS header is sent.
    @Test func postsFromAnotherSiteAreRefused() async throws {
        let fixture = try ServerFixture()
        // The in-process client sends every request to `localhost` (its Host), port 80.
        func post(origin: String?, path: String = "/match", body: String = #"{"text": "python"}"#) async throws -> TestResponse {
            var fields: HTTPFields = [.contentType: "application/json"]
            if let origin { fields[.origin] = origin }
            let headers = fields
            return try await fixture.test { client in try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body)) }
        }
        for origin in ["https://evil.example", "http://localhost:8080", "https://localhost:8443", "null", "http://localhost/x", "file://", "http://localhost.evil.example"] {
            let r = try await post(origin: origin)
            let code = try r.error().code
            #expect(r.status == .forbidden && code == "foreign_origin", "\(origin)")
        }
        let feedback = try await post(origin: "https://evil.example", path: "/feedback", body: #"{"request_id": "x", "job_id": "y", "event": "like"}"#)
        #expect(feedback.status == .forbidden)
        #expect(try await fixture.store.requests().isEmpty, "nothing was recorded")
        for origin in ["http://localhost", "HTTP://LOCALHOST:80", nil] {
            let r = try await post(origin: origin)
            #expect(r.status == .ok, "\(origin ?? "no Origin")")
            #expect(r.headers[.accessControlAllowOrigin] == nil)
        }
    }
}

/// A JSON string literal for `text`.
func json(_ text: String) throws -> String {
    String(decoding: try JSONEncoder().encode(text), as: UTF8.self)
}

/// `GET /explain`: a shown result as it was recorded, with its evidence.
@Suite struct ExplainRouteTests {
    @Test func aShownResultIsExplainedAsRecorded() async throws {
        let fixture = try ServerFixture(token: "t0k")
        let cv = "Senior data engineer: Python, SQL and Spark pipelines; Git. Some Swift."
        let (match, explained, unknown, missing, noToken) = try await fixture.test { client in
            let match = try await client.post("/match", #"{"text": "\#(cv)", "top": 2}"#, token: "t0k")
            let id = try #require(try match.object()["request_id"] as? String)
            func get(_ uri: String, token: Bool = true) async throws -> TestResponse {
                try await client.execute(uri: uri, method: .get, headers: token ? [.authorization: "Bearer t0k"] : [:])
            }
            return (match, try await get("/explain?request_id=\(id)&job_id=job-swift"), try await get("/explain?request_id=\(id)&job_id=job-welder"),
                    try await get("/explain?request_id=\(id)"), try await get("/explain?request_id=\(id)&job_id=job-swift", token: false))
        }
        let result = try #require((try match.object()["results"] as? [[String: Any]])?.first { $0["job_id"] as? String == "job-swift" })
        #expect(explained.status == .ok, "\(explained.text)")
        let e = try explained.object()
        #expect(e["rank"] as? Int == result["rank"] as? Int)
        #expect(abs((e["bi_encoder_score"] as? Double ?? -1) - (result["score"] as? Double ?? 1)) < 1e-6, "the Float score, stored as a Double")
        #expect(e["ranking_version"] as? String == "fused@catalog" && e["model_version"] as? String == "catalog@1")
        let matched = try #require(e["matched_skills"] as? [[String: Any]])
        #expect(matched.map { $0["id"] as? String } == (result["matched_skills"] as? [[String: Any]])?.map { $0["id"] as? String })
        #expect(matched.map { $0["cv_spans"] as? [[Int]] } == (result["matched_skills"] as? [[String: Any]])?.map { $0["cv_spans"] as? [[Int]] })
        #expect((e["missing_skills"] as? [[String: Any]])?.map { $0["id"] as? String } == ["ios"])
        #expect(unknown.status == .notFound)
        #expect(try unknown.error().code == "not_shown")
        #expect(missing.status == .unprocessableContent)
        #expect(noToken.status == .unauthorized, "explanations are the token's, like /jobs/{id}")
    }
}
