import EventLog
import Foundation
import JobMatchCore

/// Publishes every raw record of a workspace's `raw/` folder to the event log.
///
/// Reads the LinkedIn postings, skills and summaries, Indeed and Glassdoor postings and the CV
/// JSONL (files that are absent are skipped) as streams and sends each record as an
/// ``IngestRecord`` to `jobs` or `cvs` (created with 3 partitions if missing), then flushes:
/// when ``publish(workspace:)`` returns, every record is acknowledged by the log.
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
    }

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
    public func publish(workspace: Workspace, progress: (Int) -> Void = { _ in }) throws -> Report {
        try log.createTopic(PipelineTopic.jobs, partitions: partitions)
        try log.createTopic(PipelineTopic.cvs, partitions: partitions)
        let producer = try log.makeProducer()
        var report = Report()
        func send(_ record: IngestRecord) throws {
            let value = try encoder.encode(record)
            try producer.send(topic: record.topic, key: Array(record.key.utf8), value: Array(value))
            report.counts[record.kind, default: 0] += 1
            if report.total % 10_000 == 0 { progress(report.total) }
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
        try producer.flush()
        progress(report.total)
        return report
    }
}
