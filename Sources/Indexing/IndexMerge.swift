import Foundation
import JobMatchCore
import Tables
import VectorIndex

/// Folds postings encoded outside the indexing stage (what `jobmatch watch` appended to the
/// index's segment) into the base: `tables/jobs.parquet` and `tables/jobs_encoded.parquet` — a
/// posting whose id is already there replaces its row in place, the others are appended in order —
/// and `index/jobs.faiss` rebuilt from the new encoded table, with its side file.
///
/// ``stage(workspace:postings:normalize:)`` writes every new file under a staged name (the long
/// part, which may run on a thread of its own); ``commit(_:workspace:)`` switches them in: the two
/// tables together, then the index and its side file together (`DurableFileSet`, each folder's
/// switch atomic and rolled forward after a crash). Between the two switches the old index over the
/// new tables is still consistent: the index's rows keep their ids, and every id keeps a row. A
/// base that changed while the merge was staged (`process` or `index` ran) is never overwritten:
/// the commit refuses and removes the staged files.
///
/// ```swift
/// let staged = try IndexMerge.stage(workspace: ws, postings: postings, normalize: true)
/// try IndexMerge.commit(staged, workspace: ws)
/// ```
public enum IndexMerge {
    /// One posting to fold in: its row as processing finishes it, and its vector at the encoded
    /// table's dimension (the model's), made by the index's model with the index's settings.
    public struct Posting: Sendable {
        public var row: JobRow
        public var vector: [Float]
        public init(row: JobRow, vector: [Float]) {
            self.row = row
            self.vector = vector
        }
    }

    /// The staged files of a merge and the base they were made from.
    public struct Staged: Sendable {
        /// The new index's side file.
        public let info: IndexInfo
        /// Postings that replaced a row of the base, and postings appended.
        public let replaced: Int, appended: Int
        let base: [FileIdentity?]
        let tables: [(staged: URL, final: URL)]
        let index: [(staged: URL, final: URL)]
        /// The staged tables and their final names (crash tests switch them by hand).
        public var tablesForTests: [(staged: URL, final: URL)] { tables }
        /// The staged index and side file and their final names.
        public var indexForTests: [(staged: URL, final: URL)] { index }
    }

    /// The base's files a merge reads (and will replace), in the order their stamps are kept.
    static func baseFiles(_ ws: Workspace) -> [URL] {
        [ws.jobsTable, ws.jobsEncodedTable, ws.jobsIndex, IndexInfo.url(forIndex: ws.jobsIndex)]
    }

    /// Writes the merged tables and index under staged names (`NAME.merging`).
    /// - Parameter normalize: renormalise the vectors when building the index, as the indexing
    ///   stage does for this model (`normalize` in its config, or a truncated dimension).
    /// - Throws: `IndexingError` for vectors of another dimension than the encoded table's; table
    ///   and index errors naming their file.
    public static func stage(workspace ws: Workspace, postings: [Posting], normalize: Bool) throws -> Staged {
        let base = baseFiles(ws).map(FileIdentity.init)
        if let missing = zip(baseFiles(ws), base).first(where: { $0.1 == nil })?.0 {
            throw IndexingError(.io, path: missing.path, "missing (a merge needs the processed tables and the built index)")
        }
        var info = try IndexInfo.read(forIndex: ws.jobsIndex)
        // An inverted-file index is rebuilt with its own lists, default nprobe and codes, as
        // `jobmatch index --ivf` builds it from the merged tables (centroids trained again on them).
        let ivf: IVFSettings? = try info.structure.map { _ in
            let base = try IVFIndex(contentsOf: ws.jobsIndex)
            return IVFSettings(nlist: base.nlist, nprobe: base.nprobe, encoding: base.codes.encoding)
        }
        guard info.sourceTable == ws.jobsEncodedTable.lastPathComponent else {
            throw IndexingError(.invalidArgument, path: ws.jobsIndex.path, "built from \(info.sourceTable), not \(ws.jobsEncodedTable.lastPathComponent)")
        }
        for p in postings where p.vector.count != info.modelDimension {
            throw IndexingError(.invalidArgument, path: ws.jobsIndex.path,
                                "posting \(p.row.jobID) has a vector of \(p.vector.count) values; the encoded table's are \(info.modelDimension)")
        }
        // The latest posting of each id, in order.
        var byID: [String: Posting] = [:], order: [String] = []
        for p in postings {
            if byID.updateValue(p, forKey: p.row.jobID) == nil { order.append(p.row.jobID) }
        }
        let present = Set(try EncodedJobsTable.jobIDs(ws.jobsEncodedTable))
        let newIDs = order.filter { !present.contains($0) }
        let replacements = byID.filter { present.contains($0.key) }

        func staged(_ url: URL) -> URL { url.deletingLastPathComponent().appendingPathComponent(url.lastPathComponent + ".merging") }
        let jobs = staged(ws.jobsTable), encoded = staged(ws.jobsEncodedTable), index = staged(ws.jobsIndex)
        let sideFile = IndexInfo.url(forIndex: index)
        do {
            try JobsTable.rewrite(ws.jobsTable, into: jobs, replacing: replacements.mapValues(\.row), appending: newIDs.map { byID[$0]!.row })
            try EncodedJobsTable.rewrite(ws.jobsEncodedTable, into: encoded, replacing: replacements.mapValues(\.vector),
                                         appending: newIDs.map { ($0, byID[$0]!.vector) })
            info.created = ISO8601DateFormatter().string(from: Date())
            try IndexBuilder.build(from: encoded, idColumn: EncodedJobsTable.idColumn, into: index, info: info, normalize: normalize, ivf: ivf)
            info = try IndexInfo.read(forIndex: index)  // the count the build wrote (its source table is already the final name)
            for f in [jobs, encoded, index, sideFile] { try DurableFile.sync(f) }
        } catch {
            for f in [jobs, encoded, index, sideFile] { try? FileManager.default.removeItem(at: f) }
            throw error
        }
        return Staged(info: info, replaced: replacements.count, appended: newIDs.count, base: base,
                      tables: [(jobs, ws.jobsTable), (encoded, ws.jobsEncodedTable)],
                      index: [(index, ws.jobsIndex), (sideFile, IndexInfo.url(forIndex: ws.jobsIndex))])
    }

    /// Switches a staged merge in: the tables, then the index and its side file.
    /// - Throws: `IndexingError.conflict` (after removing the staged files) when a base file changed
    ///   since the merge was staged; file-system errors naming the file.
    public static func commit(_ staged: Staged, workspace ws: Workspace) throws {
        let now = baseFiles(ws).map(FileIdentity.init)
        guard now == staged.base else {
            discard(staged)
            throw IndexingError(.conflict, path: ws.jobsIndex.path,
                                "the base index or its tables changed while the merge was staged (process or index ran): merge dropped")
        }
        try DurableFileSet.replace(staged.tables)
        try DurableFileSet.replace(staged.index)
    }

    /// Finishes a switch a crash interrupted, then removes what a merge killed while staging left
    /// (`*.merging*` in the tables' and the index's folders). For a process that holds the
    /// workspace's watch lock, so that no merge of its own is running.
    public static func removeLeftovers(workspace ws: Workspace) throws {
        for folder in [ws.tables, ws.index] {
            try DurableFileSet.settle(folder: folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.contains(".merging") {
                try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            }
        }
    }

    /// Removes a staged merge's files.
    public static func discard(_ staged: Staged) {
        for f in staged.tables + staged.index { try? FileManager.default.removeItem(at: f.staged) }
    }
}
