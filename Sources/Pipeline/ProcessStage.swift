import EventLog
import Enrichment
import Foundation
import JobMatchCore
import Processing

/// Joins, filters and enriches what ingest published into `tables/jobs.parquet` and `cvs.parquet`.
public struct ProcessStage: Stage {
    public let name = "process"
    public let options: ProcessingOptions

    public init(options: ProcessingOptions = ProcessingOptions()) { self.options = options }

    public func inputs(_ ws: Workspace) -> [URL] { [ws.log] }
    public func outputs(_ ws: Workspace) -> [URL] { [ws.jobsTable, ws.cvsTable] }
    public var settings: ProcessingOptions { options }

    public func run(_ ws: Workspace, progress: @escaping @Sendable (Int, Int, String) -> Void) throws -> StageResult {
        let log = try EmbeddedLog(directory: ws.log.path)
        let r = try ProcessingPipeline(options: options).run(workspace: ws, log: log) { done, total in
            progress(done, total, total > 0 ? "partitions" : "records")
        }
        return StageResult(
            lines: [r.summaryLine],
            figures: ["jobs": Double(r.jobsOut), "cvs": Double(r.cvsOut), "skills_per_job": r.skillsPerJob])
    }
}
