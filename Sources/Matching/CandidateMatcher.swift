import Foundation
import Enrichment
import JobMatchCore
import Tables
import VectorIndex

/// A job as the candidate matcher reads it: the text the encoder sees as a passage, and the
/// skills it asks for.
public struct JobQuery: Sendable {
    public var job: JobCatalog.Job
    /// The job's embedding text (the jobs table's, or a pasted posting run through processing).
    public var embeddingText: String
    /// Whether the job is a row of the jobs table (false for a pasted posting).
    public var indexed: Bool
}

/// Matching in the other direction: a job in, the CVs of `index/cvs.faiss` out, each explained
/// from the job's side (`CVIndexer` builds that index from the CVs open to recruiters).
///
/// Built on the jobs `Matcher` — its encoder, skill weights, explanations and reranker — so a
/// (CV, job) pair gets the same score and the same matched and missing skills whichever side
/// asks: the job is encoded as a passage (the vector the jobs index holds for it) and searched
/// against CV vectors encoded as queries.
///
/// ```swift
/// let candidates = try CandidateMatcher(workspace: ws, matcher: Matcher(workspace: ws))
/// let response = try candidates.match(try candidates.query(jobID: id), options: MatchOptions(top: 10))
/// ```
public final class CandidateMatcher: @unchecked Sendable {
    public let matcher: Matcher
    public let index: FlatInnerProductIndex
    public let indexURL: URL
    public let info: IndexInfo
    /// Index row → the CV it holds.
    let cvs: [CVRow]
    let jobTexts: JobsTable.TextLookup
    let finisher: JobFinisher

    /// - Throws: `MatchingError` naming `index/cvs.faiss` when it is missing or was built with
    ///   another model than the jobs index.
    public init(workspace ws: Workspace, matcher: Matcher) throws {
        self.matcher = matcher
        indexURL = ws.cvsIndex
        guard FileManager.default.fileExists(atPath: indexURL.path) else {
            throw MatchingError(.io, path: indexURL.path, "no CV index (run `jobmatch pipeline`: its cvindex stage builds it)")
        }
        info = try IndexInfo.read(forIndex: indexURL)
        guard info.modelFingerprint == matcher.info.modelFingerprint, info.dimension == matcher.info.dimension else {
            throw MatchingError(.inconsistent, path: indexURL.path,
                                "was built with \(info.model) (\(info.modelFingerprint)), the jobs index with \(matcher.info.model) "
                                + "(\(matcher.info.modelFingerprint)); run `jobmatch pipeline` to rebuild it")
        }
        index = try FlatInnerProductIndex(contentsOf: indexURL)
        let encoded = ws.tables.appendingPathComponent(info.sourceTable)
        let ids = info.count == 0 ? [] : try EncodedJobsTable.jobIDs(encoded, idColumn: CVsTable.Column.cvID.rawValue)
        guard ids.count == index.count else {
            throw MatchingError(.inconsistent, path: encoded.path, "has \(ids.count) rows, the index \(index.count) (run `jobmatch pipeline`)")
        }
        var byID: [String: CVRow] = [:]
        let wanted = Set(ids)
        try CVsTable.forEachRowGroup(ws.cvsTable, columns: [.cvID, .headline, .location, .yearsExperience, .skills, .skillSpans,
                                                            .embeddingText, .openToRecruiters]) { rows in
            for r in rows where wanted.contains(r.cvID) { byID[r.cvID] = r }
        }
        // A CV no longer in the table, or no longer open to recruiters, is never shown.
        cvs = ids.map { byID[$0].flatMap { $0.openToRecruiters ? $0 : nil } ?? CVRow() }
        jobTexts = try JobsTable.TextLookup(table: ws.jobsTable)
        finisher = JobFinisher(matcher: matcher.cvBuilder.matcher, templates: try EmbeddingTemplates(), language: nil)
    }

    /// CVs the index holds.
    public var count: Int { index.count }

    /// The job with this id from the jobs table.
    /// - Throws: `MatchingError.unknownID` naming the id and the table.
    public func query(jobID: String) throws -> JobQuery {
        guard let row = matcher.catalog.rowByID[jobID] else {
            throw MatchingError(.unknownID, path: jobTexts.url.path, "no job with id '\(jobID)'")
        }
        return JobQuery(job: matcher.catalog.jobs[row], embeddingText: try jobTexts.texts(rows: [row])[0], indexed: true)
    }

    /// A pasted posting, run through processing's own `JobFinisher` (skills, template): the first
    /// line is its title, the rest its description.
    /// - Throws: `MatchingError.invalidArgument` for a posting with no text.
    public func query(jobText raw: String) throws -> JobQuery {
        let lines = raw.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: true)
        guard let first = lines.first else { throw MatchingError(.invalidArgument, "the job has no text") }
        let posting = JobPosting(jobID: "", source: .linkedin, title: String(first), summary: lines.count > 1 ? String(lines[1]) : nil)
        guard case .success(let f) = finisher.finish(posting) else { throw MatchingError(.invalidArgument, "the job has no title") }
        let r = f.row
        let job = JobCatalog.Job(jobID: "", title: r.title, company: nil, location: nil, country: nil, level: nil, type: nil, url: nil,
                                 skills: r.skills)
        return JobQuery(job: job, embeddingText: r.embeddingText, indexed: false)
    }

    /// The job's vector at the index's dimension: as `JobIndexer` encoded it.
    public func embed(_ job: JobQuery) throws -> [Float] {
        let d = info.dimension < matcher.encoder.dimension ? info.dimension : nil
        return try matcher.encoder.encode([job.embeddingText], role: .passage, dimension: d, maxSeqLength: matcher.info.maxSeqLength)[0]
    }

    /// Retrieves, ranks and explains the best CVs for a job (`options.top`, `.candidates`,
    /// `.ranking`; the job filters of `MatchOptions` do not apply). Without a candidate count it
    /// retrieves `MatchOptions.defaultCandidates`: the count `ranking.json` records was measured
    /// for jobs ranked for a CV, not this direction.
    /// - Throws: `MatchingError.invalidArgument` for top or candidates below 1.
    public func match(_ job: JobQuery, options o: MatchOptions) throws -> CandidateResponse {
        guard o.top >= 1, (o.candidates ?? 1) >= 1 else { throw MatchingError(.invalidArgument, "top and candidates must be at least 1") }
        let hits = index.count == 0 ? [] : try index.search(try embed(job), k: max(o.top, o.candidates ?? MatchOptions.defaultCandidates))
        let found = hits.filter { $0.id >= 0 && Int($0.id) < cvs.count && !cvs[Int($0.id)].cvID.isEmpty }
        // The hybrid order was measured for jobs ranked for a CV and needs BM25 statistics of the
        // corpus, which are kept for the jobs only: in this direction it is retrieval's order.
        var ranking = matcher.ranking(o)
        if ranking == .hybrid { ranking = .retrieval }
        var logits = [Float](repeating: 0, count: found.count)
        if let reranker = matcher.reranker, ranking.needsReranker, !found.isEmpty {
            logits = try reranker.logits(queries: found.map { cvs[Int($0.id)].embeddingText }, document: job.embeddingText)
        }
        let order = CrossEncoderReranker.order(ranking: ranking, biScores: found.map(\.score), logits: logits)
        var results: [CandidateResult] = []
        for i in order.prefix(o.top) {
            let cv = cvs[Int(found[i].id)]
            let query = CVQuery(cvID: cv.cvID, text: "", embeddingText: cv.embeddingText, skills: cv.skills, spans: SkillSpan.bySkill(cv.skillSpans))
            let e = matcher.explain(query, job: job.job, score: found[i].score)
            let rerank = ranking.needsReranker ? matcher.reranker.map { $0.score(logits[i]) } : nil
            results.append(CandidateResult(rank: results.count + 1, cvID: cv.cvID, headline: cv.headline, location: cv.location,
                                           yearsExperience: cv.yearsExperience, score: found[i].score, rerankScore: rerank,
                                           matchedSkills: e.matchedSkills, missingSkills: e.missingSkills))
        }
        return CandidateResponse(jobID: job.indexed ? job.job.jobID : nil, title: job.job.title, model: matcher.modelURL.lastPathComponent,
                                 modelFingerprint: matcher.modelFingerprint, index: indexURL.lastPathComponent, indexCVs: index.count,
                                 candidates: hits.count, ranking: ranking,
                                 rerankerFingerprint: ranking.needsReranker ? matcher.reranker?.fingerprint : nil, results: results)
    }
}
