import EventLog
import Foundation
import Ingest
import JobMatchCore

/// Reads the raw records that `jobmatch ingest` published: topics `jobs` and `cvs` of an event
/// log (embedded or Kafka), decoded as `IngestRecord`s.
///
/// Each pass reads its topic from the beginning with a fresh consumer group that never commits,
/// so processing always rebuilds the tables from everything in the log (the join keeps the latest
/// record per job_link, so records published twice give the same tables). Values that are not
/// ingest records go to the reject log with topic/partition and offset.
public struct EventLogSource: JobRecordSource {
    public let log: any EventLog
    public let rejects: RejectLog
    /// The log's size, when known (the embedded log's folder), to size the join's partitions.
    public let estimatedBytes: Int

    public init(log: any EventLog, rejects: RejectLog, estimatedBytes: Int = 0) {
        self.log = log
        self.rejects = rejects
        self.estimatedBytes = estimatedBytes
    }

    /// Calls `body` with every record of `topic`, in partition order.
    private func forEachRecord(topic: String, _ body: (IngestRecord) throws -> Void) throws {
        let group = "processing-pass-\(UUID().uuidString)"
        let reader = try IngestRecordReader(log: log, group: group, topics: [topic], rejects: rejects)
        while let batch = try reader.next(maxRecords: 4_096) {
            for record in batch { try body(record) }
        }
    }

    public func forEachPosting(_ body: (JobPosting) throws -> Void) throws {
        try forEachRecord(topic: "jobs") { record in
            switch record.kind {
            case .linkedinPosting, .indeedPosting, .glassdoorPosting:
                guard let posting = record.posting else { return reject(record, "no posting in a \(record.kind.rawValue) record") }
                try body(posting)
            default: break
            }
        }
    }

    public func forEachSkillsRow(_ body: (String, String) throws -> Void) throws {
        try forEachRecord(topic: "jobs") { record in
            guard record.kind == .linkedinSkills else { return }
            guard let link = record.jobLink else { return reject(record, "no job_link in a skills record") }
            try body(link, (record.skills ?? []).joined(separator: ", "))
        }
    }

    public func forEachSummaryRow(_ body: (String, String) throws -> Void) throws {
        try forEachRecord(topic: "jobs") { record in
            guard record.kind == .linkedinSummary else { return }
            guard let link = record.jobLink, let summary = record.summary else {
                return reject(record, "no job_link or summary in a summary record")
            }
            try body(link, summary)
        }
    }

    public func forEachResume(_ body: (Resume) throws -> Void) throws {
        try forEachRecord(topic: "cvs") { record in
            guard record.kind == .cv else { return }
            guard let resume = record.resume else { return reject(record, "no resume in a cv record") }
            try body(resume)
        }
    }

    /// Sets aside a record that decoded but lacks what its kind needs, naming the raw file and
    /// line it was published from.
    private func reject(_ record: IngestRecord, _ reason: String) {
        rejects.record(Rejection(source: record.sourceFile, line: record.line, reason: reason))
    }
}
