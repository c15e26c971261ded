import EventLog
import Foundation
import JobMatchCore

/// One ingest run as recorded in the `ingest-runs` topic (1 partition): a `started` record,
/// flushed before any data record of the run, and a `completed` record, flushed after the last
/// data record was acknowledged. A run with no `completed` record crashed or was killed.
///
/// ```json
/// {"event":"started","fingerprint":"cvs.jsonl:52311:1764682000.123;…;partitions=3","run":2}
/// {"event":"completed","fingerprint":"…","records":{"cvs":{"0":7,"1":6,"2":7},"jobs":{…}},"run":2}
/// ```
public struct IngestRunRecord: Codable, Sendable, Hashable {
    public enum Event: String, Codable, Sendable { case started, completed }
    public var run: Int
    public var event: Event
    /// What the run read: each raw file's name, size and modification time, and the partition count.
    public var fingerprint: String
    /// With `completed`: records published per topic and partition (partition as a decimal string).
    public var records: [String: [String: Int]]?

    public init(run: Int, event: Event, fingerprint: String, records: [String: [String: Int]]? = nil) {
        self.run = run
        self.event = event
        self.fingerprint = fingerprint
        self.records = records
    }
}

/// What the `ingest-runs` topic says about one run.
public struct IngestRun: Sendable, Hashable {
    public var run: Int
    public var fingerprint: String
    public var completed: Bool
    /// Records published per topic and partition (from the completion record; empty if none).
    public var records: [String: [Int: Int]]

    /// The registry topic's name and partition count.
    public static let topic = "ingest-runs"

    /// Reads every run record with `consumer` (subscribed to ``topic``) to its end.
    /// - Returns: the runs in run order; a value that is not a run record is skipped and counted
    ///   in `unreadable`.
    public static func read(_ consumer: any LogConsumer) throws -> (runs: [IngestRun], unreadable: Int) {
        var byRun: [Int: IngestRun] = [:]
        var unreadable = 0
        let decoder = JSONDecoder()
        while true {
            let batch = try consumer.poll(maxRecords: 1_000)
            for record in batch.records {
                guard let r = try? decoder.decode(IngestRunRecord.self, from: Data(record.value)) else {
                    unreadable += 1
                    continue
                }
                var run = byRun[r.run] ?? IngestRun(run: r.run, fingerprint: r.fingerprint, completed: false, records: [:])
                if r.event == .completed {
                    run.completed = true
                    for (topic, partitions) in r.records ?? [:] {
                        for (p, n) in partitions { if let p = Int(p) { run.records[topic, default: [:]][p] = n } }
                    }
                }
                byRun[r.run] = run
            }
            if batch.atEnd { break }
        }
        return (byRun.keys.sorted().map { byRun[$0]! }, unreadable)
    }

    /// The runs recorded in `log` (empty when the topic does not exist), read from the start by
    /// `group` without committing.
    public static func read(log: any EventLog, group: String = "ingest") throws -> [IngestRun] {
        guard (try? log.partitionCount(of: topic)) != nil else { return [] }
        return try read(try log.makeConsumer(group: group, topics: [topic], from: .beginning)).runs
    }

    /// The fingerprint of `workspace/raw/` as ingest reads it: name, size and modification time of
    /// each raw file present (and of each file in `raw/cv_files/`), and the partition count (a cheap check, as `make` or `rsync` do; a
    /// file rewritten with the same size within the clock's resolution is not noticed — use
    /// `ingest --force`).
    public static func fingerprint(of workspace: Workspace, partitions: Int) -> String {
        var parts: [String] = []
        for file in RawFile.allCases where file != .labels {
            let path = workspace.rawFile(file).path
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { continue }
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
            let mtime = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            parts.append("\(file.rawValue):\(size):\(String(format: "%.6f", mtime))")
        }
        for name in CVFolderReader.files(in: workspace.cvFiles) {
            let path = workspace.cvFiles.appendingPathComponent(name).path
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { continue }
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
            let mtime = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            parts.append("cv_files/\(name):\(size):\(String(format: "%.6f", mtime))")
        }
        parts.append("partitions=\(partitions)")
        return parts.joined(separator: ";")
    }
}
