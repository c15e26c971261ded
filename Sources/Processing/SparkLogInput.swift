import EventLog
import Foundation
import JobMatchCore
import Parquet

/// The `jobs` topic as the Spark engine's input, written by our consumer: Spark's Kafka source
/// package cannot be resolved offline, so `EventLogSource` reads the log once (embedded or
/// Kafka) and hands each `jobs` record here, and Spark reads the files.
///
/// One Parquet file per log partition (`part-GROUP.parquet`), one row per posting, skills or
/// summary record: its join group (the partition, as in the embedded engine's units), kind,
/// ingest run and offset, then the joined row's columns (`JoinedRow`, skills as a JSON array),
/// so that Spark keeps the record per key that `JoinRules` keeps. Values are decoded here, once,
/// by the embedded engine's decoder (`LogValueDecoder`); a value that is not an ingest record
/// goes to the reject log as it does there.
final class SparkLogInput {
    static let schema = ParquetSchema(
        [ParquetField.column("grp", .int64, nullable: false), .column("kind", .string, nullable: false),
         .column("run", .int64, nullable: false), .column("position", .int64, nullable: false)]
            + JoinedRow.columns.map { ParquetField.column($0, .string) })

    /// Rows buffered per open file: memory is at most partitions × this many records.
    static let rowGroupRows = 4_096

    let folder: URL
    let rejects: RejectLog
    /// Posting, skills and summary records read (the join's input counts).
    private(set) var counts = JoinCounts()
    private var writers: [Int: ParquetWriter] = [:]
    private let decoder = JSONDecoder()

    init(folder: URL, rejects: RejectLog) throws {
        self.folder = folder
        self.rejects = rejects
        try? FileManager.default.removeItem(at: folder)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ProcessingError(.io, "cannot create the Spark input folder: \(error.localizedDescription)", file: folder.path)
        }
    }

    /// Takes a `jobs` record of join group `group`; false when it is a CV (left to the embedded path).
    func add(_ record: ConsumedRecord, group: Int) throws -> Bool {
        let source = "\(record.topic)/\(record.partition)"
        guard let (decoded, run) = LogValueDecoder.decode(record.value, source: source, offset: record.offset, decoder: decoder,
                                                          reject: { rejects.record($0, raw: $1) })
        else { return true }
        var p: JobPosting
        let kind: String
        switch decoded {
        case .posting(let posting):
            counts.postingRows += 1
            kind = "posting"
            p = posting
        case .skills(let link, let skills):
            counts.skillsRows += 1
            kind = "skills"
            p = JobPosting(jobID: link, source: .linkedin, title: "")
            p.skillsListed = skills
        case .summary(let link, let summary):
            counts.summaryRows += 1
            kind = "summary"
            p = JobPosting(jobID: link, source: .linkedin, title: "")
            p.summary = summary
        case .cv, .logValue:
            return false
        }
        let row: [ParquetValue] = [.int(Int64(group)), .string(kind), .int(Int64(run)), .int(record.offset)]
            + JoinedRow.strings(of: p, skills: .jsonArray).map { $0.map { .string($0) } ?? .null }
        try writer(group).append(row: row)
        return true
    }

    private func writer(_ group: Int) throws -> ParquetWriter {
        if let w = writers[group] { return w }
        // Small row groups: one writer per partition is open at once, each buffering one group.
        let w = try ParquetWriter(url: folder.appendingPathComponent("part-\(group).parquet"), schema: Self.schema,
                                  options: ParquetWriterOptions(rowGroupSize: Self.rowGroupRows))
        writers[group] = w
        return w
    }

    /// Closes the files (one empty file when the topic had no records, so Spark has a schema).
    func close() throws {
        if writers.isEmpty { _ = try writer(0) }
        for group in writers.keys.sorted() { try writers[group]!.close() }
        writers = [:]
    }
}
