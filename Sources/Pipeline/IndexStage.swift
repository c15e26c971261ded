import Foundation
import Tables
import Indexing
import JobMatchCore
import VectorIndex

/// Re-encodes every job with the serving model and builds `index/jobs.faiss` (`JobIndexer`).
///
/// The serving model is `model`, or, with `chosenByEval`, the one the eval stage before it chose
/// (`EvalStage.serving`: the fine-tuned model unless it measured worse than the base).
public struct IndexStage: Stage {
    public let name = "index"
    /// Model folder name under `models/`.
    public let model: String
    public let options: JobIndexer.Options
    /// Serve the model `reports/serving-model.txt` names instead of `model`, when it names one.
    public let chosenByEval: Bool

    public init(model: String, options: JobIndexer.Options = JobIndexer.Options(), chosenByEval: Bool = false) {
        self.model = model
        self.options = options
        self.chosenByEval = chosenByEval
    }

    /// The model this stage indexes with now.
    public func servingModel(_ ws: Workspace) -> String {
        chosenByEval ? EvalStage.serving(ws) ?? model : model
    }

    public func inputs(_ ws: Workspace) -> [URL] {
        [ws.jobsTable, ws.model(servingModel(ws))] + (chosenByEval ? [EvalStage.servingFile(ws)] : [])
    }
    public func outputs(_ ws: Workspace) -> [URL] { [ws.jobsEncodedTable, ws.jobsIndex, IndexInfo.url(forIndex: ws.jobsIndex)] }
    public struct Settings: Codable, Equatable, Sendable {
        public var model: String
        public var options: JobIndexer.Options
        public var chosenByEval: Bool?
    }
    public var settings: Settings { Settings(model: model, options: options, chosenByEval: chosenByEval ? true : nil) }

    /// The options the last index run recorded in the manifest, whole (precision included), so a
    /// re-index (`jobmatch retrain`) builds the same kind of index; defaults when none was recorded
    /// or it was recorded by another version.
    public static func options(recordedIn manifest: Manifest) -> JobIndexer.Options {
        (try? manifest.stages["index"]?.settings.decode(Settings.self))?.options ?? JobIndexer.Options()
    }

    public func run(_ ws: Workspace, progress: @escaping @Sendable (Int, Int, String) -> Void) throws -> StageResult {
        try ws.create(ws.index)
        let model = servingModel(ws)
        var indexer = JobIndexer(jobsTable: ws.jobsTable, modelDirectory: ws.model(model),
                                 encodedTable: ws.jobsEncodedTable, indexFile: ws.jobsIndex, options: options)
        indexer.jobsCache = EncodedJobsCache(folder: ws.encodedJobsCache)
        let r = try indexer.run { progress($0, $1, "jobs") }
        let rate = r.encodeSeconds > 0 && r.encodedNow > 0 ? Double(r.encodedNow) / r.encodeSeconds : 0
        return StageResult(
            lines: [String(format: "%d jobs with %@ (%@; %d encoded at %.1f/s, %d reused from tables/encoded/), index %@ d=%d, %.1f MB",
                           r.rows, model, options.precision.rawValue, r.encodedNow, rate, r.reusedFromCache, options.encoding.faissName,
                           r.dimension, Double(r.indexBytes) / 1e6)],
            figures: ["jobs": Double(r.rows), "jobs_per_second": rate, "index_bytes": Double(r.indexBytes),
                      "jobs_reused": Double(r.reusedFromCache)])
    }
}
