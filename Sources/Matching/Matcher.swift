import Evaluation
import Foundation
import JobMatchCore
import Tables
import Tensor
import Enrichment
import Skills
import Transformers
import VectorIndex

/// Filters and sizes of one match request.
public struct MatchOptions: Sendable {
    /// Results returned.
    public var top = 10
    /// Jobs retrieved by the bi-encoder before ordering and cutting to `top`; nil: as many as the
    /// rerank stage measured its orders with (`RankingChoice.candidates`), else
    /// `defaultCandidates` — so what is served is what was measured (`Matcher.candidates(_:)`).
    public var candidates: Int?
    /// Candidates when neither the request nor a recorded ranking choice says how many.
    public static let defaultCandidates = 100
    /// Keep only jobs in this country (case-insensitive).
    public var country: String?
    /// Keep only jobs of this level (case-insensitive: "Mid senior", "Associate" …).
    public var level: String?
    /// Keep only remote jobs (location or type says "remote").
    public var remote = false
    /// How candidates are ordered (`rerank` and `fused` need a reranker; without one they are
    /// retrieval); nil: the order the rerank stage measured best (`CrossEncoderReranker.defaultRanking`),
    /// retrieval without a reranker.
    public var ranking: Ranking?

    public init(top: Int = 10, candidates: Int? = nil, country: String? = nil, level: String? = nil, remote: Bool = false,
                ranking: Ranking? = nil) {
        self.top = top
        self.candidates = candidates
        self.country = country
        self.level = level
        self.remote = remote
        self.ranking = ranking
    }
}

/// The matching service: a CV in, the best jobs of the index out, each explained.
///
/// Loads once (model, index memory-mapped, the jobs catalog, skill IDF) and is then read-only, so
/// one matcher serves many requests. Retrieval is inner-product search: exact over every job
/// with the flat index, over the `nprobe` lists nearest the CV with an inverted-file index
/// (`jobmatch index --ivf`).
///
/// ```swift
/// let matcher = try Matcher(workspace: Workspace("workspace"))
/// let cv = try matcher.cvBuilder.query(text: pastedCV)
/// let response = try matcher.match(cv, options: MatchOptions(top: 10, country: "United States"))
/// ```
public final class Matcher: @unchecked Sendable {
    public let encoder: SentenceEncoder
    public let modelURL: URL
    public let modelFingerprint: String
    /// The jobs index: flat, or inverted-file (`IVFIndex`) as `jobmatch index --ivf` builds it.
    public let index: any SearchableIndex
    public let indexURL: URL
    public let info: IndexInfo
    public let catalog: JobCatalog
    /// Catalog row of each index row (nil: the job is no longer in the jobs table).
    let catalogRow: [Int?]
    public let weights: SkillIDF
    public let cvBuilder: CVQueryBuilder
    /// Display names of real skills (vocabulary entries with `isSkill`); explanations show no others.
    let skillNames: [String: String]
    /// The cross-encoder that reorders candidates, when the workspace has one (or one was named).
    public let reranker: CrossEncoderReranker?
    /// What the workspace's reranker folder held when this matcher loaded (`rerankerStamp`), so a
    /// server can tell when the rerank stage replaced it.
    public let rerankerStamp: String?
    /// Job embedding texts for the reranker and BM25, read from the jobs table on demand.
    let jobTexts: JobsTable.TextLookup
    /// BM25 statistics of every job's embedding text (`lexicalStatistics()`), made once.
    private var lexical: BM25.Statistics?
    private let lexicalLock = NSLock()

    /// One retrieved job with its scores, before explanation.
    public struct Candidate: Sendable {
        /// Where the job comes from: a row of `tables/jobs.parquet` (and of `catalog.jobs`), or
        /// one of the request's ``AddedJob``s.
        public enum Source: Sendable, Equatable { case catalog(Int), added(Int) }
        public var source: Source
        /// Bi-encoder cosine.
        public var score: Float
        /// Cross-encoder logit, when a reranker ran.
        public var logit: Float?
    }

    /// - Parameter model: the encoder; default `models/<the index's model name>`, else the newest
    ///   fine-tuned model, else the base. Its weights must be the ones the index was built with.
    /// - Throws: `MatchingError` / `VectorIndexError` naming the missing or mismatched file.
    /// - Parameter reranker: a cross-encoder folder; default `models/reranker` when it exists
    ///   (`useReranker: false` skips it).
    public init(workspace ws: Workspace, model: URL? = nil, reranker: URL? = nil, useReranker: Bool = true) throws {
        indexURL = ws.jobsIndex
        // An index and its side file switched in together (`watch`'s merge) by a process that
        // crashed half-way are finished first; the tables' folder is settled by the Parquet reader.
        try DurableFileSet.settle(containing: indexURL)
        guard FileManager.default.fileExists(atPath: indexURL.path) else {
            throw MatchingError(.io, path: indexURL.path, "no index (run `jobmatch index` first)")
        }
        info = try IndexInfo.read(forIndex: indexURL)
        let built = ws.model(info.model)
        modelURL = try model ?? (FileManager.default.fileExists(atPath: built.appendingPathComponent("model.safetensors").path)
            ? built : ModelLocator.defaultModel(in: ws))
        modelFingerprint = try ModelFingerprint.of(modelDirectory: modelURL)
        try info.checkCompatible(model: modelURL.lastPathComponent, fingerprint: modelFingerprint, indexPath: indexURL.path)
        // Queries at the precision the index's vectors were made with (fp32 for older side files).
        guard let precision = Precision(rawValue: info.precision ?? Precision.fp32.rawValue) else {
            throw MatchingError(.inconsistent, path: IndexInfo.url(forIndex: indexURL).path, "unknown precision '\(info.precision ?? "")'")
        }
        encoder = try SentenceEncoder(directory: modelURL, precision: precision)
        index = try IndexFile.open(indexURL)
        guard index.dimension == info.dimension, index.count == info.count else {
            throw MatchingError(.inconsistent, path: indexURL.path,
                                "holds \(index.count) vectors of dimension \(index.dimension), its side file says \(info.count) × \(info.dimension)")
        }
        catalog = try JobCatalog(table: ws.jobsTable)
        // Index ids are row numbers of the encoded table; its job_id column maps them to jobs.
        let encoded = ws.tables.appendingPathComponent(info.sourceTable)
        let ids = try EncodedJobsTable.jobIDs(encoded)
        guard ids.count == index.count else {
            throw MatchingError(.inconsistent, path: encoded.path, "has \(ids.count) rows, the index \(index.count) (rebuild with `jobmatch index`)")
        }
        let catalog = self.catalog
        catalogRow = ids.map { catalog.rowByID[$0] }
        weights = catalog.skillIDF()
        cvBuilder = try CVQueryBuilder()
        let vocab = cvBuilder.matcher.vocabulary
        skillNames = Dictionary(vocab.skills.filter(\.isSkill).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        rerankerStamp = Self.rerankerStamp(ws)
        let rerankerURL = reranker ?? (useReranker
            && FileManager.default.fileExists(atPath: ws.rerankerModel.appendingPathComponent("model.safetensors").path) ? ws.rerankerModel : nil)
        self.reranker = try rerankerURL.map { try CrossEncoderReranker(directory: $0) }
        jobTexts = try JobsTable.TextLookup(table: ws.jobsTable)
        if self.reranker?.defaultRanking == .hybrid { _ = try lexicalStatistics() }  // not on the first request
    }

    /// The BM25 statistics of every job's embedding text in the jobs table (the hybrid order
    /// weighs its candidates' terms with them): from `tables/jobs.bm25.json` when it was counted
    /// from this table, else one streamed pass, kept there for the next start (`LexicalStatisticsFile`).
    public func lexicalStatistics() throws -> BM25.Statistics {
        lexicalLock.lock()
        defer { lexicalLock.unlock() }
        if let lexical { return lexical }
        let stats = try LexicalStatisticsFile.statistics(for: jobTexts).0
        lexical = stats
        return stats
    }

    /// The workspace reranker's weights (size and modification time) and recorded order, nil
    /// when it has none: it changes whenever the rerank stage or `train-reranker` replaces it.
    public static func rerankerStamp(_ ws: Workspace) -> String? {
        let weights = ws.rerankerModel.appendingPathComponent("model.safetensors")
        guard let a = try? FileManager.default.attributesOfItem(atPath: weights.path) else { return nil }
        let choice = FileManager.default.contents(atPath: ws.rerankerModel.appendingPathComponent(RankingChoice.fileName).path) ?? Data()
        let time = (a[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(a[.size] ?? 0)@\(time):" + String(decoding: choice, as: UTF8.self)
    }

    /// The display name of a real skill (nil for ids that are not skills in the vocabulary).
    public func skillName(_ id: String) -> String? { skillNames[id] }

    /// The job of an index row (nil when the jobs table no longer has it).
    public func job(row id: Int64) -> JobCatalog.Job? {
        guard id >= 0, Int(id) < catalogRow.count, let c = catalogRow[Int(id)] else { return nil }
        return catalog.jobs[c]
    }

    /// The CV's vector at the index's dimension.
    public func embed(_ cv: CVQuery) throws -> [Float] {
        let d = info.dimension < encoder.dimension ? info.dimension : nil
        return try encoder.encode([cv.embeddingText], role: .query, dimension: d)[0]
    }

    /// Index rows the filters allow (nil: no filter).
    func rowFilter(_ o: MatchOptions) -> RowFilter? {
        guard o.country != nil || o.level != nil || o.remote else { return nil }
        var f = RowFilter(count: index.count)
        for (row, c) in catalogRow.enumerated() {
            if let c, allows(catalog.jobs[c], o) { f.allow(row) }
        }
        return f
    }

    /// Retrieves, ranks and explains the best jobs for a CV.
    ///
    /// - Parameter additions: postings served beside the index (`jobmatch watch`'s segment): each
    ///   replaces the index's posting of the same id and competes for the candidates by its
    ///   cosine, so every order — retrieval, BM25 fusion, the cross-encoder's — ranks them as it
    ///   ranks the index's.
    /// - Throws: `MatchingError.invalidArgument` for top or candidates below 1.
    /// - Parameter vector: the CV's vector when the caller has it already (`embed(_:)`); nil encodes it.
    public func match(_ cv: CVQuery, vector: [Float]? = nil, options o: MatchOptions, additions: [AddedJob] = []) throws -> MatchResponse {
        let (candidates, retrieved) = try scoredCandidates(cv, vector: vector, options: o, additions: additions)
        let ranking = self.ranking(o)
        let lexical = ranking == .hybrid && !candidates.isEmpty
            ? try lexicalStatistics().scores(cv.embeddingText, documents: texts(of: candidates, additions: additions)) : []
        let order = CrossEncoderReranker.order(ranking: ranking, biScores: candidates.map(\.score),
                                               logits: candidates.map { $0.logit ?? 0 }, lexical: lexical)
        var results: [MatchResult] = []
        for i in order.prefix(o.top) {
            let c = candidates[i]
            var r = explain(cv, job: job(of: c, additions: additions), score: c.score)
            if let l = c.logit, let reranker { r.rerankScore = reranker.score(l) }
            r.rank = results.count + 1
            results.append(r)
        }
        return MatchResponse(cvID: cv.cvID, model: modelURL.lastPathComponent, modelFingerprint: modelFingerprint,
                             index: indexURL.lastPathComponent, indexCreated: info.created, candidates: retrieved, ranking: ranking,
                             rerankerFingerprint: ranking.needsReranker ? reranker?.fingerprint : nil, results: results)
    }

    /// The order a request gets: the one asked for, else the reranker's measured choice, else
    /// retrieval; a reranker's order (`rerank`, `fused`) is retrieval without a reranker.
    public func ranking(_ o: MatchOptions) -> Ranking {
        let asked = o.ranking ?? reranker?.defaultRanking ?? .retrieval
        return asked.needsReranker && reranker == nil ? .retrieval : asked
    }

    /// Candidates a request retrieves: the number asked for, else the count the recorded ranking
    /// choice was measured with, else `MatchOptions.defaultCandidates`; never fewer than `top`.
    public func candidates(_ o: MatchOptions) -> Int {
        max(o.top, o.candidates ?? reranker?.choice?.candidates ?? MatchOptions.defaultCandidates)
    }

    /// The retrieved candidates in retrieval order (jobs still in the catalog, and the additions
    /// that rank among them), each with its cross-encoder logit when the matcher has a reranker
    /// and the order needs it; and the number of hits the index returned.
    ///
    /// - Throws: `MatchingError.invalidArgument` for top or candidates below 1.
    public func scoredCandidates(_ cv: CVQuery, vector: [Float]? = nil, options o: MatchOptions,
                                 additions: [AddedJob] = []) throws -> ([Candidate], Int) {
        guard o.top >= 1, (o.candidates ?? 1) >= 1 else { throw MatchingError(.invalidArgument, "top and candidates must be at least 1") }
        let q = try vector ?? embed(cv)
        let k = candidates(o)
        let hits = try index.search(q, k: k, filter: rowFilter(o))
        let replaced = Set(additions.map(\.job.jobID))
        var out: [Candidate] = []
        for hit in hits {
            guard hit.id >= 0, Int(hit.id) < catalogRow.count, let c = catalogRow[Int(hit.id)] else { continue }
            if !replaced.isEmpty, replaced.contains(catalog.jobs[c].jobID) { continue }
            out.append(Candidate(source: .catalog(c), score: hit.score, logit: nil))
        }
        if !additions.isEmpty {
            for (i, a) in additions.enumerated() where a.vector.count == q.count && allows(a.job, o) {
                out.append(Candidate(source: .added(i), score: zip(q, a.vector).reduce(Float(0)) { $0 + $1.0 * $1.1 }, logit: nil))
            }
            // Retrieval's order over the index and the additions together, cut to the same count.
            out.sort { $0.score > $1.score || ($0.score == $1.score && job(of: $0, additions: additions).jobID < job(of: $1, additions: additions).jobID) }
            out = Array(out.prefix(k))
        }
        if let reranker, ranking(o).needsReranker, !out.isEmpty {
            let logits = try reranker.logits(query: cv.embeddingText, documents: texts(of: out, additions: additions))
            for i in out.indices { out[i].logit = logits[i] }
        }
        return (out, hits.count)
    }

    /// Whether a job passes a request's filters (the index's rows are filtered by `rowFilter`).
    func allows(_ j: JobCatalog.Job, _ o: MatchOptions) -> Bool {
        if let country = o.country?.lowercased(), j.country?.lowercased() != country { return false }
        if let level = o.level?.lowercased(), j.level?.lowercased() != level { return false }
        return !o.remote || j.isRemote
    }

    func job(of c: Candidate, additions: [AddedJob]) -> JobCatalog.Job {
        switch c.source {
        case .catalog(let row): catalog.jobs[row]
        case .added(let i): additions[i].job
        }
    }

    /// The candidates' embedding texts: the jobs table's, read by row, and the additions' own.
    func texts(of candidates: [Candidate], additions: [AddedJob]) throws -> [String] {
        var rows: [Int] = []
        for c in candidates { if case .catalog(let r) = c.source { rows.append(r) } }
        var fromTable = try jobTexts.texts(rows: rows).makeIterator()
        return candidates.map { c in
            switch c.source {
            case .catalog: fromTable.next()!
            case .added(let i): additions[i].text
            }
        }
    }

    /// Matched and missing skills of one job for one CV.
    public func explain(_ cv: CVQuery, job: JobCatalog.Job, score: Float) -> MatchResult {
        let cvSkills = Set(cv.skills)
        var matched: [SkillEvidence] = [], missing: [SkillRef] = []
        var seen = Set<String>()
        for s in job.skills where seen.insert(s).inserted {
            guard let name = skillNames[s] else { continue }  // not a skill in this vocabulary
            if cvSkills.contains(s) {
                let spans = (cv.spans[s] ?? []).prefix(3).map { [$0.lowerBound, $0.upperBound] }
                matched.append(SkillEvidence(id: s, name: name, idf: weights[s], cvSpans: Array(spans)))
            } else {
                missing.append(SkillRef(id: s, name: name, idf: weights[s]))
            }
        }
        matched.sort { $0.idf > $1.idf || ($0.idf == $1.idf && $0.id < $1.id) }
        missing.sort { $0.idf > $1.idf || ($0.idf == $1.idf && $0.id < $1.id) }
        return MatchResult(rank: 0, jobID: job.jobID, title: job.title, company: job.company, location: job.location,
                           country: job.country, level: job.level, url: job.url, score: score, rerankScore: nil,
                           matchedSkills: matched, missingSkills: missing)
    }
}
