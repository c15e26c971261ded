import CVectorKernels
import JobMatchCore
import Tensor

extension IVFFlatIndex {
    /// The k stored vectors with the largest inner product with `query` [d] among the `nprobe`
    /// lists whose centroids score highest, best first.
    ///
    /// - Parameters:
    ///   - nprobe: lists to scan (default: the index's `nprobe`; clamped to 1...nlist).
    ///   - filter: only vectors whose **id** it contains are returned (the pipeline's ids are row
    ///     numbers of the encoded table, so a filter over them serves flat and IVF alike).
    /// - Returns: min(k, vectors in the scanned lists that pass the filter) hits.
    /// - Throws: `VectorIndexError.invalidArgument` for a query of another dimension or k < 1.
    public func search(_ query: [Float], k: Int, nprobe: Int? = nil, filter: RowFilter? = nil) throws -> [SearchHit] {
        guard query.count == dimension else {
            throw VectorIndexError(.invalidArgument, "search: query of dimension \(query.count), index has \(dimension)")
        }
        return try search(batch: query, k: k, nprobe: nprobe, filter: filter)[0]
    }

    /// The top k of each query in `queries` [q, d] (row-major), best first.
    ///
    /// The lists to scan come from one batched search of the centroids (a matrix product through
    /// `FlatInnerProductIndex`); the queries are then split over the threads, each scanning its
    /// probed lists with the flat index's scan kernel (`cvk_scan_f32`), as faiss's `IndexIVFFlat`
    /// does. A query's result does not depend on the batch it came in.
    public func search(batch queries: [Float], k: Int, nprobe: Int? = nil, filter: RowFilter? = nil) throws -> [[SearchHit]] {
        let d = dimension
        guard queries.count % d == 0, !queries.isEmpty else {
            throw VectorIndexError(.invalidArgument, "search: \(queries.count) floats is not a whole number of \(d)-dimensional queries")
        }
        guard k >= 1 else { throw VectorIndexError(.invalidArgument, "search: k must be at least 1, is \(k)") }
        let q = queries.count / d
        let probes = max(1, min(nprobe ?? self.nprobe, nlist))
        let probed = try quantizer.search(batch: queries, k: probes)
        var heaps = [TopK<Float>](repeating: TopK<Float>(k: k), count: q)
        queries.withUnsafeBufferPointer { pq in
            heaps.withUnsafeMutableBufferPointer { hp in
                Parallel.forEachChunk(q, minPerChunk: 4) { r in
                    var scores = [Float](repeating: 0, count: FlatInnerProductIndex.scanBlock)
                    scores.withUnsafeMutableBufferPointer { s in
                        for qi in r {
                            for hit in probed[qi] {
                                scan(list: Int(hit.id), query: pq.baseAddress! + qi * d, scores: s.baseAddress!, into: &hp[qi], filter: filter)
                            }
                        }
                    }
                }
            }
        }
        return heaps.map { $0.sorted().map { SearchHit(id: ids[$0.row], score: $0.score) } }
    }

    /// Scores list `l` against one query and offers its rows to `top`.
    func scan(list l: Int, query: UnsafePointer<Float>, scores s: UnsafeMutablePointer<Float>, into top: inout TopK<Float>,
              filter: RowFilter?) {
        let d = dimension, first = listStart[l], size = listSize(l)
        let base = codes(list: l)
        var lo = 0
        while lo < size {
            let n = min(FlatInnerProductIndex.scanBlock, size - lo)
            cvk_scan_f32(query, base + lo * d, n, d, s)
            if let filter {
                for i in 0..<n where s[i] >= top.threshold {
                    let id = ids[first + lo + i]
                    guard id >= 0, id < filter.count, filter.contains(Int(id)) else { continue }
                    top.push(s[i], row: first + lo + i)
                }
            } else {
                top.offer(s, count: n, firstRow: first + lo, allowed: nil)
            }
            lo += n
        }
    }
}
