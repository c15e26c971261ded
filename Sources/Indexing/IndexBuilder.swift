import Foundation
import JobMatchCore
import Tables
import VectorIndex

/// Builds `index/jobs.faiss` (or any index file) from a Parquet table of vectors, streaming.
///
/// Integer ids in the table become the index's ids; string ids (job ids) are replaced by row
/// numbers, which the matcher maps back through the same table. Vectors are Matryoshka-truncated
/// to `info.dimension` and renormalised when `normalize` is set. int8 reads the table twice
/// (per-dimension ranges first). An inverted-file index (`ivf`) reads it three times: a training
/// sample, the list of each vector, then the vectors into their lists (`buildIVF`).
public enum IndexBuilder {
    /// - Parameter ivf: build FAISS's `IndexIVFFlat` with these lists instead of the flat index
    ///   (float32 only).
    /// - Returns: the index file's size in bytes.
    @discardableResult
    public static func build(from table: URL, idColumn: String, vectorColumn: String = EncodedJobsTable.vectorColumn, into indexFile: URL,
                             info: IndexInfo, normalize: Bool, ivf: IVFSettings? = nil) throws -> Int {
        var source = try VectorTable(url: table, idColumn: idColumn, vectorColumn: vectorColumn)
        if let ivf { return try buildIVF(&source, into: indexFile, info: info, normalize: normalize, settings: ivf) }
        var info = info
        let groups = 0..<source.rowGroupCount
        var quantizer: ScalarQuantizer? = nil
        if info.encoding == .int8 {
            var trainer = ScalarQuantizer.Trainer(dimension: info.dimension)
            for g in groups {
                let b = try source.read(rowGroup: g)
                try check(source, info)
                let v = UnitVectors.truncate(b.vectors, from: source.dimension, to: info.dimension, normalize: normalize)
                v.withUnsafeBufferPointer { trainer.add($0) }
            }
            quantizer = trainer.finish()
        }
        try FileManager.default.createDirectory(at: indexFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        let writer = try FaissIndexWriter(url: indexFile, dimension: info.dimension, encoding: info.encoding, quantizer: quantizer)
        var row: Int64 = 0
        for g in groups {
            let b = try source.read(rowGroup: g)
            try check(source, info)
            let v = UnitVectors.truncate(b.vectors, from: source.dimension, to: info.dimension, normalize: normalize)
            let ids = b.intIDs ?? (row..<(row + Int64(b.count))).map { $0 }
            try writer.append(vectors: v, ids: ids)
            row += Int64(b.count)
        }
        try writer.finish()
        info.count = Int(row)
        info.modelDimension = source.dimension
        try info.write(forIndex: indexFile)
        return (try? FileManager.default.attributesOfItem(atPath: indexFile.path)[.size] as? Int) ?? 0
    }

    static func check(_ source: VectorTable, _ info: IndexInfo) throws {
        guard info.dimension <= source.dimension else {
            throw IndexingError(.invalidArgument, path: source.url.path,
                                "vectors have \(source.dimension) values; cannot build a \(info.dimension)-dimensional index")
        }
    }
}
