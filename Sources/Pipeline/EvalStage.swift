import Evaluation
import Foundation
import Tables
import JobMatchCore
import Training

/// Evaluates the base and the fine-tuned model (and BM25) on the held-out CVs against the held-out
/// jobs, judged by the workspace's `Judgments` (qrels, else the generator's labels, else silver
/// labels, named as such), and writes `reports/pipeline-eval.json`: each figure with its 95%
/// bootstrap interval and a breakdown by occupation or category. With nothing to judge by, the
/// stage says so in its summary and report instead of failing the pipeline.
public struct EvalStage: Stage {
    public let name = "eval"
    public let baseModel: String
    public let tunedModel: String
    public let split: HeldOutSplit
    public let maxSeqLength: Int?

    public init(baseModel: String, tunedModel: String, split: HeldOutSplit = HeldOutSplit(), maxSeqLength: Int?) {
        self.baseModel = baseModel
        self.tunedModel = tunedModel
        self.split = split
        self.maxSeqLength = maxSeqLength
    }

    public static func report(_ ws: Workspace) -> URL { ws.reports.appendingPathComponent("pipeline-eval.json") }

    public func inputs(_ ws: Workspace) -> [URL] {
        [ws.jobsTable, ws.cvsTable, ws.model(baseModel), ws.model(tunedModel)] + Judgments.files(workspace: ws)
    }
    public func outputs(_ ws: Workspace) -> [URL] { [Self.report(ws)] }
    public struct Settings: Codable, Equatable, Sendable {
        public var base: String
        public var tuned: String
        public var split: HeldOutSplit
        public var maxSeqLength: Int?
    }
    public var settings: Settings { Settings(base: baseModel, tuned: tunedModel, split: split, maxSeqLength: maxSeqLength) }

    public func run(_ ws: Workspace, progress: @escaping @Sendable (Int, Int, String) -> Void) throws -> StageResult {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try ws.create(ws.reports)
        guard let judgments = try Judgments.load(workspace: ws) else {
            let line = "nothing to judge by (no raw/qrels.txt, raw/labels.jsonl or CV categories): not evaluated"
            try DurableFile.write(try enc.encode(Report(relevance: line, queries: 0, corpus: 0, models: [:], byGroup: [:])), to: Self.report(ws))
            return StageResult(lines: [line])
        }
        let set = try EvaluationSet.heldOut(workspace: ws, split: split, judgments: judgments)
        // Each model at its full dimension (`jobmatch eval` also scores the Matryoshka dimensions);
        // the fine-tuned model's job vectors come from the index stage's encoded table.
        var evaluator = RetrievalEvaluator(set: set, maxSeqLength: maxSeqLength)
        evaluator.encodedCorpus = ws.jobsEncodedTable
        evaluator.jobsCache = EncodedJobsCache(folder: ws.encodedJobsCache)
        var results: [RetrievalEvaluator.Result] = []
        for m in [baseModel, tunedModel] {
            results += try evaluator.dense(model: ws.model(m), name: m) { stage, done, total in progress(done, total, stage) }
        }
        results.append(evaluator.bm25())
        let report = Report(
            relevance: set.name, queries: set.queries.count, corpus: set.corpus.count,
            models: Dictionary(uniqueKeysWithValues: results.map { ($0.name, $0.metrics) }),
            byGroup: Dictionary(uniqueKeysWithValues: results.map { r in (r.name, r.byGroup.mapValues { $0 }) }))
        try DurableFile.write(try enc.encode(report), to: Self.report(ws))
        let lines = results.map { r in
            "\(r.name): NDCG@10 \(r.metrics.formatted("NDCG@10")), P@10 \(r.metrics.formatted("Precision@10")), MRR@10 \(r.metrics.formatted("MRR@10"))"
        }
        var figures: [String: Double] = [:]
        for r in results { figures["\(r.name) NDCG@10"] = r.metrics["NDCG@10"] }
        let judged = judgments.source == .silver ? " (silver labels)" : judgments.source == .qrels ? " (qrels)" : " (generator labels)"
        return StageResult(lines: ["\(set.queries.count) held-out CVs against \(set.corpus.count) held-out jobs\(judged)"] + lines,
                           figures: figures)
    }

    /// `reports/pipeline-eval.json`.
    public struct Report: Codable, Sendable {
        /// The set: queries, corpus and where relevance comes from.
        public var relevance: String
        public var queries: Int
        public var corpus: Int
        /// Model (or `bm25`) → metrics with intervals.
        public var models: [String: RetrievalMetrics]
        /// Model → group (occupation or category) → metrics.
        public var byGroup: [String: [String: RetrievalMetrics]]
    }
}
