import Alerts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JobMatchCore
import Server
import Tables
import TestSupport
import Testing

/// `GET /alerts?cv_id=…` and `POST /alerts`, in-process through the router and once over a socket.
@Suite struct AlertRouteTests {
    /// A workspace with a CVs table of two CVs and one alert written as `watch` writes it.
    static func workspace() throws -> Workspace {
        let ws = Workspace(TestPaths.tempFolder().path)
        try ws.create(ws.tables)
        let writer = try CVsTable.Writer(url: ws.cvsTable)
        for id in ["cv-1", "cv-2"] { try writer.append(CVRow(cvID: id, text: "Registered nurse, triage.", embeddingText: "Registered nurse")) }
        try writer.close()
        try ws.create(ws.alerts)
        let alert = Alert(cvID: "cv-1", jobID: "job-9", jobVersion: "v1", title: "Nurse", company: "Beacon", url: "https://example.org/9",
                          score: 0.71, matchedSkills: [], missingSkills: [], time: "2026-12-06T10:00:00.000Z")
        try (try JSONEncoder().encode(alert) + Data("\n".utf8)).write(to: ws.alertsLog)
        return ws
    }

    static func fixture(token: String? = nil, ws: Workspace) throws -> ServerFixture {
        try ServerFixture(token: token, alerts: ws)
    }

    @Test(arguments: [TestingSetup.router, .live])
    func alertsOfACVAreServedAndASearchNeedsConsent(_ setup: TestingSetup) async throws {
        let ws = try Self.workspace()
        let fixture = try Self.fixture(ws: ws)
        try await fixture.test(setup) { client in
            let got = try await client.get("/alerts?cv_id=cv-1")
            #expect(got.status == .ok)
            let alerts = try #require(try got.object()["alerts"] as? [[String: Any]])
            #expect(alerts.count == 1 && alerts[0]["job_id"] as? String == "job-9" && alerts[0]["time"] as? String == "2026-12-06T10:00:00.000Z")
            let none = try await client.get("/alerts?cv_id=cv-2")
            #expect((try none.object()["alerts"] as? [Any])?.isEmpty == true)
            #expect(try await client.get("/alerts").status == .unprocessableContent)

            let noConsent = try await client.post("/alerts", #"{"cv_id": "cv-2", "min_score": 0.4}"#)
            #expect(noConsent.status == .unprocessableContent && noConsent.text.contains("consent_required"))
            let unknown = try await client.post("/alerts", #"{"cv_id": "cv-404", "consent": true}"#)
            #expect(unknown.status == .notFound && unknown.text.contains("unknown_cv"))
            let badScore = try await client.post("/alerts", #"{"cv_id": "cv-2", "consent": true, "min_score": 3}"#)
            #expect(badScore.status == .unprocessableContent)
            let added = try await client.post("/alerts", #"{"cv_id": "cv-2", "consent": true, "min_score": 0.4}"#)
            #expect(added.status == .created, "\(added.text)")
            #expect(try added.object()["consented_at"] as? String != nil)
        }
        let stored = try StandingSearchStore(workspace: ws).list()
        #expect(stored.map(\.cvID) == ["cv-2"] && stored[0].minScore == 0.4 && stored[0].consent)
    }

    @Test func alertsNeedTheTokenLikeEveryOtherAPIRoute() async throws {
        let fixture = try Self.fixture(token: "s3cret", ws: try Self.workspace())
        try await fixture.test { client in
            #expect(try await client.get("/alerts?cv_id=cv-1").status == .unauthorized)
            #expect(try await client.post("/alerts", #"{"cv_id": "cv-2", "consent": true}"#).status == .unauthorized)
            let ok = try await client.execute(uri: "/alerts?cv_id=cv-1", method: .get, headers: [.authorization: "Bearer s3cret"])
            #expect(ok.status == .ok)
        }
    }

    @Test func aServerWithoutAWorkspaceSaysAlertsAreOff() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let r = try await client.get("/alerts?cv_id=cv-1")
            #expect(r.status == .notFound && r.text.contains("alerts_off"))
        }
    }
}
