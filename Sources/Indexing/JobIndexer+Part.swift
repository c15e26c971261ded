import Foundation
import JobMatchCore
import Tables
import Transformers

/// One part of an encoding run, encoded on its own: what the Spark engine's executors run
/// (`jobmatch index-part`), with the same calls as `JobIndexer.run`, so a part encoded there holds
/// the vectors the embedded engine would have written.
extension JobIndexer {
    /// Encodes part `number` of `jobsTable` (rows number·partRows ..< (number+1)·partRows, read
    /// from the row groups they lie in) into the part file `output`.
    ///
    /// - Returns: the part's rows.
    @discardableResult
    public static func encodePart(_ number: Int, jobsTable: URL, modelDirectory: URL, options: Options, output: URL) throws -> Int {
        let total = try JobsTable.rowCount(jobsTable)
        let start = number * options.partRows
        guard number >= 0, start < total else {
            throw IndexingError(.invalidArgument, path: jobsTable.path, "part \(number) of \(options.partRows) rows lies past the table's \(total) rows")
        }
        let rows = try JobsTable.rows(jobsTable, in: start..<min(total, start + options.partRows), columns: [.jobID, .embeddingText])
        for (i, r) in rows.enumerated() { try check(r, row: start + i, table: jobsTable) }
        let encoder = try SentenceEncoder(directory: modelDirectory, precision: options.precision)
        let vectors = try encode(rows.map(\.embeddingText), with: encoder, options: options)
        try EncodedJobsTable.writePart(output, ids: rows.map(\.jobID), vectors: vectors.flatMap { $0 }, dimension: encoder.dimension)
        return rows.count
    }

    /// The one encoding call of the stage: job texts as passages, in the options' batches.
    static func encode(_ texts: [String], with encoder: SentenceEncoder, options: Options,
                       progress: ((Int) -> Void)? = nil) throws -> [[Float]] {
        try encoder.encode(texts, role: .passage, batchSize: options.batchSize, maxSeqLength: options.maxSeqLength, progress: progress)
    }

    /// A row the index can hold: a job id and a text.
    static func check(_ r: JobRow, row: Int, table: URL) throws {
        guard !r.jobID.isEmpty, !r.embeddingText.isEmpty else {
            throw IndexingError(.inconsistent, path: table.path, "row \(row): empty job_id or embedding_text")
        }
    }
}
