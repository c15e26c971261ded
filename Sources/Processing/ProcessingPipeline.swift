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
    /// - Throws: `ProcessingError` or `JobMatchError` naming the file at fault.
    public func run(workspace: Workspace, progress: (Int, Int) -> Void = { _, _ in }) throws -> ProcessingReport {
        let start = Date()
        try workspace.create(workspace.tables)
        let rejects = RejectLog(file: workspace.rejects.appendingPathComponent("process.jsonl"))
        let source = RawFilesSource(workspace: workspace, rejects: rejects)
        guard source.hasPostings else {
            throw ProcessingError(.io, "no postings to process (linkedin_job_postings.csv, indeed_jobs.csv or glassdoor_jobs.csv)",
                                  file: workspace.raw.path)
        }
        let matcher = try SkillMatcher(mode: options.skillMode)
        let templates = try EmbeddingTemplates.load(jobFile: options.jobTemplateFile, cvFile: options.cvTemplateFile)
        var report = ProcessingReport()
        report.engine = options.engine.rawValue
        let jobs = try JobTableWriter(url: workspace.tables.appendingPathComponent("jobs.parquet"), matcher: matcher,
                                      templates: templates, language: options.language, report: report)
        let temp = workspace.root.appendingPathComponent("tmp/process-\(ProcessInfo.processInfo.processIdentifier)")
        let counts: JoinCounts
        switch options.engine {
        case .embedded:
            counts = try EmbeddedJoin(options: options.join, tempFolder: temp, partitions: options.partitions)
                .run(source: source, progress: progress) { try jobs.add($0) }
        case .spark:
            counts = try SparkJoin(options: options.join, tempFolder: temp, shufflePartitions: options.sparkShufflePartitions)
                .run(workspace: workspace, source: source) { try jobs.add($0) }
        }
        try jobs.close()
        report = jobs.report
        report.join = counts
        for (k, v) in counts.dropped { report.dropped[k, default: 0] += v }

        let cvs = try CVTableWriter(url: workspace.tables.appendingPathComponent("cvs.parquet"), matcher: matcher, templates: templates)
        try source.forEachResume { cv in
            report.cvsIn += 1
            try cvs.add(cv)
        }
        try cvs.close()
        report.cvsOut = cvs.written
        for (k, v) in cvs.dropped { report.dropped[k, default: 0] += v }
        try rejects.close()
        report.rejects = rejects.countsByCategory
        report.seconds = Date().timeIntervalSince(start)
        return report
    }
}
