import Foundation
import JobMatchCore
import Tables
import Tensor
import Transformers
import VectorIndex

/// The index of the other direction: the CVs whose owners let recruiters find them
/// (`open_to_recruiters`), encoded with the model that serves the jobs index (at its precision,
/// and at the model's own sequence length, as `match` encodes a CV), into
/// `tables/cvs_encoded.parquet` (cv_id, embedding) and `index/cvs.faiss` (+ its side file).
///
/// CVs are encoded as *queries* — with the model's query prompt, the very vectors `match --cv-id`
/// searches the jobs with — and a job looking for candidates brings its *passage* vector, so a
/// (CV, job) pair has one score whichever side asks. The index takes the jobs index's dimension
/// and precision, and its side file records the same model fingerprint: the
/// matcher refuses a CV index the jobs index has moved away from (a retrain re-indexes jobs only).
public struct CVIndexer {
    public struct Report: Sendable {
        /// CVs in the table, and those open to recruiters (the index's rows).
        public var cvs = 0, open = 0
        public var dimension = 0
        public var indexBytes = 0
        public var encodeSeconds = 0.0
    }

    public let cvsTable: URL
    public let modelDirectory: URL
    public let encodedTable: URL
    public let indexFile: URL
    /// The jobs index this one pairs with: its dimension, precision and sequence length.
    public let jobsIndex: IndexInfo
    public var batchSize = 32

    public init(cvsTable: URL, modelDirectory: URL, encodedTable: URL, indexFile: URL, jobsIndex: IndexInfo) {
        self.cvsTable = cvsTable
        self.modelDirectory = modelDirectory
        self.encodedTable = encodedTable
        self.indexFile = indexFile
        self.jobsIndex = jobsIndex
    }

    /// Encodes the open CVs and writes the encoded table, then the index (both replaced whole).
    /// - Throws: `IndexingError` when the model is not the one the jobs index was built with;
    ///   `TablesError` naming a missing table or column.
    public func run(progress: @escaping (Int, Int) -> Void = { _, _ in }) throws -> Report {
        guard let precision = Precision(rawValue: jobsIndex.precision ?? Precision.fp32.rawValue) else {
            throw IndexingError(.inconsistent, "the jobs index's side file names an unknown precision '\(jobsIndex.precision ?? "")'")
        }
        let fingerprint = try ModelFingerprint.of(modelDirectory: modelDirectory)
        guard fingerprint == jobsIndex.modelFingerprint else {
            throw IndexingError(.inconsistent, path: modelDirectory.path,
                                "is not the model the jobs index was built with (\(jobsIndex.model)); run `jobmatch index` first")
        }
        let encoder = try SentenceEncoder(directory: modelDirectory, precision: precision)
        let rows = try CVsTable.read(cvsTable, columns: [.cvID, .embeddingText, .openToRecruiters])
        let open = rows.filter { $0.openToRecruiters && !$0.embeddingText.isEmpty }
        var report = Report(cvs: rows.count, open: open.count, dimension: jobsIndex.dimension)

        let started = Date()
        // As `Matcher.embed` encodes a CV: the model's own sequence length.
        let vectors = try encoder.encode(open.map(\.embeddingText), role: .query, batchSize: batchSize,
                                         progress: { progress($0, open.count) })
        report.encodeSeconds = Date().timeIntervalSince(started)
        let writer = try VectorTableWriter(url: encodedTable, idColumn: CVsTable.Column.cvID.rawValue,
                                           model: modelDirectory.lastPathComponent, dimension: encoder.dimension)
        for (row, v) in zip(open, vectors) { try writer.write(id: row.cvID, embedding: v) }
        try writer.finish()

        let info = IndexInfo(
            model: modelDirectory.lastPathComponent, modelFingerprint: fingerprint, dimension: jobsIndex.dimension,
            modelDimension: encoder.dimension, normalized: true, encoding: jobsIndex.encoding,
            sourceTable: encodedTable.lastPathComponent, count: open.count, documentPrompt: encoder.directory.prompt(for: .query),
            precision: precision.rawValue, maxSeqLength: nil)
        report.indexBytes = try IndexBuilder.build(from: encodedTable, idColumn: CVsTable.Column.cvID.rawValue, into: indexFile, info: info,
                                                   normalize: encoder.directory.normalize || jobsIndex.dimension < encoder.dimension)
        return report
    }
}
