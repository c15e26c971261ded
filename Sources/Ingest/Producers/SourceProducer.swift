import EventLog
import Foundation
import JobMatchCore

/// Publishes every raw record of a workspace's `raw/` folder to the event log.
///
/// Reads the LinkedIn postings, skills and summaries, Indeed and Glassdoor postings, the CV
/// JSONL and CSV, and the CV files of `raw/cv_files/` (PDF, DOCX, text; ``CVFolderReader``)
/// (files that are absent are skipped) as streams and sends each record as an
/// ``IngestRecord`` to `jobs` or `cvs` (created with 3 partitions if missing), then flushes:
/// when ``publish(workspace:force:progress:)`` returns, every record is acknowledged by the log.
///
/// Each call is a numbered run recorded in the `ingest-runs` topic (``IngestRun``): a `started`
/// record before the data, a `completed` record with the per-partition counts after it. A run
/// killed halfway has no completion record, and `process --source log` refuses such a log. When
/// the raw files' fingerprint equals the latest completed run's, nothing is published (the log
/// does not grow with every rerun) unless `force` is set.
///
/// ```swift
/// let producer = SourceProducer(log: try EmbeddedLog(directory: workspace.log.path), rejects: rejects)
/// let report = try producer.publish(workspace: workspace)
/// ```
public final class SourceProducer {
    public struct Report: Sendable, Hashable {
        /// Records published per kind.
        public var counts: [IngestRecord.Kind: Int] = [:]
        public var total: Int { counts.values.reduce(0, +) }
        /// This run's number, or the number of the completed run whose fingerprint matched.
        public var run = 0
        /// True when nothing was published: the latest completed run read the same raw files.
        public var skipped = false
    }

    /// For crash tests: after `records` records, flush them (so they are acknowledged) and call
    /// `action` (which may throw, or block until the process is killed).
    public var afterRecords: (records: Int, action: () throws -> Void)?

    private let log: any EventLog
    private let rejects: RejectLog
    private let partitions: Int
    private let encoder: JSONEncoder

    public init(log: any EventLog, rejects: RejectLog, partitions: Int = PipelineTopic.defaultPartitions) {
        self.log = log
        self.rejects = rejects
        self.partitions = partitions
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    /// Publishes all of `workspace/raw/`.
    /// - Parameter progress: called now and then with the number of records sent so far.
    /// - Throws: `EventLogError` if the log fails; `JobMatchError` if a file cannot be read.
    public func publish(workspace: Workspace, force: Bool = false, progress: (Int) -> Void = { _ in }) throws -> Report {
        try log.createTopic(PipelineTopic.jobs, partitions: partitions)
        try log.createTopic(PipelineTopic.cvs, partitions: partitions)
        do {
            try log.createTopic(IngestRun.topic, partitions: 1)
        } catch EventLogError.partitionCountMismatch {
            // Made elsewhere with more partitions (e.g. by a cluster's auto-creation): run records
            // are keyed by run number and read from every partition, so any count works.
        }
        let runs = try IngestRun.read(log: log)
        let fingerprint = IngestRun.fingerprint(of: workspace, partitions: partitions)
        var report = Report()
        if !force, let latest = runs.last, latest.completed, latest.fingerprint == fingerprint {
            report.run = latest.run
            report.skipped = true
            return report
        }
        report.run = (runs.last?.run ?? 0) + 1
        let producer = try log.makeProducer()
        func mark(_ record: IngestRunRecord) throws {
            try producer.send(topic: IngestRun.topic, key: Array(String(record.run).utf8), value: Array(try encoder.encode(record)))
            try producer.flush()
        }
        try mark(IngestRunRecord(run: report.run, event: .started, fingerprint: fingerprint))
        var perPartition: [String: [String: Int]] = [:]
        func send(_ record: IngestRecord) throws {
            var record = record
            record.run = report.run
            let key = Array(record.key.utf8)
            let value = try encoder.encode(record)
            try producer.send(topic: record.topic, key: key, value: Array(value))
            let partition = Murmur2Partitioner.partition(forKey: key, partitionCount: partitions)
            perPartition[record.topic, default: [:]][String(partition), default: 0] += 1
            report.counts[record.kind, default: 0] += 1
            if report.total % 10_000 == 0 { progress(report.total) }
            if let hook = afterRecords, report.total == hook.records {
                try producer.flush()
                try hook.action()
            }
        }
        func path(_ file: RawFile) -> String? {
            let url = workspace.rawFile(file)
            return FileManager.default.fileExists(atPath: url.path) ? url.path : nil
        }
        if let path = path(.linkedinPostings) {
            let reader = try LinkedInPostingsReader(path: path, rejects: rejects)
            while let posting = try reader.next() {
                try send(IngestRecord(kind: .linkedinPosting, sourceFile: RawFile.linkedinPostings.rawValue, line: reader.csv.line, posting: posting))
            }
        }
        if let path = path(.linkedinSkills) {
            let reader = try LinkedInPartReader(path: path, valueColumn: "job_skills", rejects: rejects)
            while let row = try reader.nextSkills() {
                try send(IngestRecord(kind: .linkedinSkills, sourceFile: RawFile.linkedinSkills.rawValue, line: reader.csv.line, jobLink: row.jobLink, skills: row.skills))
            }
        }
        if let path = path(.linkedinSummaries) {
            let reader = try LinkedInPartReader(path: path, valueColumn: "job_summary", rejects: rejects)
            while let row = try reader.nextSummary() {
                try send(IngestRecord(kind: .linkedinSummary, sourceFile: RawFile.linkedinSummaries.rawValue, line: reader.csv.line, jobLink: row.jobLink, summary: row.summary))
            }
        }
        if let path = path(.indeedJobs) {
            let reader = try IndeedReader(path: path, rejects: rejects)
            while let posting = try reader.next() {
                try send(IngestRecord(kind: .indeedPosting, sourceFile: RawFile.indeedJobs.rawValue, line: reader.csv.line, posting: posting))
            }
        }
        if let path = path(.glassdoorJobs) {
            let reader = try GlassdoorReader(path: path, rejects: rejects)
            while let posting = try reader.next() {
                try send(IngestRecord(kind: .glassdoorPosting, sourceFile: RawFile.glassdoorJobs.rawValue, line: reader.csv.line, posting: posting))
            }
        }
        if let path = path(.cvs) {
            let reader = try ResumeJSONLReader(path: path, rejects: rejects)
            while let resume = try reader.next() {
                try send(IngestRecord(kind: .cv, sourceFile: RawFile.cvs.rawValue, line: reader.lines.line, resume: resume))
            }
        }
        if let path = path(.resumesCSV) {
            let reader = try ResumeCSVReader(path: path, rejects: rejects)
            while let resume = try reader.next() {
                try send(IngestRecord(kind: .cv, sourceFile: RawFile.resumesCSV.rawValue, line: reader.csv.line, resume: resume))
            }
        }
        let cvFiles = CVFolderReader(folder: workspace.cvFiles, rejects: rejects)
        while let resume = cvFiles.next() {
            try send(IngestRecord(kind: .cv, sourceFile: "cv_files/" + cvFiles.file, line: 1, resume: resume))
        }
        try producer.flush()
        try mark(IngestRunRecord(run: report.run, event: .completed, fingerprint: fingerprint, records: perPartition))
        progress(report.total)
        return report
    }
}
