import EventLog
import Foundation
import JobMatchCore

/// Which engine runs the join and filter.
public enum ProcessingEngine: String, Sendable, CaseIterable {
    case embedded, spark
}

/// Settings of a processing run.
public struct ProcessingOptions: Sendable {
    public var engine: ProcessingEngine = .embedded
    public var join = JoinOptions()
    /// Keep only postings in this language (`en`, `fr`, `es`, `de`); nil keeps all.
    public var language: String?
    public var skillMode: SkillMatchMode = .precise
    public var jobTemplateFile: String?
    public var cvTemplateFile: String?
    /// Partitions of the embedded engine; nil picks one from the input size.
    public var partitions: Int?
    /// Spark's shuffle partitions.
    public var sparkShufflePartitions = 16

    public init() {}
}

/// The processing stage: raw records → `tables/jobs.parquet` and `tables/cvs.parquet`.
///
/// The two tables are replaced together: each is written durably under its staged name
/// (`jobs.parquet.next`, `cvs.parquet.next`) and both are switched in with one
/// ``DurableFileSet/replace(_:)`` (a roll-forward journal), so a crash never leaves a jobs table
/// of one run beside a CV table of another.
///
/// ```swift
/// var options = ProcessingOptions()
/// options.join.requireSummary = true
/// let report = try ProcessingPipeline(options: options).run(workspace: Workspace("workspace"))
/// print(report.jobsOut, report.dropped)
/// ```
public struct ProcessingPipeline {
    public let options: ProcessingOptions

    public init(options: ProcessingOptions) {
        self.options = options
    }

    /// Runs the stage; `progress` gets `(done, total)` from the embedded join (see `EmbeddedJoin.run`).
    /// - Parameter log: read the records `jobmatch ingest` published to this log instead of the
    ///   raw files (embedded engine only: Spark reads the raw files itself).
    /// - Throws: `ProcessingError` or `JobMatchError` naming the file at fault.
    public func run(workspace: Workspace, log: (any EventLog)? = nil,
                    progress: (Int, Int) -> Void = { _, _ in }) throws -> ProcessingReport {
        let start = Date()
        try workspace.create(workspace.tables)
        let rejects = RejectLog(file: workspace.rejects.appendingPathComponent("process.jsonl"))
        let source: any JobRecordSource
        if let log {
            guard options.engine == .embedded else {
                throw ProcessingError(.invalidArgument, "the Spark engine reads the raw files; use the embedded engine with the event log")
            }
            source = EventLogSource(log: log, rejects: rejects, estimatedBytes: Self.folderSize(workspace.log))
        } else {
            let raw = RawFilesSource(workspace: workspace, rejects: rejects)
            guard raw.hasPostings else {
                throw ProcessingError(.io, "no postings to process (linkedin_job_postings.csv, indeed_jobs.csv or glassdoor_jobs.csv)",
                                      file: workspace.raw.path)
            }
            source = raw
        }
        let matcher = try SkillMatcher(mode: options.skillMode)
        let templates = try EmbeddingTemplates.load(jobFile: options.jobTemplateFile, cvFile: options.cvTemplateFile)
        var report = ProcessingReport()
        report.engine = options.engine.rawValue
        let jobs = try JobTableWriter(url: DurableFileSet.staged(for: workspace.jobsTable), matcher: matcher,
                                      templates: templates, language: options.language, report: report)
        let temp = workspace.root.appendingPathComponent("tmp/process-\(ProcessInfo.processInfo.processIdentifier)")
        let counts: JoinCounts
        switch options.engine {
        case .embedded:
            counts = try EmbeddedJoin(options: options.join, tempFolder: temp, partitions: options.partitions)
                .run(source: source, progress: progress) { try jobs.add($0) }
        case .spark:
            counts = try SparkJoin(options: options.join, tempFolder: temp, shufflePartitions: options.sparkShufflePartitions)
                .run(workspace: workspace, source: RawFilesSource(workspace: workspace, rejects: rejects)) { try jobs.add($0) }
        }
        try jobs.close()
        report = jobs.report
        report.join = counts
        for (k, v) in counts.dropped { report.dropped[k, default: 0] += v }

        let cvs = try CVTableWriter(url: DurableFileSet.staged(for: workspace.cvsTable), matcher: matcher, templates: templates)
        try source.forEachResume { cv in
            report.cvsIn += 1
            try cvs.add(cv)
        }
        try cvs.close()
        try DurableFileSet.replace([
            (staged: DurableFileSet.staged(for: workspace.jobsTable), final: workspace.jobsTable),
            (staged: DurableFileSet.staged(for: workspace.cvsTable), final: workspace.cvsTable),
        ])
        report.cvsOut = cvs.written
        for (k, v) in cvs.dropped { report.dropped[k, default: 0] += v }
        try rejects.close()
        report.rejects = rejects.countsByCategory
        for (k, v) in counts.rejected { report.rejects[k, default: 0] += v }
        report.seconds = Date().timeIntervalSince(start)
        return report
    }

    /// Bytes under `folder` (0 when it does not exist, as for a Kafka log).
    static func folderSize(_ folder: URL) -> Int {
        guard let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey]) else { return 0 }
        var total = 0
        for case let url as URL in files {
            total += (try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
        }
        return total
    }
}
