import Foundation
import Tables
import Transformers

/// Runs a whole evaluation: each model (at its dimensions) and optionally BM25.
public enum Evaluation {
    public struct Model: Sendable {
        public var url: URL
        public var name: String
        /// nil: the model's own dimension, plus its Matryoshka dimensions when `jobmatch.json` lists them.
        public var dims: [Int]?
        public init(url: URL, name: String, dims: [Int]? = nil) { self.url = url; self.name = name; self.dims = dims }
    }

    /// - Parameters:
    ///   - encodedCorpus, jobsCache: where job vectors may be found when the corpus is the jobs table.
    /// - Parameter hybrid: also each model's candidates fused with BM25 (`RetrievalEvaluator.hybrid`).
    /// - Parameter hybridCandidates: how many of the model's candidates the hybrid order reorders
    ///   (`match --candidates`: 100 unless the pipeline's rerank stage measured with fewer).
    public static func run(set: EvaluationSet, models: [Model], bm25: Bool, hybrid: Bool = false, hybridCandidates: Int = RetrievalEvaluator.depth,
                           maxSeqLength: Int?, encodedCorpus: URL?,
                           jobsCache: EncodedJobsCache? = nil,
                           progress: @escaping (String, Int, Int) -> Void = { _, _, _ in }) throws -> [RetrievalEvaluator.Result] {
        var evaluator = RetrievalEvaluator(set: set, maxSeqLength: maxSeqLength)
        evaluator.encodedCorpus = encodedCorpus
        evaluator.jobsCache = jobsCache
        var out: [RetrievalEvaluator.Result] = []
        for m in models {
            var dims = m.dims
            if dims == nil, let info = TrainedModelInfo.read(m.url), !info.matryoshkaDims.isEmpty {
                dims = Array(Set(info.matryoshkaDims)).sorted(by: >)
            }
            out += try evaluator.dense(model: m.url, name: m.name, dims: dims, progress: progress)
            if hybrid { out.append(try evaluator.hybrid(model: m.url, name: m.name, candidates: hybridCandidates, progress: progress)) }
        }
        if bm25 { out.append(evaluator.bm25()) }
        return out
    }
}
