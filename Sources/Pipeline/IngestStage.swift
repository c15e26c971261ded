import EventLog
import Foundation
import Ingest
import JobMatchCore

/// Publishes the raw files to the embedded event log (`log/`, topics jobs and cvs, 3 partitions).
///
/// The log is derived from `raw/`: when the raw files change, the stage rebuilds it from scratch
/// rather than appending a second copy of every record.
public struct IngestStage: Stage {
    public let name = "ingest"
    public init() {}

    public func inputs(_ ws: Workspace) -> [URL] { [ws.raw] }
    public func outputs(_ ws: Workspace) -> [URL] { [ws.log] }
    public struct Settings: Codable, Equatable, Sendable { public var partitions: Int }
    public var settings: Settings { Settings(partitions: PipelineTopic.defaultPartitions) }

    public func run(_ ws: Workspace, progress: @escaping @Sendable (Int, Int, String) -> Void) throws -> StageResult {
        try? FileManager.default.removeItem(at: ws.log)
        try ws.create(ws.rejects)
        let rejects = RejectLog(file: ws.rejects.appendingPathComponent("ingest.jsonl"))
        let log = try EmbeddedLog(directory: ws.log.path)
        let report = try SourceProducer(log: log, rejects: rejects).publish(workspace: ws) { progress($0, 0, "records") }
        try rejects.close()
        let kinds = report.counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }
        return StageResult(lines: ["published \(report.total) records (\(rejects.count) rejected): \(kinds.joined(separator: ", "))"],
                           figures: ["records": Double(report.total), "rejected": Double(rejects.count)])
    }
}
