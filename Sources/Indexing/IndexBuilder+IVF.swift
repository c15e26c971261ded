import Foundation
import JobMatchCore
import Tables
import VectorIndex

extension IndexBuilder {
    /// Builds FAISS's `IndexIVFFlat` (float32) or `IndexIVFScalarQuantizer` (`--encoding int8`:
    /// SQ8 residuals) from a vector table in three passes, holding one row group, the training
    /// sample and 8 bytes a vector (its list) at a time:
    /// 1. a seeded reservoir sample of up to 256·nlist vectors trains the centroids (`KMeans`),
    ///    and for SQ8 the quantiser's ranges on the sample's residuals (as faiss trains it);
    /// 2. every vector is assigned its list (nearest centroid);
    /// 3. the file is laid out from the list sizes and every vector written into its list.
    static func buildIVF(_ source: inout VectorTable, into indexFile: URL, info: IndexInfo, normalize: Bool,
                         settings: IVFSettings) throws -> Int {
        var info = info
        let d = info.dimension
        guard info.encoding != .float16 else {
            throw IndexingError(.invalidArgument, path: indexFile.path,
                                "an IVF index stores float32 vectors (IndexIVFFlat) or int8 residuals (IndexIVFScalarQuantizer); float16 is not supported with --ivf")
        }
        let rows = source.rowCount
        guard settings.nlist >= 1, settings.nlist <= rows else {
            throw IndexingError(.invalidArgument, path: source.url.path, "--ivf \(settings.nlist): needs 1 ≤ nlist ≤ the \(rows) vectors")
        }
        let groups = 0..<source.rowGroupCount
        func vectors(_ g: Int) throws -> (v: [Float], batch: VectorTable.Batch) {
            let b = try source.read(rowGroup: g)
            try check(source, info)
            return (UnitVectors.truncate(b.vectors, from: source.dimension, to: d, normalize: normalize), b)
        }
        // 1. Training sample (reservoir, seeded: the same table gives the same centroids).
        let options = KMeans.Options()
        let want = min(rows, options.maxPointsPerCentroid * settings.nlist)
        var sample = [Float](), seen = 0
        sample.reserveCapacity(want * d)
        var rng = SeededGenerator(seed: options.seed, stream: 1)
        for g in groups {
            let v = try vectors(g).v
            for i in 0..<(v.count / d) {
                if seen < want {
                    sample += v[(i * d)..<((i + 1) * d)]
                } else {
                    let j = Int.random(in: 0...seen, using: &rng)
                    if j < want { sample.replaceSubrange((j * d)..<((j + 1) * d), with: v[(i * d)..<((i + 1) * d)]) }
                }
                seen += 1
            }
        }
        let centroids = try KMeans.train(sample, dimension: d, clusters: settings.nlist, options: options)
        let codes: IVFCodes = info.encoding == .int8 ? .sq8(try IVFCodes.trainResiduals(sample, dimension: d, centroids: centroids)) : .float32
        sample = []
        // 2. Lists.
        let quantizer = try FlatInnerProductIndex(vectors: centroids, ids: (0..<Int64(settings.nlist)).map { $0 }, dimension: d)
        var lists: [Int] = []
        lists.reserveCapacity(rows)
        for g in groups { lists += try KMeans.assign(try vectors(g).v, dimension: d, to: quantizer) }
        // 3. The file.
        try FileManager.default.createDirectory(at: indexFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        let writer = try FaissIVFWriter(url: indexFile, centroids: centroids, dimension: d, nprobe: settings.nprobe, lists: lists, codes: codes)
        var row = 0
        for g in groups {
            let (v, b) = try vectors(g)
            let ids = b.intIDs ?? (Int64(row)..<Int64(row + b.count)).map { $0 }
            try writer.append(vectors: v, ids: ids, lists: Array(lists[row..<(row + b.count)]))
            row += b.count
        }
        try writer.finish()
        info.count = row
        info.modelDimension = source.dimension
        info.structure = IVFSettings(nlist: settings.nlist, nprobe: settings.nprobe, encoding: info.encoding).structure
        try info.write(forIndex: indexFile)
        return (try? FileManager.default.attributesOfItem(atPath: indexFile.path)[.size] as? Int) ?? 0
    }
}
