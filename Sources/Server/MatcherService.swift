import Dispatch
import Foundation
import JobMatchCore
import Matching

/// The `MatchService` the server runs: the Matching module's `Matcher` over the workspace's
/// model, index and jobs table, loaded once and shared read-only by every request.
///
/// Matches run one at a time on a dedicated queue, off the server's event loops (an encode
/// already uses every BLAS thread; running two at once would only make both slower).
public final class MatcherService: MatchService, @unchecked Sendable {
    let matcher: Matcher
    let cvsTable: URL
    private let queue = DispatchQueue(label: "jobmatch.matcher")

    public init(matcher: Matcher, cvsTable: URL) {
        self.matcher = matcher
        self.cvsTable = cvsTable
    }

    /// Loads the matcher for a workspace.
    public convenience init(workspace: Workspace) throws {
        try self.init(matcher: Matcher(workspace: workspace), cvsTable: workspace.cvsTable)
    }

    private func offLoop<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { c in
            queue.async { c.resume(with: Result { try body() }) }
        }
    }

    public func match(_ q: MatchQuery) async throws -> MatchOutcome {
        try await offLoop { [matcher, cvsTable] in
            let cv: CVQuery
            do {
                switch q.cv {
                case .text(let t): cv = try matcher.cvBuilder.query(text: t)
                case .id(let id): cv = try CVQueryBuilder.query(cvID: id, table: cvsTable)
                }
            } catch let e as MatchingError {
                switch e.kind {
                case .unknownID: throw MatchServiceError(.unknownCV, "no CV with this id")
                case .invalidArgument: throw MatchServiceError(.invalidInput, "the CV has no text")
                default: throw e
                }
            }
            let o = MatchOptions(top: q.top, candidates: max(100, q.top), country: q.filters.country, level: q.filters.level,
                                 remote: q.filters.remote ?? false)
            let r = try matcher.match(cv, options: o)
            let results = r.results.map { m in
                Server.MatchResult(jobID: m.jobID, title: m.title, company: m.company ?? "", location: m.location ?? "",
                                   score: Double(m.score), rerankScore: m.rerankScore.map(Double.init),
                                   matchedSkills: m.matchedSkills.map(\.name), missingSkills: m.missingSkills.map(\.name))
            }
            return MatchOutcome(results: results, modelVersion: "\(r.model)@\(r.modelFingerprint)",
                                indexVersion: "\(r.index)@\(r.indexCreated)")
        }
    }

    public func job(id: String) async throws -> JobDetail? {
        guard let row = matcher.catalog.rowByID[id] else { return nil }
        let j = matcher.catalog.jobs[row]
        let remote = (j.location?.lowercased().contains("remote") ?? false) || (j.type?.lowercased().contains("remote") ?? false)
        return JobDetail(jobID: j.jobID, title: j.title, company: j.company ?? "", location: j.location ?? "", country: j.country,
                         level: j.level, remote: remote, url: j.url, skills: j.skills.compactMap { matcher.skillName($0) }, summary: nil)
    }

    public func status() async -> ServiceStatus {
        ServiceStatus(modelVersion: "\(matcher.modelURL.lastPathComponent)@\(matcher.modelFingerprint)",
                      indexVersion: "\(matcher.indexURL.lastPathComponent)@\(matcher.info.created)", indexSize: matcher.index.count)
    }
}
