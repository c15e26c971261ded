import Alerts
import Dispatch
import Foundation
import JobMatchCore
import Logging
import Matching
import VectorIndex

/// The `MatchService` the server runs: the Matching module's `Matcher` over the workspace's
/// model, index and jobs table, loaded once and shared read-only by every request.
///
/// Matches run one at a time on a dedicated queue, off the server's event loops (an encode
/// already uses every BLAS thread; running two at once would only make both slower).
///
/// When the workspace's index is rebuilt (`jobmatch retrain` promoted a model and re-indexed, or
/// `jobmatch index` ran), ``reloadIfChanged()`` loads the new matcher beside the old one and
/// switches to it; a request uses the matcher it started with from start to end.
public final class MatcherService: MatchService, @unchecked Sendable {
    private let lock = NSLock()
    private var loaded: Matcher
    let cvsTable: URL
    private let workspace: Workspace?
    private let queue = DispatchQueue(label: "jobmatch.matcher")
    private let reloadQueue = DispatchQueue(label: "jobmatch.matcher.reload")
    /// `index/segment.jsonl` (what `jobmatch watch` added), searched beside the index; nil without a workspace.
    let segment: SegmentFollower?

    /// The matcher requests starting now use.
    var matcher: Matcher { lock.withLock { loaded } }

    public init(matcher: Matcher, cvsTable: URL) {
        self.loaded = matcher
        self.cvsTable = cvsTable
        self.workspace = nil
        self.segment = nil
    }

    /// Loads the matcher for a workspace.
    public init(workspace: Workspace) throws {
        self.loaded = try Matcher(workspace: workspace)
        self.cvsTable = workspace.cvsTable
        self.workspace = workspace
        self.segment = SegmentFollower(url: workspace.indexSegment)
    }

    /// Loads the workspace's matcher again if the index side file no longer describes the loaded
    /// index (the side file is written last, after the index and the encoded table), or the
    /// reranker folder or its recorded order changed (`Matcher.rerankerStamp`). Returns
    /// whether it switched. A load that fails (a retrain between its model swap and its re-index:
    /// the new weights do not match the old index) keeps the current matcher and throws.
    public func reloadIfChanged() async throws -> Bool {
        guard let workspace else { return false }
        return try await withCheckedThrowingContinuation { c in
            reloadQueue.async { [self] in
                c.resume(with: Result {
                    try DurableFileSet.settle(containing: workspace.jobsIndex)  // a merge's switch a crash left half done
                    guard try IndexInfo.read(forIndex: workspace.jobsIndex) != matcher.info
                        || Matcher.rerankerStamp(workspace) != matcher.rerankerStamp else { return false }
                    let fresh = try Matcher(workspace: workspace)
                    lock.withLock { loaded = fresh }
                    return true
                })
            }
        }
    }

    private func offLoop<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { c in
            queue.async { c.resume(with: Result { try body() }) }
        }
    }

    public func match(_ q: MatchQuery) async throws -> MatchOutcome {
        let matcher = self.matcher
        let segment = self.segment
        return try await offLoop { [cvsTable] in
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
            let o = MatchOptions(top: q.top, country: q.filters.country, level: q.filters.level,
                                 remote: q.filters.remote ?? false)
            // The segment's postings (newer than the index's) rank among the index's candidates under every order.
            let r = try matcher.match(cv, options: o, additions: segment?.additions(base: matcher.info.created) ?? [])
            if let error = segment?.newError() {  // once per problem: what was read before it is still served
                Logger(label: "jobmatch.segment").warning("segment read up to a bad line", metadata: ["error": "\(error)"])
            }
            return MatchOutcome(results: r.results, modelVersion: "\(r.model)@\(r.modelFingerprint)",
                                indexVersion: "\(r.index)@\(r.indexCreated)", cvText: cv.embeddingText, rankingVersion: r.rankingVersion)
        }
    }

    /// The CV index's matcher over the loaded jobs matcher, made on first use and again after a
    /// reload or when the CV index's side file changed (the cvindex stage ran alone); nil while
    /// the workspace has none: `candidates` answers 503.
    private var loadedCandidates: CandidateMatcher?

    private func candidateMatcher(_ matcher: Matcher) throws -> CandidateMatcher {
        guard let workspace, FileManager.default.fileExists(atPath: workspace.cvsIndex.path) else {
            throw MatchServiceError(.unavailable, "no CV index")
        }
        if let c = lock.withLock({ loadedCandidates }), c.matcher === matcher,
           (try? IndexInfo.read(forIndex: workspace.cvsIndex)) == c.info { return c }
        let c = try CandidateMatcher(workspace: workspace, matcher: matcher)
        lock.withLock { loadedCandidates = c }
        return c
    }

    public func candidates(_ q: CandidateQuery) async throws -> CandidateOutcome {
        let matcher = self.matcher
        return try await offLoop { [self] in
            let candidates = try candidateMatcher(matcher)
            let job: JobQuery
            do {
                switch q.job {
                case .id(let id): job = try candidates.query(jobID: id)
                case .text(let t): job = try candidates.query(jobText: t)
                }
            } catch let e as MatchingError {
                switch e.kind {
                case .unknownID: throw MatchServiceError(.unknownJob, "no job with this id")
                case .invalidArgument: throw MatchServiceError(.invalidInput, "the job has no title")
                default: throw e
                }
            }
            let r = try candidates.match(job, options: MatchOptions(top: q.top))
            return CandidateOutcome(response: r, modelVersion: "\(r.model)@\(r.modelFingerprint)",
                                    indexVersion: "\(r.index)@\(candidates.info.created)")
        }
    }

    public func skillNames(_ ids: Set<String>) async -> [String: String] {
        let matcher = self.matcher
        return Dictionary(uniqueKeysWithValues: ids.compactMap { id in matcher.skillName(id).map { (id, $0) } })
    }

    public func job(id: String) async throws -> JobDetail? {
        let matcher = self.matcher
        let fromSegment = segment?.current().entries.last { $0.job.jobID == id }?.job
        guard let j = fromSegment ?? matcher.catalog.rowByID[id].map({ matcher.catalog.jobs[$0] }) else { return nil }
        return JobDetail(jobID: j.jobID, title: j.title, company: j.company ?? "", location: j.location ?? "", country: j.country,
                         level: j.level, remote: j.isRemote, url: j.url, skills: j.skills.compactMap { matcher.skillName($0) }, summary: nil)
    }

    public func status() async -> ServiceStatus {
        let matcher = self.matcher
        return ServiceStatus(modelVersion: "\(matcher.modelURL.lastPathComponent)@\(matcher.modelFingerprint)",
                      indexVersion: "\(matcher.indexURL.lastPathComponent)@\(matcher.info.created)", indexSize: matcher.index.count)
    }
}
