import Documents
import Feedback
import Foundation
import HTTPTypes
import Hummingbird

/// The handlers. Each validates its input, calls the service or the store, and returns a
/// response; every error goes up to ``ErrorMiddleware``.
struct Routes: Sendable {
    let server: JobMatchServer
    var body: JSONBody { JSONBody(limit: server.configuration.maxBodyBytes) }

    /// `POST /match`: ranks jobs, records the request and what it showed, returns the request id.
    func match(_ request: Request) async throws -> Response {
        let sent = try await body.decode(MatchRequestBody.self, from: request)
        let query: MatchQuery, found: MatchOutcome
        if sent.cvFile == nil {
            query = try validate(sent)
            found = try await server.admission.admit { try await server.service.match(query) }
        } else {
            // A file is read inside the admission bound: each one may start a PDF helper process.
            (query, found) = try await server.admission.admit { () async throws -> (MatchQuery, MatchOutcome) in
                let query = try validate(try await Self.readingFile(sent, maxTextCharacters: server.configuration.maxTextCharacters))
                return (query, try await server.service.match(query))
            }
        }
        var outcome = found
        outcome.results = Array(outcome.results.prefix(query.top))
        let cv: CVReference = switch query.cv {
        case .id(let id): .id(id)
        // What the model read (skills found, then the text): kept with consent, fingerprinted otherwise.
        case .text(let text): .text(outcome.cvText ?? text, keepText: sent.keepText ?? false)
        }
        let shown = outcome.results.enumerated().map { i, r in
            ShownResult(jobID: r.jobID, rank: i + 1, biEncoderScore: Double(r.score), rerankScore: r.rerankScore.map(Double.init),
                        explanation: StoredExplanation(matched: r.matchedSkills.map { .init(id: $0.id, cvSpans: $0.cvSpans) },
                                                       missing: r.missingSkills.map(\.id)))
        }
        let requestID = try await server.store.recordRequest(
            cv: cv, modelVersion: outcome.modelVersion, indexVersion: outcome.indexVersion, rankingVersion: outcome.rankingVersion,
            filters: query.filters.stored, results: shown)
        return try Self.json(MatchResponse(requestID: requestID, modelVersion: outcome.modelVersion,
                                           indexVersion: outcome.indexVersion, rankingVersion: outcome.rankingVersion, results: outcome.results))
    }

    /// `cv_file` read into `text` (Documents: PDF through the jobmatch-extract helper, DOCX, UTF-8
    /// text; by content, with Documents' bounds) off the async threads; the body unchanged without one.
    /// - Throws: 422 for bad base64, a bad name, or a file that gives no text (a scan, a damaged
    ///   file: ``APIError/init(_:)``), 413 over Documents' bounds.
    static func readingFile(_ input: MatchRequestBody, maxTextCharacters: Int) async throws -> MatchRequestBody {
        guard let file = input.cvFile else { return input }
        guard input.text == nil, input.cvID == nil else {
            throw APIError(.unprocessableContent, "invalid_input", "give exactly one of 'text', 'cv_id' and 'cv_file'")
        }
        guard !file.name.isEmpty, file.name.count <= 200 else {
            throw APIError(.unprocessableContent, "invalid_input", "field 'cv_file.name' must have 1 to 200 characters")
        }
        guard let data = Data(base64Encoded: file.contentBase64) else {
            throw APIError(.unprocessableContent, "invalid_input", "field 'cv_file.content_base64' is not base64")
        }
        let name = URL(fileURLWithPath: file.name).lastPathComponent
        let text: String = try await withCheckedThrowingContinuation { done in
            DispatchQueue.global().async { done.resume(with: Result { try DocumentText.read(data: data, name: name).text }) }
        }
        guard text.count <= maxTextCharacters else {
            throw APIError(.unprocessableContent, "invalid_input", "the text of 'cv_file' is longer than \(maxTextCharacters) characters")
        }
        var read = input
        read.cvFile = nil
        read.text = text
        return read
    }

    func validate(_ input: MatchRequestBody) throws -> MatchQuery {
        let cv: MatchQuery.CV
        switch (input.text, input.cvID) {
        case (let text?, nil):
            guard text.contains(where: { !$0.isWhitespace }) else {
                throw APIError(.unprocessableContent, "invalid_input", "field 'text' is empty")
            }
            guard text.count <= server.configuration.maxTextCharacters else {
                throw APIError(.unprocessableContent, "invalid_input", "field 'text' is longer than \(server.configuration.maxTextCharacters) characters")
            }
            cv = .text(text)
        case (nil, let id?):
            guard !id.isEmpty, id.count <= 200 else { throw APIError(.unprocessableContent, "invalid_input", "field 'cv_id' must have 1 to 200 characters") }
            cv = .id(id)
        default:
            throw APIError(.unprocessableContent, "invalid_input", "give exactly one of 'text', 'cv_id' and 'cv_file'")
        }
        let top = input.top ?? MatchQuery.defaultTop
        guard (1...MatchQuery.maxTop).contains(top) else {
            throw APIError(.unprocessableContent, "invalid_input", "field 'top' must be between 1 and \(MatchQuery.maxTop)")
        }
        if input.keepText == true, input.text == nil {
            throw APIError(.unprocessableContent, "invalid_input", "field 'keep_text' applies to 'text' only")
        }
        return MatchQuery(cv: cv, filters: input.filters ?? MatchFilters(), top: top)
    }

    /// `POST /match/job`: ranks the CVs open to recruiters for a job (same token, admission and
    /// validation rules as `/match`).
    func matchJob(_ request: Request) async throws -> Response {
        let sent = try await body.decode(CandidateRequestBody.self, from: request)
        let job: CandidateQuery.Job
        switch (sent.jobID, sent.jobText) {
        case (let id?, nil):
            guard !id.isEmpty, id.count <= 200 else { throw APIError(.unprocessableContent, "invalid_input", "field 'job_id' must have 1 to 200 characters") }
            job = .id(id)
        case (nil, let text?):
            guard text.contains(where: { !$0.isWhitespace }) else { throw APIError(.unprocessableContent, "invalid_input", "field 'job_text' is empty") }
            guard text.count <= server.configuration.maxTextCharacters else {
                throw APIError(.unprocessableContent, "invalid_input", "field 'job_text' is longer than \(server.configuration.maxTextCharacters) characters")
            }
            job = .text(text)
        default:
            throw APIError(.unprocessableContent, "invalid_input", "give exactly one of 'job_id' and 'job_text'")
        }
        let top = sent.top ?? MatchQuery.defaultTop
        guard (1...MatchQuery.maxTop).contains(top) else {
            throw APIError(.unprocessableContent, "invalid_input", "field 'top' must be between 1 and \(MatchQuery.maxTop)")
        }
        let query = CandidateQuery(job: job, top: top)
        let found = try await server.admission.admit { try await server.service.candidates(query) }
        let r = found.response
        let results = Array(r.results.prefix(top))
        let ranking = r.rerankerFingerprint.map { "\(r.ranking.rawValue)@\($0)" } ?? r.ranking.rawValue
        let shown = results.map { ShownCandidate(cvID: $0.cvID, rank: $0.rank, biEncoderScore: Double($0.score), rerankScore: $0.rerankScore.map(Double.init)) }
        let reference: JobReference = switch job { case .id(let id): .id(id); case .text(let text): .text(text) }
        let requestID = try await server.store.recordCandidateRequest(job: reference, modelVersion: found.modelVersion, indexVersion: found.indexVersion,
                                                                      rankingVersion: ranking, results: shown)
        return try Self.json(CandidateResponseBody(requestID: requestID, jobID: r.jobID, title: r.title, modelVersion: found.modelVersion,
                                                   indexVersion: found.indexVersion, rankingVersion: ranking, results: results))
    }

    /// `POST /feedback/candidate`: stores a recruiter's reaction to a CV a request showed (201).
    func candidateFeedback(_ request: Request) async throws -> Response {
        let input = try await body.decode(CandidateFeedbackRequestBody.self, from: request)
        guard let event = CandidateEventKind(rawValue: input.event) else {
            throw APIError(.unprocessableContent, "invalid_field",
                           "field 'event' must be one of \(CandidateEventKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let stored = try await server.store.recordCandidateEvent(requestID: input.requestID, cvID: input.cvID, event: event, reason: input.reason)
        return try Self.json(CandidateFeedbackResponse(id: stored.id, requestID: stored.requestID, cvID: stored.cvID, event: stored.event.rawValue),
                             status: .created)
    }

    /// `POST /feedback`: stores a reaction to a job a request showed (201).
    func feedback(_ request: Request) async throws -> Response {
        let input = try await body.decode(FeedbackRequestBody.self, from: request)
        guard let event = FeedbackEventKind(rawValue: input.event) else {
            throw APIError(.unprocessableContent, "invalid_field",
                           "field 'event' must be one of \(FeedbackEventKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let stored = try await server.store.recordEvent(requestID: input.requestID, jobID: input.jobID, event: event, reason: input.reason)
        return try Self.json(FeedbackResponse(id: stored.id, requestID: stored.requestID, jobID: stored.jobID, event: stored.event.rawValue),
                             status: .created)
    }

    /// `GET /explain?request_id=…&job_id=…`: why a job was ranked where it was, as recorded when it
    /// was shown — rank, scores, the order's version, the model and index, the skill evidence.
    func explain(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        guard let requestID = query[Substring(ExplainResponse.requestParameter)].map(String.init), !requestID.isEmpty,
              let jobID = query[Substring(ExplainResponse.jobParameter)].map(String.init), !jobID.isEmpty else {
            throw APIError(.unprocessableContent, "invalid_input", "give 'request_id' and 'job_id' as query parameters")
        }
        guard let (stored, result) = try await server.store.shown(requestID: requestID, jobID: jobID) else {
            throw APIError(.notFound, "not_shown", "no such job shown in such a request")
        }
        let names = await server.service.skillNames(Set((result.explanation?.matched.map(\.id) ?? []) + (result.explanation?.missing ?? [])))
        return try Self.json(ExplainResponse(
            requestID: stored.id, jobID: result.jobID, rank: result.rank, shownAt: ISO8601DateFormatter().string(from: stored.createdAt),
            biEncoderScore: result.biEncoderScore, rerankScore: result.rerankScore, rankingVersion: stored.rankingVersion,
            modelVersion: stored.modelVersion, indexVersion: stored.indexVersion, filters: stored.filters,
            matchedSkills: result.explanation?.matched.map { .init(id: $0.id, name: names[$0.id], cvSpans: $0.cvSpans) },
            missingSkills: result.explanation?.missing.map { .init(id: $0, name: names[$0]) }))
    }

    /// `GET /jobs/{id}`.
    /// The id arrives percent-encoded when it holds reserved characters (LinkedIn's ids are URLs,
    /// Indeed's and Glassdoor's have a colon): it is decoded before the lookup.
    func job(_ id: String) async throws -> Response {
        guard let job = try await server.service.job(id: id.removingPercentEncoding ?? id) else {
            throw APIError(.notFound, "unknown_job", "no job with this id")
        }
        return try Self.json(job)
    }

    /// `GET /health`: 200 with the serving versions.
    func health() async throws -> Response {
        let status = await server.service.status()
        return try Self.json(HealthResponse(status: "ok", modelVersion: status.modelVersion,
                                            indexVersion: status.indexVersion, indexSize: status.indexSize))
    }

    /// `GET /metrics`: Prometheus text.
    func metricsText() async -> Response {
        let text = server.metrics.render(status: await server.service.status())
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return json(try encoder.encode(value), status: status)
    }

    static func json(_ data: Data, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
