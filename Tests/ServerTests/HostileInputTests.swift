import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Testing

/// The string fields `hostileTextIsJustData` (FeedbackRouteTests) does not reach: `cv_id`, and
/// hostile text as object keys. Each is answered as data: a JSON 4xx or 200, no markup echoed,
/// the tables intact.
@Suite struct HostileInputTests {
    static let hostile = ["<script>alert(1)</script>", "'; DROP TABLE match_request; --", "\" OR 1=1 --",
                          "<img src=x onerror=alert(1)>", "cv-ada' OR '1'='1", "Robert'); DELETE FROM feedback_event;--"]

    @Test func hostileCVIDsAreUnknownCVs() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            for text in Self.hostile {
                let response = try await client.post("/match", #"{"cv_id": \#(try json(text))}"#)
                let error = try response.error()
                #expect(response.status == .notFound && error.code == "unknown_cv", "\(text): \(response.text)")
                #expect(!response.text.contains("<script") && !response.text.contains("<img") && !response.text.contains("DROP"))
            }
            // The tables survived: a real match and a like still work.
            let id = try await FeedbackRouteTests.match(client)
            let like = try await client.post("/feedback", #"{"request_id": "\#(id)", "job_id": "job-swift", "event": "like"}"#)
            #expect(like.status == .created)
        }
        #expect(try await fixture.store.requests().count == 1)
        #expect(try await fixture.store.events().count == 1)
    }

    /// Unknown keys carrying markup or SQL are ignored, never echoed.
    @Test func hostileKeysAreIgnored() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            for text in Self.hostile {
                let response = try await client.post("/match", #"{"text": "python sql", \#(try json(text)): 1}"#)
                #expect(response.status == .ok, "\(response.text)")
                #expect(!response.text.contains("<script") && !response.text.contains("<img"))
            }
        }
        #expect(try await fixture.store.requests().count == Self.hostile.count)
    }
}
