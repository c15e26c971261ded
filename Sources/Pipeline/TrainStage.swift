import Foundation
import JobMatchCore
import Training
import Transformers

/// Fine-tunes the base model on the mined pairs (MNR + Matryoshka) into `models/<name>`.
public struct TrainStage: Stage {
    public let name = "train"
    public let baseModel: String
    public let output: String
    public let training: TrainingSettings
    public let split: HeldOutSplit

    public init(baseModel: String, output: String, training: TrainingSettings, split: HeldOutSplit = HeldOutSplit()) {
        self.baseModel = baseModel
        self.output = output
        self.training = training
        self.split = split
    }

    public func inputs(_ ws: Workspace) -> [URL] { [ws.pairsTable, ws.model(baseModel)] }
    public func outputs(_ ws: Workspace) -> [URL] { [ws.models.appendingPathComponent(output)] }
    public struct Settings: Codable, Equatable, Sendable {
        public var base: String
        public var output: String
        public var training: TrainingSettings
        public var split: HeldOutSplit
    }
    public var settings: Settings { Settings(base: baseModel, output: output, training: training, split: split) }

    public func run(_ ws: Workspace, progress: @escaping @Sendable (Int, Int, String) -> Void) throws -> StageResult {
        let baseURL = ws.model(baseModel)
        let encoder = try SentenceEncoder(directory: baseURL)
        let rows = try PairsFile.read(ws.pairsTable)
        guard !rows.isEmpty else { throw PipelineError("\(ws.pairsTable.path): no pairs were mined; nothing to train on") }
        let out = ws.models.appendingPathComponent(output)
        let checkpoints = ws.models.appendingPathComponent(output + ".checkpoints")
        try? FileManager.default.removeItem(at: checkpoints)  // settings or pairs changed: start over
        let tune = FineTune(encoder: encoder, pairs: rows, settings: training, record: .init(
            name: output, baseModel: baseModel, data: ws.pairsTable.lastPathComponent, pairsPath: ws.pairsTable.path, heldOut: split))
        let (result, _) = try tune.run(to: out, checkpoints: checkpoints) { p in progress(p.step, p.totalSteps, "steps") }
        try? FileManager.default.removeItem(at: checkpoints)
        let first = result.history.first?.loss ?? .nan, last = result.history.last?.loss ?? .nan
        return StageResult(
            lines: [String(format: "%d steps on %d pairs in %.0f s (%.2f pairs/s); loss %.3f → %.3f → models/%@",
                           result.steps, rows.count, result.seconds, result.pairsPerSecond, first, last, output)],
            figures: ["steps": Double(result.steps), "pairs": Double(rows.count), "loss_first": first, "loss_last": last])
    }
}
