import Foundation
import DataGenerator
import JobMatchCore
import Pipeline

/// The demo's first stage: synthetic raw files (`raw/`) from the generator, byte-identical for a seed.
/// It lives with the CLI, which composes the pipeline: the pipeline never depends on the generator.
struct GenerateStage: Stage {
    public let name = "generate"
    public let config: DatasetGenerator.Config

    public init(config: DatasetGenerator.Config) { self.config = config }

    public func inputs(_ ws: Workspace) -> [URL] { [] }
    public func outputs(_ ws: Workspace) -> [URL] { DatasetGenerator.files.map { ws.rawFile($0) } }
    public var settings: DatasetGenerator.Config { config }

    public func run(_ ws: Workspace, progress: @escaping @Sendable (Int, Int, String) -> Void) throws -> StageResult {
        let jobs = config.jobs
        let r = try DatasetGenerator(config: config).write(to: ws) { progress($0, jobs, "postings") }
        return StageResult(lines: ["\(r.uniquePostings) LinkedIn postings, \(r.indeed + r.glassdoor) board postings, \(r.cvs) CVs"],
                           figures: ["postings": Double(r.uniquePostings), "cvs": Double(r.cvs)])
    }
}
