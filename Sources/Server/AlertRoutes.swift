import Alerts
import Foundation
import Hummingbird
import JobMatchCore
import Matching

/// `POST /alerts`: a standing search, with the person's consent.
struct AlertSearchBody: Decodable, Sendable {
    var cvID: String
    var minScore: Float?
    var consent: Bool?

    enum CodingKeys: String, CodingKey {
        case cvID = "cv_id", minScore = "min_score", consent
    }
}

/// `GET /alerts?cv_id=…`: the CV's alerts, oldest first (each with its `time`, so a page can show
/// those new since its last visit).
struct AlertsResponse: Encodable, Sendable {
    var cvID: String
    var alerts: [Alert]

    enum CodingKeys: String, CodingKey {
        case cvID = "cv_id", alerts
    }
}

/// The handlers of `/alerts`, over the workspace `jobmatch watch` writes (``JobMatchServer/alertsWorkspace``).
extension Routes {
    private func alertsWorkspace() throws -> Workspace {
        guard let ws = server.alertsWorkspace else {
            throw APIError(.notFound, "alerts_off", "this server has no alerts (it serves no workspace)")
        }
        return ws
    }

    private func checkCVID(_ id: String?) throws -> String {
        guard let id, !id.isEmpty, id.count <= 200 else {
            throw APIError(.unprocessableContent, "invalid_input", "'cv_id' must have 1 to 200 characters")
        }
        return id
    }

    /// `GET /alerts?cv_id=…`.
    func alerts(_ request: Request) async throws -> Response {
        let ws = try alertsWorkspace()
        let id = try checkCVID(request.uri.queryParameters["cv_id"].map(String.init))
        return try Self.json(AlertsResponse(cvID: id, alerts: try AlertLog.read(ws.alertsLog, cvID: id)))
    }

    /// `POST /alerts`: stores (or replaces) the CV's standing search; 201 with it.
    func addAlertSearch(_ request: Request) async throws -> Response {
        let ws = try alertsWorkspace()
        let input = try await body.decode(AlertSearchBody.self, from: request)
        let id = try checkCVID(input.cvID)
        guard input.consent == true else {
            throw APIError(.unprocessableContent, "consent_required", "field 'consent' must be true: alerts are kept only with the person's consent")
        }
        let minScore = input.minScore ?? StandingSearchStore.defaultMinScore
        guard minScore.isFinite, (-1...1).contains(minScore) else {
            throw APIError(.unprocessableContent, "invalid_input", "field 'min_score' must be between -1 and 1")
        }
        do { _ = try CVQueryBuilder.query(cvID: id, table: ws.cvsTable) } catch let e as MatchingError where e.kind == .unknownID {
            throw APIError(.notFound, "unknown_cv", "no CV with this id")
        }
        let search = StandingSearch(cvID: id, minScore: minScore, consent: true, consentedAt: StandingSearchStore.timestamp())
        try StandingSearchStore(workspace: ws).add(search)
        return try Self.json(search, status: .created)
    }
}
