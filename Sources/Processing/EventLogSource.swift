import EventLog
import Foundation
import Ingest
import JobMatchCore

/// Reads what `jobmatch ingest` published: topics `jobs` and `cvs` of an event log (embedded or
/// Kafka), in one pass, as consumer group `processing`.
///
/// - **Runs first.** ``checkRuns(allowIncomplete:)`` reads the `ingest-runs` topic and refuses a
///   log whose latest ingest run has no completion record (killed or failed halfway), unless
///   allowed.
/// - **One pass, from the beginning.** Every record of every partition is read once, from offset
///   0 whatever the group committed: the tables are rebuilt from the whole log, since the last
///   record of a key may be anywhere in it. Each partition is one group of the join (the
///   producers key every record of a posting by its job_link, so they share a partition); values
///   are copied into the join's units undecoded and decoded by the worker that joins them.
/// - **Commit after the output is durable.** ``commit()`` (called once the tables are switched
///   in) stores the positions read as the group's offsets: a record of what was processed, shown
///   by the next run as "new since the last commit".
public final class EventLogSource: JobRecordSource {
    public let log: any EventLog
    public let rejects: RejectLog
    public let group: String
    /// Each partition's bytes when known (the embedded log's folders), by topic.
    public let partitionBytes: [String: [Int]]
    static let topics = [PipelineTopic.jobs, PipelineTopic.cvs]
    private var layout: [(topic: String, partitions: Int)] = []
    private var consumer: (any LogConsumer)?
    private var runsConsumer: (any LogConsumer)?
    public private(set) var readReport = LogReadReport()

    public init(log: any EventLog, rejects: RejectLog, group: String = "processing", partitionBytes: [String: [Int]] = [:]) throws {
        self.log = log
        self.rejects = rejects
        self.group = group
        self.partitionBytes = partitionBytes
        readReport.group = group
        for topic in Self.topics {
            let n: Int
            do { n = try log.partitionCount(of: topic) } catch {
                throw ProcessingError(.io, "the event log has no topic '\(topic)': run `jobmatch ingest` first (\(error))")
            }
            layout.append((topic, n))
        }
    }

    var groupBytes: [Int?] {
        layout.flatMap { topic, n in (0..<n).map { p -> Int? in partitionBytes[topic].flatMap { p < $0.count ? $0[p] : nil } } }
    }

    /// Reads the ingest runs; throws when the latest run is incomplete (or none is recorded while
    /// the log holds records) and `allowIncomplete` is false.
    @discardableResult
    public func checkRuns(allowIncomplete: Bool) throws -> [IngestRun] {
        var runs: [IngestRun] = []
        if (try? log.partitionCount(of: IngestRun.topic)) != nil {
            let consumer = try log.makeConsumer(group: group, topics: [IngestRun.topic], from: .beginning)
            runs = try IngestRun.read(consumer).runs
            runsConsumer = consumer
        }
        readReport.runs = runs
        guard !allowIncomplete else { return runs }
        if let latest = runs.last, !latest.completed {
            throw ProcessingError(.incompleteInput,
                                  "ingest run \(latest.run) has no completion record (killed or failed halfway): run `jobmatch ingest` again, or pass --allow-incomplete-run to process what it published",
                                  file: "event log")
        }
        return runs
    }

    func read(into store: JoinUnitStore, progress: (Int) -> Void) throws {
        let consumer = try log.makeConsumer(group: group, topics: Self.topics, from: .beginning)
        self.consumer = consumer
        var base: [String: Int] = [:], next = 0
        for (topic, n) in layout {
            base[topic] = next
            next += n
        }
        var counts: [String: [Int: (records: Int, end: Int64)]] = [:]
        var read = 0
        while true {
            let batch = try consumer.poll(maxRecords: 4_096)
            for record in batch.records {
                guard let first = base[record.topic] else { continue }
                let key = String(decoding: record.key, as: UTF8.self)
                try store.add(.logValue(source: "\(record.topic)/\(record.partition)", record.value), key: key,
                              stamp: RecordStamp(run: 0, position: record.offset), group: first + record.partition)
                var c = counts[record.topic, default: [:]][record.partition] ?? (0, 0)
                c.records += 1
                c.end = max(c.end, record.offset + 1)
                counts[record.topic, default: [:]][record.partition] = c
                read += 1
                if read % 10_000 == 0 { progress(read) }
            }
            if batch.atEnd { break }
        }
        progress(read)
        let before = consumer.committedAtStart
        readReport.partitions = layout.flatMap { topic, n in
            (0..<n).map { p in
                let c = counts[topic]?[p]
                return LogReadReport.Partition(topic: topic, partition: p, records: c?.records ?? 0,
                                               endOffset: c?.end ?? 0, committedBefore: before[topic]?[p])
            }
        }
    }

    /// Commits the positions read (call once the tables are durable).
    public func commit() throws {
        try consumer?.commit()
        try runsConsumer?.commit()
        readReport.committed = consumer != nil
    }
}

/// What `process --source log` read: per topic and partition, and the ingest runs.
public struct LogReadReport: Sendable {
    public struct Partition: Sendable, Hashable {
        public var topic: String
        public var partition: Int
        public var records: Int
        /// The offset after the last record read (what is committed).
        public var endOffset: Int64
        /// The group's committed offset before this run (nil: never committed).
        public var committedBefore: Int64?
    }

    public var group = ""
    public var partitions: [Partition] = []
    public var runs: [IngestRun] = []
    /// Whether the positions were committed (after the tables were durable).
    public var committed = false

    public init() {}
}
