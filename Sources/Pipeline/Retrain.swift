import Evaluation
import Foundation
import Indexing
import Tables
import JobMatchCore
import Training
import Transformers
import VectorIndex

/// Closing the loop: fine-tunes the serving model on the mined pairs plus the feedback pairs,
/// evaluates the candidate and the serving model on the held-out CVs, and promotes the candidate
/// unless it is worse beyond the paired 95% bootstrap interval on NDCG@10 or Recall@10
/// (`Comparison`, the rule the eval stage's serving choice uses too).
///
/// The serving model is the one the index was built with (`index/jobs.faiss.json`). When that is
/// a fine-tuned model, the candidate continues it and promotion swaps the candidate's folder with
/// the serving one in a single `rename` (`FolderSwap`), so a reader sees either the old or the new
/// weights. When the base model serves (the eval stage rejected the pipeline's fine-tune, as on
/// the real samples), the candidate is trained from the base weights and, if promoted, takes the
/// fine-tuned model's place (`models/<the train stage's output>`; the base folder is never written)
/// and becomes the eval stage's serving choice. Either way the jobs are then re-indexed through
/// `IndexStage` with the options the last index run recorded in the manifest, and replaced weights
/// are kept in `models/NAME.previous`. Every run appends its decision and both figures to
/// `reports/retrain.jsonl` (`Workspace.retrainLog`).
///
/// ```swift
/// let decision = try Retrain(settings: .init()).run(Workspace("workspace")) { _, _, _ in }
/// print(decision.promoted, decision.serving.ndcg10, decision.candidate.ndcg10)
/// ```
public struct Retrain: Sendable {
    public struct Settings: Sendable {
        public var training: TrainingSettings
        /// The split the pairs were mined with; feedback pairs of held-out CVs are left out.
        public var split = HeldOutSplit()
        /// Each feedback pair is trained on this many times per epoch (feedback is scarce next to mined pairs).
        public var feedbackRepeats = 1
        /// Train on the mined pairs too (`tables/pairs.parquet`).
        public var useMinedPairs = true
        /// Tokens per text when evaluating; nil: the last index run's setting, else the model's.
        public var evalMaxSeqLength: Int?

        public init(training: TrainingSettings = Retrain.defaultTraining) { self.training = training }
    }

    /// The two figures the decision is made on (means over the held-out CVs).
    public struct Figures: Codable, Sendable, Equatable {
        public var ndcg10: Double
        public var recall10: Double
        public init(ndcg10: Double, recall10: Double) { self.ndcg10 = ndcg10; self.recall10 = recall10 }

        /// The means of per-query scores.
        public init(perQuery: [[String: Double]]) {
            let n = Double(max(1, perQuery.count))
            ndcg10 = perQuery.reduce(0) { $0 + ($1["NDCG@10"] ?? 0) } / n
            recall10 = perQuery.reduce(0) { $0 + ($1["Recall@10"] ?? 0) } / n
        }
    }

    /// The metrics the decision compares.
    public static let decisive = ["NDCG@10", "Recall@10"]

    /// The rule: promote unless the candidate is worse beyond its interval on a decisive metric.
    public static func promotes(_ comparisons: [Comparison]) -> Bool { !comparisons.contains(where: \.isWorse) }

    /// One retrain run: the line appended to the retrain log.
    public struct Decision: Codable, Sendable {
        public var time: String
        public var decision: String
        public var model: String
        public var servingFingerprint: String
        public var candidateFingerprint: String
        public var serving: Figures
        public var candidate: Figures
        public var heldOutCVs: Int
        public var minedPairs: Int
        /// Mined pairs left out because their CV or job is held out or judged (nil in older logs).
        public var minedHeldOut: Int?
        public var feedbackPairs: Int
        /// Feedback pairs left out because their CV is held out or judged, or their job judged
        /// relevant (training on them would leak into the evaluation).
        public var feedbackHeldOut: Int
        public var steps: Int
        public var lossFirst: Double
        public var lossLast: Double
        /// Jobs re-indexed after a promotion (0 when rejected).
        public var reindexedJobs: Int
        /// Candidate − serving per decisive metric, with the paired interval (nil in logs written
        /// before the interval rule).
        public var comparisons: [Comparison]?
        /// The model the candidate was trained from, when it is not `model` (the base served).
        public var trainedFrom: String?

        public var promoted: Bool { decision == "promoted" }

        enum CodingKeys: String, CodingKey {
            case time, decision, model, servingFingerprint, candidateFingerprint, serving, candidate
            case heldOutCVs = "heldOutCvs"
            case minedPairs, minedHeldOut, feedbackPairs, feedbackHeldOut, steps, lossFirst, lossLast, reindexedJobs, comparisons, trainedFrom
        }

        /// One line for people.
        public var summary: String {
            let diffs = (comparisons ?? []).map(\.summary).joined(separator: ", ")
            let from = trainedFrom.map { ", candidate trained from \($0)" } ?? ""
            return String(format: "%@: candidate NDCG@10 %.4f, Recall@10 %.4f vs serving NDCG@10 %.4f, Recall@10 %.4f (%d held-out CVs; %d steps on %d mined + %d feedback pairs)",
                          decision, candidate.ndcg10, candidate.recall10, serving.ndcg10, serving.recall10, heldOutCVs, steps, minedPairs, feedbackPairs)
                + (diffs.isEmpty ? "" : "; candidate − serving: " + diffs) + from
        }
    }

    /// The training settings `jobmatch retrain` uses unless told otherwise: a short, gentle
    /// continuation of the serving model.
    public static var defaultTraining: TrainingSettings {
        var t = TrainingSettings()
        t.batchSize = 16
        t.maxSteps = 30
        t.epochs = 100  // bounded by maxSteps
        t.maxSeqLength = 64
        t.learningRate = 2e-5
        t.checkpointEvery = 0
        return t
    }

    /// Which model a set of figures belongs to.
    public enum Role: String, Sendable { case serving, candidate }

    public var settings: Settings
    /// Sees each model's measured per-query scores (metric → value, one dictionary per held-out
    /// CV) and returns the ones the decision uses (tests stand in a deliberately worse candidate
    /// with it; nil uses the measured scores).
    public var evaluationHook: (@Sendable (Role, [[String: Double]]) -> [[String: Double]])?

    public init(settings: Settings, evaluationHook: (@Sendable (Role, [[String: Double]]) -> [[String: Double]])? = nil) {
        self.settings = settings
        self.evaluationHook = evaluationHook
    }

    /// Trains, evaluates, decides, promotes and re-indexes (or rejects), and logs the decision.
    /// - Parameter progress: (phase, done, total) for progress bars.
    /// - Throws: `PipelineError` naming the missing artifact or the mismatch; the serving model
    ///   and the index are untouched unless the promotion itself started.
    public func run(_ ws: Workspace, progress: @escaping @Sendable (String, Int, Int) -> Void = { _, _, _ in }) throws -> Decision {
        let info = try IndexInfo.read(forIndex: ws.jobsIndex)
        let servingURL = ws.model(info.model)
        let servingFingerprint = try ModelFingerprint.of(modelDirectory: servingURL)
        guard servingFingerprint == info.modelFingerprint else {
            throw PipelineError("\(servingURL.path): its weights are not the ones \(ws.jobsIndex.path) was built with; "
                + "re-index first (`jobmatch pipeline --from index --until index`)")
        }
        // The folder the candidate will serve from: the serving fine-tune, or, when the base
        // serves, the pipeline's fine-tuned model name (the base folder is never replaced).
        let servingInfo = TrainedModelInfo.read(servingURL)
        let target = servingInfo == nil ? Self.tunedModelName(ws) : info.model
        guard target != info.model || servingInfo != nil else {
            throw PipelineError("\(servingURL.path): the index serves the base model under the fine-tuned model's name \(target); "
                + "re-index with the base model's own name")
        }
        let indexOptions = IndexStage.options(recordedIn: Manifest.load(ws))
        let evalLength = settings.evalMaxSeqLength ?? indexOptions.maxSeqLength

        // 1. The training pairs: mined plus feedback, of training CVs only. Held out as mining
        // holds out: the split's CVs, and with qrels every judged CV and every job judged relevant
        // (the evaluation's queries and corpus) — mined pairs too, since judgments written after
        // mining (`jobmatch feedback qrels`) reach retrain before the mine stage runs again.
        let qrels = try Judgments.qrels(workspace: ws)
        let judgedJobs = qrels?.relevantJobs ?? []
        func isHeldOut(_ p: TrainingPair) -> Bool {
            settings.split.isHeldOut(p.cvID) || qrels?.cvGroup[p.cvID] != nil || judgedJobs.contains(p.jobID)
        }
        let minedRead = settings.useMinedPairs ? try PairsFile.read(ws.pairsTable) : []
        let mined = minedRead.filter { !isHeldOut($0) }
        var feedback: [TrainingPair] = []
        var feedbackHeldOut = 0
        if FileManager.default.fileExists(atPath: ws.table(.feedbackPairs).path) {
            for p in try PairsFile.read(ws.table(.feedbackPairs)) {
                if isHeldOut(p) { feedbackHeldOut += 1 } else { feedback.append(p) }
            }
        }
        let pairs = mined + Array(repeating: feedback, count: max(1, settings.feedbackRepeats)).flatMap { $0 }
        guard !pairs.isEmpty else {
            throw PipelineError("\(ws.table(.feedbackPairs).path): no training pairs (no mined pairs used and no feedback of training CVs; run `jobmatch feedback export`)")
        }

        // 2. The candidate, trained from the serving weights.
        let candidateURL = ws.candidateModel(of: target)
        let checkpoints = candidateURL.appendingPathExtension("checkpoints")
        try? FileManager.default.removeItem(at: candidateURL)
        try? FileManager.default.removeItem(at: checkpoints)
        let encoder = try SentenceEncoder(directory: servingURL)
        var training = settings.training
        training.maxSeqLength = min(training.maxSeqLength, encoder.directory.config.maxPositionEmbeddings)
        let sources = [ws.pairsTable.lastPathComponent, ws.table(.feedbackPairs).lastPathComponent].joined(separator: " + ")
        let tune = FineTune(encoder: encoder, pairs: pairs, settings: training, record: .init(
            name: target, baseModel: servingInfo?.baseModel ?? info.model, data: sources, pairsPath: sources, heldOut: settings.split,
            priorSteps: servingInfo?.steps ?? 0, matryoshkaDims: servingInfo?.matryoshkaDims, trainedFrom: info.model))
        // The candidate replaces the serving model: it keeps that model's length whatever it trained at.
        let (trained, _) = try tune.run(to: candidateURL, checkpoints: checkpoints, exportMaxSeqLength: encoder.directory.maxSeqLength) { p in
            progress("train", p.step, p.totalSteps)
        }
        try? FileManager.default.removeItem(at: checkpoints)

        // 3. Both models on the held-out CVs, at the index's dimension.
        let set = try EvaluationSet.heldOut(workspace: ws, split: settings.split, judgments: try Judgments.load(workspace: ws).orThrow(ws))
        let evaluator = RetrievalEvaluator(set: set, workspace: ws, maxSeqLength: evalLength)
        func perQuery(_ url: URL, _ role: Role) throws -> [[String: Double]] {
            let measured = try evaluator.dense(model: url, name: role.rawValue, dims: [info.dimension]) { phase, done, total in
                progress(phase, done, total)
            }[0].perQuery
            return evaluationHook?(role, measured) ?? measured
        }
        let servingScores = try perQuery(servingURL, .serving)
        let candidateScores = try perQuery(candidateURL, .candidate)
        let comparisons = Self.decisive.map { Comparison(metric: $0, candidate: candidateScores, baseline: servingScores) }
        let servingFigures = Figures(perQuery: servingScores), candidateFigures = Figures(perQuery: candidateScores)
        let candidateFingerprint = try ModelFingerprint.of(modelDirectory: candidateURL)

        // 4. Decide; promote (swap, re-index) or drop the candidate; log either way.
        var decision = Decision(
            time: ISO8601DateFormatter().string(from: Date()), decision: "rejected", model: target,
            servingFingerprint: servingFingerprint, candidateFingerprint: candidateFingerprint,
            serving: servingFigures, candidate: candidateFigures, heldOutCVs: set.queries.count,
            minedPairs: mined.count, minedHeldOut: minedRead.count - mined.count, feedbackPairs: feedback.count, feedbackHeldOut: feedbackHeldOut, steps: trained.steps,
            lossFirst: trained.history.first?.loss ?? .nan, lossLast: trained.history.last?.loss ?? .nan, reindexedJobs: 0,
            comparisons: comparisons, trainedFrom: target == info.model ? nil : info.model)
        if Self.promotes(comparisons) {
            decision.decision = "promoted"
            decision.reindexedJobs = try promote(ws, serving: target, replacesBase: target != info.model, options: indexOptions, progress: progress)
        } else {
            try? FileManager.default.removeItem(at: candidateURL)
        }
        try Self.append(decision, to: ws)
        return decision
    }

    /// The fine-tuned model's folder name: the train stage's output as the manifest records it,
    /// else the pipeline's default.
    static func tunedModelName(_ ws: Workspace) -> String {
        (try? Manifest.load(ws).stages["train"]?.settings.decode(TrainStage.Settings.self))?.output ?? "jobmatch-minilm"
    }

    /// Swaps the candidate into the serving folder, keeps the old weights as `.previous`,
    /// re-indexes through the index stage (recorded in the manifest) and records the new weights
    /// as the train stage's output, so `jobmatch pipeline` keeps them.
    /// With `replacesBase`, the base served: the eval stage's recorded choice becomes `serving`
    /// once its folder holds the candidate, so the pipeline's index stage follows it.
    func promote(_ ws: Workspace, serving: String, replacesBase: Bool = false, options: JobIndexer.Options,
                 progress: @escaping @Sendable (String, Int, Int) -> Void) throws -> Int {
        let servingURL = ws.models.appendingPathComponent(serving), candidate = ws.candidateModel(of: serving)
        let previous = ws.previousModel(of: serving)
        try? FileManager.default.removeItem(at: previous)
        if FileManager.default.fileExists(atPath: servingURL.path) {
            try FolderSwap.exchange(candidate, servingURL)
            try FileManager.default.moveItem(at: candidate, to: previous)
        } else {
            // The serving model was read from the shared model cache, which is never written: the
            // promoted weights become the workspace's own copy under the same name.
            try FileManager.default.moveItem(at: candidate, to: servingURL)
            try DurableFile.sync(ws.models)
        }
        if replacesBase, FileManager.default.fileExists(atPath: EvalStage.servingFile(ws).path) {
            try DurableFile.write(Data((serving + "\n").utf8), to: EvalStage.servingFile(ws))
        }
        // The index stage as the pipeline recorded it (settings equal, so the pipeline keeps the
        // promoted index); it indexes with `serving` either way.
        let recorded = try? Manifest.load(ws).stages["index"]?.settings.decode(IndexStage.Settings.self)
        let stage = recorded?.chosenByEval == true && EvalStage.serving(ws) == serving
            ? IndexStage(model: recorded!.model, options: options, chosenByEval: true) : IndexStage(model: serving, options: options)
        let steps = try PipelineRunner(workspace: ws, stages: [stage])
            .run(force: true, progress: { _, done, total, unit in progress("index: \(unit)", done, total) })
        var manifest = Manifest.load(ws)
        let runner = PipelineRunner(workspace: ws, stages: [])
        if var train = manifest.stages["train"], train.outputs[runner.key(servingURL)] != nil {
            var fp = Fingerprinter(cache: manifest.fingerprintCache)
            train.outputs[runner.key(servingURL)] = try fp.fingerprint(servingURL)
            manifest.stages["train"] = train
            manifest.fingerprintCache = fp.cache
            try manifest.save(ws)
        }
        return Int(steps.first?.result.figures["jobs"] ?? 0)
    }

    /// Appends one JSON line to the retrain log and syncs it.
    static func append(_ decision: Decision, to ws: Workspace) throws {
        try ws.create(ws.reports)
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        enc.keyEncodingStrategy = .convertToSnakeCase
        enc.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        var line = try enc.encode(decision)
        line.append(UInt8(ascii: "\n"))
        let url = ws.retrainLog
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw JobMatchError.io(path: url.path, reason: "cannot create the retrain log")
            }
        }
        do {
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
            try handle.synchronize()
        } catch {
            throw JobMatchError.io(path: url.path, reason: "cannot append: \(error.localizedDescription)")
        }
    }

    /// The decisions logged so far, oldest first.
    public static func log(_ ws: Workspace) throws -> [Decision] {
        guard let data = FileManager.default.contents(atPath: ws.retrainLog.path) else { return [] }
        let dec = JSONDecoder()
        dec.keyDecodingStrategy = .convertFromSnakeCase
        dec.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        var out: [Decision] = []
        for (i, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
            do { out.append(try dec.decode(Decision.self, from: Data(line))) } catch {
                throw JobMatchError.io(path: ws.retrainLog.path, reason: "line \(i + 1): not a retrain decision: \(error)")
            }
        }
        return out
    }
}
