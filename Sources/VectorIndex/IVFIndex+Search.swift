import CVectorKernels
import JobMatchCore
import Tensor

extension IVFIndex {
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
    /// probed lists with the flat index's scan kernels (`cvk_scan_f32`, or `cvk_scan_u8` on SQ8
    /// codes with the query folded into the code domain plus the list's centroid score), as
    /// faiss's `IndexIVFFlat` and `IndexIVFScalarQuantizer` do. A query's result does not depend
    /// on the batch it came in.
    public func search(batch queries: [Float], k: Int, nprobe: Int? = nil, filter: RowFilter? = nil) throws -> [[SearchHit]] {
        let d = dimension
        guard queries.count % d == 0, !queries.isEmpty else {
            throw VectorIndexError(.invalidArgument, "search: \(queries.count) floats is not a whole number of \(d)-dimensional queries")
        }
        guard k >= 1 else { throw VectorIndexError(.invalidArgument, "search: k must be at least 1, is \(k)") }
        let q = queries.count / d
        let probes = max(1, min(nprobe ?? self.nprobe, nlist))
        let probed = try quantizer.search(batch: queries, k: probes)
        if q >= Self.listMajorQueries { return listMajor(queries, probed: probed, k: k, filter: filter) }
        var heaps = [TopK<Float>](repeating: TopK<Float>(k: k), count: q)
        queries.withUnsafeBufferPointer { pq in
            heaps.withUnsafeMutableBufferPointer { hp in
                Parallel.forEachChunk(q, minPerChunk: 4) { r in
                    var scores = [Float](repeating: 0, count: FlatInnerProductIndex.scanBlock)
                    scores.withUnsafeMutableBufferPointer { s in
                        for qi in r {
                            let query = UnsafeBufferPointer(rebasing: pq[(qi * d)..<((qi + 1) * d)])
                            let folded = self.folded(query)
                            for hit in probed[qi] {
                                scan(list: Int(hit.id), coarse: hit.score, query: query.baseAddress!, folded: folded, scores: s.baseAddress!,
                                     into: &hp[qi], filter: filter)
                            }
                        }
                    }
                }
            }
        }
        return heaps.map { $0.sorted().map { SearchHit(id: ids[$0.row], score: $0.score) } }
    }

    /// Batches of at least this many queries are searched list by list.
    static let listMajorQueries = 64

    /// A large batch, list by list: for each list, one matrix product (`BLAS.sgemm`) of the
    /// queries that probe it with the list's vectors (SQ8 codes decoded first, centroid added),
    /// so each list is read once per batch rather than once per query (a per-query scan at
    /// nprobe 64 is bound by memory, not arithmetic).
    /// Lists are dealt to the threads, each keeping its own heap per query; the heaps are merged
    /// (the tie rule makes the result independent of the split). Scores come from the product,
    /// so they may differ from the per-query scan's in the last bits.
    func listMajor(_ queries: [Float], probed: [[SearchHit]], k: Int, filter: RowFilter?) -> [[SearchHit]] {
        let d = dimension, q = queries.count / d
        var byList = [[Int]](repeating: [], count: nlist)
        for qi in 0..<q { for h in probed[qi] { byList[Int(h.id)].append(qi) } }
        // Largest lists first, dealt round-robin: the threads get similar work.
        let order = (0..<nlist).filter { !byList[$0].isEmpty && listSize($0) > 0 }
            .sorted { byList[$0].count * listSize($0) > byList[$1].count * listSize($1) }
        let threads = max(1, min(Parallel.threads, order.count))
        var perThread = [[TopK<Float>]](repeating: [TopK<Float>](repeating: TopK<Float>(k: k), count: q), count: threads)
        queries.withUnsafeBufferPointer { pq in
            perThread.withUnsafeMutableBufferPointer { pt in
                Parallel.run(threads) { t in
                    var a = [Float](), scores = [Float](), decoded = [Float]()
                    var i = t
                    while i < order.count {
                        let l = order[i], who = byList[l], n = listSize(l), m = who.count
                        if a.count < m * d { a = [Float](repeating: 0, count: m * d) }
                        if scores.count < m * n { scores = [Float](repeating: 0, count: m * n) }
                        withListVectors(l, buffer: &decoded) { vectors in a.withUnsafeMutableBufferPointer { pa in
                            for (r, qi) in who.enumerated() {
                                (pa.baseAddress! + r * d).update(from: pq.baseAddress! + qi * d, count: d)
                            }
                            scores.withUnsafeMutableBufferPointer { ps in
                                BLAS.sgemm(transB: true, m: m, n: n, k: d, a: pa.baseAddress!, lda: d,
                                           b: vectors, ldb: d, c: ps.baseAddress!, ldc: n)
                                for (r, qi) in who.enumerated() {
                                    offer(ps.baseAddress! + r * n, count: n, firstRow: listStart[l], into: &pt[t][qi], filter: filter)
                                }
                            }
                        } }
                        i += threads
                    }
                }
            }
        }
        var heaps = perThread[0]
        for t in 1..<threads { for qi in 0..<q { heaps[qi].merge(perThread[t][qi]) } }
        return heaps.map { $0.sorted().map { SearchHit(id: ids[$0.row], score: $0.score) } }
    }

    /// Offers scores of rows `firstRow ..< firstRow + count` to `top`, keeping only ids `filter` allows.
    @inline(__always) func offer(_ s: UnsafePointer<Float>, count n: Int, firstRow: Int, into top: inout TopK<Float>, filter: RowFilter?) {
        guard let filter else { top.offer(s, count: n, firstRow: firstRow, allowed: nil); return }
        for i in 0..<n where s[i] >= top.threshold {
            let id = ids[firstRow + i]
            guard id >= 0, id < filter.count, filter.contains(Int(id)) else { continue }
            top.push(s[i], row: firstRow + i)
        }
    }

    /// Runs `body` on list `l`'s vectors as float32 rows: the mapped codes themselves for
    /// float32, else decoded into `buffer` (centroid added).
    func withListVectors(_ l: Int, buffer: inout [Float], _ body: (UnsafePointer<Float>) -> Void) {
        guard case .sq8 = codes else { return body(codes(list: l).assumingMemoryBound(to: Float.self)) }
        let n = listSize(l), d = dimension
        if buffer.count < n * d { buffer = [Float](repeating: 0, count: n * d) }
        buffer.withUnsafeMutableBufferPointer { b in
            codes.decode(codes(list: l), count: n, centroid: centroids, list: l, dimension: d, into: b.baseAddress!)
            body(b.baseAddress!)
        }
    }

    /// The query folded into SQ8's code domain (`ScalarQuantizer.queryWeights`), nil for float32.
    func folded(_ query: UnsafeBufferPointer<Float>) -> (weights: [Float], bias: Float)? {
        guard case .sq8(let sq) = codes else { return nil }
        return sq.queryWeights(query)
    }

    /// Scores list `l` against one query and offers its rows to `top`. `coarse` is the query's
    /// inner product with the list's centroid, which SQ8's residual scores add.
    func scan(list l: Int, coarse: Float, query: UnsafePointer<Float>, folded: (weights: [Float], bias: Float)?,
              scores s: UnsafeMutablePointer<Float>, into top: inout TopK<Float>, filter: RowFilter?) {
        let d = dimension, first = listStart[l], size = listSize(l), codeSize = codes.codeSize(dimension: d)
        let base = codes(list: l)
        var lo = 0
        while lo < size {
            let n = min(FlatInnerProductIndex.scanBlock, size - lo)
            if let folded {
                folded.weights.withUnsafeBufferPointer { w in
                    cvk_scan_u8(w.baseAddress!, folded.bias + coarse, (base + lo * codeSize).assumingMemoryBound(to: UInt8.self), n, d, s)
                }
            } else {
                cvk_scan_f32(query, (base + lo * codeSize).assumingMemoryBound(to: Float.self), n, d, s)
            }
            offer(s, count: n, firstRow: first + lo, into: &top, filter: filter)
            lo += n
        }
    }
}
