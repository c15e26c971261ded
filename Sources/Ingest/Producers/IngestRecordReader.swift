import EventLog
import Foundation
import JobMatchCore

/// The consuming side of ingest: reads ``IngestRecord``s back from `jobs` and/or `cvs`.
///
/// A value that is not an ``IngestRecord`` is set aside in the `RejectLog` with its topic,
/// partition and offset (as `source` "topic/partition" and `line` offset), never stopping the run.
/// Call ``commit()`` after the output built from the records is durable (at least once).
///
/// ```swift
/// let reader = try IngestRecordReader(log: log, group: "processing", topics: ["jobs"], rejects: rejects)
/// while let batch = try reader.next() { handle(batch); try reader.commit() }
/// ```
public final class IngestRecordReader {
    private let consumer: any LogConsumer
    private let rejects: RejectLog
    private let decoder = JSONDecoder()
    private var finished = false

    public init(log: any EventLog, group: String, topics: [String], rejects: RejectLog) throws {
        consumer = try log.makeConsumer(group: group, topics: topics)
        self.rejects = rejects
    }

    /// The next records (possibly empty while the log catches up), or nil once every partition
    /// has been read to its end.
    public func next(maxRecords: Int = 1_000) throws -> [IngestRecord]? {
        if finished { return nil }
        let batch = try consumer.poll(maxRecords: maxRecords)
        if batch.atEnd { finished = true }
        if batch.records.isEmpty && finished { return nil }
        var records: [IngestRecord] = []
        records.reserveCapacity(batch.records.count)
        for record in batch.records {
            do {
                records.append(try decoder.decode(IngestRecord.self, from: Data(record.value)))
            } catch {
                rejects.record(
                    Rejection(source: "\(record.topic)/\(record.partition)", line: Int(record.offset), reason: "not an ingest record: \(type(of: error))"),
                    raw: record.value)
            }
        }
        return records
    }

    /// Commits the position after every record returned so far.
    public func commit() throws {
        try consumer.commit()
    }
}
