import Foundation
import JobMatchCore
import Tables
import Transformers
import VectorIndex

/// Ranks the corpus for every query of an `EvaluationSet` and scores the rankings with
/// `RetrievalMetrics`: a dense model at one or more (Matryoshka) dimensions, or BM25.
public struct RetrievalEvaluator {
    /// One evaluated system: its name (`model`, `model@256`, `bm25`) and metrics.
    public struct Result: Sendable {
        public var name: String
        public var metrics: RetrievalMetrics
        public var seconds: Double
        /// The metrics of each group of queries (occupation or category), when the set has groups.
        public var byGroup: [String: RetrievalMetrics] = [:]
        /// Each query's scores, in the set's order (for paired comparisons).
        public var perQuery: [[String: Double]] = []
    }

    /// The result of per-query scores: their means with intervals, and the same by group.
    public func result(_ name: String, _ per: [[String: Double]], seconds: Double) -> Result {
        var groups: [String: [[String: Double]]] = [:]
        for (i, g) in set.groups.enumerated() { if let g { groups[g, default: []].append(per[i]) } }
        return Result(name: name, metrics: .mean(per), seconds: seconds, byGroup: groups.mapValues { .mean($0) }, perQuery: per)
    }

    public let set: EvaluationSet
    public var maxSeqLength: Int?
    public var batchSize = 32
    /// The jobs' vectors can be reused from this table when its fingerprint matches the model.
    public var encodedCorpus: URL?
    /// When the corpus is the jobs table: vectors cached per model (`EncodedJobsCache`), looked up
    /// before encoding and added to after.
    public var jobsCache: EncodedJobsCache?
    public static let depth = 100

    public init(set: EvaluationSet, maxSeqLength: Int? = nil) {
        self.set = set
        self.maxSeqLength = maxSeqLength
    }

    /// An evaluator of a workspace's held-out set that reuses the job vectors the workspace
    /// already has: the index's encoded table and the per-model cache (`tables/encoded/`).
    public init(set: EvaluationSet, workspace ws: Workspace, maxSeqLength: Int? = nil) {
        self.init(set: set, maxSeqLength: maxSeqLength)
        encodedCorpus = ws.jobsEncodedTable
        jobsCache = EncodedJobsCache(folder: ws.encodedJobsCache)
    }

    /// Evaluates a sentence-transformers model folder at each dimension (nil: the model's own).
    /// - Parameter progress: (stage, done, total).
    public func dense(model url: URL, name: String, dims: [Int]? = nil, progress: @escaping (String, Int, Int) -> Void = { _, _, _ in }) throws -> [Result] {
        let started = Date()
        let (encoder, corpus, queries) = try encode(model: url, name: name, progress: progress)
        let d = encoder.dimension
        let dims = dims ?? [d]
        for x in dims where x < 1 || x > d {
            throw EvaluationError.invalidSetting("dimension \(x) not in 1...\(d) (\(url.lastPathComponent)'s dimension)")
        }
        let encodeSeconds = Date().timeIntervalSince(started)
        return try dims.map { dim in
            let t0 = Date()
            let hits = try search(corpus: corpus, queries: queries, from: d, to: dim)
            let per = hits.enumerated().map { i, h in set.score(query: i, ranked: h.map { Int($0.id) }) }
            return result(dim == d ? name : "\(name)@\(dim)", per, seconds: encodeSeconds + Date().timeIntervalSince(t0))
        }
    }

    /// Each query's ranking by a dense model at its own dimension: the top `depth` corpus rows with
    /// their cosine, best first (what a reranker reorders).
    public func denseRankings(model url: URL, name: String, progress: @escaping (String, Int, Int) -> Void = { _, _, _ in })
        throws -> [[(row: Int, score: Float)]] {
        let (encoder, corpus, queries) = try encode(model: url, name: name, progress: progress)
        return try search(corpus: corpus, queries: queries, from: encoder.dimension, to: encoder.dimension)
            .map { $0.map { (Int($0.id), $0.score) } }
    }

    /// The model, the corpus vectors and the query vectors. Jobs are passages (reused from
    /// `encodedCorpus` or `jobsCache` when they hold this model's), CVs queries, whichever side
    /// of the set they are on (`EvaluationSet.Direction`).
    func encode(model url: URL, name: String, progress: @escaping (String, Int, Int) -> Void) throws -> (SentenceEncoder, [Float], [Float]) {
        let encoder = try SentenceEncoder(directory: url)
        let fingerprint = try ModelFingerprint.of(modelDirectory: url)
        let (jobs, cvs) = set.direction == .jobsForCV ? (set.corpus, set.queries) : (set.queries, set.corpus)
        let (jobSide, cvSide) = set.direction == .jobsForCV ? ("corpus", "queries") : ("queries", "corpus")
        let jobVectors: [Float]
        if let t = encodedCorpus, let v = EncodedJobsTable.vectors(t, fingerprint: fingerprint, ids: jobs.ids, dimension: encoder.dimension) {
            jobVectors = v
        } else {
            jobVectors = try Embeddings.encodeJobs(
                encoder, ids: jobs.ids, texts: jobs.texts, maxSeqLength: maxSeqLength, batchSize: batchSize,
                cache: jobsCache, fingerprint: fingerprint, model: url.lastPathComponent
            ) { progress("\(name): encode \(jobSide)", $0, jobs.count) }.vectors
        }
        let cvVectors = try Embeddings.encode(encoder, cvs.texts, role: .query, maxSeqLength: maxSeqLength, batchSize: batchSize) {
            progress("\(name): encode \(cvSide)", $0, cvs.count)
        }
        return set.direction == .jobsForCV ? (encoder, jobVectors, cvVectors) : (encoder, cvVectors, jobVectors)
    }

    /// Exact search of the queries in the corpus at dimension `dim` (re-normalised when cut).
    func search(corpus: [Float], queries: [Float], from d: Int, to dim: Int) throws -> [[SearchHit]] {
        let c = UnitVectors.truncate(corpus, from: d, to: dim, normalize: dim != d)
        let q = UnitVectors.truncate(queries, from: d, to: dim, normalize: dim != d)
        let index = try FlatInnerProductIndex(vectors: c, ids: (0..<Int64(set.corpus.count)).map { $0 }, dimension: dim)
        return try index.search(batch: q, k: min(Self.depth, set.corpus.count))
    }

    /// BM25 Okapi over the corpus texts, the query texts as queries.
    public func bm25() -> Result {
        let started = Date()
        let index = BM25(documents: set.corpus.texts)
        let per = set.queries.texts.enumerated().map { i, q in
            set.score(query: i, ranked: index.search(q, k: Self.depth).map(\.doc))
        }
        return result("bm25", per, seconds: Date().timeIntervalSince(started))
    }

    /// A dense model's top `candidates` rows of each query reordered by reciprocal rank fusion with
    /// BM25 over the corpus texts (`LexicalFusion`: what `match --ranking hybrid` serves); rows past
    /// the candidates keep the dense order (100: what `match` retrieves when no rerank stage recorded
    /// another count). Named `<name>+bm25`.
    public func hybrid(model url: URL, name: String, candidates: Int = 100,
                       progress: @escaping (String, Int, Int) -> Void = { _, _, _ in }) throws -> Result {
        let started = Date()
        let rankings = try denseRankings(model: url, name: name, progress: progress)
        let stats = BM25.Statistics(documents: set.corpus.texts)
        let per = rankings.enumerated().map { q, ranked in
            set.score(query: q, ranked: Self.fused(ranked.map(\.row), query: set.queries.texts[q], candidates: candidates,
                                                   statistics: stats, texts: set.corpus.texts))
        }
        return result("\(name)+bm25", per, seconds: Date().timeIntervalSince(started))
    }

    /// `rows` (dense order) with the first `candidates` reordered by `LexicalFusion`.
    static func fused(_ rows: [Int], query: String, candidates: Int, statistics: BM25.Statistics, texts: [String]) -> [Int] {
        let top = Array(rows.prefix(candidates))
        let order = LexicalFusion.order(bm25: statistics.scores(query, documents: top.map { texts[$0] }))
        return order.map { top[$0] } + rows.dropFirst(top.count)
    }

    /// `{"model": {"metric": value, "metric low": …, "metric high": …}}` for `--json`: each mean
    /// with the ends of its 95% bootstrap interval.
    public static func json(_ results: [Result]) -> [String: [String: Double]] {
        Dictionary(results.map { r in
            var v = r.metrics.values
            for (k, i) in r.metrics.intervals where i.count == 2 { v["\(k) low"] = i[0]; v["\(k) high"] = i[1] }
            return (r.name, v)
        }, uniquingKeysWith: { a, _ in a })
    }
}
