import Foundation
import JobMatchCore
import Matching
import VectorIndex

/// Re-encodes every job with the serving model and builds `index/jobs.faiss` (`JobIndexer`).
public struct IndexStage: Stage {
    public let name = "index"
    /// Model folder name under `models/`.
    public let model: String
    public let options: JobIndexer.Options

    public init(model: String, options: JobIndexer.Options = JobIndexer.Options()) {
        self.model = model
        self.options = options
    }

    public func inputs(_ ws: Workspace) -> [URL] { [ws.jobsTable, ws.models.appendingPathComponent(model)] }
    public func outputs(_ ws: Workspace) -> [URL] { [ws.jobsEncodedTable, ws.jobsIndex, IndexInfo.url(forIndex: ws.jobsIndex)] }
    public var settings: [String: String] {
        ["model": model, "encoding": options.encoding.rawValue, "dimension": options.dimension.map(String.init) ?? "model",
         "max_seq_length": options.maxSeqLength.map(String.init) ?? "model", "batch_size": String(options.batchSize),
         "precision": options.precision.rawValue]
    }

    /// The options the last index run recorded in the manifest (defaults where none was recorded),
    /// so a re-index (`jobmatch retrain`) builds the same kind of index.
    public static func options(recordedIn manifest: Manifest) -> JobIndexer.Options {
        var o = JobIndexer.Options()
        guard let s = manifest.stages["index"]?.settings else { return o }
        if let e = s["encoding"].flatMap(VectorEncoding.init(rawValue:)) { o.encoding = e }
        o.dimension = s["dimension"].flatMap { Int($0) }
        o.maxSeqLength = s["max_seq_length"].flatMap { Int($0) }
        if let b = s["batch_size"].flatMap({ Int($0) }) { o.batchSize = b }
        return o
    }

    public func run(_ ws: Workspace, progress: @escaping @Sendable (Int, Int, String) -> Void) throws -> StageResult {
        try ws.create(ws.index)
        let indexer = JobIndexer(jobsTable: ws.jobsTable, modelDirectory: ws.models.appendingPathComponent(model),
                                 encodedTable: ws.jobsEncodedTable, indexFile: ws.jobsIndex, options: options)
        let r = try indexer.run { progress($0, $1, "jobs") }
        let rate = r.encodeSeconds > 0 ? Double(r.encodedNow) / r.encodeSeconds : 0
        return StageResult(
            lines: [String(format: "%d jobs encoded with %@ (%@, %.1f/s), index %@ d=%d, %.1f MB",
                           r.rows, model, options.precision.rawValue, rate, options.encoding.faissName, r.dimension, Double(r.indexBytes) / 1e6)],
            figures: ["jobs": Double(r.rows), "jobs_per_second": rate, "index_bytes": Double(r.indexBytes)])
    }
}
