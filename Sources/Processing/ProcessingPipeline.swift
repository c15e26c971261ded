import Enrichment
import EventLog
import Foundation
import JobMatchCore

/// Which engine runs the join and filter.
public enum ProcessingEngine: String, Sendable, CaseIterable, Codable {
    case embedded, spark
}

/// Settings of a processing run.
public struct ProcessingOptions: Sendable, Codable, Equatable {
    public var engine: ProcessingEngine = .embedded
    public var join = JoinOptions()
    /// Keep only postings in this language (`en`, `fr`, `es`, `de`); nil keeps all.
    public var language: String?
    public var skillMode: SkillMatchMode = .precise
    public var jobTemplateFile: String?
    public var cvTemplateFile: String?
    /// Spill files per group of the embedded engine (`--partitions`); nil picks them from the
    /// input size (see `JoinUnitStore`).
    public var partitions: Int?
    /// Spark's shuffle partitions.
    public var sparkShufflePartitions = 16
    /// Threads that join and finish units: nil for `JOBMATCH_THREADS`, else the active cores.
    /// The tables do not depend on it.
    public var workers: Int?
    /// Input bytes per join unit (the memory bound's unit; the tables depend on it, not on `workers`).
    public var unitBytes = 32 << 20
    /// Process a log whose latest ingest run has no completion record.
    public var allowIncompleteRun = false

    public init() {}

    /// The worker count to use.
    public var resolvedWorkers: Int {
        if let workers { return max(1, workers) }
        if let n = ProcessInfo.processInfo.environment["JOBMATCH_THREADS"].flatMap({ Int($0) }), n > 0 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }
}

/// The processing stage: raw records → `tables/jobs.parquet` and `tables/cvs.parquet`.
///
/// The embedded engine reads its input in one pass into join units (`JoinUnitStore`: a log
/// partition, or a key-hash slice of one when it is large), then joins and finishes the units on
/// `workers` threads (`OrderedWorkers`), appending them in unit order, so the tables are the same
/// byte for byte whatever the thread count.
///
/// The two tables are replaced together: each is written durably under its staged name
/// (`jobs.parquet.next`, `cvs.parquet.next`) and both are switched in with one
/// ``DurableFileSet/replace(_:)`` (a roll-forward journal), so a crash never leaves a jobs table
/// of one run beside a CV table of another. Reading from the log, the consumer group `processing`
/// commits only after that switch.
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

    /// Runs the stage; `progress` gets `(done, total)`: records read with total 0 in the read
    /// pass, then units joined of all units.
    /// - Parameter log: read the records `jobmatch ingest` published to this log instead of the
    ///   raw files. With the Spark engine, the one read pass writes the `jobs` records as Spark's
    ///   input files (`SparkLogInput`) and Spark joins them; CVs go through the embedded units.
    /// - Throws: `ProcessingError` or `JobMatchError` naming the file at fault.
    public func run(workspace: Workspace, log: (any EventLog)? = nil,
                    progress: (Int, Int) -> Void = { _, _ in }) throws -> ProcessingReport {
        let start = Date()
        try workspace.create(workspace.tables)
        let rejects = RejectLog(file: workspace.rejects.appendingPathComponent("process.jsonl"))
        let source: any JobRecordSource
        var logSource: EventLogSource?
        var sparkInput: SparkLogInput?
        let temp = workspace.root.appendingPathComponent("tmp/process-\(ProcessInfo.processInfo.processIdentifier)")
        defer { if sparkInput != nil { try? FileManager.default.removeItem(at: temp.appendingPathComponent("spark-input")) } }
        if let log {
            let s = try EventLogSource(log: log, rejects: rejects, partitionBytes: Self.partitionBytes(workspace.log))
            try s.checkRuns(allowIncomplete: options.allowIncompleteRun)
            if options.engine == .spark {
                let input = try SparkLogInput(folder: temp.appendingPathComponent("spark-input"), rejects: rejects)
                s.jobsSink = { try input.add($0, group: $1) }
                sparkInput = input
            }
            source = s
            logSource = s
        } else {
            var raw = RawFilesSource(workspace: workspace, rejects: rejects)
            guard raw.hasPostings else {
                throw ProcessingError(.io, "no postings to process (linkedin_job_postings.csv, indeed_jobs.csv or glassdoor_jobs.csv)",
                                      file: workspace.raw.path)
            }
            raw.includeJobs = options.engine == .embedded  // Spark reads the posting files itself
            source = raw
        }
        let workers = options.resolvedWorkers
        let settings = try FinishingSettings(options)
        let templates = try settings.templates()
        let matchers = try (0..<workers).map { _ in try SkillMatcher(mode: options.skillMode) }
        let joiners = matchers.map {
            UnitJoiner(options: options.join, jobFinisher: JobFinisher(matcher: $0, templates: templates, language: options.language),
                       cvFinisher: CVFinisher(matcher: $0, templates: templates))
        }
        var report = ProcessingReport()
        report.engine = options.engine.rawValue
        report.workers = workers
        let jobs = try JobTableWriter(url: DurableFileSet.staged(for: workspace.jobsTable), matcher: matchers[0],
                                      templates: templates, language: options.language, report: report)
        let cvs = try CVTableWriter(url: DurableFileSet.staged(for: workspace.cvsTable))

        // Read pass, then the units on `workers` threads, appended in unit order.
        let store = try JoinUnitStore(folder: temp.appendingPathComponent("units"), groupBytes: source.groupBytes,
                                      unitBytes: options.unitBytes, fanout: options.partitions)
        defer { store.removeFolder() }
        try source.read(into: store) { progress($0, 0) }
        try sparkInput?.close()
        let units = UnitQueue(try store.finish())
        var cvsIn = 0, done = 0
        try OrderedWorkers.run(count: units.count, workers: workers, lookahead: workers, produce: { i, w in
            var out = UnitOutput()
            try store.load(units.take(i)) { bytes, file in try joiners[w].join(bytes, file: file, into: &out) }
            return out
        }, consume: { out in
            for (rejection, raw) in out.rejections { rejects.record(rejection, raw: raw) }
            jobs.merge(out.counts)
            for row in out.jobs { try jobs.append(row) }
            for row in out.cvs { try cvs.append(row) }
            cvs.countDropped("cv: duplicate id", out.cvDuplicates)
            cvsIn += out.cvsIn
            done += 1
            progress(done, units.count)
        })
        if options.engine == .spark {
            let spark = SparkJoin(options: options.join, tempFolder: temp.appendingPathComponent("spark"), shufflePartitions: options.sparkShufflePartitions)
            let counts = if let sparkInput {
                try spark.run(logInput: sparkInput) { try jobs.add($0) }
            } else {
                try spark.run(workspace: workspace, source: RawFilesSource(workspace: workspace, rejects: rejects)) { try jobs.add($0) }
            }
            jobs.merge(counts)
        }
        try jobs.close()
        try cvs.close()
        // How the rows were finished switches with the tables (`jobmatch watch` reads it).
        try settings.write(to: DurableFileSet.staged(for: workspace.processingSettings))
        try DurableFileSet.replace([
            (staged: DurableFileSet.staged(for: workspace.jobsTable), final: workspace.jobsTable),
            (staged: DurableFileSet.staged(for: workspace.cvsTable), final: workspace.cvsTable),
            (staged: DurableFileSet.staged(for: workspace.processingSettings), final: workspace.processingSettings),
        ])
        // The tables are durable: now record what was read.
        try logSource?.commit()
        report = jobs.report
        for (k, v) in report.join.dropped { report.dropped[k, default: 0] += v }
        report.cvsIn = cvsIn
        report.cvsOut = cvs.written
        report.cvsWithSkills = cvs.withSkills
        for (k, v) in cvs.dropped { report.dropped[k, default: 0] += v }
        try rejects.close()
        report.rejects = rejects.countsByCategory
        for (k, v) in report.join.rejected { report.rejects[k, default: 0] += v }
        report.log = logSource?.readReport
        report.seconds = Date().timeIntervalSince(start)
        return report
    }

    /// Each partition's bytes in an embedded log folder (`log/TOPIC/P`); empty for a Kafka log,
    /// whose partitions are then sized as they are read.
    static func partitionBytes(_ folder: URL) -> [String: [Int]] {
        var result: [String: [Int]] = [:]
        for topic in EventLogSource.topics {
            var sizes: [Int] = []
            while FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(topic)/\(sizes.count)").path) {
                sizes.append(folderSize(folder.appendingPathComponent("\(topic)/\(sizes.count)")))
            }
            if !sizes.isEmpty { result[topic] = sizes }
        }
        return result
    }

    /// Bytes under `folder` (0 when it does not exist).
    static func folderSize(_ folder: URL) -> Int {
        guard let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey]) else { return 0 }
        var total = 0
        for case let url as URL in files {
            total += (try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
        }
        return total
    }
}

/// The units of a run, each handed out once and released when taken (so a unit held in memory
/// is freed as soon as it is joined).
final class UnitQueue: @unchecked Sendable {
    private var units: [JoinUnitStore.Unit?]
    private let lock = NSLock()
    let count: Int

    init(_ units: [JoinUnitStore.Unit]) {
        self.units = units
        count = units.count
    }

    func take(_ i: Int) -> JoinUnitStore.Unit {
        lock.lock()
        defer { lock.unlock() }
        let unit = units[i]!
        units[i] = nil
        return unit
    }
}
