import Matching

/// What the server asks of the matcher: ranked jobs for a CV, a job by id, and what is serving.
///
/// The Matching module implements it (bi-encoder retrieval over the index, cross-encoder
/// rerank, skill explanations); the server only composes it with the feedback store. It is
/// shared by every request, so implementations hold the model, index and jobs table read-only
/// and run the encoder off the event loop.
public protocol MatchService: Sendable {
    /// The top jobs for `query`, best first.
    /// - Throws: ``MatchServiceError`` for a request it cannot answer (an unknown CV id, a text
    ///   it cannot encode); anything else is answered as a 500.
    func match(_ query: MatchQuery) async throws -> MatchOutcome

    /// The job with `id`, or nil when the jobs table has none.
    func job(id: String) async throws -> JobDetail?

    /// The serving model and index, for `/health` and `/metrics`.
    func status() async -> ServiceStatus

    /// The other direction: the best CVs (those open to recruiters) for a job, best first.
    /// - Throws: ``MatchServiceError`` (`.unknownJob`, `.invalidInput`, `.unavailable` when
    ///   the workspace has no CV index).
    func candidates(_ query: CandidateQuery) async throws -> CandidateOutcome

    /// Display names of these skill ids in the serving vocabulary (ids it lacks are left out).
    func skillNames(_ ids: Set<String>) async -> [String: String]
}

extension MatchService {
    /// A service without a vocabulary names no skill.
    public func skillNames(_ ids: Set<String>) async -> [String: String] { [:] }

    /// A service without a CV index answers 503.
    public func candidates(_ query: CandidateQuery) async throws -> CandidateOutcome {
        throw MatchServiceError(.unavailable, "no CV index")
    }
}

/// A job to find CVs for: a job id of `tables/jobs.parquet`, or a posting's text.
public struct CandidateQuery: Sendable, Equatable {
    public enum Job: Sendable, Equatable {
        case id(String)
        case text(String)
    }

    public var job: Job
    public var top: Int

    public init(job: Job, top: Int = MatchQuery.defaultTop) {
        self.job = job
        self.top = top
    }
}

/// The CVs found for a job, with the versions that found them.
public struct CandidateOutcome: Sendable, Equatable {
    public var response: CandidateResponse
    public var modelVersion: String
    public var indexVersion: String

    public init(response: CandidateResponse, modelVersion: String, indexVersion: String) {
        self.response = response
        self.modelVersion = modelVersion
        self.indexVersion = indexVersion
    }
}

/// A CV to match: pasted text or a CV id of `tables/cvs.parquet`.
public struct MatchQuery: Sendable, Equatable {
    public enum CV: Sendable, Equatable {
        case text(String)
        case id(String)
    }

    public var cv: CV
    public var filters: MatchFilters
    /// How many results to return (1…``MatchQuery/maxTop``).
    public var top: Int

    public static let defaultTop = 10
    public static let maxTop = 100

    public init(cv: CV, filters: MatchFilters = MatchFilters(), top: Int = defaultTop) {
        self.cv = cv
        self.filters = filters
        self.top = top
    }
}

/// What the matcher found, with the versions that found it (recorded with the request).
public struct MatchOutcome: Sendable, Equatable {
    public var results: [MatchResult]
    public var modelVersion: String
    public var indexVersion: String
    /// The text the model read for the CV (its embedding text: skills found, then the text), what
    /// a consented request keeps so feedback trains on the same input `match` encodes; nil when
    /// the service has none (the pasted text is kept instead).
    public var cvText: String?
    /// The order the results are in: `retrieval`, or `fused@<reranker fingerprint>` (nil: not said).
    public var rankingVersion: String?

    public init(results: [MatchResult], modelVersion: String, indexVersion: String, cvText: String? = nil, rankingVersion: String? = nil) {
        self.results = results
        self.modelVersion = modelVersion
        self.indexVersion = indexVersion
        self.cvText = cvText
        self.rankingVersion = rankingVersion
    }
}

/// The serving model and index.
public struct ServiceStatus: Sendable, Equatable {
    public var modelVersion: String
    public var indexVersion: String
    /// Jobs in the index.
    public var indexSize: Int

    public init(modelVersion: String, indexVersion: String, indexSize: Int) {
        self.modelVersion = modelVersion
        self.indexVersion = indexVersion
        self.indexSize = indexSize
    }
}

/// A request the matcher cannot answer; the server maps each kind to a 4xx.
public struct MatchServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// `cv_id` names no CV of the table (404).
        case unknownCV
        /// `job_id` names no job of the table (404).
        case unknownJob
        /// The input cannot be matched, e.g. a text with no words (422).
        case invalidInput
        /// The model or index is not loaded (503).
        case unavailable
    }

    public var kind: Kind
    /// One line, without CV text.
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
