import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Testing

/// `POST /match/job` at the route: validation, the token, and a service without a CV index.
/// (With a real workspace: `CandidateMatchTests` in jobmatchTests.)
@Suite struct MatchJobRouteTests {
    @Test(arguments: [
        (#"{}"#, "give exactly one of 'job_id' and 'job_text'"),
        (#"{"job_id": "j1", "job_text": "Nurse"}"#, "give exactly one of 'job_id' and 'job_text'"),
        (#"{"job_id": ""}"#, "field 'job_id' must have 1 to 200 characters"),
        (#"{"job_text": "  \n "}"#, "field 'job_text' is empty"),
        (#"{"job_id": "j1", "top": 0}"#, "field 'top' must be between 1 and 100"),
    ])
    func badRequestsAreNamed(_ body: String, _ message: String) async throws {
        let response = try await ServerFixture().test { client in try await client.post("/match/job", body) }
        #expect(response.status == .unprocessableContent)
        let error = try response.error()
        #expect(error.code == "invalid_input" && error.message == message)
    }

    @Test func aServiceWithoutACVIndexAnswers503AndTheTokenGuardsTheRoute() async throws {
        let open = try await ServerFixture().test { client in try await client.post("/match/job", #"{"job_id": "j1"}"#) }
        #expect(open.status == .serviceUnavailable)
        #expect(try open.error().code == "unavailable")
        let guarded = try ServerFixture(token: "s3cret")
        let (without, with) = try await guarded.test { client in
            (try await client.post("/match/job", #"{"job_id": "j1"}"#).status,
             try await client.post("/match/job", #"{"job_id": "j1"}"#, token: "s3cret").status)
        }
        #expect(without == .unauthorized && with == .serviceUnavailable)
    }

    @Test func shownCVsAreRecordedAndARecruitersReactionIsStored() async throws {
        var service = CatalogMatchService()
        service.offersCandidates = true
        let fixture = try ServerFixture(service: service)
        let (found, liked, notShown, badEvent) = try await fixture.test { client in
            let found = try await client.post("/match/job", #"{"job_id": "job-data", "top": 1}"#)
            let requestID = try #require(try found.object()["request_id"] as? String)
            return (found,
                    try await client.post("/feedback/candidate", #"{"request_id": "\#(requestID)", "cv_id": "cv-ada", "event": "contacted"}"#),
                    try await client.post("/feedback/candidate", #"{"request_id": "\#(requestID)", "cv_id": "cv-bob", "event": "like"}"#),
                    try await client.post("/feedback/candidate", #"{"request_id": "\#(requestID)", "cv_id": "cv-ada", "event": "applied"}"#))
        }
        #expect(found.status == .ok, "\(found.text)")
        let object = try found.object()
        #expect(Set(object.keys) == ["request_id", "job_id", "title", "model_version", "index_version", "ranking_version", "results"])
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.map { $0["cv_id"] as? String } == ["cv-ada"])
        #expect(Set(results[0].keys) == ["rank", "cv_id", "headline", "location", "years_experience", "score", "rerank_score",
                                         "matched_skills", "missing_skills"])
        #expect(liked.status == .created, "\(liked.text)")
        #expect(try liked.object()["event"] as? String == "contacted")
        #expect(notShown.status == .unprocessableContent && badEvent.status == .unprocessableContent)
        #expect(try notShown.error().code == "cv_not_shown")
        #expect(try badEvent.error().code == "invalid_field")
        let events = try await fixture.store.candidateEvents()
        #expect(events.map { "\($0.jobID ?? "-") \($0.cvID) \($0.event.rawValue)" } == ["job-data cv-ada contacted"])
    }
}
