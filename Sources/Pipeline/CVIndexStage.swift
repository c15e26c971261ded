import Foundation
import Indexing
import JobMatchCore
import VectorIndex

/// Encodes the CVs open to recruiters with the model of the jobs index and builds
/// `index/cvs.faiss` (`CVIndexer`): what `match --job-id` and `POST /match/job` search.
///
/// Runs after `index`: it reads the jobs index's side file for the model, dimension and
/// precision, so the two indexes always pair (the side file is an input: a re-index reruns it).
public struct CVIndexStage: Stage {
    public let name = "cvindex"
    public let batchSize: Int

    public init(batchSize: Int = 32) { self.batchSize = batchSize }

    public func inputs(_ ws: Workspace) -> [URL] {
        let side = IndexInfo.url(forIndex: ws.jobsIndex)
        let model = (try? IndexInfo.read(forIndex: ws.jobsIndex)).map { [ws.model($0.model)] } ?? []
        return [ws.cvsTable, side] + model
    }
    public func outputs(_ ws: Workspace) -> [URL] { [ws.table(.cvsEncoded), ws.cvsIndex, IndexInfo.url(forIndex: ws.cvsIndex)] }
    public struct Settings: Codable, Equatable, Sendable { public var batchSize: Int }
    public var settings: Settings { Settings(batchSize: batchSize) }

    public func run(_ ws: Workspace, progress: @escaping @Sendable (Int, Int, String) -> Void) throws -> StageResult {
        let jobs = try IndexInfo.read(forIndex: ws.jobsIndex)
        var indexer = CVIndexer(cvsTable: ws.cvsTable, modelDirectory: ws.model(jobs.model), encodedTable: ws.table(.cvsEncoded),
                                indexFile: ws.cvsIndex, jobsIndex: jobs)
        indexer.batchSize = batchSize
        let r = try indexer.run { progress($0, $1, "CVs") }
        let line = r.open == 0
            ? "0 of \(r.cvs) CVs open to recruiters (open_to_recruiters): the CV index is empty, `match --job-id` finds no one"
            : String(format: "%d of %d CVs open to recruiters encoded with %@ (%.1f/s), index d=%d, %.1f MB", r.open, r.cvs, jobs.model,
                     r.encodeSeconds > 0 ? Double(r.open) / r.encodeSeconds : 0, r.dimension, Double(r.indexBytes) / 1e6)
        return StageResult(lines: [line], figures: ["cvs": Double(r.cvs), "open_cvs": Double(r.open), "index_bytes": Double(r.indexBytes)])
    }
}
