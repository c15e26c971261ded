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
///
/// It also decides which model serves (`Report.serving`, read by the index stage that follows):
/// the fine-tuned one unless it is worse than the base beyond the interval on NDCG@10 or
/// Recall@10 (`Comparison`), so a fine-tune that hurts — too few pairs, pairs from one corner of
/// the data — never reaches users.
///
/// When the base was itself adapted (`OccupationsStage`), the model it was adapted from is scored
/// too: the adapted base stands only if it is not worse than that model beyond the interval, and
/// the fine-tuned model is then held against whichever base stands.
public struct EvalStage: Stage {
    public let name = "eval"
    public let baseModel: String
    public let tunedModel: String
    /// The model `baseModel` was adapted from, when it was.
    public let originalModel: String?
    public let split: HeldOutSplit
    public let maxSeqLength: Int?

    public init(baseModel: String, tunedModel: String, originalModel: String? = nil, split: HeldOutSplit = HeldOutSplit(), maxSeqLength: Int?) {
        self.baseModel = baseModel
        self.tunedModel = tunedModel
        self.originalModel = originalModel
        self.split = split
        self.maxSeqLength = maxSeqLength
    }

    public static func report(_ ws: Workspace) -> URL { ws.reports.appendingPathComponent("pipeline-eval.json") }
    /// The serving model's folder name alone (one line), what the index stage reads: its content
    /// changes only when the choice does, so a re-evaluation that keeps the choice re-indexes nothing.
    public static func servingFile(_ ws: Workspace) -> URL { ws.reports.appendingPathComponent("serving-model.txt") }

    /// The model the last evaluation chose to serve, nil when none was chosen.
    public static func serving(_ ws: Workspace) -> String? {
        guard let data = FileManager.default.contents(atPath: servingFile(ws).path) else { return nil }
        let name = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty ? nil : name
    }

    public func inputs(_ ws: Workspace) -> [URL] {
        [ws.jobsTable, ws.cvsTable, ws.model(baseModel), ws.model(tunedModel)] + (originalModel.map { [ws.model($0)] } ?? [])
            + Judgments.files(workspace: ws)
    }
    public func outputs(_ ws: Workspace) -> [URL] { [Self.report(ws), Self.servingFile(ws)] }
    public struct Settings: Codable, Equatable, Sendable {
        public var base: String
        public var tuned: String
        public var split: HeldOutSplit
        public var maxSeqLength: Int?
        public var original: String?
    }
    public var settings: Settings { Settings(base: baseModel, tuned: tunedModel, split: split, maxSeqLength: maxSeqLength, original: originalModel) }

    public func run(_ ws: Workspace, progress: @escaping @Sendable (Int, Int, String) -> Void) throws -> StageResult {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try ws.create(ws.reports)
        guard let judgments = try Judgments.load(workspace: ws) else {
            let line = "nothing to judge by (no raw/qrels.txt, raw/labels.jsonl or CV categories): not evaluated"
            let report = Report(relevance: line, queries: 0, corpus: 0, models: [:], byGroup: [:], comparisons: [],
                                serving: tunedModel, decision: "not measured: the fine-tuned model serves")
            try DurableFile.write(try enc.encode(report), to: Self.report(ws))
            try DurableFile.write(Data((report.serving + "\n").utf8), to: Self.servingFile(ws))
            return StageResult(lines: [line + "; " + report.decision])
        }
        let set = try EvaluationSet.heldOut(workspace: ws, split: split, judgments: judgments)
        // Each model at its full dimension (`jobmatch eval` also scores the Matryoshka dimensions).
        let evaluator = RetrievalEvaluator(set: set, workspace: ws, maxSeqLength: maxSeqLength)
        var results: [RetrievalEvaluator.Result] = []
        for m in [baseModel, tunedModel] + (originalModel.map { [$0] } ?? []) {
            results += try evaluator.dense(model: ws.model(m), name: m) { stage, done, total in progress(done, total, stage) }
        }
        results.append(evaluator.bm25())
        let choice = Self.choose(base: (baseModel, results[0].perQuery), tuned: (tunedModel, results[1].perQuery),
                                 original: originalModel.map { ($0, results[2].perQuery) })
        let (serving, comparisons, decision) = (choice.serving, choice.comparisons, choice.decision)
        let report = Report(
            relevance: set.name, queries: set.queries.count, corpus: set.corpus.count,
            models: Dictionary(uniqueKeysWithValues: results.map { ($0.name, $0.metrics) }),
            byGroup: Dictionary(uniqueKeysWithValues: results.map { r in (r.name, r.byGroup.mapValues { $0 }) }),
            comparisons: comparisons, serving: serving, decision: decision)
        try DurableFile.write(try enc.encode(report), to: Self.report(ws))
        try DurableFile.write(Data((serving + "\n").utf8), to: Self.servingFile(ws))
        let lines = results.map { r in
            "\(r.name): NDCG@10 \(r.metrics.formatted("NDCG@10")), P@10 \(r.metrics.formatted("Precision@10")), MRR@10 \(r.metrics.formatted("MRR@10"))"
        }
        var figures: [String: Double] = [:]
        for r in results { figures["\(r.name) NDCG@10"] = r.metrics["NDCG@10"] }
        let judged = judgments.source == .silver ? " (silver labels)" : judgments.source == .qrels ? " (qrels)" : " (generator labels)"
        return StageResult(lines: ["\(set.queries.count) held-out CVs against \(set.corpus.count) held-out jobs\(judged)"] + lines + [decision],
                           figures: figures)
    }

    /// Which model serves, from each model's per-query scores: the fine-tuned one unless it is worse
    /// than the base beyond the interval on a decisive metric (`Retrain.promotes`); with an original
    /// model, the adapted base must first pass the same test against it, else the original is the
    /// base. `comparisons` are the fine-tuned model's against the base that stood.
    public static func choose(base: (name: String, perQuery: [[String: Double]]), tuned: (name: String, perQuery: [[String: Double]]),
                              original: (name: String, perQuery: [[String: Double]])?)
        -> (serving: String, comparisons: [Comparison], decision: String) {
        /// A candidate against a baseline on the decisive metrics, by `Retrain`'s rule.
        func judge(_ candidate: [[String: Double]], against baseline: [[String: Double]]) -> (all: [Comparison], worse: [Comparison], passes: Bool) {
            let all = Retrain.decisive.map { Comparison(metric: $0, candidate: candidate, baseline: baseline) }
            return (all, all.filter(\.isWorse), Retrain.promotes(all))
        }
        var standing = base
        var prefix = ""
        if let original {
            let adapted = judge(base.perQuery, against: original.perQuery)
            if adapted.passes {
                prefix = "\(base.name) kept over \(original.name) (\(adapted.all.map(\.summary).joined(separator: ", "))); "
            } else {
                prefix = "\(base.name) is worse than \(original.name) beyond the interval (\(adapted.worse.map(\.summary).joined(separator: ", "))), so \(original.name) is the base; "
                standing = original
            }
        }
        let fine = judge(tuned.perQuery, against: standing.perQuery)
        let decision = fine.passes
            ? "serving \(tuned.name): not worse than \(standing.name) beyond the interval (\(fine.all.map(\.summary).joined(separator: ", ")))"
            : "serving \(standing.name): \(tuned.name) is worse beyond the interval (\(fine.worse.map(\.summary).joined(separator: ", ")))"
        return (fine.passes ? tuned.name : standing.name, fine.all, prefix + decision)
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
        /// The fine-tuned model against the base, per decisive metric.
        public var comparisons: [Comparison]
        /// The model the index is built with, and why.
        public var serving: String
        public var decision: String

    }
}
