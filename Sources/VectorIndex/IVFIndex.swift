/// An inverted-file inner-product index: FAISS's `IndexIVFFlat` (float32 vectors) or
/// `IndexIVFScalarQuantizer` with `QT_8bit` (one byte a component, of the vector's residual to
/// its centroid), both with `METRIC_INNER_PRODUCT`.
///
/// `nlist` unit centroids (spherical k-means, `KMeans`) cut the vectors into lists: each vector is
/// stored, with its 64-bit id, in the list of the centroid with the largest inner product with
/// it. A search ranks the centroids against the query and scans only the `nprobe` best lists, so
/// it reads about `nprobe / nlist` of the vectors; with `nprobe == nlist` a float32 index is exact
/// and returns what `FlatInnerProductIndex` returns.
///
/// With SQ8 codes (`IVFCodes.sq8`) each list stores `x − c` (the residual to its centroid `c`,
/// faiss's `by_residual`, its default) quantised by one `ScalarQuantizer` whose per-dimension
/// ranges are trained on the residuals of the training sample, and a vector scores
/// `⟨q, c⟩ + ⟨q, decode(code)⟩`, as faiss's scanner does: a quarter of the memory and reads of
/// float32, residuals being smaller than the vectors so the 256 levels are finer.
///
/// For indexes of millions of vectors (an index of n vectors typically takes nlist ≈ 4·√n);
/// below that the flat index is exact and fast enough. Files are FAISS's own: `faiss.read_index`
/// opens what `write(to:)` writes, and `init(contentsOf:)` maps what `faiss.write_index` wrote.
///
/// ```swift
/// let index = try IVFIndex(vectors: flat, ids: ids, dimension: 384, nlist: 1024, nprobe: 16)
/// let hits = try index.search(query, k: 10)            // scans 16 of 1024 lists
/// let exact = try index.search(query, k: 10, nprobe: 1024)
/// try index.write(to: url)                             // faiss.read_index(url): IndexIVFFlat
/// let small = try IVFIndex(vectors: flat, ids: ids, dimension: 384, nlist: 1024, encoding: .int8)  // IVF1024,SQ8
/// ```
public struct IVFIndex: Sendable {
    public let dimension: Int
    /// The default number of lists a search scans (stored in the file, as faiss does).
    public var nprobe: Int
    /// [nlist, d] the coarse centroids, row-major.
    public let centroids: [Float]
    /// The centroids as a flat index (ids = list numbers): probing is its batched search.
    let quantizer: FlatInnerProductIndex
    /// Rows are numbered list after list: list `l` holds rows `listStart[l] ..< listStart[l + 1]`.
    let listStart: [Int]
    /// How each vector is stored in the lists.
    public let codes: IVFCodes
    /// Byte offset in `region` of list `l`'s codes (`size × codeSize` bytes, contiguous).
    let listOffset: [Int]
    /// Stored ids, by row.
    public let ids: [Int64]
    let region: ByteRegion

    public var nlist: Int { listStart.count - 1 }
    public var count: Int { ids.count }
    /// Vectors in list `l`.
    public func listSize(_ l: Int) -> Int { listStart[l + 1] - listStart[l] }

    init(dimension: Int, nprobe: Int, centroids: [Float], codes: IVFCodes, listStart: [Int], listOffset: [Int], ids: [Int64],
         region: ByteRegion) throws {
        self.dimension = dimension
        self.codes = codes
        self.nprobe = max(1, min(nprobe, listStart.count - 1))
        self.centroids = centroids
        self.listStart = listStart
        self.listOffset = listOffset
        self.ids = ids
        self.region = region
        quantizer = try FlatInnerProductIndex(vectors: centroids, ids: (0..<Int64(listStart.count - 1)).map { $0 }, dimension: dimension)
    }

    /// Trains `nlist` centroids on the vectors [n, d] (`KMeans`), then adds them: as float32
    /// (`IndexIVFFlat`), or with `encoding: .int8` as SQ8 codes of their residuals, the quantiser's
    /// ranges trained on the residuals of all the vectors (`IndexIVFScalarQuantizer`).
    ///
    /// - Throws: `VectorIndexError.invalidArgument` when the counts disagree, n < nlist, or the
    ///   encoding is float16 (faiss's IVF with `QT_fp16` is not implemented).
    public init(vectors: [Float], ids: [Int64], dimension: Int, nlist: Int, nprobe: Int = 1, encoding: VectorEncoding = .float32,
                training: KMeans.Options = KMeans.Options()) throws {
        guard dimension > 0, vectors.count == ids.count * dimension else {
            throw VectorIndexError(.invalidArgument, "IVF index: \(vectors.count) floats for \(ids.count) ids of dimension \(dimension)")
        }
        let centroids = try KMeans.train(vectors, dimension: dimension, clusters: nlist, options: training)
        let codes: IVFCodes
        switch encoding {
        case .float32: codes = .float32
        case .int8: codes = .sq8(try IVFCodes.trainResiduals(vectors, dimension: dimension, centroids: centroids))
        case .float16: throw VectorIndexError(.invalidArgument, "IVF index: float16 codes are not implemented (float32 or int8)")
        }
        try self.init(centroids: centroids, vectors: vectors, ids: ids, dimension: dimension, nprobe: nprobe, codes: codes)
    }

    /// Adds vectors [n, d] to the lists of given centroids [nlist, d] (trained here or by faiss),
    /// stored as `codes` says.
    public init(centroids: [Float], vectors: [Float], ids: [Int64], dimension d: Int, nprobe: Int = 1, codes: IVFCodes = .float32) throws {
        guard d > 0, vectors.count == ids.count * d, centroids.count % d == 0, centroids.count >= d, codes.fits(dimension: d) else {
            throw VectorIndexError(.invalidArgument, "IVF index: \(vectors.count) floats for \(ids.count) ids and \(centroids.count) centroid floats of dimension \(d)")
        }
        let nlist = centroids.count / d
        let lists = try KMeans.assign(vectors, dimension: d, centroids: centroids)
        let layout = Self.layout(lists: lists, nlist: nlist)
        let size = codes.codeSize(dimension: d)
        var bytes = [UInt8](repeating: 0, count: ids.count * size)
        var sortedIDs = [Int64](repeating: 0, count: ids.count)
        vectors.withUnsafeBufferPointer { pv in
            bytes.withUnsafeMutableBufferPointer { out in
                for (i, row) in layout.rowOf.enumerated() {
                    sortedIDs[row] = ids[i]
                    codes.encode(pv.baseAddress! + i * d, centroid: centroids, list: lists[i], dimension: d, into: out.baseAddress! + row * size)
                }
            }
        }
        let region = bytes.withUnsafeBytes { ByteRegion.copying($0) }
        try self.init(dimension: d, nprobe: nprobe, centroids: centroids, codes: codes, listStart: layout.listStart,
                      listOffset: layout.listStart.dropLast().map { $0 * size }, ids: sortedIDs, region: region)
    }

    /// List starts and each input vector's row when vectors are grouped by list, keeping their
    /// order within a list (faiss appends to a list in the order vectors are added).
    static func layout(lists: [Int], nlist: Int) -> (listStart: [Int], rowOf: [Int]) {
        var start = [Int](repeating: 0, count: nlist + 1)
        for l in lists { start[l + 1] += 1 }
        for l in 0..<nlist { start[l + 1] += start[l] }
        var cursor = Array(start.dropLast())
        var rowOf = [Int](repeating: 0, count: lists.count)
        for (i, l) in lists.enumerated() {
            rowOf[i] = cursor[l]
            cursor[l] += 1
        }
        return (start, rowOf)
    }

    /// The codes of list `l` (`listSize(l) × codes.codeSize(dimension:)` bytes).
    @inline(__always) func codes(list l: Int) -> UnsafeRawPointer {
        UnsafeRawPointer(region.base + listOffset[l])
    }

    /// The list `row` lies in (rows numbered list after list).
    func list(ofRow row: Int) -> Int {
        var lo = 0, hi = nlist - 1  // the last list whose start ≤ row
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if listStart[mid] <= row { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The stored vector of `row` (rows numbered list after list): as stored for float32, decoded
    /// (plus its centroid) for SQ8.
    public func vector(row: Int) -> [Float] {
        let l = list(ofRow: row), d = dimension
        var out = [Float](repeating: 0, count: d)
        out.withUnsafeMutableBufferPointer { o in
            codes.decode(codes(list: l) + (row - listStart[l]) * codes.codeSize(dimension: d), count: 1, centroid: centroids, list: l,
                         dimension: d, into: o.baseAddress!)
        }
        return out
    }
}

/// How an inverted-file index is built: lists, the lists a search scans by default, and how
/// vectors are stored.
public struct IVFSettings: Sendable, Codable, Equatable {
    /// Lists (k-means centroids); about 4·√n for n vectors.
    public var nlist: Int
    /// Lists a search scans unless told otherwise (stored in the file, as faiss stores it).
    public var nprobe: Int
    /// `float32` (`IndexIVFFlat`) or `int8` (`IndexIVFScalarQuantizer`, SQ8 residuals).
    public var encoding: VectorEncoding

    public init(nlist: Int, nprobe: Int = 16, encoding: VectorEncoding = .float32) {
        self.nlist = nlist
        self.nprobe = nprobe
        self.encoding = encoding
    }

    /// Settings recorded before the encoding was one are float32.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        nlist = try c.decode(Int.self, forKey: .nlist)
        nprobe = try c.decode(Int.self, forKey: .nprobe)
        encoding = try c.decodeIfPresent(VectorEncoding.self, forKey: .encoding) ?? .float32
    }

    /// faiss's rule of thumb for n vectors: 4·√n lists (at least 1).
    public static func suggestedLists(for n: Int) -> Int { max(1, Int((4 * Double(n).squareRoot()).rounded())) }

    /// `IVF1024,Flat` or `IVF1024,SQ8`, faiss's factory words.
    public var structure: String { "IVF\(nlist),\(encoding == .int8 ? "SQ8" : "Flat")" }
}
