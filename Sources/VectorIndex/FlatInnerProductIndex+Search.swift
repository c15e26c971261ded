import CVectorKernels
import Dispatch
import JobMatchCore
import Tensor

extension FlatInnerProductIndex {
    /// Rows scored per kernel call in a scan (scores stay in L1/L2).
    static let scanBlock = 4096
    /// Rows decoded per matrix product in a batched search.
    static let gemmBlock = 8192

    /// The k stored vectors with the largest inner product with `query` [d], best first.
    ///
    /// - Parameter filter: only rows it contains are returned (nil: every row).
    /// - Returns: min(k, allowed rows) hits; empty for an empty index.
    /// - Throws: `VectorIndexError.invalidArgument` for a query of another dimension or k < 1.
    public func search(_ query: [Float], k: Int, filter: RowFilter? = nil) throws -> [SearchHit] {
        try check(queryFloats: query.count, queries: 1, k: k, filter: filter)
        let threads = max(1, min(BLAS.threads, count / 65_536))
        let per = (count + threads - 1) / max(1, threads)
        var heaps = [TopK<Float>](repeating: TopK<Float>(k: k), count: threads)
        heaps.withUnsafeMutableBufferPointer { hp in
            let heapsBox = UncheckedBox(hp)
            let run: @Sendable (Int) -> Void = { t in
                let lo = t * per, hi = min(count, lo + per)
                if lo < hi { heapsBox.value[t] = scan(query, rows: lo..<hi, k: k, filter: filter) }
            }
            if threads == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: threads, execute: run) }
        }
        var top = heaps[0]
        for h in heaps.dropFirst() { top.merge(h) }
        return top.sorted().map { SearchHit(id: ids[$0.row], score: $0.score) }
    }

    /// One thread's share of a single-query search.
    func scan(_ query: [Float], rows: Range<Int>, k: Int, filter: RowFilter?) -> TopK<Float> {
        var top = TopK<Float>(k: k)
        var scores = [Float](repeating: 0, count: Self.scanBlock)
        let d = dimension
        var weights = query, bias: Float = 0
        if encoding == .int8 { (weights, bias) = query.withUnsafeBufferPointer { quantizer!.queryWeights($0) } }
        weights.withUnsafeBufferPointer { w in
            scores.withUnsafeMutableBufferPointer { s in
                var lo = rows.lowerBound
                while lo < rows.upperBound {
                    let n = min(Self.scanBlock, rows.upperBound - lo)
                    let p = codes(row: lo)
                    switch encoding {
                    case .float32: cvk_scan_f32(w.baseAddress!, p.assumingMemoryBound(to: Float.self), n, d, s.baseAddress!)
                    case .float16: cvk_scan_f16(w.baseAddress!, p.assumingMemoryBound(to: UInt16.self), n, d, s.baseAddress!)
                    case .int8: cvk_scan_u8(w.baseAddress!, bias, p.assumingMemoryBound(to: UInt8.self), n, d, s.baseAddress!)
                    }
                    top.offer(s.baseAddress!, count: n, firstRow: lo, allowed: filter)
                    lo += n
                }
            }
        }
        return top
    }

    /// The top k of each query in `queries` [q, d] (row-major), best first.
    ///
    /// Rows are decoded block by block into float32 (float32 rows are used in place) and scored
    /// against all queries with one `BLAS.sgemm` per block; each query's selection then runs on
    /// the work threads, where a vector pre-filter (`cvk_at_least`) drops the scores below the
    /// query's current k-th best before they reach its heap.
    public func search(batch queries: [Float], k: Int, filter: RowFilter? = nil) throws -> [[SearchHit]] {
        let d = dimension
        guard d > 0, queries.count % d == 0 else {
            throw VectorIndexError(.invalidArgument, "search: \(queries.count) floats is not a whole number of \(d)-dimensional queries")
        }
        let q = queries.count / d
        try check(queryFloats: queries.count, queries: q, k: k, filter: filter)
        if q < 4 {
            return try (0..<q).map { try search(Array(queries[($0 * d)..<(($0 + 1) * d)]), k: k, filter: filter) }
        }
        var heaps = [TopK<Float>](repeating: TopK<Float>(k: k), count: q)
        let block = Self.gemmBlock
        var rowsBuf = [Float](repeating: 0, count: encoding == .float32 ? 1 : block * d)
        var scores = [Float](repeating: 0, count: q * block)
        queries.withUnsafeBufferPointer { pq in
            rowsBuf.withUnsafeMutableBufferPointer { pr in
                scores.withUnsafeMutableBufferPointer { ps in
                    heaps.withUnsafeMutableBufferPointer { hp in
                        var lo = 0
                        while lo < count {
                            let n = min(block, count - lo)
                            // float32 rows are read where they lie (sgemm needs no alignment);
                            // the others are decoded into the block buffer first.
                            let rows: UnsafePointer<Float>
                            if encoding == .float32 {
                                rows = codes(row: lo).assumingMemoryBound(to: Float.self)
                            } else {
                                decode(rows: lo..<(lo + n), into: pr.baseAddress!)
                                rows = UnsafePointer(pr.baseAddress!)
                            }
                            BLAS.sgemm(transB: true, m: q, n: n, k: d, a: pq.baseAddress!, lda: d,
                                       b: rows, ldb: d, c: ps.baseAddress!, ldc: n)
                            let first = lo
                            Parallel.forEachChunk(q, minPerChunk: 8) { r in
                                for qi in r { hp[qi].offer(ps.baseAddress! + qi * n, count: n, firstRow: first, allowed: filter) }
                            }
                            lo += n
                        }
                    }
                }
            }
        }
        return heaps.map { $0.sorted().map { SearchHit(id: ids[$0.row], score: $0.score) } }
    }

    private func check(queryFloats: Int, queries: Int, k: Int, filter: RowFilter?) throws {
        guard queryFloats == queries * dimension else {
            throw VectorIndexError(.invalidArgument, "search: query of dimension \(queryFloats / max(1, queries)), index has \(dimension)")
        }
        guard k >= 1 else { throw VectorIndexError(.invalidArgument, "search: k must be at least 1, is \(k)") }
        if let filter, filter.count != count {
            throw VectorIndexError(.invalidArgument, "search: filter covers \(filter.count) rows, index has \(count)")
        }
    }
}

/// A value handed to `concurrentPerform`'s threads, each touching only its own element.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
