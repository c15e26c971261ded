import Evaluation
import Foundation
import Tables
import JobMatchCore
import Training

/// Evaluates the base and the fine-tuned model (and BM25) on the held-out CVs against all jobs
/// (relevant = same occupation in `raw/labels.jsonl`) and writes `reports/pipeline-eval.json`.
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
        [ws.jobsTable, ws.cvsTable, ws.rawFile(.labels), ws.model(baseModel), ws.model(tunedModel)]
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
        let set = try EvaluationSet.heldOut(workspace: ws, split: split, labels: try GeneratorLabels.read(ws.rawFile(.labels)))
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
        var json: [String: [String: Double]] = [:]
        for r in results { json[r.name] = r.metrics.values }
        try ws.create(ws.reports)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try DurableFile.write(try enc.encode(json), to: Self.report(ws))
        let lines = results.map { r in
            String(format: "%@: NDCG@10 %.3f, Recall@10 %.3f, MAP@100 %.3f", r.name, r.metrics["NDCG@10"], r.metrics["Recall@10"], r.metrics["MAP@100"])
        }
        var figures: [String: Double] = [:]
        for r in results { figures["\(r.name) NDCG@10"] = r.metrics["NDCG@10"] }
        return StageResult(lines: ["\(set.queries.count) held-out CVs against \(set.corpus.count) jobs"] + lines, figures: figures)
    }
}
