import Evaluation
import Foundation
import JobMatchCore
import Matching
import Tables
import Training

/// Trains the cross-encoder on the mined pairs (their hard negatives come from base-model
/// retrieval, `PairMiner`) and measures retrieval, rerank and fused on the held-out set with the
/// serving model's candidates (`RerankEvaluation`); the order that measured best, with its
/// intervals, is written beside the model (`models/reranker/ranking.json`, `RankingChoice`), and
/// `match` and `serve` use it. With nothing to judge by, retrieval serves (an unmeasured reranker
/// is not trusted with the order). The new folder replaces the old one in one exchange.
public struct RerankStage: Stage {
    public let name = "rerank"
    /// Weights the cross-encoder starts from (folder name under `models/`).
    public let baseModel: String
    /// The bi-encoder whose candidates are reranked when the eval stage chose none.
    public let retriever: String
    /// `maxSeqLength`: tokens of the joined (CV, job) pair.
    public let training: TrainingSettings
    public let candidates: Int
    public let split: HeldOutSplit
    /// Tokens per text for the bi-encoder's retrieval (nil: the model's own).
    public let maxSeqLength: Int?

    public init(baseModel: String, retriever: String, training: TrainingSettings, candidates: Int = 30,
                split: HeldOutSplit = HeldOutSplit(), maxSeqLength: Int? = nil) {
        self.baseModel = baseModel
        self.retriever = retriever
        self.training = training
        self.candidates = candidates
        self.split = split
        self.maxSeqLength = maxSeqLength
    }

    /// The model whose candidates are reranked: the eval stage's choice, else `retriever`.
    public func retrieverModel(_ ws: Workspace) -> String { EvalStage.serving(ws) ?? retriever }

    public func inputs(_ ws: Workspace) -> [URL] {
        [ws.pairsTable, ws.model(baseModel), ws.jobsTable, ws.cvsTable, EvalStage.servingFile(ws), ws.model(retrieverModel(ws))]
            + Judgments.files(workspace: ws)
    }
    public func outputs(_ ws: Workspace) -> [URL] { [ws.rerankerModel] }
    public struct Settings: Codable, Equatable, Sendable {
        public var base: String
        public var retriever: String
        public var training: TrainingSettings
        public var candidates: Int
        public var split: HeldOutSplit
        public var maxSeqLength: Int?
    }
    public var settings: Settings {
        Settings(base: baseModel, retriever: retriever, training: training, candidates: candidates, split: split, maxSeqLength: maxSeqLength)
    }

    public func run(_ ws: Workspace, progress: @escaping @Sendable (Int, Int, String) -> Void) throws -> StageResult {
        let rows = try PairsFile.read(ws.pairsTable)
        guard !rows.isEmpty else { throw PipelineError("\(ws.pairsTable.path): no pairs were mined; nothing to train a reranker on") }
        let fm = FileManager.default
        let staged = ws.models.appendingPathComponent("reranker.staged", isDirectory: true)
        let checkpoints = ws.models.appendingPathComponent("reranker.checkpoints", isDirectory: true)
        try? fm.removeItem(at: staged)
        try? fm.removeItem(at: checkpoints)  // settings or pairs changed: start over
        let tune = CrossEncoderFineTune(base: ws.model(baseModel), pairs: rows, settings: training, name: "reranker",
                                        data: ws.pairsTable.lastPathComponent)
        let result = try tune.run(to: staged, checkpoints: checkpoints) { p in progress(p.step, p.totalSteps, "reranker steps") }
        try? fm.removeItem(at: checkpoints)
        let trained = String(format: "%d steps on %d pairs in %.0f s (%.2f pairs/s); loss %.3f → %.3f", result.steps, rows.count, result.seconds,
                             result.pairsPerSecond, result.history.first?.loss ?? .nan, result.history.last?.loss ?? .nan)

        let retriever = retrieverModel(ws)
        let choice: RankingChoice
        var figures: [String: Double] = ["steps": Double(result.steps), "pairs": Double(rows.count)]
        var measuredLines: [String] = []
        if let judgments = try Judgments.load(workspace: ws) {
            let set = try EvaluationSet.heldOut(workspace: ws, split: split, judgments: judgments)
            let evaluator = RetrievalEvaluator(set: set, workspace: ws, maxSeqLength: maxSeqLength)
            let measured = try RerankEvaluation(evaluator: evaluator, candidates: candidates)
                .run(model: ws.model(retriever), reranker: CrossEncoderReranker(directory: staged)) { _, done, total in
                    progress(done, total, "queries reranked")
                }
            choice = RankingChoice(measured: measured, set: set.name, retriever: retriever, candidates: candidates)
            for r in Ranking.allCases {
                guard let m = measured.results[r]?.metrics else { continue }
                figures["\(r.rawValue) NDCG@10"] = m["NDCG@10"]
                measuredLines.append("\(r.rawValue): NDCG@10 \(m.formatted("NDCG@10")), MRR@10 \(m.formatted("MRR@10"))")
            }
        } else {
            choice = RankingChoice(ranking: .retrieval, decision: "not measured (no raw/qrels.txt, raw/labels.jsonl or CV categories): retrieval serves",
                                   set: "", retriever: retriever, candidates: candidates)
        }
        try choice.write(reranker: staged)
        try Self.install(staged, at: ws.rerankerModel)
        return StageResult(lines: [trained] + measuredLines + ["order served: \(choice.decision)"], figures: figures)
    }

    /// Puts `staged` at `target` in one exchange when an older folder is there (a reader sees the
    /// old reranker or the new one), then removes the old.
    static func install(_ staged: URL, at target: URL) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: target.path) {
            try FolderSwap.exchange(staged, target)
            try fm.removeItem(at: staged)
        } else {
            try fm.moveItem(at: staged, to: target)
            try DurableFile.sync(target.deletingLastPathComponent())
        }
    }
}
