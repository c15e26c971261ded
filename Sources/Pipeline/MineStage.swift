import Evaluation
import Foundation
import JobMatchCore
import Training

/// Mines (CV, job) training pairs with the base model into `tables/pairs.parquet` (`PairMining`);
/// held-out CVs never appear in them.
public struct MineStage: Stage {
    public let name = "mine"
    public let baseModel: String
    public let settings_: PairMining.Settings

    public init(baseModel: String, settings: PairMining.Settings = PairMining.Settings()) {
        self.baseModel = baseModel
        settings_ = settings
    }

    public func inputs(_ ws: Workspace) -> [URL] { [ws.jobsTable, ws.cvsTable, ws.model(baseModel)] + Judgments.files(workspace: ws) }
    public func outputs(_ ws: Workspace) -> [URL] { [ws.pairsTable] }
    public struct Settings: Codable, Equatable, Sendable {
        public var model: String
        public var mining: PairMining.Settings
    }
    public var settings: Settings { Settings(model: baseModel, mining: settings_) }

    public func run(_ ws: Workspace, progress: @escaping @Sendable (Int, Int, String) -> Void) throws -> StageResult {
        let labelsURL = ws.rawFile(.labels)
        let labels = FileManager.default.fileExists(atPath: labelsURL.path) ? try GeneratorLabels.read(labelsURL) : nil
        let r = try PairMining(workspace: ws, model: ws.model(baseModel), settings: settings_)
            .run(output: ws.pairsTable, labels: labels) { stage, done, total in progress(done, total, stage) }
        var line = "\(r.pairs) pairs (\(r.withNegative) with a hard negative) from \(r.cvsWithPairs) of \(r.trainingCVs) training CVs; \(r.heldOut) CVs and \(r.heldOutJobs) of \(r.jobs) jobs held out"
        if let p = r.precision { line += String(format: "; positives' precision vs labels %.3f", p) }
        // No labels, no precision: the manifest is JSON, which holds no NaN.
        var figures = ["pairs": Double(r.pairs)]
        if let p = r.precision { figures["precision"] = p }
        return StageResult(lines: [line], figures: figures)
    }
}
