/// An inverted-file inner-product index: FAISS's `IndexIVFFlat` with `METRIC_INNER_PRODUCT`.
///
/// `nlist` unit centroids (spherical k-means, `KMeans`) cut the vectors into lists: each vector is
/// stored, as float32 with its 64-bit id, in the list of the centroid with the largest inner
/// product with it. A search ranks the centroids against the query and scans only the `nprobe`
/// best lists, so it reads about `nprobe / nlist` of the vectors; with `nprobe == nlist` it is
/// exact and returns what `FlatInnerProductIndex` returns.
///
/// For indexes of millions of vectors (an index of n vectors typically takes nlist ≈ 4·√n);
/// below that the flat index is exact and fast enough. Files are FAISS's own: `faiss.read_index`
/// opens what `write(to:)` writes, and `init(contentsOf:)` maps what `faiss.write_index` wrote.
///
/// ```swift
/// let index = try IVFFlatIndex(vectors: flat, ids: ids, dimension: 384, nlist: 1024, nprobe: 16)
/// let hits = try index.search(query, k: 10)            // scans 16 of 1024 lists
/// let exact = try index.search(query, k: 10, nprobe: 1024)
/// try index.write(to: url)                             // faiss.read_index(url): IndexIVFFlat
/// ```
public struct IVFFlatIndex: Sendable {
    public let dimension: Int
    /// The default number of lists a search scans (stored in the file, as faiss does).
    public var nprobe: Int
    /// [nlist, d] the coarse centroids, row-major.
    public let centroids: [Float]
    /// The centroids as a flat index (ids = list numbers): probing is its batched search.
    let quantizer: FlatInnerProductIndex
    /// Rows are numbered list after list: list `l` holds rows `listStart[l] ..< listStart[l + 1]`.
    let listStart: [Int]
    /// Byte offset in `region` of list `l`'s float32 codes (`size × d × 4` bytes, contiguous).
    let listOffset: [Int]
    /// Stored ids, by row.
    public let ids: [Int64]
    let region: ByteRegion

    public var nlist: Int { listStart.count - 1 }
    public var count: Int { ids.count }
    /// Vectors in list `l`.
    public func listSize(_ l: Int) -> Int { listStart[l + 1] - listStart[l] }

    init(dimension: Int, nprobe: Int, centroids: [Float], listStart: [Int], listOffset: [Int], ids: [Int64],
         region: ByteRegion) throws {
        self.dimension = dimension
        self.nprobe = max(1, min(nprobe, listStart.count - 1))
        self.centroids = centroids
        self.listStart = listStart
        self.listOffset = listOffset
        self.ids = ids
        self.region = region
        quantizer = try FlatInnerProductIndex(vectors: centroids, ids: (0..<Int64(listStart.count - 1)).map { $0 }, dimension: dimension)
    }

    /// Trains `nlist` centroids on the vectors [n, d] (`KMeans`), then adds them.
    ///
    /// - Throws: `VectorIndexError.invalidArgument` when the counts disagree or n < nlist.
    public init(vectors: [Float], ids: [Int64], dimension: Int, nlist: Int, nprobe: Int = 1,
                training: KMeans.Options = KMeans.Options()) throws {
        guard dimension > 0, vectors.count == ids.count * dimension else {
            throw VectorIndexError(.invalidArgument, "IVF index: \(vectors.count) floats for \(ids.count) ids of dimension \(dimension)")
        }
        let centroids = try KMeans.train(vectors, dimension: dimension, clusters: nlist, options: training)
        try self.init(centroids: centroids, vectors: vectors, ids: ids, dimension: dimension, nprobe: nprobe)
    }

    /// Adds vectors [n, d] to the lists of given centroids [nlist, d] (trained here or by faiss).
    public init(centroids: [Float], vectors: [Float], ids: [Int64], dimension d: Int, nprobe: Int = 1) throws {
        guard d > 0, vectors.count == ids.count * d, centroids.count % d == 0, centroids.count >= d else {
            throw VectorIndexError(.invalidArgument, "IVF index: \(vectors.count) floats for \(ids.count) ids and \(centroids.count) centroid floats of dimension \(d)")
        }
        let nlist = centroids.count / d
        let lists = try KMeans.assign(vectors, dimension: d, centroids: centroids)
        let layout = Self.layout(lists: lists, nlist: nlist)
        var codes = [Float](repeating: 0, count: vectors.count)
        var sortedIDs = [Int64](repeating: 0, count: ids.count)
        for (i, row) in layout.rowOf.enumerated() {
            sortedIDs[row] = ids[i]
            for j in 0..<d { codes[row * d + j] = vectors[i * d + j] }
        }
        let region = codes.withUnsafeBytes { ByteRegion.copying($0) }
        try self.init(dimension: d, nprobe: nprobe, centroids: centroids, listStart: layout.listStart,
                      listOffset: layout.listStart.dropLast().map { $0 * d * 4 }, ids: sortedIDs, region: region)
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

    /// The float32 codes of list `l`.
    @inline(__always) func codes(list l: Int) -> UnsafePointer<Float> {
        (region.base + listOffset[l]).assumingMemoryBound(to: Float.self)
    }

    /// The stored vector of `row` (rows numbered list after list).
    public func vector(row: Int) -> [Float] {
        var l = 0
        while listStart[l + 1] <= row { l += 1 }
        let p = codes(list: l) + (row - listStart[l]) * dimension
        return (0..<dimension).map { UnsafeRawPointer(p + $0).loadUnaligned(as: Float.self) }
    }
}

/// How an inverted-file index is built: lists, and the lists a search scans by default.
public struct IVFSettings: Sendable, Codable, Equatable {
    /// Lists (k-means centroids); about 4·√n for n vectors.
    public var nlist: Int
    /// Lists a search scans unless told otherwise (stored in the file, as faiss stores it).
    public var nprobe: Int

    public init(nlist: Int, nprobe: Int = 16) {
        self.nlist = nlist
        self.nprobe = nprobe
    }

    /// faiss's rule of thumb for n vectors: 4·√n lists (at least 1).
    public static func suggestedLists(for n: Int) -> Int { max(1, Int((4 * Double(n).squareRoot()).rounded())) }

    /// `IVF1024,Flat`.
    public var structure: String { "IVF\(nlist),Flat" }
}
