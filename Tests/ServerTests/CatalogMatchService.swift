import Foundation
import Matching
import Server
import Synchronization

/// The in-test matcher: a fixed catalogue of jobs scored by the share of a job's skills that
/// the CV text names. Deterministic, no model; `delay` makes requests slow (shutdown tests).
struct CatalogMatchService: MatchService {
    struct Job: Sendable {
        var detail: JobDetail
        var skills: [String]
    }

    static let jobs: [Job] = [
        Job(detail: JobDetail(jobID: "job-swift", title: "iOS Engineer", company: "Acme", location: "Berlin", country: "DE",
                              level: "senior", remote: true, skills: ["swift", "ios", "git"], summary: "Build the app."),
            skills: ["swift", "ios", "git"]),
        Job(detail: JobDetail(jobID: "job-nurse", title: "ICU Nurse", company: "City Hospital", location: "Boston, MA",
                              country: "US", level: "mid", remote: false, skills: ["triage", "icu", "bls"]),
            skills: ["triage", "icu", "bls"]),
        Job(detail: JobDetail(jobID: "job-data", title: "Data Engineer", company: "Initech", location: "Austin, TX", country: "US",
                              level: "senior", remote: true, skills: ["python", "sql", "spark", "git"]),
            skills: ["python", "sql", "spark", "git"]),
        Job(detail: JobDetail(jobID: "job-welder", title: "Welder", company: "Forge & Co", location: "Leeds", country: "GB",
                              level: "entry", remote: false, skills: ["tig", "mig"]),
            skills: ["tig", "mig"]),
    ]

    static let cvs = ["cv-ada": "Python and SQL on Spark, some Swift. Git daily."]

    var delay: Duration = .zero
    var failure: (any Error)?
    /// Whether `POST /match/job` finds CVs (else it answers as a workspace without a CV index).
    var offersCandidates = false

    /// The CVs of `cvs` for a job of `jobs`, scored by the share of the job's skills the CV names.
    func candidates(_ query: CandidateQuery) async throws -> CandidateOutcome {
        guard offersCandidates else { throw MatchServiceError(.unavailable, "no CV index") }
        guard case .id(let id) = query.job, let job = Self.jobs.first(where: { $0.detail.jobID == id }) else {
            throw MatchServiceError(.unknownJob, "no job with this id")
        }
        let results = Self.cvs.sorted { $0.key < $1.key }.enumerated().map { i, cv in
            let shows = job.skills.filter { cv.value.lowercased().contains($0) }
            return CandidateResult(rank: i + 1, cvID: cv.key, headline: nil, location: nil, yearsExperience: nil,
                                   score: Float(shows.count) / Float(job.skills.count), rerankScore: nil,
                                   matchedSkills: shows.map { SkillEvidence(id: $0, name: $0, idf: 1) },
                                   missingSkills: job.skills.filter { !shows.contains($0) }.map { SkillRef(id: $0, name: $0, idf: 1) })
        }
        let response = CandidateResponse(jobID: id, title: job.detail.title, model: "catalog", modelFingerprint: "1", index: "catalog-cvs",
                                         indexCVs: Self.cvs.count, candidates: results.count, ranking: .retrieval, rerankerFingerprint: nil,
                                         results: results)
        return CandidateOutcome(response: response, modelVersion: "catalog@1", indexVersion: "catalog-cvs@1")
    }
    /// Counts calls to `match` as they start (the shutdown test waits for one in flight).
    let started = CallCounter()

    func match(_ query: MatchQuery) async throws -> MatchOutcome {
        started.increment()
        if delay > .zero { try await Task.sleep(for: delay) }
        if let failure { throw failure }
        let text: String
        switch query.cv {
        case .text(let value): text = value
        case .id(let id):
            guard let value = Self.cvs[id] else { throw MatchServiceError(.unknownCV, "no CV with this id") }
            text = value
        }
        let words = Set(text.lowercased().split { !$0.isLetter }.map(String.init))
        let results = Self.jobs
            .filter { job in
                (query.filters.country.map { $0 == job.detail.country } ?? true)
                    && (query.filters.remote.map { $0 == job.detail.remote } ?? true)
                    && (query.filters.level.map { $0 == job.detail.level } ?? true)
            }
            .map { job -> MatchResult in
                let matched = job.skills.filter(words.contains)
                return MatchResult(rank: 0, jobID: job.detail.jobID, title: job.detail.title, company: job.detail.company,
                                   location: job.detail.location, country: job.detail.country, level: job.detail.level,
                                   url: job.detail.url, score: Float(matched.count) / Float(job.skills.count),
                                   rerankScore: matched.isEmpty ? nil : Float(matched.count),
                                   matchedSkills: matched.map { SkillEvidence(id: $0, name: $0, idf: 1) },
                                   missingSkills: job.skills.filter { !words.contains($0) }.map { SkillRef(id: $0, name: $0, idf: 1) })
            }
            .sorted { ($0.score, $1.jobID) > ($1.score, $0.jobID) }
        let ranked = results.prefix(query.top).enumerated().map { i, r in var r = r; r.rank = i + 1; return r }
        return MatchOutcome(results: ranked, modelVersion: "catalog@1", indexVersion: "catalog-index@1", rankingVersion: "fused@catalog")
    }

    func job(id: String) async throws -> JobDetail? {
        Self.jobs.first { $0.detail.jobID == id }?.detail
    }

    func status() async -> ServiceStatus {
        ServiceStatus(modelVersion: "catalog@1", indexVersion: "catalog-index@1", indexSize: Self.jobs.count)
    }
}

final class CallCounter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
