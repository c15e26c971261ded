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
}
